"""Fuzzing the loader and the renderer with generated content: whatever an author
writes, the build answers with a site or with located errors, never an unhandled
exception, and every page it writes is well-formed HTML.

The default run is short; `HYPOTHESIS_PROFILE=fuzz python -m pytest tests/build/test_fuzz.py`
runs the long one recorded in bench/FUZZING.md."""

from __future__ import annotations

import json
from collections import Counter
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossator.build.pipeline import run
from glossator.kinds import BUILTIN_KINDS
from glossator.load.fields import ANNOTATION_FIELDS, FRONT_MATTER_FIELDS
from glossator.anchor.text import parse_story

from ..htmlwalk import walk_html
from ..markdown_strategies import stories

FUZZ = settings(max_examples=20_000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 150,
                deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIELD_NAMES = sorted({*ANNOTATION_FIELDS, *FRONT_MATTER_FIELDS,
                      *(name for kind in BUILTIN_KINDS for name in kind.fields)})
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(
                        ["2017-01-13", "2017-02-30", "claim", "correction", "legal", "context",
                         "source", "false", "https://example.org", "javascript:x", "Dec. 29",
                         "the", "", " ", "\t", "a-b", "Ünïcödé “quotes”"]))
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=10))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)), max_leaves=25)
annotation = st.dictionaries(keys, values, max_size=10)
annotation_files = st.one_of(
    st.builds(lambda items: {"annotations": items}, st.lists(annotation, max_size=5)),
    values)
front_matters = st.one_of(st.dictionaries(keys, values, max_size=8), values)
raw_text = st.text(max_size=300)


def dump(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def build(article: str, annotations: str, site_yaml: str | None = None):
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        folder = root / "content" / "story"
        folder.mkdir(parents=True)
        (folder / "article.md").write_text(article, encoding="utf-8", errors="surrogatepass")
        (folder / "annotations.yaml").write_text(annotations, encoding="utf-8",
                                                 errors="surrogatepass")
        if site_yaml is not None:
            (root / "content" / "site.yaml").write_text(site_yaml, encoding="utf-8",
                                                        errors="surrogatepass")
        outcome = run(root / "content", root / "site")
        pages = {p: p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html")}
        return outcome, pages
    finally:
        shutil.rmtree(root, ignore_errors=True)


def assert_well_formed(pages: dict) -> None:
    for path, html in pages.items():
        problems = walk_html(html).problems
        assert problems == [], (path, problems)


def located(outcome) -> bool:
    return all(d.location.line >= 1 and d.location.column >= 1 for d in outcome.diagnostics.items)


@FUZZ
@given(front_matters, annotation_files, stories)
def test_generated_yaml_never_crashes_the_loader(front, annotations, body):
    article = f"---\n{dump(front)}---\n\n{body}\n"
    outcome, pages = build(article, dump(annotations))
    assert located(outcome)
    assert outcome.written == (not outcome.diagnostics.errors)
    assert_well_formed(pages)


@FUZZ
@given(raw_text, raw_text, st.one_of(st.none(), raw_text))
def test_arbitrary_text_files_never_crash_the_loader(article, annotations, site_yaml):
    outcome, pages = build(article, annotations, site_yaml)
    assert located(outcome)
    assert_well_formed(pages)


@st.composite
def annotated_stories(draw):
    """A generated story with annotations quoting words it really contains."""
    body = draw(stories)
    text = parse_story(body).text
    words = [m.group() for m in re.finditer(r"\S+(?: \S+){0,3}", text)]
    items = []
    for n in range(draw(st.integers(0, 5))):
        if not words:
            break
        quote = draw(st.sampled_from(words))
        kind = draw(st.sampled_from(["claim", "context", "source", "correction", "legal"]))
        item = {"id": f"a{n}", "type": kind, "quote": quote,
                "body": draw(st.one_of(st.none(), stories))}
        if kind == "correction":
            item.update(original="before", corrected="after")
        if kind == "legal":
            item.update(citation="1 U.S.C. § 1", text=draw(stories))
        items.append({k: v for k, v in item.items() if v is not None})
    return body, json.dumps({"annotations": items}, ensure_ascii=False)


@FUZZ
@given(annotated_stories())
def test_generated_stories_with_real_quotes_build_to_well_formed_pages(case):
    body, annotations = case
    outcome, pages = build(f"---\ntitle: T\npublished: 2020-01-01\n---\n\n{body}\n", annotations)
    assert located(outcome)
    assert_well_formed(pages)
    if outcome.written:        # nothing lost: every word and every annotation is there
        page = next(html for path, html in pages.items() if path.parent.name == "story")
        assert_every_word_reaches_the_page(body, page)
        for item in json.loads(annotations)["annotations"]:
            assert f'id="note-{item["id"]}"' in page and f'id="ref-{item["id"]}"' in page


WORD = re.compile(r"[^\W_]+")


def assert_every_word_reaches_the_page(markdown_source: str, page: str) -> None:
    """The words of the source, less link and image addresses and entity names, in
    order in the page's story text or image descriptions."""
    source = re.sub(r"\]\([^)]*\)|<[^>\s]*>|&#?\w+;", " ", markdown_source)
    # an ordered list's numbers are drawn by the browser (<ol start>), not text
    source = re.sub(r"(?m)^(\s*>?\s*)\d{1,9}[.)](?=\s|$)", r"\1", source)
    story = re.search(r'<div id="story" class="story">(.*?)</div>\n<section class="notes"|'
                      r'<div id="story" class="story">(.*?)</div>\n</div>', page, re.S)
    html = next(g for g in story.groups() if g is not None)
    visible = walk_html(html).text + " " + " ".join(re.findall(r'alt="([^"]*)"', html))
    missing = Counter(WORD.findall(source)) - Counter(WORD.findall(visible.replace("&amp;", "&")))
    assert not missing, list(missing)[:10]
