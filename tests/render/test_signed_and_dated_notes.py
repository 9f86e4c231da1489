"""Who wrote each note and when it was added and changed: on the page, in the
structured data, and in a feed of the notes that came after their story."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from ..conftest import glossator, write_story
from ..htmlwalk import walk_html

ATOM = "{http://www.w3.org/2005/Atom}"

SITE = """\
title: The Ledger
base_url: https://ledger.example/
authors:
  tkeith:
    name: Tamara Keith
    role: White House correspondent
    url: https://ledger.example/people/tkeith
  cjohnson: {name: Carrie Johnson, role: Justice correspondent}
"""

ARTICLE = """\
---
title: Adviser spoke to ambassador
published: 2017-01-13T18:05:00-05:00
authors: [tkeith]
---

Spicer called it “doubtful” that sanctions were discussed on the call.

The call took place on Dec. 29.
"""

ANNOTATIONS = """\
annotations:
  - id: doubtful
    type: claim
    quote: called it “doubtful”
    claimant: Sean Spicer
    rating: "false"
    author: cjohnson
    added: 2017-12-01T11:00:00-05:00
    updated: 2017-12-02
  - id: call-date
    type: context
    quote: Dec. 29
    author: tkeith
    body: The day the sanctions were announced.
  - id: transition
    type: claim
    quote: sanctions were discussed
    claimant: The Trump transition
    claimant_type: organization
    rating: misleading
    added: 2017-01-13
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ledger")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE)
    write_story(content, "call", ARTICLE, ANNOTATIONS)
    result = glossator("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def graph(site) -> list[dict]:
    html = (site / "call" / "index.html").read_text()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))["@graph"]


def note_text(html: str, note_id: str) -> str:
    note = re.search(rf'<li class="note" id="note-{note_id}".*?</li>', html, re.S).group(0)
    return " ".join(walk_html(note).text.split())


def test_the_story_and_its_notes_are_signed_and_dated_on_the_page(site):
    html = (site / "call" / "index.html").read_text()
    byline = re.search(r'<span class="byline">(.*?)</span> · ', html).group(1)
    assert " ".join(walk_html(byline).text.split()) == "Tamara Keith, White House correspondent"
    assert 'href="https://ledger.example/people/tkeith" rel="author external"' in byline
    assert "Carrie Johnson, Justice correspondent · Added December 1, 2017 · updated " \
           "December 2, 2017" in note_text(html, "doubtful")
    assert "Tamara Keith, White House correspondent" in note_text(html, "call-date")
    assert "Added" not in note_text(html, "call-date")


def test_the_news_article_and_claim_reviews_name_people(site):
    article, *reviews = graph(site)
    assert article["author"] == [{"@type": "Person", "name": "Tamara Keith",
                                  "jobTitle": "White House correspondent",
                                  "url": "https://ledger.example/people/tkeith"}]
    assert article["datePublished"] == "2017-01-13T18:05:00-05:00"
    by_quote = {r["claimReviewed"]: r for r in reviews if r["@type"] == "ClaimReview"}
    doubtful = by_quote["called it “doubtful”"]
    # dated when the fact check was written, not when the story ran
    assert doubtful["datePublished"] == "2017-12-01T11:00:00-05:00"
    assert doubtful["dateModified"] == "2017-12-02"
    assert doubtful["author"]["@type"] == "Person" and doubtful["author"]["name"] == \
        "Carrie Johnson"
    assert doubtful["itemReviewed"]["author"] == {"@type": "Person", "name": "Sean Spicer"}
    transition = by_quote["sanctions were discussed"]
    assert transition["itemReviewed"]["author"] == {"@type": "Organization",
                                                    "name": "The Trump transition"}
    # a note signed by no one is the story's author's
    assert transition["author"]["name"] == "Tamara Keith"


def test_the_web_annotations_carry_their_notes_dates_and_creators(site):
    collection = json.loads((site / "call" / "annotations.jsonld").read_text())
    items = {item["id"].rsplit("#note-", 1)[1]: item for item in collection["first"]["items"]}
    assert items["doubtful"]["created"] == "2017-12-01T11:00:00-05:00"
    assert items["doubtful"]["modified"] == "2017-12-02"
    assert items["doubtful"]["creator"] == {"type": "Person", "name": "Carrie Johnson"}
    assert items["call-date"]["created"] == "2017-01-13T18:05:00-05:00"
    assert items["call-date"]["creator"]["homepage"] == "https://ledger.example/people/tkeith"


def test_the_updates_feed_has_the_notes_that_came_after_the_story(site):
    feed = ET.fromstring((site / "feeds" / "updates.xml").read_bytes())
    entries = feed.findall(ATOM + "entry")
    # the note added on the day the story ran, hours before it, is not an update
    assert [e.find(ATOM + "title").text for e in entries] == [
        "Note updated on “Adviser spoke to ambassador”: called it “doubtful”"]
    [entry] = entries
    assert entry.find(ATOM + "link").get("href") == "https://ledger.example/call/#note-doubtful"
    assert entry.find(ATOM + "published").text == "2017-12-01T11:00:00-05:00"
    assert entry.find(ATOM + "updated").text == "2017-12-02T00:00:00Z"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Carrie Johnson"
    stories = ET.fromstring((site / "feeds" / "stories.xml").read_bytes())
    assert stories.find(f"{ATOM}entry/{ATOM}published").text == "2017-01-13T18:05:00-05:00"


def test_unknown_authors_are_located_with_the_right_id(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE)
    write_story(content, "call", ARTICLE.replace("[tkeith]", "[tkieth]"),
                ANNOTATIONS.replace("author: cjohnson", "author: cjonson"))
    result = glossator("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/call/article.md:4:11: error: unknown author 'tkieth'\n" \
           "  hint: did you mean 'tkeith'?" in result.stderr
    assert "content/call/annotations.yaml:7:13: error: unknown author 'cjonson'\n" \
           "  hint: did you mean 'cjohnson'?" in result.stderr


def test_an_authors_picture_is_published_beside_the_site_and_kept_up_to_date(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE.replace(
        "    url: https://ledger.example/people/tkeith\n",
        "    url: https://ledger.example/people/tkeith\n    image: tkeith.png\n"))
    (content / "tkeith.png").write_bytes(b"\x89PNG\r\n\x1a\nfirst")
    write_story(content, "call", ARTICLE, ANNOTATIONS)
    assert glossator("build", "--no-search", cwd=tmp_path).returncode == 0
    picture = tmp_path / "site" / "authors" / "tkeith.png"
    assert picture.read_bytes().endswith(b"first")
    article = graph(tmp_path / "site")[0]
    assert article["author"][0]["image"] == "https://ledger.example/authors/tkeith.png"
    assert 'src="../authors/tkeith.png"' in (tmp_path / "site" / "call" / "index.html").read_text()
    # a new picture, nothing else changed
    (content / "tkeith.png").write_bytes(b"\x89PNG\r\n\x1a\nsecond")
    assert glossator("build", "--no-search", cwd=tmp_path).returncode == 0
    assert picture.read_bytes().endswith(b"second")
    # a picture that could run script on the site's origin is refused where it is named
    (content / "tkeith.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                        '<script>alert(1)</script></svg>')
    (content / "site.yaml").write_text((content / "site.yaml").read_text()
                                       .replace("tkeith.png", "tkeith.svg"))
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/tkeith.svg:1:" in result.stderr and "error:" in result.stderr
    assert picture.read_bytes().endswith(b"second")     # the site as it was


def test_an_authors_picture_that_links_outside_the_content_is_refused(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "private.png").write_bytes(b"\x89PNG\r\n\x1a\nnot for the site")
    (content / "tkeith.png").symlink_to(tmp_path / "private.png")
    (content / "site.yaml").write_text(SITE.replace(
        "    url: https://ledger.example/people/tkeith\n",
        "    url: https://ledger.example/people/tkeith\n    image: tkeith.png\n"))
    write_story(content, "call", ARTICLE, ANNOTATIONS)
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/site.yaml:8:12: error: 'tkeith.png' is a link to a file outside the " \
           "content folder" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_updates_feed_speaks_the_sites_language(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE + "language: es\n")
    write_story(content, "call", ARTICLE, ANNOTATIONS)
    result = glossator("build", "--no-search", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    feed = ET.fromstring((tmp_path / "site" / "feeds" / "updates.xml").read_bytes())
    assert feed.find(ATOM + "title").text == "The Ledger: notas actualizadas"
    assert [e.find(ATOM + "title").text for e in feed.findall(ATOM + "entry")] == [
        "Nota actualizada en «Adviser spoke to ambassador»: called it “doubtful”"]
