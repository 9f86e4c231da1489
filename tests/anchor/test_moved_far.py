"""A remembered quote whose passage was deleted while its words still stand elsewhere:
the build reports it as an error naming both places, never moves the note there, and
`reanchor` leaves it alone. On an edited copy of the example story."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, glossator

STORY = "flynn-kislyak-call"
# "Dec. 29, the same day" stands twice in the story: in the first paragraph, and in
# "…didn't happen until the next day, Dec. 29, the same day as the retaliatory efforts
# were announced." An annotation on the second, singled out by its suffix:
SAME_DAY = """
  - id: same-day
    type: context
    quote: "Dec. 29, the same day"
    suffix: " as the retaliatory"
    title: The day of the sanctions
    body: The call and the announcement of the sanctions fell on the same day.
"""
DELETED = ("The phone conversation, initiated by the Russian ambassador, actually didn’t "
           "happen until the next day, Dec. 29, the same day as the retaliatory efforts "
           "were announced.")


@pytest.fixture
def built(tmp_path) -> Path:
    """The example story with the annotation added, built once, so that its
    anchors.json records where every quote stands."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    folder = content / STORY
    (folder / "anchors.json").unlink(missing_ok=True)
    annotations = folder / "annotations.yaml"
    annotations.write_text(annotations.read_text() + SAME_DAY)
    result = glossator("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entry = json.loads((folder / "anchors.json").read_text())["anchors"]["same-day"]
    # The words stand twice; the quote is the second of them.
    assert (entry["occurrences"], entry["nth"]) == (2, 2)
    return content


def delete_the_passage(content: Path) -> None:
    article = content / STORY / "article.md"
    text = article.read_text()
    assert DELETED in text and text.count("Dec. 29, the same day") == 2
    article.write_text(text.replace(DELETED, ""))


def test_a_deleted_passage_whose_words_stand_elsewhere_is_an_error_naming_both_places(
        built, tmp_path):
    delete_the_passage(built)
    site = tmp_path / "site"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    result = glossator("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    error = re.search(r"annotations\.yaml:(\d+):\d+: error: the quote “Dec\. 29, the same "
                      r"day” no longer stands where it stood; its words stand only at "
                      r"content/flynn-kislyak-call/article\.md:(\d+), far from there", result.stderr)
    assert error, result.stderr
    annotations = (built / STORY / "annotations.yaml").read_text().splitlines()
    assert annotations[int(error[1]) - 1].strip() == 'quote: "Dec. 29, the same day"'
    lines = (built / STORY / "article.md").read_text().splitlines()
    assert "Dec. 29, the same day the Obama administration" in lines[int(error[2]) - 1]
    # Where it stood: the words around it, as they were.
    assert re.search(r"where it stood, before the edit: ….*next day, \[Dec\. 29, the same "
                     r"day\] as the retaliatory efforts", result.stderr)
    assert re.search(r"where its words stand now \(content/flynn-kislyak-call/article\.md:"
                     rf"{error[2]}\): ….*by telephone on \[Dec\. 29, the same day\] the Obama",
                     result.stderr)
    assert "orphaned rather than moved" in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_without_anchors_json_the_build_cannot_know_and_only_warns(built, tmp_path):
    (built / STORY / "anchors.json").unlink()
    delete_the_passage(built)
    result = glossator("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: the prefix or suffix of 'same-day' does not match" in result.stderr


def test_reanchor_leaves_a_quote_whose_words_moved_far_alone(built, tmp_path):
    annotations = built / STORY / "annotations.yaml"
    memory = built / STORY / "anchors.json"
    before, remembered = annotations.read_text(), memory.read_text()
    delete_the_passage(built)
    result = glossator("reanchor", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert "0 values changed; 1 error left" in result.stdout
    assert "no longer stands where it stood" in result.stderr
    assert annotations.read_text() == before
    assert memory.read_text() == remembered
    # And the next build still says so, rather than taking the copy.
    again = glossator("check", "--content", "content", cwd=tmp_path)
    assert again.returncode == 1 and "no longer stands where it stood" in again.stderr


def test_a_passage_moved_with_its_surroundings_is_still_followed(built, tmp_path):
    """The same story, the passage moved to the end instead of deleted: no error."""
    article = built / STORY / "article.md"
    text = article.read_text()
    article.write_text(text.replace(DELETED, "").rstrip("\n") + "\n\n" + DELETED + "\n")
    result = glossator("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "same-day" not in result.stderr


def test_the_same_words_where_they_stood_with_both_sides_rewritten_only_warn(built, tmp_path):
    """Not far: the sentences around the quote were rewritten, the quote stayed."""
    article = built / STORY / "article.md"
    text = article.read_text()
    text = text.replace("by telephone on Dec. 29, the same day the Obama", "by telephone "
                        "on Dec. 29, when the Obama")       # the first copy goes
    article.write_text(text.replace("didn’t happen until the next day, Dec. 29, the same day "
                                    "as the retaliatory efforts were announced.",
                                    "took place on Dec. 29, the same day and hour that "
                                    "Washington made its move public."))
    result = glossator("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: the prefix or suffix of 'same-day' does not match" in result.stderr


def test_a_quote_the_author_changed_is_matched_as_written_not_followed(built, tmp_path):
    """anchors.json remembers where a quote stood; a different quote has no memory, so
    a misquote is an error, not a move to the words the old quote had."""
    annotations = built / STORY / "annotations.yaml"
    text = annotations.read_text()
    old = 'quote: "the 28"\n    prefix: "later that day, "'
    assert old in text
    annotations.write_text(text.replace(old, old.replace("the 28", "the 27")))
    result = glossator("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: the quote “the 27” is not in the story" in result.stderr, result.stderr
