"""What the site is published with is checked before a build relies on it (issue 15):
every feed and the sitemap are well-formed XML whatever a title holds; base_url is
validated and normalised, in site.yaml and on the command line; a tag too long to
make its page's file name fails `check` as it would fail the build, at the tag."""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossator.build.pipeline import run

from ..conftest import ARTICLE, glossator, write_story

CORRECTION = """\
annotations:
  - id: fix
    type: correction
    quote: Dec. 29
    original: {original}
    corrected: Dec. 28
    title: {title}
"""


def feeds_and_sitemap(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/*.xml")) + [site / "sitemap.xml"]


def quoted(text: str) -> str:
    """The text as a YAML double-quoted scalar that reads back as the same text."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True,
                          width=float("inf")).rstrip("\n")


def story_with(content: Path, title: str) -> None:
    write_story(content, article=ARTICLE.replace("title: A test story",
                                                 f"title: {quoted(title)}"),
                annotations=CORRECTION.format(original=quoted(title), title=quoted(title)))
    (content / "site.yaml").write_text(f"title: {quoted(title)}\n"
                                       "base_url: https://news.example/\n", encoding="utf-8")


def test_a_character_xml_does_not_allow_is_a_located_error(tmp_path):
    for character in ("\ufffe", "\uffff"):
        content = tmp_path / f"content-{ord(character):x}"
        story_with(content, f"A {character} story")
        result = glossator("build", "--content", str(content), "--out", str(tmp_path / "site"))
        assert result.returncode == 1, result.stdout
        assert f"{content}/story/article.md:2:8: error: 'title' contains a control " \
               f"character (U+{ord(character):04X})" in result.stderr, result.stderr


ODD = "\x85\u2028\u202e\u200b]]>&<\"'\U0001F4F0\ufffd\t"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(list(ODD) + list("ab \u00e9\u4e2d\ufffe\uffff")),
                          st.characters(exclude_categories=("Cs", "Cc"))),
                min_size=1, max_size=12).map("".join).filter(str.strip))
def test_every_feed_and_the_sitemap_parse_as_xml_whatever_a_title_holds(title):
    root = Path(tempfile.mkdtemp(prefix="feeds-"))
    try:
        story_with(root / "content", title)
        outcome = run(root / "content", root / "site", search=False)
        if not outcome.written:     # refused, at the place it was written
            assert all(d.location.line >= 1 for d in outcome.diagnostics.errors)
            return
        for path in feeds_and_sitemap(root / "site"):
            ET.fromstring(path.read_bytes())      # raises if it is not well-formed
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_odd_but_allowed_characters_reach_the_feeds_as_written(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    story_with(content, f"A story {ODD}")
    assert run(content, site, search=False).written
    stories = ET.fromstring((site / "feeds" / "stories.xml").read_bytes())
    titles = [element.text for element in stories.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles == [f"A story {ODD}"] * 2


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("link", "a", "script", "img"):
            self.addresses += [attributes[k] for k in ("href", "src") if attributes.get(k)]


def addresses(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.addresses


def test_a_base_url_that_would_send_pages_elsewhere_is_a_located_error(tmp_path):
    for value in ("https://news.example//evil.example/", "https://user@news.example/",
                  "javascript://news.example/%0aalert(1)", "https://news.example/a/../b/",
                  "https://news.example/?q", "https:///news/"):
        content = tmp_path / "content"
        shutil.rmtree(content, ignore_errors=True)
        write_story(content)
        (content / "site.yaml").write_text(f"title: Site\nbase_url: {value}\n")
        result = glossator("check", "--content", str(content))
        assert result.returncode == 1, (value, result.stdout)
        assert f"{content}/site.yaml:2:11: error: 'base_url' " in result.stderr, result.stderr
        built = glossator("build", "--content", str(content), "--out", str(tmp_path / "site"),
                          "--base-url", value)
        assert built.returncode == 2, (value, built.stderr)
        assert "error: argument --base-url: " in built.stderr
        assert "Traceback" not in result.stderr + built.stderr


def test_a_base_url_is_normalised_before_pages_use_it(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    write_story(content)
    (content / "site.yaml").write_text("title: Site\nbase_url: HTTPS://News.Example/newsstory\n")
    assert glossator("build", "--content", str(content), "--out", str(site)).returncode == 0
    assert "/newsstory/static/reader.css" in addresses(site / "404.html")
    assert "https://news.example/newsstory/story/" in addresses(site / "story" / "index.html")
    sitemap = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
            ][:2] == ["https://news.example/newsstory/", "https://news.example/newsstory/story/"]
    on_the_command_line = tmp_path / "site2"
    assert glossator("build", "--content", str(content), "--out", str(on_the_command_line),
                     "--base-url", "https://other.example/sub").returncode == 0
    assert "/sub/static/reader.css" in addresses(on_the_command_line / "404.html")


def test_a_tag_too_long_for_its_page_fails_check_at_the_tag(tmp_path):
    content = tmp_path / "content"
    write_story(content, article=ARTICLE.replace("dek:", f"tags: [short, {'x' * 300}]\ndek:"))
    for command in ("check", "build"):
        result = glossator(command, "--content", str(content),
                           *(["--out", str(tmp_path / "site")] if command == "build" else []))
        assert result.returncode == 1, result.stdout
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors == [f"{content}/story/article.md:4:15: error: the tag "
                          f"'{'x' * 59}…' is 300 characters long; a tag may have at most 100"]
    write_story(content, article=ARTICLE.replace("dek:", f"tags: [{'x' * 100}]\ndek:"))
    assert glossator("build", "--content", str(content), "--out",
                     str(tmp_path / "site")).returncode == 0
