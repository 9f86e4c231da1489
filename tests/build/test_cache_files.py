"""The cache's files read back as they were written, whatever their size, and when a
process that builds again and again (the preview) writes again only the pieces that
changed."""

import marshal
import random

import pytest

from glossator.build import cache
from glossator.digests import STAMP, entry_of


def archive_like(stories: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    return {
        "format": cache.FORMAT,
        "inputs": {"hashed_at": 12, "files": {
            f"/content/story-{n}/{name}":
                entry_of(STAMP.pack(rng.randrange(9999), n, n + 1, n * 7), f"{n:032x}")
            for n in range(stories) for name in ("article.md", "annotations.yaml")},
            "folders": {}},
        "memo": {"due": None, "tags": {"a": ("b",)}},
        "trees": {f"27:{n}": {"files": {f"story-{k}/index.html":
                                        entry_of(STAMP.pack(k, k, k, k), "")
                                        for k in range(stories)},
                              "folders": {}, "search": None, "fingerprint": "f",
                              "report": {"stories": stories, "diagnostics": [{"a": 1}]}}
                  for n in (1, 2)},
    }


def read_from_disk(path):
    cache._written.pop(str(path), None)          # not what this process remembers
    return cache.read_kept(path)


@pytest.mark.parametrize("stories", [0, 1, cache.PIECE // 2, cache.PIECE, 3 * cache.PIECE + 5])
def test_a_cache_file_reads_back_as_written(tmp_path, stories):
    value = archive_like(stories)
    cache.write_kept(tmp_path / "state.marshal", value)
    assert read_from_disk(tmp_path / "state.marshal") == value


def test_pieces_kept_from_the_last_write_are_used_only_where_nothing_changed(
        tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "BUILDS_AGAIN", True)
    path = tmp_path / "state.marshal"
    value = archive_like(3 * cache.PIECE)
    cache.write_kept(path, value)
    edited = archive_like(3 * cache.PIECE)
    edited["inputs"]["files"]["/content/story-5/article.md"] = entry_of(STAMP.pack(1, 2, 3, 4), "e" * 32)
    del edited["trees"]["27:1"]["files"]["story-9/index.html"]    # the pieces after it shift
    edited["trees"]["27:3"] = edited["trees"].pop("27:2")        # a copy swapped in
    cache.write_kept(path, edited)
    assert read_from_disk(path) == edited


def test_a_damaged_or_older_cache_file_is_an_error_the_build_passes_over(tmp_path):
    path = tmp_path / "state.marshal"
    cache.write_kept(path, archive_like(10))
    whole = path.read_bytes()
    for damaged in (whole[:len(whole) // 2], b"\x00" * 8 + b"junk",
                    marshal.dumps(archive_like(10))):   # the form before 7
        path.write_bytes(damaged)
        with pytest.raises((ValueError, EOFError)):
            read_from_disk(path)


def test_a_build_told_what_changed_keeps_the_other_stories_files_and_forgets_a_removed_one(
        tmp_path):
    """The preview's builds look only at the folders they are told of; what the state
    then knows of every other story's files is what it knew, so that a build not told
    (`glossator build` afterwards) need read none of them again."""
    from glossator.build.cache import BuildState
    from glossator.build.pipeline import run

    from ..conftest import write_story

    content, site = tmp_path / "content", tmp_path / "site"
    write_story(content, "first")
    write_story(content, "second")
    (content / "first" / "notes.txt").write_text("the author's own notes")
    assert run(content, site, search=False).written

    def known_files() -> set[str]:
        return set(BuildState(site).digests.known)

    before = known_files()
    assert {f"{content}/second/article.md", f"{content}/first/notes.txt"} <= before
    (content / "first" / "notes.txt").unlink()
    article = content / "first" / "article.md"
    article.write_text(article.read_text().replace("A test story", "An edited story"))
    outcome = run(content, site, search=False, told=frozenset({"first"}))
    assert outcome.written and outcome.reused == 1
    after = known_files()
    assert f"{content}/first/notes.txt" not in after
    assert {path for path in before if "/second/" in path} <= after
    assert "An edited story" in (site / "first" / "index.html").read_text()
    again = run(content, site, search=False)
    assert again.unchanged
