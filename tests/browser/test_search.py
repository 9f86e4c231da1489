"""A three-story site (the example and two short stories of our own in tests/data):
everything a publisher needs builds and validates, and the static search finds a
word that appears only in a note."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from ..conftest import ROOT, glossator, write_story
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


def search_for(page, url: str, words: str):
    """The results the search box shows for `words`, once its message says how many."""
    page.goto(url)
    page.locator("#search input").fill(words)
    expect(page.locator(".pagefind-ui__message")).to_contain_text(words, timeout=15_000)
    return page.locator(".pagefind-ui__result")


def test_a_story_edited_is_found_by_its_new_words_and_no_longer_by_its_old(browser, tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    for story in (ROOT / "tests" / "data" / "stories").iterdir():
        shutil.copytree(story, content / story.name)
    notes = content / "council-budget-vote" / "annotations.yaml"

    def build(url):
        result = glossator("build", "--content", str(content), "--out", str(site),
                           "--base-url", url)
        assert result.returncode == 0, result.stderr

    for url in serve(site, build):
        context = browser.new_context()
        results = search_for(context.new_page(), url, "quarterdeck")
        expect(results.first).to_contain_text("Council Passes Budget", timeout=10_000)
        context.close()
        notes.write_text(notes.read_text().replace("quarterdeck", "forecastle"))
        build(url)
        # the same browser, which may keep what it loaded of the index before
        page = browser.new_page()
        results = search_for(page, url, "forecastle")
        expect(results.first).to_contain_text("Council Passes Budget", timeout=10_000)
        assert results.count() == 1
        # in quotes, the word itself, without Pagefind's looking for its first letters
        search_for(page, url, '"quarterdeck"')
        expect(page.locator(".pagefind-ui__message")).to_contain_text("No results")
        page.close()


def test_a_word_of_one_story_finds_it_alone_among_the_shards(browser, tmp_path):
    """Pagefind looks for a word that an index lacks as its longest prefix: each shard
    without "217" would answer with "21" or "2"; one index, as before, finds one story."""
    content, site = tmp_path / "content", tmp_path / "site"
    for n in range(330):            # two shards (tests/build/test_search_shards.py)
        write_story(content, f"vote-{n:04d}", article=(
            f"---\ntitle: Vote {n}\npublished: 2020-01-01\n---\n\n"
            f"The council met on Tuesday to vote on the budget, vote {n}.\n"),
            annotations=None)

    def build(url):
        result = glossator("build", "--content", str(content), "--out", str(site),
                           "--base-url", url)
        assert result.returncode == 0, result.stderr

    for url in serve(site, build):
        assert len([p for p in (site / "pagefind").iterdir() if p.is_dir()]) == 2
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        results = search_for(page, url, "217")
        expect(results.first).to_contain_text("Vote 217", timeout=10_000)
        assert results.count() == 1
        expect(page.locator(".pagefind-ui__message")).to_contain_text("1 result")
        results = search_for(page, url, "council")       # every story, from both shards
        expect(page.locator(".pagefind-ui__message")).to_contain_text("330 results")
        assert errors == []
        page.close()
