"""A build that reuses what the last one made gives, byte for byte, the site a cold
build of the same content gives, after any sequence of edits; and it reuses what it
can: an edit to one story rebuilds that story alone."""

from __future__ import annotations

import marshal
import re
import shutil
from pathlib import Path

import pytest

from glossator.build.pipeline import run
from glossator.build.search import search_available

from ..conftest import ROOT, glossator, snapshot, write_story

DATA = Path(__file__).resolve().parent.parent / "data" / "stories"


def cold_build(project: Path, scratch: Path, search: bool = False) -> dict[str, str]:
    """The site a build with no cache and no earlier site makes of a copy of the
    project as it stands (a copy: a build writes anchors.json into the content)."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(project, scratch / "project", symlinks=True,
                    ignore=shutil.ignore_patterns("site", ".site.glossator"))
    outcome = run(scratch / "project" / "content", scratch / "site", cache=False, search=search)
    assert outcome.written, [d.format() for d in outcome.diagnostics.items]
    return snapshot(scratch / "site")


@pytest.fixture
def project(tmp_path) -> Path:
    project = tmp_path / "project"
    content = project / "content"
    shutil.copytree(ROOT / "content", content)
    for story in DATA.iterdir():
        shutil.copytree(story, content / story.name)
    for n in range(4):
        write_story(content, f"story-{n}", article=(
            f"---\ntitle: Story {n}\npublished: 2020-01-0{n + 1}\ntags: [council, t{n % 2}]\n"
            f"---\n\nThe call took place on Dec. 29, the same day the sanctions were "
            f"announced.\n\nSpicer called it “doubtful” that *sanctions* were discussed "
            f"in story {n}.\n\n![A map](map.png)\n"))
        (content / f"story-{n}" / "map.png").write_bytes(b"\x89PNG map %d" % n)
    shutil.copytree(ROOT / "templates", project / "templates")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_after_every_edit_the_cached_build_equals_a_cold_one(project, tmp_path):
    content, site = project / "content", project / "site"
    stories = len([p for p in content.iterdir() if p.is_dir()])
    flynn = content / "flynn-kislyak-call"
    steps = [
        ("first build", lambda: None, 0),
        ("lists of two stories a page, feeds of three entries", lambda: append(
            content / "site.yaml", "page_size: 2\nfeed_size: 3\n"), 0),
        ("a note's body", lambda: edit(flynn / "annotations.yaml", "A retired Army",
                                       "A retired U.S. Army"), stories - 1),
        ("the story's text, before its quotes", lambda: edit(
            content / "story-1" / "article.md", "The call took place",
            "By every account, the call took place"), stories - 1),
        ("a new story", lambda: write_story(content, "story-new"), stories),
        ("a story removed", lambda: shutil.rmtree(content / "story-new"), stories),
        ("a tag, which other pages list", lambda: edit(
            content / "story-2" / "article.md", "tags: [council, t0]", "tags: [council]"),
         stories - 1),
        ("an image", lambda: (content / "story-3" / "map.png").write_bytes(b"\x89PNG new"),
         stories - 1),
        ("the site's title", lambda: edit(content / "site.yaml", "title:", "title: The"), 0),
        ("the article template", lambda: edit(project / "templates" / "article.html",
                                              "</article>", "</article>\n<!-- edited -->"), 0),
        ("the index template", lambda: edit(project / "templates" / "index.html",
                                            "{% block main %}", "{% block main %}\n<!-- i -->"),
         stories),
        ("a static file", lambda: edit(project / "templates" / "static" / "reader.css",
                                       "}", "}\n/* edited */"), stories),
        ("back to a story's earlier text", lambda: edit(
            content / "story-1" / "article.md", "By every account, the call took place",
            "The call took place"), stories - 1),
    ]
    for name, change, reused in steps:
        change()
        outcome = run(content, site, search=False)
        assert outcome.written, (name, [d.format() for d in outcome.diagnostics.items])
        assert snapshot(site) == cold_build(project, tmp_path / "cold"), name
        assert outcome.reused == reused, name
        again = run(content, site, search=False)
        assert again.unchanged and again.reused == outcome.stories, name


def test_a_failed_build_then_its_fix(project, tmp_path):
    content, site = project / "content", project / "site"
    assert run(content, site, search=False).written
    before = snapshot(site)
    story = content / "story-0" / "annotations.yaml"
    story.write_text("annotations:\n  - id: x\n    type: claim\n    quote: not in the story\n")
    edit(content / "story-1" / "article.md", "Story 1", "Story one")
    failed = run(content, site, search=False)
    assert not failed.written and failed.diagnostics.errors
    assert snapshot(site) == before
    story.write_text("annotations:\n  - id: x\n    type: claim\n    quote: took place on Dec. 29\n")
    fixed = run(content, site, search=False)
    assert fixed.written
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


def test_a_failed_first_build_leaves_its_work_to_the_next(project, tmp_path):
    content, site = project / "content", project / "site"
    story = content / "story-0" / "annotations.yaml"
    story.write_text("annotations:\n  - id: x\n    type: claim\n    quote: not in the story\n")
    failed = run(content, site, search=False)
    assert not failed.written and not site.exists()
    story.write_text("annotations:\n  - id: x\n    type: claim\n    quote: took place on Dec. 29\n")
    fixed = run(content, site, search=False)
    assert fixed.written and fixed.reused == fixed.stories - 1
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


def test_changes_made_to_either_copy_of_the_site_are_undone(project, tmp_path):
    content, site = project / "content", project / "site"
    spare = project / ".site.glossator" / "spare"
    assert run(content, site, search=False).written
    edit(content / "story-0" / "article.md", "Story 0", "Story zero")
    assert run(content, site, search=False).written       # the spare now holds the first
    (site / "story-1" / "index.html").write_text("changed on the server")
    (site / "story-2" / "index.html").unlink()
    (site / "stray.html").write_text("not ours")
    (spare / "story-3" / "index.html").write_text("changed in the spare")
    outcome = run(content, site, search=False)
    assert outcome.written and not outcome.unchanged
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


def test_the_first_build_into_a_folder_leaves_a_spare_copy_of_hard_links(project, tmp_path):
    """So that the first edit after it writes only what it changes (bench/build_speed.py
    times that build); also when the site was moved away and the cache kept, when the
    spare copy gives every story."""
    content, site = project / "content", project / "site"
    spare = project / ".site.glossator" / "spare"
    for moved in (False, True):
        if moved:
            site.rename(tmp_path / "moved")
        outcome = run(content, site, search=False)
        assert outcome.written and outcome.reused == (outcome.stories if moved else 0)
        files = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
        assert files == {p.relative_to(spare) for p in spare.rglob("*") if p.is_file()}
        assert all((site / f).stat().st_ino == (spare / f).stat().st_ino for f in files)
        assert not (project / ".site.glossator" / "twin").exists()
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


def test_the_whole_cache_can_be_lost(project, tmp_path):
    content, site = project / "content", project / "site"
    assert run(content, site, search=False).written
    shutil.rmtree(project / ".site.glossator")
    edit(content / "story-0" / "article.md", "Story 0", "Story zero")
    outcome = run(content, site, search=False)
    assert outcome.written and outcome.reused == 0
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


@pytest.mark.parametrize("damage", ["cut short", "another shape", "not marshal at all"])
def test_a_damaged_cache_is_built_past_as_if_lost(project, tmp_path, damage):
    from glossator.build.cache import STATE_FILE, STORIES_FILE

    content, site = project / "content", project / "site"
    assert run(content, site, search=False).written
    for n, name in enumerate((STATE_FILE, STORIES_FILE)):
        path = project / ".site.glossator" / name
        data = path.read_bytes()
        path.write_bytes({"cut short": data[:len(data) // 2],
                          "another shape": marshal.dumps({"format": [1], "x": ("a", 2)}),
                          "not marshal at all": b"\xff\x00garbage"}[damage])
        edit(content / "story-0" / "article.md", "title: Story", f"title: Story ({n})")
        outcome = run(content, site, search=False)
        assert outcome.written, [d.format() for d in outcome.diagnostics.items]
        assert snapshot(site) == cold_build(project, tmp_path / "cold")


@pytest.mark.skipif(not search_available(), reason="Pagefind is not installed")
def test_the_search_index_is_made_again_only_when_a_page_changed(project, tmp_path):
    content, site = project / "content", project / "site"
    assert run(content, site, search=True).written
    index = {path: digest for path, digest in snapshot(site).items()
             if path.startswith("pagefind/")}
    assert index
    # a change to the site that no page shows: the index is kept as it was
    (content / "story-0" / "notes.txt").write_text("a file published as it is")
    assert run(content, site, search=True).written
    assert {p: d for p, d in snapshot(site).items() if p.startswith("pagefind/")} == index
    assert snapshot(site) == cold_build(project, tmp_path / "cold", search=True)
    edit(content / "story-0" / "article.md", "took place", "happened")
    assert run(content, site, search=True).written
    assert snapshot(site) == cold_build(project, tmp_path / "cold", search=True)
    without = run(content, site, search=False)       # no story page shows the search
    assert without.written and without.reused == without.stories
    assert not (site / "pagefind").exists()
    assert snapshot(site) == cold_build(project, tmp_path / "cold")


def test_the_summary_says_how_much_was_reused(project):
    content, out = project / "content", project / "site"
    first = glossator("build", "--content", str(content), "--out", str(out), "--no-search")
    assert "7 built, 0 reused" in first.stdout, first.stdout
    edit(content / "story-0" / "article.md", "Story 0", "Story zero")
    second = glossator("build", "--content", str(content), "--out", str(out), "--no-search")
    assert "1 built, 6 reused" in second.stdout, second.stdout
    third = glossator("build", "--content", str(content), "--out", str(out), "--no-search")
    assert "(nothing changed)" in third.stdout, third.stdout
    fresh = glossator("build", "--content", str(content), "--out", str(out), "--no-search",
                      "--no-cache")
    assert "7 built, 0 reused" in fresh.stdout, fresh.stdout


OPENED: list[str] = []      # paths opened while a test listens (an audit hook stays)
LISTENING = [False]


def _heard(event: str, args: tuple) -> None:
    if LISTENING[0] and event == "open" and isinstance(args[0], (str, Path)):
        OPENED.append(str(args[0]))


def test_a_build_with_nothing_to_do_reads_no_story_file_the_build_before_it_read(project):
    """A build's own anchors.json is written after it looked at the inputs, so the
    next build cannot trust its stamp and reads it; that build, though it has nothing
    to write, records what it read, and the builds after it read none of it again."""
    import sys
    import time

    from glossator.build.cache import RACY_NS

    sys.addaudithook(_heard)
    content, out = project / "content", project / "site"
    assert run(content, out, search=False).written
    time.sleep(RACY_NS / 1e9 + 0.2)     # the files written are old enough to trust
    assert run(content, out, search=False).unchanged
    OPENED.clear()
    LISTENING[0] = True
    try:
        assert run(content, out, search=False).unchanged
    finally:
        LISTENING[0] = False
    assert [path for path in OPENED if path.startswith(str(content))] == []


def run_on_a_terminal(*args: str) -> str:
    """The command's output as a terminal shows it: stderr on a pseudo-terminal."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args],
                               stdout=follower, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:          # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return output.decode()


def test_a_long_build_shows_a_progress_bar_on_a_terminal_and_one_line_elsewhere(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site"
    for n in range(120):
        write_story(content, f"story-{n:03d}")
    shown = run_on_a_terminal("build", "--content", str(content), "--out", str(out),
                              "--no-search", "--base-url", "https://example.org/")
    counts = [int(n) for n in re.findall(r"\r\[[#.]{30}\] (\d+)/120 stories", shown)]
    assert len(counts) >= 5 and counts == sorted(counts) and counts[-1] > 100, shown
    last = shown.replace("\r\n", "\n").split("\r")[-1]        # what stays on the screen
    assert last.strip().startswith("Built 120 stories, 120 annotations into"), shown
    assert "(120 built, 0 reused)" in last
    piped = glossator("build", "--content", str(content), "--out", str(out), "--no-search",
                      "--no-cache", "--base-url", "https://example.org/")
    assert piped.stderr == ""
    assert piped.stdout.count("\n") == 1 and "(120 built, 0 reused)" in piped.stdout


def test_builds_into_one_folder_at_once_take_turns(project, tmp_path):
    import subprocess
    import sys

    content, site = project / "content", project / "site"
    for n in range(80):
        write_story(content, f"extra-{n:02d}")
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
               "--out", str(site), "--no-search"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    edit(content / "story-0" / "article.md", "Story 0", "Story zero")
    builds = [subprocess.Popen(command + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for extra in ([], ["--no-cache"], [])]
    for process in builds:
        assert process.wait(timeout=120) == 0, process.stderr.read()
    assert snapshot(site) == cold_build(project, tmp_path / "cold")
