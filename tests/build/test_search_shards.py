"""The search index in shards (glossator/build/search.py): a story added, removed or
edited changes the shard it falls in, and no other; a build indexes only the shards
whose pages changed, and its site equals a cold build's, index and all."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from glossator.build.pipeline import run
from glossator.build.search import (SHARD_MAXIMUM, SHARD_MINIMUM, search_available,
                                    shards)

from ..conftest import snapshot, write_story
from .test_incremental import cold_build, edit

STORIES = 330           # these slugs (vote-0000, …) fall in two shards, 161 and 169


def groups(pages: dict[str, str]) -> set[tuple[str, ...]]:
    return {shard.pages for shard in shards(pages, "tools")}


def test_a_story_added_or_removed_changes_its_own_shard_and_at_most_one_beside_it():
    rng = random.Random(5)
    pages = {f"story-{rng.randrange(10**9)}/index.html": "d" for _ in range(3000)}
    before = groups(pages)
    sizes = sorted(len(group) for group in before)
    assert sizes[0] >= SHARD_MINIMUM and sizes[-1] <= SHARD_MAXIMUM + SHARD_MINIMUM
    assert 3000 / len(before) < 2.5 * SHARD_MINIMUM        # ~300 stories a shard
    for _ in range(40):
        added = {**pages, f"story-{rng.randrange(10**9)}/index.html": "d"}
        assert len(groups(added) - before) <= 2
        removed = dict(pages)
        del removed[rng.choice(sorted(pages))]
        assert len(groups(removed) - before) <= 2


def test_a_page_edited_changes_the_key_of_its_shard_alone():
    pages = {f"story-{n:04d}/index.html": "old" for n in range(1000)}
    before = {shard.key for shard in shards(pages, "tools")}
    after = {shard.key for shard in shards({**pages, "story-0500/index.html": "new"},
                                           "tools")}
    assert len(after - before) == 1 and len(before - after) == 1
    assert {shard.key for shard in shards(pages, "other tools")}.isdisjoint(before)


def many_stories(content: Path, count: int) -> None:
    for n in range(count):
        write_story(content, f"vote-{n:04d}", article=(
            f"---\ntitle: Story {n}\npublished: 2020-01-01\n---\n\n"
            f"The council met on Tuesday to vote on the budget, story {n}.\n"),
            annotations=("annotations:\n  - id: vote\n    type: context\n"
                         "    quote: \"the budget\"\n    body: \"A note on the vote.\"\n"))


def index_files(site: Path) -> dict[str, dict[str, int]]:
    """Each shard of the site's index: its files' modification times."""
    return {folder.name: {str(p.relative_to(folder)): p.stat().st_mtime_ns
                          for p in folder.rglob("*") if p.is_file()}
            for folder in (site / "pagefind").iterdir() if folder.is_dir()}


@pytest.mark.skipif(not search_available(), reason="Pagefind is not installed")
def test_an_edit_indexes_the_shard_of_its_story_alone(tmp_path):
    project = tmp_path / "project"
    content, site = project / "content", project / "site"
    many_stories(content, STORIES)
    assert run(content, site, search=True).written
    first = index_files(site)
    assert sorted(len(shard.pages) for shard in shards(
        {f"vote-{n:04d}/index.html": "" for n in range(STORIES)}, "")) == [161, 169]
    assert len(first) == 2
    steps = [
        lambda: edit(content / "vote-0007" / "annotations.yaml", "on the vote", "on the tally"),
        lambda: many_stories(content, STORIES + 1),                       # a story added
        lambda: shutil.rmtree(content / "vote-0100"),                  # and one removed
    ]
    for step in steps:
        before = index_files(site)
        step()
        assert run(content, site, search=True).written
        after = index_files(site)
        new, gone = set(after) - set(before), set(before) - set(after)
        assert 1 <= len(new) <= 2 and 1 <= len(gone) <= 2
        for key in set(after) & set(before):      # the others not indexed again
            assert after[key] == before[key]
        assert snapshot(site) == cold_build(project, tmp_path / "cold", search=True)
