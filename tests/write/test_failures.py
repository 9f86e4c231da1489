"""Failures mid-build lose nothing: a build killed at any moment leaves site/ entirely
the old site or entirely the new one; a full disk or a read-only output folder is a
clear error that keeps the old site."""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT, beside, glossator, snapshot, write_story

PARAGRAPH = ("The transition said the call took place on Dec. 29, the same day the "
             "sanctions were announced, and officials confirmed it later that night. ")



def big_content(content: Path, stories: int, title: str) -> None:
    body = "\n\n".join(PARAGRAPH * 4 for _ in range(12))
    for n in range(stories):
        write_story(content, f"story-{n:04d}", article=(
            f"---\ntitle: {title} {n}\npublished: 2017-01-13\n---\n\n{body}\n"),
            annotations=None)


def build_command(content: Path, out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
            "--out", str(out)]


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new(tmp_path):
    old_content, new_content = tmp_path / "old", tmp_path / "new"
    big_content(old_content, 300, "Old title")
    big_content(new_content, 300, "New title")
    site = tmp_path / "out" / "site"
    assert glossator("build", "--content", str(old_content), "--out", str(site)).returncode == 0
    old = snapshot(site)
    started = time.perf_counter()
    assert glossator("build", "--content", str(new_content), "--out",
                     str(tmp_path / "expected")).returncode == 0
    duration = time.perf_counter() - started
    new = snapshot(tmp_path / "expected")
    assert old != new

    kills, outcomes, interrupted_writes = 30, [], 0
    for k in range(kills):
        if snapshot(site) != old:      # start each attempt from the old site
            shutil.rmtree(site)
            assert glossator("build", "--content", str(old_content), "--out",
                             str(site)).returncode == 0
        process = subprocess.Popen(build_command(new_content, site),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * (0.1 + 1.0 * k / kills))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # killed before the swap, with part of the new site written into the spare copy
        spare = tmp_path / "out" / ".site.glossator" / "spare"
        interrupted_writes += any(b"New title" in page.read_bytes()
                                  for page in spare.rglob("*.html"))
        now = snapshot(site)
        assert now in (old, new), f"kill {k}: a mixed site"
        outcomes.append("new" if now == new else "old")
    assert interrupted_writes > 0, "no kill landed while the site was being written"
    assert not survivors(new_content), "a killed build left its worker processes running"
    assert "old" in outcomes
    # the next build cleans up what the killed ones left
    assert glossator("build", "--content", str(new_content), "--out", str(site)).returncode == 0
    assert snapshot(site) == new
    assert beside(site) == [".site.glossator"]


def survivors(content: Path) -> list[int]:
    """Processes still running a build of `content`."""
    time.sleep(0.2)
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(content).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_full_disk_is_a_clear_error_and_the_old_site_stays(tmp_path):
    site = tmp_path / "site"
    assert glossator("build", "--out", str(site)).returncode == 0
    before = snapshot(site)
    # --no-cache: the content has not changed, and this build must write every file
    done = subprocess.run(build_command(ROOT / "content", site) + ["--no-cache"],
                          capture_output=True,
                          text=True, preexec_fn=limit_file_size, timeout=120)
    assert done.returncode == 1
    assert "error: cannot write the site to" in done.stderr
    assert "File too large" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(site) == before
    assert beside(site) == [".site.glossator"]


def test_a_read_only_output_folder_is_a_clear_error(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    if probe.returncode != 0:       # in a container without the right to mount, say
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.strip()}")
    out = tmp_path / "out"
    site = out / "site"
    assert glossator("build", "--out", str(site)).returncode == 0
    before = snapshot(site)
    command = " ".join(f"'{part}'" for part in build_command(ROOT / "content", site)
                       + ["--no-cache"])
    script = (f"mount --bind '{out}' '{out}' && mount -o remount,bind,ro '{out}' && "
              f"exec {command}")
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                          text=True, timeout=120)
    if "mount:" in done.stderr:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    assert done.returncode == 1, done.stderr
    assert "error: cannot write the site to" in done.stderr
    assert "Read-only file system" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(site) == before
