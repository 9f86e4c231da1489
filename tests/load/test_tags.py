"""Tags that differ only in case are one tag (issue 15): one page, shown with one
spelling everywhere (the one most stories use, ties to the first by code point),
listed in an order that never depends on Python's hash seed, and a warning at each
variant spelling that names the spellings and the stories that use them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from glossator.build.pipeline import run

from ..conftest import ROOT, glossator, snapshot, write_story
from ..build.test_incremental import cold_build, edit

TAGS = {"s0": "[Russia, TRUMP, sanctions]", "s1": "[russia]", "s2": "[Russia, Trump]",
        "s3": "[russia, Russia, Sanctions]", "s4": "[Sanctions, Flynn]"}


def archive(content: Path) -> None:
    for n, (slug, tags) in enumerate(TAGS.items()):
        write_story(content, slug, article=(
            f"---\ntitle: Story {n}\npublished: 2017-01-1{n}\ntags: {tags}\n---\n\n"
            "The call took place on Dec. 29, the same day the sanctions were announced.\n"),
            annotations=None)


class TagLinks(HTMLParser):
    """The text and address of each link to a tag page, and the page's <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.heading = ""
        self.href: str | None = None
        self.in_heading = False

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and "tags/" in href:
            self.href = href
            self.links.append(("", href))
        self.in_heading = self.in_heading or tag == "h1"

    def handle_endtag(self, tag):
        self.href = None if tag == "a" else self.href
        self.in_heading = self.in_heading and tag != "h1"

    def handle_data(self, data):
        if self.href is not None:
            text, href = self.links[-1]
            self.links[-1] = (text + data, href)
        if self.in_heading:
            self.heading += data


def read(page: Path) -> TagLinks:
    parser = TagLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_cold_builds_are_byte_identical_whatever_the_hash_seed(tmp_path):
    content = tmp_path / "content"
    archive(content)
    sites = []
    for seed in ("1", "2", "3", "4"):
        site = tmp_path / f"site-{seed}"
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content",
                               str(content), "--out", str(site), "--no-search"],
                              env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        sites.append(snapshot(site))
    assert all(site == sites[0] for site in sites[1:])


def test_tags_that_differ_only_in_case_are_one_tag_with_one_spelling(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    archive(content)
    result = glossator("build", "--content", str(content), "--out", str(site), "--no-search")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "tags").iterdir()) == [
        "flynn", "russia", "sanctions", "trump"]
    index = read(site / "index.html").links
    assert index == [("Flynn", "tags/flynn/"), ("Russia", "tags/russia/"),
                     ("Sanctions", "tags/sanctions/"), ("TRUMP", "tags/trump/")]
    shown = {"russia": "Russia", "trump": "TRUMP", "sanctions": "Sanctions", "flynn": "Flynn"}
    for slug in TAGS:
        for text, href in read(site / slug / "index.html").links:
            assert text == shown[href.split("/")[-2]], (slug, text)
    assert [text for text, _ in read(site / "s3" / "index.html").links] == [
        "Russia", "Sanctions"]
    for tag, spelling in shown.items():
        assert read(site / "tags" / tag / "index.html").heading == \
            f"Stories tagged “{spelling}”"


def test_each_variant_spelling_is_a_warning_where_it_stands(tmp_path):
    content = tmp_path / "content"
    archive(content)
    for command in ("check", "build"):
        result = glossator(command, "--content", str(content), *(
            ["--out", str(tmp_path / "site"), "--base-url", "https://example.org/"]
            if command == "build" else []))
        assert result.returncode == 0, result.stderr
        warnings = sorted(line for line in result.stderr.splitlines() if ": warning: " in line)
        assert warnings == [
            f"{content}/s0/article.md:4:23: warning: the tag 'sanctions' is shown as "
            "'Sanctions': tags that differ only in case are one tag (spelt 'Sanctions' in "
            "s3, s4; 'sanctions' in s0)",
            f"{content}/s1/article.md:4:8: warning: the tag 'russia' is shown as 'Russia': "
            "tags that differ only in case are one tag (spelt 'Russia' in s0, s2, s3; "
            "'russia' in s1, s3)",
            f"{content}/s2/article.md:4:16: warning: the tag 'Trump' is shown as 'TRUMP': "
            "tags that differ only in case are one tag (spelt 'TRUMP' in s0; 'Trump' in s2)",
            f"{content}/s3/article.md:4:8: warning: the tag 'russia' is shown as 'Russia': "
            "tags that differ only in case are one tag (spelt 'Russia' in s0, s2, s3; "
            "'russia' in s1, s3)",
        ], result.stderr
        assert "hint: spell it 'Russia' to match" in result.stderr


def test_after_every_change_of_spelling_the_cached_build_equals_a_cold_one(tmp_path):
    project = tmp_path / "project"
    content, site = project / "content", project / "site"
    archive(content)
    shutil.copytree(ROOT / "templates", project / "templates")
    steps = [
        ("first build", lambda: None),
        ("a story's own page changes spelling", lambda: edit(
            content / "s2" / "article.md", "[Russia, Trump]", "[Russia, trump]")),
        ("the most used spelling changes", lambda: [edit(
            content / slug / "article.md", "Russia", "russia") for slug in ("s0", "s2")]),
        ("a story with a variant is removed", lambda: shutil.rmtree(content / "s1")),
        ("and comes back", lambda: write_story(content, "s1", article=(
            "---\ntitle: Story 1\npublished: 2017-01-11\ntags: [RUSSIA]\n---\n\n"
            "The call took place on Dec. 29.\n"), annotations=None)),
        ("back to one spelling", lambda: [edit(content / slug / "article.md", old, "Russia")
                                          for slug, old in (("s0", "russia"), ("s1", "RUSSIA"),
                                                            ("s2", "russia"), ("s3", "russia"))]),
    ]
    for name, change in steps:
        change()
        outcome = run(content, site, search=False)
        assert outcome.written, (name, [d.format() for d in outcome.diagnostics.items])
        assert snapshot(site) == cold_build(project, tmp_path / "cold"), name
        again = run(content, site, search=False)
        assert again.unchanged, name
