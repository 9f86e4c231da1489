"""A reader walks an archive's pages in Chromium by keyboard alone, with the script
running and without it: from the newest page by "Older stories" to the oldest and back
by "Newer stories", each page saying where it stands, every story met once, newest
first; the links a browser reads in the head (rel=next/prev) go where the visible
ones go; and axe finds nothing on a page in the middle."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..conftest import glossator
from ..render.test_pages_of_stories import write_stories
from .conftest import serve

STORIES = 14        # 3 a page: the newest page holds 5, then three pages of 3


@pytest.fixture(scope="module")
def archive_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 3\n")
    write_stories(content, range(STORIES))

    def build(url):
        result = glossator("build", "--no-search", "--content", str(content), "--out",
                           str(root / "site"), "--base-url", url)
        assert result.returncode == 0, result.stderr

    yield from serve(root / "site", build)


def tab_to(page, rel: str, presses: int = 60) -> None:
    """Press Tab until the link of that rel has focus, as a keyboard user does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('rel')") == rel:
            return
    raise AssertionError(f"Tab never reached the rel={rel} link on {page.url}")


def follow(page, rel: str) -> None:
    visible = page.locator(f'a[rel="{rel}"]').evaluate("a => a.href")
    assert page.locator(f'link[rel="{rel}"]').evaluate("l => l.href") == visible
    tab_to(page, rel)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == visible


def stories_shown(page) -> list[str]:
    return page.locator(".story-card h2 a").all_inner_texts()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_reader_walks_the_pages_by_keyboard_and_back(browser, archive_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(archive_url)
    seen, where = [], []
    while True:
        seen += stories_shown(page)
        where.append(page.locator('.pager [aria-current="page"]').inner_text())
        if page.locator('a[rel="next"]').count() == 0:
            break
        follow(page, "next")
    assert seen == [f"Story {n}" for n in reversed(range(STORIES))]
    assert where == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4", "Page 4 of 4"]
    assert page.url == f"{archive_url}page/1/"
    assert page.locator('a[rel="prev"]').inner_text() == "Newer stories"
    for _ in range(3):
        follow(page, "prev")
    assert page.url == archive_url
    assert stories_shown(page) == [f"Story {n}" for n in reversed(range(9, STORIES))]
    assert page.locator('a[rel="prev"]').count() == 0
    # every story linked from a page opens
    page.goto(f"{archive_url}page/1/")
    page.get_by_role("link", name="Story 0", exact=True).click()
    assert page.url == f"{archive_url}story-000/"
    assert page.locator("h1").inner_text() == "Story 0"
    context.close()


def test_a_page_in_the_middle_has_no_accessibility_violations(browser, archive_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{archive_url}page/2/")
    assert page.get_by_role("navigation", name="Pages of stories").is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
