"""A three-story site (the example and two short stories of our own in tests/data):
everything a publisher needs builds and validates, and the static search finds a
word that appears only in a note."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from ..conftest import ROOT, glossator
from ..render.test_validity import nu_errors
from .conftest import screenshot, serve

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def three_stories(tmp_path_factory):
    root = tmp_path_factory.mktemp("three")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    for story in (ROOT / "tests" / "data" / "stories").iterdir():
        shutil.copytree(story, content / story.name)
    site = root / "site"

    def build(url):
        result = glossator("build", "--strict", "--content", str(content), "--out", str(site),
                           "--base-url", url)
        assert result.returncode == 0, result.stderr
        assert "Built 3 stories" in result.stdout

    for url in serve(site, build):
        yield site, url


def test_the_word_only_in_a_note_is_found_by_the_search_box(browser, three_stories):
    site, url = three_stories
    assert "quarterdeck" not in (ROOT / "tests" / "data" / "stories" / "council-budget-vote"
                                 / "article.md").read_text()
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    search = page.locator("#search input")
    search.fill("quarterdeck")
    results = page.locator(".pagefind-ui__result")
    # Pagefind shows a placeholder first, then fills the result in when its data loads
    expect(results.first).to_contain_text("Council Passes Budget", timeout=10_000)
    assert results.count() == 1
    screenshot(page, "index-1280-search")
    results.first.get_by_role("link").first.click()
    assert page.url.startswith(url + "council-budget-vote/")
    assert "quarterdeck" in page.locator("#notes").text_content()
    assert errors == []
    page.close()


def test_the_three_story_site_has_feeds_tags_and_valid_pages(three_stories):
    site, url = three_stories
    stories = ET.fromstring((site / "feeds" / "stories.xml").read_bytes())
    entries = [e.find(ATOM + "link").get("href") for e in stories.findall(ATOM + "entry")]
    assert entries == [url + "river-bridge-closure/", url + "council-budget-vote/",
                       url + "flynn-kislyak-call/"]
    corrections = ET.fromstring((site / "feeds" / "corrections.xml").read_bytes())
    links = sorted(e.find(ATOM + "link").get("href") for e in corrections.findall(ATOM + "entry"))
    assert links == [url + "council-budget-vote/#note-vote-count",
                     url + "flynn-kislyak-call/#note-call-date"]
    assert (site / "tags" / "libraries" / "index.html").exists()
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.count("<loc>") == 1 + 3 + len(list((site / "tags").iterdir()))
    html = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert nu_errors(html) == []


def test_the_index_lists_newest_first_under_a_sub_path(page, three_stories):
    site, url = three_stories
    page.goto(url)
    titles = page.locator(".story-card h2").all_inner_texts()
    assert titles[0].startswith("River Bridge") and titles[-1].startswith("Trump Team")
    page.goto(url + "tags/transportation/")
    assert page.locator(".story-card h2").all_inner_texts() == [titles[0]]
