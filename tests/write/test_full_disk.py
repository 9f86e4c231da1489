"""A disk that fills up mid-build (issue 15): the build is a clear error with a hint,
the site stays as it was, and the room the build took is given back, so that the
next build of the same site has nothing to do and, once there is room, the next
build of the new content succeeds, as a cold build would make it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from ..conftest import ROOT, snapshot
from .test_failures import big_content

SCRIPT = textwrap.dedent("""
    import hashlib, json, os, subprocess, sys
    disk, old, new = sys.argv[1:4]
    def build(content):
        done = subprocess.run([sys.executable, %(build)r, "build", "--content", content,
                               "--out", os.path.join(disk, "site"), "--no-search"],
                              capture_output=True, text=True)
        return {"code": done.returncode, "out": done.stdout, "err": done.stderr}
    def free():
        status = os.statvfs(disk)
        return status.f_bavail * status.f_frsize
    steps = {"first": build(old), "free after the first": free()}
    # leave room for a few stories' pages, not for the new site's
    with open(os.path.join(disk, "filler"), "wb") as filler:
        filler.write(b"x" * (free() - 300_000))
    steps["free before"] = free()
    steps["new, on a full disk"] = build(new)
    steps["free after"] = free()
    steps["old again"] = build(old)
    os.unlink(os.path.join(disk, "filler"))
    steps["new, with room"] = build(new)
    site = os.path.join(disk, "site")
    steps["site"] = {os.path.relpath(os.path.join(folder, name), site):
                     hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()
                     for folder, _, names in os.walk(site) for name in names}
    print(json.dumps(steps))
""") % {"build": str(ROOT / "build.py")}


def test_a_full_disk_gives_back_the_room_it_took_and_the_next_builds_succeed(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    old, new, disk = tmp_path / "old", tmp_path / "new", tmp_path / "disk"
    big_content(old, 100, "Old title")
    big_content(new, 100, "New title")
    disk.mkdir()
    (tmp_path / "steps.py").write_text(SCRIPT)
    command = (f"mount -t tmpfs -o size=5m tmpfs '{disk}' && exec '{sys.executable}' "
               f"'{tmp_path / 'steps.py'}' '{disk}' '{old}' '{new}'")
    done = subprocess.run(["unshare", "-m", "sh", "-c", command], capture_output=True,
                          text=True, timeout=300)
    if "mount:" in done.stderr or "unshare:" in done.stderr:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    assert steps["first"]["code"] == 0, steps["first"]
    full = steps["new, on a full disk"]
    assert full["code"] == 1 and "Traceback" not in full["err"]
    assert "error: cannot write the site to" in full["err"] and "the disk is full" in full["err"]
    assert "hint: free some room on the disk" in full["err"]
    assert steps["free after"] >= steps["free before"] - 64 * 1024, steps
    assert steps["old again"]["code"] == 0, steps["old again"]
    assert "(nothing changed)" in steps["old again"]["out"]
    assert steps["new, with room"]["code"] == 0, steps["new, with room"]
    # what it made is the new site, as a cold build makes it (outside the small disk)
    cold = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content",
                           str(new), "--out", str(tmp_path / "cold"), "--no-search",
                           "--no-cache"], capture_output=True, text=True)
    assert cold.returncode == 0, cold.stderr
    assert steps["site"] == snapshot(tmp_path / "cold")
