"""A newsroom's story in Chromium: a figure whose caption is the story's text and
carries a note, notes signed and dated in the margin, and what is not out yet
nowhere on the site."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from playwright.sync_api import expect
from axe_playwright_python.sync_playwright import Axe

from glossator.anchor.text import parse_story

from ..conftest import glossator, write_story
from .conftest import serve

WIDE = {"width": 1280, "height": 900}

SITE = """\
title: The Ledger
authors:
  tkeith: {name: Tamara Keith, role: White House correspondent}
  cjohnson: {name: Carrie Johnson, role: Justice correspondent}
"""

BODY = """\
The bridge reopened on Monday after two years of repairs, the city said.

![Crews lift the last span into place over the river](span.png "Photo: City of Example")

The mayor said the work came in under budget, which the council disputes.
"""

ARTICLE = f"""\
---
title: The bridge reopens
published: 2024-03-01T08:00:00-05:00
authors: [tkeith]
---

{BODY}"""

ANNOTATIONS = """\
annotations:
  - id: last-span
    type: context
    quote: the last span
    body: The span weighs 400 tonnes.
    author: tkeith
  - id: budget
    type: claim
    quote: the work came in under budget
    claimant: The mayor
    rating: disputed
    author: cjohnson
    added: 2024-03-04T09:30:00-05:00
    updated: 2024-03-05
"""


def png(width: int, height: int) -> bytes:
    """A grey image of that size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def newsroom_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("newsroom")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE)
    folder = write_story(content, "bridge", ARTICLE, ANNOTATIONS)
    (folder / "span.png").write_bytes(png(64, 32))
    write_story(content, "tunnel", ARTICLE.replace("The bridge reopens", "The tunnel closes")
                .replace("authors:", "draft: true\nauthors:"), None)
    result = glossator("build", "--no-search", "--content", str(content),
                       "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    yield from serve(root / "site")


@pytest.fixture
def wide_page(browser, newsroom_url):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(newsroom_url + "bridge/")
    yield page
    context.close()
    assert errors == []


def test_the_figure_caption_is_story_text_and_a_note_anchors_in_it(wide_page):
    figure = wide_page.locator("#story figure")
    assert figure.locator("img").evaluate("img => img.naturalWidth") == 64
    caption = figure.locator("figcaption").evaluate("""caption => {
        const copy = caption.cloneNode(true);
        copy.querySelectorAll('[data-ui]').forEach(el => el.remove());
        return copy.textContent; }""")
    assert caption == "Crews lift the last span into place over the river Photo: City of Example"
    mark = figure.locator("figcaption mark[data-ann='last-span']")
    assert mark.inner_text() == "the last span"
    story_text = wide_page.evaluate("""() => {
        const story = document.getElementById('story').cloneNode(true);
        story.querySelectorAll('[data-ui]').forEach(el => el.remove());
        return story.textContent; }""")
    assert story_text == parse_story(BODY).text
    # the note opens from the words in the caption
    wide_page.wait_for_selector("#notes.is-placed")
    mark.click()
    expect(wide_page.locator("#note-last-span")).to_have_class(re.compile(r"\bis-active\b"))


def test_the_margin_notes_show_who_signed_them_and_when(wide_page):
    wide_page.wait_for_selector("#notes.is-placed")
    budget = wide_page.locator("#note-budget .note-signature")
    assert budget.is_visible()      # on the closed note in the margin
    assert budget.inner_text() == ("Carrie Johnson, Justice correspondent · Added March 4, "
                                   "2024 · updated March 5, 2024")
    assert wide_page.locator("#note-last-span .note-signature").inner_text() == \
        "Tamara Keith, White House correspondent"
    assert wide_page.locator(".story-meta .byline").inner_text() == \
        "Tamara Keith, White House correspondent"
    assert Axe().run(wide_page).violations_count == 0


def test_a_draft_is_nowhere_on_the_site(browser, newsroom_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(newsroom_url)
    assert page.locator(".story-card h2").all_inner_texts() == ["The bridge reopens"]
    assert page.goto(newsroom_url + "tunnel/").status == 404
    context.close()
