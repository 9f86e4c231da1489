"""`check` on content with each kind of mistake: every problem is reported at its
file, line and column, in one run, with exit status 1 and no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import ARTICLE, glossator, write_story

BROKEN_ANNOTATIONS = """\
annotations:
  - id: no-quote
    type: claim
  - id: misspelt
    type: claim
    quote: Dec. 29
    prefix: "on "
    titel: A title
  - id: sources-not-a-list
    type: context
    quote: Dec. 29
    prefix: "on "
    sources: the Post
  - id: misspelt
    type: context
    quote: sanctions
  - id: impossible-date
    type: context
    quote: sanctions
    date: 2017-02-30
  - id: free-date
    type: context
    quote: sanctions
    date: Jan 13
  - id: typo-type
    type: corection
    quote: sanctions
  - id: correction-without-original
    type: correction
    quote: Dec. 29
    prefix: "on "
    corrected: Dec. 28
  - id: wrong-type-field
    type: claim
    quote: Dec. 29
    prefix: "on "
    citation: 18 U.S.C. § 953
    rating: mostly false
  - id: Bad_ID
    type: context
    quote: Dec. 29
    prefix: "on "
  - id: not-found
    type: context
    quote: the same day the penalties were announced
  - id: ambiguous
    type: context
    quote: the
  - id: duplicate-key
    type: context
    type: claim
    quote: Dec. 29
    prefix: "on "
  - id: bad-url
    type: source
    quote: Dec. 29
    prefix: "on "
    sources:
      - {title: A report, url: "javascript:alert(1)"}
"""


@pytest.fixture
def broken(content: Path) -> Path:
    write_story(content, "good-story")
    write_story(content, "broken-annotations", annotations=BROKEN_ANNOTATIONS)
    write_story(content, "broken-yaml", annotations="annotations:\n  - id: x\n    quote: [a, b\n")
    write_story(content, "tabs", annotations="annotations:\n\t- id: x\n")
    write_story(content, "unknown-top", annotations="annotation:\n  - id: x\n")
    write_story(content, "front-matter", article="""\
        ---
        tittle: A story
        dek: [not, text]
        ---

        Body.
        """, annotations=None)
    write_story(content, "never-closed", article="---\ntitle: x\npublished: 2017-01-01\n\nBody\n",
                annotations=None)
    (content / "no-article").mkdir()
    (content / "Bad Slug").mkdir()
    (content / "site.yaml").write_text("title: Site\nbase_ulr: https://example.org/\n")
    return content


@pytest.fixture
def report(broken: Path) -> list[str]:
    result = glossator("check", "--content", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr.splitlines()


def line_for(report: list[str], where: str, containing: str = "") -> str:
    found = [line for line in report
             if re.search(rf"{re.escape(where)}: error: ", line) and containing in line]
    assert found, f"nothing reported at {where}:\n" + "\n".join(report)
    return found[0]


def following(report: list[str], where: str) -> list[str]:
    """The indented detail and hint lines after the error at `where`."""
    start = report.index(line_for(report, where))
    lines = []
    for line in report[start + 1:]:
        if not line.startswith(" "):
            break
        lines.append(line.strip())
    return lines


A = "broken-annotations/annotations.yaml"


def test_a_missing_required_field_is_reported_at_its_annotation(report):
    assert "a claim annotation is missing the required field 'quote'" in line_for(report, f"{A}:2:5")


def test_an_unknown_field_suggests_the_nearest_name(report):
    assert "unknown field 'titel'" in line_for(report, f"{A}:8:5")
    assert "hint: did you mean 'title'?" in following(report, f"{A}:8:5")


def test_a_wrong_type_is_reported_at_the_value(report):
    assert "'sources' must be a list" in line_for(report, f"{A}:13:14")


def test_a_duplicate_id_names_its_first_use(report):
    assert "duplicate id 'misspelt' (first used on line 4)" in line_for(report, f"{A}:14:5")


def test_impossible_and_badly_written_dates(report):
    assert "'2017-02-30' is not a real date" in line_for(report, f"{A}:20:11")
    assert "must be a date written YYYY-MM-DD" in line_for(report, f"{A}:24:11")


def test_an_unknown_type_suggests_the_nearest(report):
    assert "unknown annotation type 'corection'" in line_for(report, f"{A}:26:11")
    assert "hint: did you mean 'correction'?" in following(report, f"{A}:26:11")


def test_a_type_specific_field_that_is_missing(report):
    assert "missing the required field 'original'" in line_for(report, f"{A}:28:5")


def test_a_field_of_another_type_and_a_misspelt_rating(report):
    assert "'citation' is a field of legal annotations" in line_for(report, f"{A}:37:5")
    assert "not of a claim annotation" in line_for(report, f"{A}:37:5")
    assert "'mostly false' is not a valid rating" in line_for(report, f"{A}:38:13")
    assert "hint: did you mean 'mostly-false'?" in following(report, f"{A}:38:13")


def test_a_malformed_id_with_a_suggestion(report):
    assert "'id' must be lower-case" in line_for(report, f"{A}:39:9")
    assert "hint: try 'bad-id'" in following(report, f"{A}:39:9")


def test_a_quote_not_in_the_story_shows_the_closest_passage(report):
    assert "is not in the story" in line_for(report, f"{A}:45:12")
    details = following(report, f"{A}:45:12")
    assert any(re.match(r"closest passage \(.*article\.md:7, \d+% alike\): "
                        r".*the same day the sanctions were announced", d) for d in details)


def test_an_ambiguous_quote_lists_every_place_with_its_line(report):
    assert "occurs 3 times in the story" in line_for(report, f"{A}:48:12")
    details = following(report, f"{A}:48:12")
    assert any(re.search(r"article\.md:7: \[The\]|article\.md:7: .*\[the\] same day", d)
               for d in details)
    assert sum("article.md:7:" in d for d in details) == 2
    assert sum("article.md:9:" in d for d in details) == 1


def test_a_duplicate_key_names_its_first_line(report):
    assert "duplicate field 'type' in a context annotation (first given on line 50)" in \
        line_for(report, f"{A}:51:5")


def test_a_source_url_must_be_a_web_address(report):
    assert "'url' must be an http:// or https:// address" in line_for(report, f"{A}:59:32")


def test_yaml_syntax_errors_and_tabs(report):
    assert "YAML syntax error" in line_for(report, "broken-yaml/annotations.yaml:4:1")
    tab_error = line_for(report, "tabs/annotations.yaml:2:1")
    assert "YAML syntax error" in tab_error
    assert "hint: YAML does not allow tabs for indentation; use spaces" in \
        following(report, "tabs/annotations.yaml:2:1")


def test_an_unknown_top_level_key(report):
    assert "unknown field 'annotation'" in line_for(report, "unknown-top/annotations.yaml:1:1")
    assert "hint: did you mean 'annotations'?" in following(report, "unknown-top/annotations.yaml:1:1")


def test_front_matter_problems_are_located_in_article_md(report):
    assert "unknown field 'tittle'" in line_for(report, "front-matter/article.md:2:1")
    assert "'dek' must be text" in line_for(report, "front-matter/article.md:3:6")
    assert line_for(report, "front-matter/article.md:2:1",
                    "missing the required field 'published'")


def test_front_matter_that_never_closes(report):
    assert "the front matter is never closed" in line_for(report, "never-closed/article.md:1:1")


def test_folders_that_are_not_stories(report):
    assert "has no article.md" in line_for(report, "no-article:1:1")
    assert "is not a valid URL slug" in line_for(report, "Bad Slug:1:1")
    assert "hint: rename it to 'bad-slug'" in following(report, "Bad Slug:1:1")


def test_site_yaml_is_validated(report):
    assert "unknown field 'base_ulr'" in line_for(report, "site.yaml:2:1")


def test_errors_come_sorted_with_a_count(report):
    assert re.fullmatch(r"\d+ errors(, \d+ warnings?)?", report[-1])


def test_a_correct_story_passes(content):
    write_story(content)
    result = glossator("check", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "Checked 1 story, 1 annotation" in result.stdout


def test_a_normalised_match_is_a_warning_and_an_error_under_strict(content):
    write_story(content)
    assert glossator("check", "--content", str(content)).stderr == ""
    annotations = content / "story" / "annotations.yaml"
    annotations.write_text(annotations.read_text().replace("called it “doubtful”",
                                                           'called it "doubtful"'))
    loose = glossator("check", "--content", str(content))
    assert loose.returncode == 0
    assert 'warning: the quote “called it "doubtful"” matched only after normalising' in loose.stderr
    assert "the story has: called it “doubtful”" in loose.stderr
    strict = glossator("check", "--strict", "--content", str(content))
    assert strict.returncode == 1
    assert 'error: the quote “called it "doubtful"” matched only after normalising' in strict.stderr


def test_a_quote_across_emphasis_a_link_and_paragraphs_anchors(content):
    write_story(content, annotations="""\
        annotations:
          - id: across
            type: context
            quote: "announced. Spicer called it “doubtful” that sanctions were discussed on the call."
        """)
    result = glossator("check", "--strict", "--content", str(content))
    assert result.returncode == 0, result.stderr


def test_usage_errors_exit_2(content):
    assert glossator("check", "--no-such-option").returncode == 2
    assert glossator("build", "--base-url", "ftp://example.org").returncode == 2
    assert glossator("no-such-command").returncode == 2


def test_a_missing_content_folder_is_an_error(tmp_path):
    result = glossator("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "the content folder does not exist" in result.stderr


def test_articles_not_in_utf8_are_located(content):
    folder = write_story(content)
    (folder / "article.md").write_bytes(ARTICLE.encode().replace(b"Dec. 29", b"D\xe9c. 29"))
    result = glossator("check", "--content", str(content))
    assert result.returncode == 1
    assert re.search(r"story/article\.md:7:25: error: the file is not UTF-8 text", result.stderr)


def test_an_ambiguous_quote_suggests_a_prefix_or_suffix_for_each_place(content):
    write_story(content, annotations="annotations:\n  - id: x\n    type: context\n    quote: the\n")
    result = glossator("check", "--content", str(content))
    places = [line for line in result.stderr.splitlines() if "article.md:" in line]
    assert len(places) == 3
    assert all(re.search(r'→ (prefix|suffix): ".+"$', line) for line in places)
    assert 'prefix: "29, "' in places[0]
