"""The example story's page in Chromium: the text the contract defines, the marks,
notes reachable without JavaScript, no errors, no other origins, no axe violations."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from glossator.anchor.quotes import anchor_story
from glossator.diagnostics import Diagnostics
from glossator.load.story import load_stories

from ..conftest import ROOT
from .conftest import screenshot, settle

STORY_TEXT_JS = """() => {
  const story = document.getElementById('story').cloneNode(true);
  story.querySelectorAll('[data-ui]').forEach(el => el.remove());
  return story.textContent;
}"""
MARKED_TEXT_JS = """() => {
  const byId = {};
  for (const mark of document.querySelectorAll('#story mark[data-ann]')) {
    for (const id of mark.dataset.ann.split(' ')) byId[id] = (byId[id] || '') + mark.textContent;
  }
  return byId;
}"""


@pytest.fixture(scope="module")
def example():
    diagnostics = Diagnostics()
    _, stories = load_stories(ROOT / "content", diagnostics)
    assert not diagnostics.errors
    return anchor_story(stories[0], diagnostics)


def test_the_story_text_in_the_browser_is_the_text_quotes_are_matched_on(
        watched_page, site_url, example):
    watched_page.goto(site_url + "flynn-kislyak-call/")
    assert watched_page.evaluate(STORY_TEXT_JS) == example.text.text


def test_each_annotation_highlights_exactly_its_quote(watched_page, site_url, example):
    watched_page.goto(site_url + "flynn-kislyak-call/")
    marked = watched_page.evaluate(MARKED_TEXT_JS)
    quotes = {a.id: a.quote for a in example.story.annotations}
    assert set(marked) == set(quotes)
    for annotation_id, text in marked.items():
        span = example.spans[annotation_id]
        assert " ".join(text.split()) == " ".join(example.text.text[span.start:span.end].split())


@pytest.mark.parametrize("javascript", [False, True])
def test_without_javascript_a_reader_goes_from_highlight_to_note_and_back(
        browser, site_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "flynn-kislyak-call/")
    page.click("#ref-logan-act")
    settle(page)
    assert page.url.endswith("#note-logan-act")
    note = page.locator("#note-logan-act")
    assert note.is_visible() and note.evaluate(
        "n => n.matches(':target') || n.classList.contains('is-active')")
    assert "18 U.S.C. § 953" in note.inner_text()
    note_box = note.bounding_box()
    assert note_box["y"] < page.viewport_size["height"] and note_box["y"] + note_box["height"] > 0
    note.get_by_role("link", name=re.compile("Back to the story")).click()
    settle(page)
    ref_box = page.locator("#ref-logan-act").bounding_box()
    assert 0 <= ref_box["y"] <= page.viewport_size["height"]
    context.close()


@pytest.mark.parametrize("path", ["", "flynn-kislyak-call/"])
def test_pages_have_no_axe_violations(watched_page, site_url, path):
    watched_page.goto(site_url + path)
    results = Axe().run(watched_page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_screenshots_for_people_to_look_at(browser, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + "flynn-kislyak-call/")
    screenshot(page, f"article-{width}")
    page.goto(site_url)
    screenshot(page, f"index-{width}")
    # nothing wider than the screen: no sideways scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_index_links_to_the_story_with_its_counts(watched_page, site_url):
    watched_page.goto(site_url)
    link = watched_page.get_by_role("link", name=re.compile("Trump Team: Adviser Spoke"))
    assert re.search(r"Claim\s+\d+", watched_page.locator(".counts").inner_text())
    assert re.search(r"\d+ notes", watched_page.locator(".story-card").inner_text())
    link.click()
    assert watched_page.url == site_url + "flynn-kislyak-call/"
    assert watched_page.locator("h1").inner_text().startswith("Trump Team")


def test_each_published_selector_selects_its_quote_in_the_page(watched_page, site_url):
    watched_page.goto(site_url + "flynn-kislyak-call/")
    mismatches = watched_page.evaluate("""async (storyText) => {
      const text = Array.from(storyText);        // W3C positions count code points
      const collection = await (await fetch('annotations.jsonld')).json();
      const bad = [];
      for (const item of collection.first.items) {
        const [quote, position] = item.target.selector;
        const selected = text.slice(position.start, position.end).join('');
        const at = text.join('').indexOf(quote.prefix + quote.exact + quote.suffix);
        if (selected !== quote.exact || at === -1) bad.push(item.id);
      }
      return [collection.first.items.length, bad];
    }""", watched_page.evaluate(STORY_TEXT_JS))
    assert mismatches == [23, []]
