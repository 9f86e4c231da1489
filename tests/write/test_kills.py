"""A killed build never leaves a cache that disagrees with the site (issue 15): the
record of what each copy of the site holds is written before the swap and goes with
its folder, so whatever moment a build dies at, the next build, of the same content
or of the content before, gives byte for byte what a cold build gives."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossator.build.search import search_available

from ..conftest import ROOT, glossator, snapshot, write_story
from .test_failures import PARAGRAPH, survivors

CRASH_AT = Path(__file__).resolve().parent.parent / "crash_at.py"


def stories(content: Path, count: int, title: str) -> None:
    """Stories with notes (so that a build writes anchors.json) and tags (so that
    they share pages)."""
    body = "\n\n".join(PARAGRAPH * 3 for _ in range(6))
    for n in range(count):
        write_story(content, f"story-{n:04d}", article=(
            f"---\ntitle: {title} {n}\npublished: 2017-01-{n % 28 + 1:02d}\n"
            f"tags: [t{n % 7}]\n---\n\nStory {n} opens here.\n\n{body}\n"),
            annotations=f"annotations:\n  - id: n{n}\n    type: context\n"
                        f"    quote: Story {n} opens\n    body: {title} note\n")


def build(content: Path, out: Path, *extra: str) -> str:
    result = glossator("build", "--content", str(content), "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cold(content: Path, scratch: Path) -> dict[str, str]:
    """What a build with no cache and no earlier site makes of a copy of `content`."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(content, scratch / "content")
    build(scratch / "content", scratch / "site", "--no-cache")
    return snapshot(scratch / "site")


@pytest.fixture
def two_versions(tmp_path):
    """Two versions of an archive, each built once (which writes their anchors.json),
    and the site a cold build makes of each."""
    old, new = tmp_path / "old", tmp_path / "new"
    stories(old, 12, "Old title")
    stories(new, 12, "New title")
    for content in (old, new):
        build(content, tmp_path / "first" / content.name)
    return {"old": old, "new": new}, {name: cold(path, tmp_path / "cold" / name)
                                      for name, path in {"old": old, "new": new}.items()}


# The steps of the end of a build, each one a build may die right after.
STEPS = ["glossator.memory.write_memory", "glossator.build.cache.BuildState.save_stories",
         "glossator.build.cache.BuildState.save", "glossator.write.site.sync_tree",
         "glossator.write.site.swap_into_place"]


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_right_after_a_step_leaves_nothing_the_next_build_trusts_wrongly(
        two_versions, tmp_path, step):
    contents, expected = two_versions
    site = tmp_path / "out" / "site"
    for name in ("old", "new", "old"):      # the spare holds the new, the live the old
        build(contents[name], site)
    (contents["new"] / "story-0000" / "anchors.json").unlink()    # to be written again
    killed = subprocess.run([sys.executable, str(CRASH_AT), step, "build", "--content",
                             str(contents["new"]), "--out", str(site)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for name in ("old", "new", "old"):
        build(contents[name], site)
        assert snapshot(site) == expected[name], (step, name)


def test_forty_random_kills_each_followed_by_a_build_equal_to_a_cold_one(tmp_path):
    """300 stories; each kill at a random moment of a build of one version, then a
    build of one version or the other, chosen at random, equal to a cold one."""
    seed = 15
    chosen = random.Random(seed)
    contents = {"old": tmp_path / "old", "new": tmp_path / "new"}
    stories(contents["old"], 300, "Old title")
    stories(contents["new"], 300, "New title")
    site = tmp_path / "out" / "site"
    for name in ("old", "new"):
        build(contents[name], site)           # writes each version's anchors.json
    expected = {name: cold(path, tmp_path / "cold" / name) for name, path in contents.items()}
    live = "new"
    started = time.perf_counter()
    build(contents["old"], site)
    duration = time.perf_counter() - started
    live = "old"
    left = []
    for kill in range(40):
        target = "new" if live == "old" else "old"
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "build", "--content",
             str(contents[target]), "--out", str(site)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chosen.uniform(0.05, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(site)
        assert now in (expected["old"], expected["new"]), f"kill {kill}: a mixed site"
        left.append("swapped" if now == expected[target] else "kept")
        live = chosen.choice(["old", "new"])
        build(contents[live], site)
        assert snapshot(site) == expected[live], f"seed {seed}, kill {kill}: after a " \
                                                 f"kill in a build of {target}, {live}"
    assert not survivors(tmp_path), "a killed build left processes running"
    assert "kept" in left and "swapped" in left, left    # kills before and after the swap


def indexing(folder: Path) -> int | None:
    """The Pagefind process indexing a site under `folder`, if one is running."""
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"pagefind" in command and b"--site" in command and str(folder).encode() in command:
            return int(entry.name)
    return None


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status and "\nState:\tX" not in status


@pytest.mark.skipif(not search_available(), reason="Pagefind is not installed")
def test_a_build_killed_while_it_indexes_for_search_takes_pagefind_with_it(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    stories(content, 300, "Title")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build",
                                "--content", str(content), "--out", str(site)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, indexer = time.monotonic() + 60, None
    while indexer is None and time.monotonic() < deadline and process.poll() is None:
        indexer = indexing(tmp_path)
    assert indexer is not None, "the build never ran Pagefind"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.05)        # Pagefind takes some 0.4 s here to index the stories
    assert not running(indexer), "Pagefind went on writing into the spare copy"
