"""`import`: a captured story into content/, its words kept and its page furniture
dropped, from the plain-text seed and from a saved web page."""

from __future__ import annotations

import importlib.util

import pytest

from glossator.load.story import read_article
from glossator.diagnostics import Diagnostics
from glossator.anchor.text import parse_story

from ..conftest import ROOT, glossator
from ..package.test_example_story import CAPTURE, capture_parts


def imported(folder):
    meta, body, _ = read_article(folder / "article.md", Diagnostics())
    return meta, parse_story(body)


def test_importing_the_seed_gives_the_story_word_for_word_and_nothing_else(tmp_path):
    content = tmp_path / "content"
    result = glossator("import", str(CAPTURE), "--slug", "flynn", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "warning: the capture gives no date" in result.stderr
    meta, story = imported(content / "flynn")
    title, dek, text = capture_parts()
    assert meta["title"] == title and meta["dek"] == dek
    assert story.text.split() == text.split()
    assert [t.type for t in story.tokens].count("blockquote_open") == 1
    assert glossator("check", "--content", str(content)).returncode == 0


def test_importing_a_saved_page_keeps_the_story_and_drops_the_furniture(tmp_path):
    if importlib.util.find_spec("trafilatura") is None:
        pytest.fail("trafilatura is not installed (pip install -e '.[test]')")
    content = tmp_path / "content"
    page = ROOT / "tests" / "data" / "captures" / "ledger-budget.html"
    result = glossator("import", str(page), "--content", str(content))
    assert result.returncode == 0, result.stderr
    [folder] = content.iterdir()
    assert folder.name.startswith("council-passes-budget")
    meta, story = imported(folder)
    assert meta["title"].startswith("Council passes budget after late-night debate")
    assert meta["byline"] == "Ana Writer"
    assert meta["published"].isoformat() == "2024-03-06"
    assert meta["dek"] == "The spending plan keeps branch libraries open on Sundays."
    for kept in ("by a vote of 7 to 2", "less than one pothole crew", "Every branch, every Sunday",
                 "The mayor is expected to sign the budget on Friday, her office said."):
        assert kept in " ".join(story.text.split())
    kinds = [t.type for t in story.tokens] + [c.type for t in story.tokens for c in t.children or ()]
    assert kinds.count("blockquote_open") == 1
    assert "em_open" in kinds and "link_open" in kinds
    for furniture in ("Subscribe", "Share on Facebook", "Related stories",
                      "Library board names new director", "Privacy", "All rights reserved"):
        assert furniture not in story.text


def test_importing_into_an_existing_story_changes_nothing(tmp_path):
    content = tmp_path / "content"
    assert glossator("import", str(CAPTURE), "--slug", "flynn", "--content", str(content)).returncode == 0
    before = (content / "flynn" / "article.md").read_text()
    again = glossator("import", str(CAPTURE), "--slug", "flynn", "--content", str(content))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (content / "flynn" / "article.md").read_text() == before
