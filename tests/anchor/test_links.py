"""Links to the site's stories and notes that lead nowhere, and raw HTML that the page
would show as text: each said where it is written."""

from __future__ import annotations

from ..conftest import glossator, write_story

TARGET = """\
---
title: The target
published: 2020-01-01
---

The council met on Monday.
"""

TARGET_NOTES = """\
annotations:
  - {id: monday, type: context, quote: met on Monday, body: "See [the vote](../source/)."}
"""

SOURCE = """\
---
title: The source
published: 2020-01-02
---

As [reported](../target/), the council met; see [its note](../target/#note-monday) and
[ours](#note-ours), [a story](../targte/), [a note](../target/#note-tuesday),
[no note](#note-nothing) and [the web](https://example.org/#note-x).

<iframe src="video.html"></iframe>

Writing `<b>` in code is fine, and so is \\<b> escaped.
"""

SOURCE_NOTES = """\
annotations:
  - id: ours
    type: context
    quote: the council met
    body: |
      Compare [the draft](../unfinished/) and [this](#note-ourz).
"""


def site(tmp_path):
    content = tmp_path / "content"
    write_story(content, "target", TARGET, TARGET_NOTES)
    write_story(content, "source", SOURCE, SOURCE_NOTES)
    write_story(content, "unfinished", TARGET.replace("title:", "draft: true\ntitle:"), None)
    return content


def test_links_to_missing_stories_and_notes_are_located_errors(tmp_path):
    site(tmp_path)
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/source/annotations.yaml:2:5: error: the link '../unfinished/' leads to "
        "'unfinished', which is a draft, so this build has no page for it",
        "content/source/annotations.yaml:2:5: error: the link '#note-ourz' leads to no note: "
        "source has no note 'ourz'",
        "content/source/article.md:7:31: error: the link '../targte/' leads to no story: "
        "there is no story 'targte'",
        "content/source/article.md:7:53: error: the link '../target/#note-tuesday' leads to "
        "no note: target has no note 'tuesday'",
        "content/source/article.md:8:11: error: the link '#note-nothing' leads to no note: "
        "source has no note 'nothing'",
    ]
    assert "  hint: did you mean 'target'?" in result.stderr
    assert "  hint: did you mean 'ours'?" in result.stderr
    assert not (tmp_path / "site").exists()


def test_raw_html_is_a_warning_that_strict_makes_an_error(tmp_path):
    content = site(tmp_path)
    source = content / "source" / "article.md"
    source.write_text(source.read_text().replace("[a story](../targte/), ", "")
                      .replace("[a note](../target/#note-tuesday),\n", "\n")
                      .replace("[no note](#note-nothing) and ", ""))
    (content / "source" / "annotations.yaml").write_text(
        SOURCE_NOTES.replace("[the draft](../unfinished/) and [this](#note-ourz)",
                             "[this](#note-ours)"))
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line
                and "base URL" not in line]
    assert warnings == ['content/source/article.md:10:1: warning: raw HTML (<iframe '
                        'src="video.html">) is not allowed in a story; the page shows it as '
                        'text']
    strict = glossator("build", "--no-search", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "content/source/article.md:10:1: error: raw HTML" in strict.stderr
