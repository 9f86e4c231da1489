"""The writing stage's promises, each on real files: a file is written only when its
content differs from what the spare copy holds (and a first build links each into the
twin); the swap where the system cannot swap two folders in one step, and a build
killed between its renames; and the input digests that a build reuses only for files
whose stamps say they cannot have changed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from glossator.build.cache import RACY_NS, InputDigests
from glossator.build.pipeline import run
from glossator.digests import content_digest, entry_of, stamp_of
from glossator.write.site import Placement, swap_by_renames

from ..conftest import snapshot


def test_a_file_is_written_again_only_when_what_it_holds_differs(tmp_path):
    spare, twin = tmp_path / "spare", tmp_path / "twin"
    spare.mkdir()
    twin.mkdir()
    first = Placement(spare, twin)
    digest = first.put("story/index.html", b"<p>one</p>")
    assert digest == content_digest(b"<p>one</p>")
    inode = os.stat(spare / "story/index.html").st_ino
    assert os.stat(twin / "story/index.html").st_ino == inode      # linked, not copied
    held = Placement(spare, None, {"story/index.html": digest})
    held.put("story/index.html", b"<p>one</p>")
    assert os.stat(spare / "story/index.html").st_ino == inode     # left as it was
    held.put("story/index.html", b"<p>two</p>")
    assert (spare / "story/index.html").read_bytes() == b"<p>two</p>"
    # a new file, never the old one rewritten: the twin's link still holds the first
    assert os.stat(spare / "story/index.html").st_ino != inode
    assert (twin / "story/index.html").read_bytes() == b"<p>one</p>"
    assert Placement.nowhere().put("a.html", b"x") == content_digest(b"x")
    assert not Placement.nowhere().writes


def test_the_swap_by_renames_exchanges_the_two_folders(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    site.mkdir()
    staging.mkdir()
    (site / "old.html").write_text("old")
    (staging / "new.html").write_text("new")
    live_inode = os.stat(site).st_ino
    swap_by_renames(staging, site)
    assert [p.name for p in site.iterdir()] == ["new.html"]
    assert [p.name for p in staging.iterdir()] == ["old.html"]
    assert os.stat(staging).st_ino == live_inode        # its record goes with it
    assert not (tmp_path / ".site.old").exists()


def story(content: Path, text: str) -> None:
    folder = content / "story"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.md").write_text(f"---\ntitle: {text}\npublished: 2020-01-01\n---\n\n"
                                       f"{text} happened.\n")


@pytest.mark.parametrize("killed_after", [1, 2])
def test_a_build_killed_between_the_renames_leaves_a_site_the_next_build_puts_right(
        tmp_path, killed_after):
    content, site = tmp_path / "content", tmp_path / "site"
    story(content, "First")
    assert run(content, site, search=False).written
    story(content, "Second")
    assert run(content, site, search=False).written    # now the spare holds "First"
    spare = tmp_path / ".site.glossator" / "spare"
    old = tmp_path / ".site.old"
    # What a build on a system without renameat2 leaves if killed after one rename
    # (no live site: the old one is beside it) or after two (no spare)
    os.rename(site, old)
    if killed_after == 2:
        os.rename(spare, site)
    # A build that fails leaves the site it finds: the one the swap was taking away
    (content / "story" / "annotations.yaml").write_text(
        "annotations:\n  - id: x\n    type: context\n    quote: not in the story\n")
    assert not run(content, site, search=False).written
    expected = "Second" if killed_after == 1 else "First"
    assert f"{expected} happened." in (site / "story" / "index.html").read_text()
    (content / "story" / "annotations.yaml").unlink()
    story(content, "Third")
    outcome = run(content, site, search=False)
    assert outcome.written, [d.format() for d in outcome.diagnostics.items]
    assert not old.exists()
    assert "Third happened." in (site / "story" / "index.html").read_text()
    shutil.copytree(content, tmp_path / "cold" / "content")
    assert run(tmp_path / "cold" / "content", tmp_path / "cold" / "site", search=False,
               cache=False).written
    assert snapshot(site) == snapshot(tmp_path / "cold" / "site")


def read_bytes() -> int:
    """What this process has read from files so far (Linux's /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar")


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc")
def test_an_input_whose_stamp_is_unchanged_keeps_its_digest_without_being_read(tmp_path):
    big = tmp_path / "photo.jpg"
    big.write_bytes(os.urandom(8 * 1024 * 1024))
    first = InputDigests({}, 0)
    digest = first.digest(str(big))
    known = first.seen
    time.sleep(0.01)
    # hashed long ago (as far as the racy window goes): reused, nothing read
    later = InputDigests(known, time.time_ns() + RACY_NS)
    before = read_bytes()
    assert later.digest(str(big)) == digest
    assert read_bytes() - before < 1024 * 1024
    # touched, same bytes: read again, same digest
    os.utime(big)
    again = InputDigests(later.seen, time.time_ns() + RACY_NS)
    before = read_bytes()
    assert again.digest(str(big)) == digest
    assert read_bytes() - before >= 8 * 1024 * 1024


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux's /proc")
def test_an_input_changed_just_before_it_was_hashed_is_read_again(tmp_path):
    """As git's index: a second write in the same tick of the file system's clock
    would leave the stamp as it was, so a stamp that recent proves nothing."""
    path = tmp_path / "article.md"
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    status = os.stat(path)
    known = {str(path): entry_of(stamp_of(status), content_digest(b"before"))}
    just_after = InputDigests(known, status.st_mtime_ns + RACY_NS // 2)
    before = read_bytes()
    assert just_after.digest(str(path)) == content_digest(path.read_bytes())
    assert read_bytes() - before >= 2 * 1024 * 1024
