"""Drafts and publication times: what is not ready yet stays out of a build."""

from __future__ import annotations

import datetime as dt
import re
import time

from ..conftest import glossator, write_story

SITE = "base_url: https://news.example/\n"


def story(title: str, published: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\npublished: {published}\n{extra}---\n\nThe text of {title}.\n"


def newsroom(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE)
    write_story(content, "ready", story("Ready story", "2020-01-02"), None)
    write_story(content, "unfinished", story("Unfinished story", "2020-01-03", "draft: true\n"),
                None)
    write_story(content, "embargoed", story("Embargoed story", "2999-06-01T06:00:00-04:00"),
                None)
    return content


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def test_a_draft_and_a_story_still_to_come_are_left_out_of_every_page(tmp_path):
    newsroom(tmp_path)
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "ready" / "index.html").exists()
    assert not (site / "unfinished").exists() and not (site / "embargoed").exists()
    assert titles((site / "index.html").read_text()) == ["Ready story"]
    for path in ("feeds/stories.xml", "sitemap.xml"):
        text = (site / path).read_text()
        assert "ready/" in text and "unfinished" not in text and "embargoed" not in text
    assert "Built 1 story" in result.stdout


def test_drafts_and_future_put_them_in(tmp_path):
    newsroom(tmp_path)
    assert glossator("build", "--no-search", "--drafts", cwd=tmp_path).returncode == 0
    index = (tmp_path / "site" / "index.html").read_text()
    assert titles(index) == ["Unfinished story", "Ready story"]
    result = glossator("build", "--no-search", "--drafts", "--future", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "index.html").read_text()
    assert titles(index) == ["Embargoed story", "Unfinished story", "Ready story"]
    feed = (tmp_path / "site" / "feeds" / "stories.xml").read_text()
    # the time as written, with its offset, not midnight UTC
    assert "<published>2999-06-01T06:00:00-04:00</published>" in feed
    # and without the options again, they are gone again
    assert glossator("build", "--no-search", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "site" / "embargoed").exists()
    assert titles((tmp_path / "site" / "index.html").read_text()) == ["Ready story"]


def test_a_story_is_published_by_the_first_build_after_its_time(tmp_path):
    content = newsroom(tmp_path)
    soon = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=3)).replace(microsecond=0)
    write_story(content, "soon", story("Soon story", soon.isoformat()), None)
    assert glossator("build", "--no-search", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "site" / "soon").exists()
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.timezone.utc)).total_seconds()) + 0.5)
    # nothing changed in the content, but the story's time has come
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "soon" / "index.html").exists()
    assert "Soon story" in (tmp_path / "site" / "index.html").read_text()


def test_a_date_time_without_its_offset_is_a_located_error(tmp_path):
    content = newsroom(tmp_path)
    write_story(content, "vague", story("Vague story", "2020-01-02T09:00"), None)
    result = glossator("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/vague/article.md:3:12: error: 'published' needs its offset from UTC" \
        in result.stderr


def test_check_reads_drafts_too(tmp_path):
    content = newsroom(tmp_path)
    (content / "unfinished" / "annotations.yaml").write_text(
        "annotations:\n  - {id: gone, type: context, quote: words not in it}\n")
    result = glossator("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/unfinished/annotations.yaml:2:38: error: the quote “words not in it” is not in the story" in result.stderr
    # a build leaves the draft out, and its unfinished notes with it
    assert glossator("build", "--no-search", cwd=tmp_path).returncode == 0


def test_without_a_base_url_the_feeds_link_from_their_own_place_and_the_build_says_so(tmp_path):
    from urllib.parse import urljoin
    import xml.etree.ElementTree as ET

    content = newsroom(tmp_path)
    (content / "site.yaml").write_text("title: The Ledger\n")
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    feed_address = (site / "feeds" / "stories.xml").as_uri()
    feed = ET.fromstring((site / "feeds" / "stories.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = feed.findall(atom + "entry")
    # resolved as a feed reader resolves it, from the feed's own address
    link = urljoin(feed_address, entry.find(atom + "link").get("href"))
    assert link == (site / "ready").as_uri() + "/"
    assert (site / "ready" / "index.html").exists()
    assert urljoin(feed_address, feed.find(f"{atom}link[@rel='self']").get("href")) == \
        feed_address
    assert not (site / "sitemap.xml").exists()
    assert result.stderr.count("content/site.yaml: warning: no base URL, so the site has no "
                               "sitemap") == 1
    assert result.stdout.rstrip().endswith("(1 warning)"), result.stdout     # counted as said
    # said again by a build with nothing to do, and not an error under --strict
    again = glossator("build", "--no-search", "--strict", cwd=tmp_path)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert again.stderr.count("warning: no base URL") == 1
    assert again.stdout.rstrip().endswith("(nothing changed) (1 warning)"), again.stdout
    with_base = glossator("build", "--no-search", "--base-url", "https://ledger.example/",
                          cwd=tmp_path)
    assert "base URL" not in with_base.stderr
