"""An archive's lists a reader can load: the index and each tag's page show a page of
stories at a time (`page_size` in site.yaml, 10 by default), newest first, each page
linked to the next and the previous (`rel`); a page's address keeps its stories as
newer ones are published; the feeds hold only the latest entries (`feed_size`, 50 by
default)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..conftest import glossator, write_story
from .test_validity import nu_errors


class ListPage(HTMLParser):
    """What a reader follows on a list page: the stories it links, and its pager."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stories: list[str] = []
        self.links: dict[str, str] = {}       # rel -> href, of the page's own <a>
        self.head_links: dict[str, str] = {}  # rel -> href, of <link> in <head>
        self.in_card_heading = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h2":
            self.in_card_heading = True
        elif tag == "a" and self.in_card_heading:
            self.stories.append(attributes["href"].rstrip("/").rsplit("/", 1)[-1])
        if tag == "a" and attributes.get("rel") in ("next", "prev"):
            self.links[attributes["rel"]] = attributes["href"]
        if tag == "link" and attributes.get("rel") in ("next", "prev"):
            self.head_links[attributes["rel"]] = attributes["href"]

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_card_heading = False


def write_stories(content: Path, numbers: range, tag: str = "council") -> None:
    """Story n is published on day n (from 2020-01-01), tagged `tag`."""
    for n in numbers:
        day = f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}"
        write_story(content, f"story-{n:03d}", article=(
            f"---\ntitle: Story {n}\npublished: {day}\ntags: [{tag}]\n---\n\n"
            f"What happened on day {n}.\n"), annotations=(
            "annotations:\n  - id: fix\n    type: correction\n    quote: happened\n"
            "    original: occured\n    corrected: happened\n"))


def walk(site: Path, start: str) -> list[tuple[str, ListPage]]:
    """Every page of a list, from `start` (a folder in the site) by its rel=next links."""
    pages, address = [], start
    while True:
        page = ListPage((site / address / "index.html").read_text())
        assert page.links == page.head_links, address     # what a browser and a reader see
        pages.append((address, page))
        if "next" not in page.links:
            return pages
        following = (site / address / page.links["next"]).resolve().relative_to(site.resolve())
        back = ListPage((site / following / "index.html").read_text()).links["prev"]
        assert (site / following / back).resolve() == (site / address).resolve()
        address = following.as_posix() + "/"


def build(project: Path) -> None:
    result = glossator("build", "--no-search", cwd=project)
    assert result.returncode == 0, result.stderr


def test_the_index_shows_ten_stories_a_page_by_default_newest_first(tmp_path):
    write_stories(tmp_path / "content", range(25))
    build(tmp_path)
    pages = walk(tmp_path / "site", "")
    assert [address for address, _ in pages] == ["", "page/1/"]
    shown = [story for _, page in pages for story in page.stories]
    assert shown == [f"story-{n:03d}" for n in reversed(range(25))]
    # the newest page holds what is left over beyond whole pages, at least a page's worth
    assert [len(page.stories) for _, page in pages] == [15, 10]


def test_a_page_keeps_its_address_and_its_stories_as_newer_ones_are_published(tmp_path):
    content = tmp_path / "content"
    (content).mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 4\n")
    write_stories(content, range(13))
    build(tmp_path)
    site = tmp_path / "site"
    before = {address: page.stories for address, page in walk(site, "")}
    assert list(before) == ["", "page/2/", "page/1/"]
    write_stories(content, range(13, 22))
    build(tmp_path)
    after = {address: page.stories for address, page in walk(site, "")}
    assert list(after) == ["", "page/4/", "page/3/", "page/2/", "page/1/"]
    assert after["page/1/"] == before["page/1/"] and after["page/2/"] == before["page/2/"]
    assert [s for stories in after.values() for s in stories] == \
        [f"story-{n:03d}" for n in reversed(range(22))]
    assert all(4 <= len(stories) < 8 for stories in after.values())


def test_each_tag_page_is_paged_the_same_way(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 3\n")
    write_stories(content, range(10), tag="Council")
    write_stories(content, range(10, 12), tag="Bridges")
    build(tmp_path)
    pages = walk(tmp_path / "site", "tags/council/")
    assert [address for address, _ in pages] == \
        ["tags/council/", "tags/council/page/2/", "tags/council/page/1/"]
    assert [s for _, page in pages for s in page.stories] == \
        [f"story-{n:03d}" for n in reversed(range(10))]
    assert [address for address, _ in walk(tmp_path / "site", "tags/bridges/")] == \
        ["tags/bridges/"]
    # a list of one page has no pager at all
    assert "Page 1 of" not in (tmp_path / "site" / "tags/bridges/index.html").read_text()


def test_the_sitemap_names_every_page_of_every_list(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 3\n"
                                       "base_url: https://news.example/\n")
    write_stories(content, range(10), tag="Council")
    write_stories(content, range(10, 12), tag="Bridges")
    build(tmp_path)
    site = tmp_path / "site"
    listed = set(re.findall(r"<loc>https://news\.example/(.*?)</loc>",
                            (site / "sitemap.xml").read_text()))
    lists = {address for start in ("", "tags/council/", "tags/bridges/")
             for address, _ in walk(site, start)}
    assert lists == {"", "page/3/", "page/2/", "page/1/", "tags/council/",
                     "tags/council/page/2/", "tags/council/page/1/", "tags/bridges/"}
    assert listed == lists | {f"story-{n:03d}/" for n in range(12)}


def test_each_page_says_where_it_stands(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 2\n")
    write_stories(content, range(6))
    build(tmp_path)
    titles = [re.search(r"<title>(.*)</title>", (tmp_path / "site" / address / "index.html")
                        .read_text()).group(1) for address in ("", "page/2/", "page/1/")]
    assert titles == ["Archive", "Page 2 of 3 · Archive", "Page 3 of 3 · Archive"]


def test_paged_lists_are_valid_html(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 2\n")
    write_stories(content, range(6))
    build(tmp_path)
    site = tmp_path / "site"
    pages = [site / "index.html", site / "page/2/index.html", site / "page/1/index.html",
             site / "tags/council/page/1/index.html"]
    assert nu_errors(pages) == []


def entries(feed: Path) -> list[str]:
    return re.findall(r"<entry>\s*<title>(.*?)</title>", feed.read_text())


def test_the_feeds_hold_the_latest_entries_only(tmp_path):
    content = tmp_path / "content"
    write_stories(content, range(60))
    build(tmp_path)
    stories = entries(tmp_path / "site" / "feeds" / "stories.xml")
    assert stories == [f"Story {n}" for n in reversed(range(10, 60))]      # 50 by default
    (content / "site.yaml").write_text("title: Archive\nfeed_size: 5\n")
    build(tmp_path)
    assert entries(tmp_path / "site" / "feeds" / "stories.xml") == \
        [f"Story {n}" for n in reversed(range(55, 60))]
    corrections = entries(tmp_path / "site" / "feeds" / "corrections.xml")
    assert [title.split("“")[1].split("”")[0] for title in corrections] == \
        [f"Story {n}" for n in reversed(range(55, 60))]


def test_a_page_size_that_is_not_a_whole_number_is_an_error_at_its_place(tmp_path):
    content = tmp_path / "content"
    write_stories(content, range(2))
    for value in ("0", "ten", "2.5", "100000"):
        (content / "site.yaml").write_text(f"title: Archive\npage_size: {value}\n")
        result = glossator("build", "--no-search", cwd=tmp_path)
        assert result.returncode == 1
        assert f"content/site.yaml:2:12: error: 'page_size' must be a whole number from 1 " \
            f"to 1000, not '{value}'" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
