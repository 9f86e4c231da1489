"""The cache's files read back as they were written, whatever their size, and when a
process that builds again and again (the preview) writes again only the pieces that
changed."""

import marshal
import random

import pytest

from glossator.build import cache


def archive_like(stories: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    return {
        "format": cache.FORMAT,
        "inputs": {"hashed_at": 12, "files": {
            f"/content/story-{n}/{name}": (rng.randrange(9999), n, n + 1, n * 7, f"{n:032x}")
            for n in range(stories) for name in ("article.md", "annotations.yaml")},
            "folders": {}},
        "memo": {"due": None, "tags": {"a": ("b",)}},
        "trees": {f"27:{n}": {"files": {f"story-{k}/index.html": (k, k, k, k, "d")
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
    edited["inputs"]["files"]["/content/story-5/article.md"] = (1, 2, 3, 4, "e" * 32)
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
