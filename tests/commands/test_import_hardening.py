"""`import` and `import-annotations` on hostile files (issue 15): a link's address is
written into the story so that it reads back as the same address and nothing else
becomes a link; JSON nested too deep or with numbers too long, and an
annotations.yaml that is broken or not a mapping, are one located error each with
nothing changed; an annotations.yaml in flow style gets the new entries and keeps
its meaning."""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from html import escape

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from glossator.commands.import_story import xml_blocks
from glossator.anchor.text import parse_story

from ..conftest import glossator, write_story

ONE = {"type": "Annotation", "motivation": "linking",
       "body": {"type": "TextualBody", "value": "Source."},
       "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "Dec. 29"}}}
NORMALIZE = MarkdownIt("commonmark").normalizeLink


def links_of(markdown: str) -> list[tuple[str, str]]:
    """(text, href) of each link the story's text holds, as the build parses it."""
    found, text, href = [], None, None
    for token in parse_story(markdown).tokens:
        for child in token.children or ():
            if child.type == "link_open":
                text, href = "", child.attrGet("href")
            elif child.type == "link_close":
                found.append((text, href))
                text = None
            elif text is not None and child.type in ("text", "code_inline"):
                text += child.content
    return found


# An address a page can hold: a scheme, a host, then anything at all.
addresses = st.builds(
    lambda scheme, host, rest: scheme + host + rest,
    st.sampled_from(["http://", "https://", " https://"]),
    st.text(alphabet=st.sampled_from(list("abc-.09") + ["\u00e9", "\u4e2d"]), min_size=1,
            max_size=12).filter(lambda host: host[0] not in "-."),
    st.lists(st.one_of(st.sampled_from(list("/.:?#=&%()[]<>\\ \"'`*_!\n\t\r\x00\x1f")),
                       st.characters(exclude_categories=("Cs",))),
             max_size=40).map(lambda chars: "/" + "".join(chars)))


@settings(max_examples=300, deadline=None)
@given(addresses)
def test_a_link_target_reads_back_as_the_same_address_and_nothing_else_is_a_link(url):
    main = ET.fromstring("<main><p>see <ref>the page</ref> now</p></main>")
    main.find("p/ref").set("target", url)
    [markdown] = xml_blocks(main)
    assert links_of(markdown) == [("the page", NORMALIZE(url))]


@pytest.mark.skipif(importlib.util.find_spec("trafilatura") is None,
                    reason="trafilatura is not installed")
def test_an_imported_page_links_where_it_linked_and_nowhere_else(tmp_path):
    targets = ["https://example.org/a) [owned](https://evil.example/", "https://example.org/b>c",
               "https://example.org/d <https://evil.example/>", "https://example.org/(e)"]
    paragraphs = "".join(
        f'<p>Paragraph {n} of the story, long enough to be kept as the story text, says '
        f'that <a href="{escape(target)}">the source {n}</a> reported it first.</p>'
        for n, target in enumerate(targets))
    page = tmp_path / "story.html"
    page.write_text(f"<html><head><title>A story</title></head><body><article><h1>A story"
                    f"</h1>{paragraphs}</article></body></html>")
    content = tmp_path / "content"
    result = glossator("import", str(page), "--slug", "story", "--content", str(content))
    assert result.returncode == 0, result.stderr
    body = (content / "story" / "article.md").read_text().split("---\n", 2)[2]
    assert links_of(body) == [(f"the source {n}", NORMALIZE(target))
                              for n, target in enumerate(targets)]


def test_a_title_with_escape_sequences_is_printed_escaped(tmp_path):
    capture = tmp_path / "story.txt"
    capture.write_text("A \x1b[2Jtitle\n\nThe first paragraph of the story.\n\n"
                       "The second paragraph of the story.\n")
    result = glossator("import", str(capture), "--slug", "story", "--content",
                       str(tmp_path / "content"))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "A \\x1b[2Jtitle" in result.stdout


def imported(tmp_path, export: str, annotations: str | None):
    content = tmp_path / "content"
    folder = write_story(content, annotations=annotations)
    source = tmp_path / "export.json"
    source.write_text(export)
    before = (folder / "annotations.yaml").read_text() if annotations is not None else None
    result = glossator("import-annotations", str(source), "--into", str(folder))
    return result, folder, source, before


@pytest.mark.parametrize("name, export, where, message", [
    ("deep-lists", "[" * 100_000 + "]" * 100_000, "1:101", "the JSON nests more than 100"),
    ("deep-objects", '{"a": ' * 5_000 + "1" + "}" * 5_000, "1:601", "the JSON nests more than"),
    ("huge-number", '{"rows": [\n  {"id": ' + "9" * 5000 + "}]}", "2:10",
     "a number with more digits"),
])
def test_hostile_json_is_one_located_error(tmp_path, name, export, where, message):
    result, folder, source, before = imported(tmp_path, export, "annotations: []\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{source}:{where}: error: {message}"), \
        result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert (folder / "annotations.yaml").read_text() == before


@pytest.mark.parametrize("name, annotations, where, message", [
    ("broken", "annotations:\n  - id: x\n    quote: [a\n", "4:1", "YAML syntax error"),
    ("a-list", "- id: x\n  type: context\n", "1:1", "annotations.yaml must be a mapping"),
    ("text", "just words\n", "1:1", "annotations.yaml must be a mapping"),
    ("annotations-a-mapping", "annotations:\n  id: x\n", "2:3", "'annotations' must be a list"),
    ("no-annotations", "notes: []\n", "1:1", "annotations.yaml has no 'annotations' list"),
    ("deep", "annotations: " + "[" * 30_000 + "]" * 30_000 + "\n", "1:113", "the YAML nests"),
])
def test_an_annotations_file_that_cannot_be_added_to_is_one_located_error(tmp_path, name,
                                                                        annotations, where,
                                                                        message):
    result, folder, _, before = imported(tmp_path, json.dumps(ONE), annotations)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"{folder}/annotations.yaml:{where}: error: {message}"), result.stderr
    assert lines[0].endswith("nothing was imported")
    assert (folder / "annotations.yaml").read_text() == before


@pytest.mark.parametrize("annotations", [
    "annotations: [{id: doubtful, type: claim, quote: called it “doubtful”}]\n",
    "# notes\nannotations: [\n  {id: doubtful, type: claim,\n   quote: called it “doubtful”},  # one\n]\n",
    "annotations:\n- id: doubtful\n  type: claim\n  quote: called it “doubtful”\n  body: |\n"
    "    Said so.\n# the end\n",
    "annotations:    # none yet\n",
    "annotations: ~\n",
    "annotations: []  # to come\n",
    "# only a comment",
])
def test_entries_are_added_to_any_valid_annotations_file_keeping_its_meaning(tmp_path,
                                                                            annotations):
    export = json.dumps([ONE, {**ONE, "body": {"type": "TextualBody", "format": "text/plain",
                                               "value": "Two lines:\nhere."}}])
    result, folder, _, before = imported(tmp_path, export, annotations)
    assert result.returncode == 0, result.stderr
    after = yaml.safe_load((folder / "annotations.yaml").read_text())
    was = (yaml.safe_load(before) or {}).get("annotations") or []
    assert after["annotations"][:len(was)] == was
    added = after["annotations"][len(was):]
    assert [entry["type"] for entry in added] == ["source", "source"]
    assert added[1]["body"] == "Two lines:\nhere."
    for line in before.splitlines():
        if line.lstrip().startswith("#"):
            assert line in (folder / "annotations.yaml").read_text()
    check = glossator("check", "--content", str(folder.parent))
    assert check.returncode == 0, check.stderr
    assert re.search(r"Checked 1 story, \d+ annotations", check.stdout)
