"""Bounded work: small inputs that once cost minutes of CPU in `check` (issue 15), each
now checked as a user runs it, under a generous guard. A quote too short to place is
an error that says so; everything else is linear in the text and the annotations."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path


from glossator.render.highlight import Highlight, split_leaves
from glossator.anchor.text import parse_story

from ..conftest import ROOT, glossator, write_story

EXAMPLE = (ROOT / "content" / "flynn-kislyak-call" / "article.md").read_text()
FRONT, BODY = EXAMPLE.split("---\n", 2)[1], EXAMPLE.split("---\n", 2)[2]
GUARD = 30      # seconds for the whole command, Python's start included, on a shared
                # machine; it took 43 to over 120 before (a second or less now)


def article(body: str) -> str:
    return f"---\n{FRONT}---\n{body}"


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def annotations(*quotes: str) -> str:
    return "annotations:\n" + "".join(
        f"  - id: note-{n}\n    type: context\n    quote: {yaml_string(q)}\n"
        for n, q in enumerate(quotes))


def timed_check(content: Path, *args: str):
    started = time.monotonic()
    result = glossator("check", "--content", "content", *args, cwd=content.parent)
    return result, time.monotonic() - started


def test_a_one_character_quote_is_an_error_that_says_it_is_too_short(content):
    write_story(content, article=article(BODY), annotations=annotations("e", "e", "e"))
    result, seconds = timed_check(content)
    assert result.returncode == 1
    found = re.findall(r"annotations\.yaml:(\d+):\d+: error: the quote “e” is too short to "
                       r"place", result.stderr)
    assert found == ["4", "7", "10"], result.stderr
    assert "quote a few words" in result.stderr
    assert seconds < GUARD


def test_a_one_character_quote_in_20_kb_of_prose_is_quick(content):
    write_story(content, article=article((BODY + "\n") * 4), annotations=annotations("e"))
    result, seconds = timed_check(content)
    assert result.returncode == 1 and "too short to place" in result.stderr
    assert seconds < GUARD


def test_a_quote_that_stands_hundreds_of_times_lists_a_few_places_quickly(content):
    write_story(content, article=article((BODY + "\n") * 4), annotations=annotations("the"))
    result, seconds = timed_check(content)
    assert result.returncode == 1
    assert re.search(r"error: the quote “the” occurs \d{3} times in the story", result.stderr)
    listed = re.findall(r"^\s+\S*article\.md:\d+: ", result.stderr, re.MULTILINE)
    assert 0 < len(listed) <= 10
    assert re.search(r"and \d{3} more", result.stderr)
    assert seconds < GUARD


def test_a_long_quote_with_a_word_changed_is_followed_quickly(content):
    story = "\n\n".join([p for p in BODY.split("\n\n") if p.strip()] * 4)[:15500]
    text = parse_story(story).text
    start = text.index("This is different timing")
    quote = text[start:start + 4400].rsplit(" ", 1)[0]
    changed = quote.replace(" measures ", " steps ", 1)
    assert changed != quote and len(story) >= 15000
    write_story(content, article=article(story), annotations=annotations(changed))
    result, seconds = timed_check(content)
    assert result.returncode == 0, result.stderr
    assert seconds < GUARD


def test_a_2000_word_quote_found_nowhere_in_200_kb_is_reported_quickly(content):
    rng = random.Random(5)
    words = re.findall(r"[A-Za-z]+", BODY)
    nowhere = " ".join(rng.choice(words) for _ in range(2000))
    story = (BODY + "\n") * 46
    assert len(story) > 200_000
    write_story(content, article=article(story), annotations=annotations(nowhere))
    result, seconds = timed_check(content)
    assert result.returncode == 1
    assert "is not in the story (the annotation is orphaned)" in result.stderr
    assert seconds < GUARD


def test_thirty_thousand_annotations_on_one_story_check_and_build_quickly(content, tmp_path):
    text = parse_story(BODY).text
    words = [m.span() for m in re.finditer(r"\S+", text)]
    rng = random.Random(3)
    quotes = []
    while len(quotes) < 30_000:
        i = rng.randrange(len(words) - 12)
        start, end = words[i][0], words[i + rng.randint(5, 11)][1]
        quote = text[start:end]
        if text.count(quote) == 1:
            quotes.append(quote)
    write_story(content, article=article(BODY), annotations=annotations(*quotes))
    result, seconds = timed_check(content)
    assert result.returncode == 0, result.stderr[-2000:]
    assert seconds < GUARD
    started = time.monotonic()
    built = glossator("build", "--content", "content", "--out", "site", "--no-search",
                      cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "30000 annotations" in built.stdout, built.stdout
    assert time.monotonic() - started < GUARD
    page = (tmp_path / "site" / "story" / "index.html").read_text()
    assert len(set(re.findall(r'id="note-(note-\d+)"', page))) == 30_000


class Counted(list):
    """The highlights, counting each time one is looked at: the work split_leaves
    does, seen from outside."""

    visits = 0

    def __iter__(self):
        for item in super().__iter__():
            Counted.visits += 1
            yield item


def test_split_leaves_looks_at_each_highlight_a_few_times_not_once_a_leaf():
    story = parse_story((BODY + "\n") * 4)
    words = [m.span() for m in re.finditer(r"\S+", story.text)]
    rng = random.Random(9)
    highlights = Counted()
    for n in range(5000):
        i = rng.randrange(len(words) - 12)
        highlights.append(Highlight(f"h{n}", "claim", words[i][0], words[i + 8][1], n + 1,
                                    "Claim"))
    Counted.visits = 0
    pieces = split_leaves(story, highlights)
    assert len(story.leaves) > 50 and pieces
    assert Counted.visits <= 4 * len(highlights)       # was once a leaf: 50 times as many
