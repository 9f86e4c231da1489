"""The example story is NPR's, word for word: checked against the capture (the
project's seed, copied into tests/data/seed), with the capture's page furniture left
out."""

from __future__ import annotations

import re

import pytest

from glossator.anchor.quotes import anchor_story
from glossator.diagnostics import Diagnostics
from glossator.load.story import load_stories

from ..conftest import ROOT

CAPTURE = ROOT / "tests" / "data" / "seed" / "npr-flynn-kislyak-2017.txt"


def capture_parts() -> tuple[str, str, str]:
    """(title, dek, story text) of the capture, by its plain-text layout: the first
    line and the SHARE line are furniture, the story ends at the copyright line."""
    lines = [line for line in CAPTURE.read_text(encoding="utf-8").split("\n\n")]
    assert lines[0] == "Your NPR news source" and lines[3].startswith("SHARE ")
    end = next(i for i, p in enumerate(lines) if p.startswith("Copyright 2017 NPR. To see more"))
    return lines[1], lines[2], "\n\n".join(lines[4:end])


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def example():
    if not CAPTURE.exists():
        pytest.fail(f"the capture is missing: {CAPTURE}")
    diagnostics = Diagnostics()
    _, stories = load_stories(ROOT / "content", diagnostics)
    assert not diagnostics.failed(strict=True), [d.format() for d in diagnostics.items]
    return anchor_story(stories[0], diagnostics)


def test_no_word_of_the_story_is_lost_or_changed(example):
    _, _, story = capture_parts()
    assert words(example.text.text) == words(story)


def test_title_and_dek_are_the_captures(example):
    title, dek, _ = capture_parts()
    assert example.story.title == title
    assert example.story.dek == dek


def test_the_furniture_is_left_out(example):
    text = example.text.text
    for furniture in ("Your NPR news source", "SHARE", "To see more, visit", "The Latest",
                      "Brandon Johnson"):
        assert furniture not in text


def test_the_logan_act_is_a_block_quote(example):
    blockquotes = [t for t in example.text.tokens if t.type == "blockquote_open"]
    assert len(blockquotes) == 1


def test_every_annotation_anchors_and_the_set_is_thorough(example):
    annotations = example.story.annotations
    assert len(annotations) >= 18
    assert set(example.spans) == {a.id for a in annotations}
    dated = sorted(a.date for a in annotations if a.date)
    assert len(dated) >= 10
    assert dated[0].isoformat() == "2016-12-15" and dated[-1].isoformat() == "2020-11-25"
    assert [a.id for a in annotations if not a.sources] == []


def test_some_annotations_overlap_or_nest_and_one_crosses_a_link(example):
    spans = sorted((s.start, s.end, i) for i, s in example.spans.items())
    nested = [(a[2], b[2]) for a in spans for b in spans
              if a != b and a[0] <= b[0] and b[1] <= a[1]]
    overlapping = [(a[2], b[2]) for a in spans for b in spans
                   if a[0] < b[0] < a[1] < b[1]]
    assert nested and overlapping
    link = [t for t in example.text.tokens if t.children
            for c in t.children if c.type == "link_open"]
    assert link, "the story has no link"
    logan = example.spans["logan-act"]
    assert "Logan Act" in example.text.text[logan.start:logan.end]


def test_the_statute_is_quoted_in_full(example):
    logan = next(a for a in example.story.annotations if a.id == "logan-act")
    assert logan.get("citation") == "18 U.S.C. § 953"
    assert re.search(r"three\s+years, or both\.", logan.get("text"))
    assert "This section shall not abridge" in logan.get("text")
