"""`build`: what it writes, that a failed build changes nothing, that two builds are
byte-identical, and that the pages hold what the contract promises."""

from __future__ import annotations

import re
import shutil

from glossator.anchor.text import parse_story

from ..conftest import ARTICLE, beside, glossator, snapshot, write_story
from ..htmlwalk import walk_html



def story_element(html: str) -> str:
    match = re.search(r'<div id="story" class="story">(.*?)</div>\n', html, re.S)
    assert match, "no #story element"
    return match.group(1)


def test_build_writes_the_index_the_story_its_assets_and_static_files(content, tmp_path):
    folder = write_story(content)
    (folder / "images").mkdir()
    (folder / "images" / "map.png").write_bytes(b"\x89PNG fake")
    out = tmp_path / "site"
    result = glossator("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Built 1 story, 1 annotation into" in result.stdout
    files = set(snapshot(out))
    assert {"index.html", "story/index.html", "story/images/map.png",
            "static/reader.css", "static/favicon.svg"} <= files
    assert not any(name.endswith((".md", ".yaml")) for name in files)
    assert beside(out) == [".site.glossator"], "a staging folder was left behind"


def test_the_story_text_and_notes_on_the_page(content, tmp_path):
    write_story(content)
    out = tmp_path / "site"
    assert glossator("build", "--content", str(content), "--out", str(out)).returncode == 0
    html = (out / "story" / "index.html").read_text()
    walk = walk_html(story_element(html))
    body = ARTICLE.split("---\n", 2)[2]
    assert walk.text == parse_story(body).text
    assert walk.marked == {"doubtful": "called it “doubtful”"}
    # without JavaScript: highlight -> note -> back to the highlight
    assert 'href="#note-doubtful" id="ref-doubtful"' in html
    note = re.search(r'<li class="note" id="note-doubtful".*?</li>', html, re.S).group(0)
    assert 'href="#ref-doubtful"' in note and "Sean Spicer" in note and ">False<" in note


def test_links_are_relative_so_the_site_works_from_a_sub_path(content, tmp_path):
    write_story(content)
    out = tmp_path / "site"
    glossator("build", "--content", str(content), "--out", str(out))
    for page in out.rglob("*.html"):
        if page.name == "404.html":     # served at any depth: it links from the site's root
            continue
        for url in re.findall(r'(?:href|src)="([^"]*)"', page.read_text()):
            assert not url.startswith("/"), f"{page}: {url} is absolute to the host root"
            if not re.match(r"https?:|mailto:|#", url):
                target = (page.parent / url.split("#")[0])
                target = target / "index.html" if url.endswith("/") or url in ("", "./") else target
                assert target.exists(), f"{page}: {url} leads nowhere"


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(content, tmp_path):
    write_story(content)
    out = tmp_path / "site"
    assert glossator("build", "--content", str(content), "--out", str(out)).returncode == 0
    before = snapshot(out)
    write_story(content, "second", annotations="annotations:\n  - id: x\n    type: claim\n"
                                               "    quote: words not in the story\n")
    result = glossator("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 1
    assert "site/ was left as it was" in result.stderr.replace(str(tmp_path) + "/", "")
    assert snapshot(out) == before
    assert beside(out) == [".site.glossator"]


def test_strict_fails_on_a_warning_and_keeps_the_site(content, tmp_path):
    write_story(content)
    out = tmp_path / "site"
    glossator("build", "--content", str(content), "--out", str(out))
    before = snapshot(out)
    annotations = content / "story" / "annotations.yaml"
    annotations.write_text(annotations.read_text().replace("“doubtful”", '"doubtful"'))
    assert glossator("build", "--content", str(content), "--out", str(out)).returncode == 0
    assert snapshot(out) != before
    rebuilt = snapshot(out)
    annotations.write_text(annotations.read_text().replace("- id: doubtful", "- id: doubt"))
    assert glossator("build", "--strict", "--content", str(content), "--out",
                     str(out)).returncode == 1
    assert snapshot(out) == rebuilt


def test_a_rebuild_replaces_the_old_site_entirely(content, tmp_path):
    write_story(content)
    write_story(content, "second")
    out = tmp_path / "site"
    glossator("build", "--content", str(content), "--out", str(out))
    shutil.rmtree(content / "second")
    glossator("build", "--content", str(content), "--out", str(out))
    assert not (out / "second").exists()


def test_two_builds_in_different_folders_are_byte_identical(content, tmp_path):
    write_story(content)
    write_story(content, "second")
    copy = tmp_path / "elsewhere" / "content"
    shutil.copytree(content, copy)
    first, second = tmp_path / "one", tmp_path / "two"
    glossator("build", "--content", str(content), "--out", str(first))
    glossator("build", "--content", str(copy), "--out", str(second), cwd=tmp_path)
    assert snapshot(first) == snapshot(second)


def test_the_example_site_builds_strictly():
    result = glossator("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Checked 1 story, \d+ annotations", result.stdout)


def test_output_that_cannot_be_written_is_a_clear_error(content, tmp_path):
    write_story(content)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = glossator("build", "--content", str(content), "--out", str(blocker / "site"))
    assert result.returncode == 1
    assert "error: cannot write the site to" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "not a folder"


def test_tags_that_differ_only_in_case_share_a_page_listing_each_story_once(content, tmp_path):
    for slug in ("first", "second"):
        write_story(content, slug, article=ARTICLE.replace(
            "dek:", "tags: [Politics, politics, Courts]\ndek:"))
    out = tmp_path / "site"
    assert glossator("build", "--content", str(content), "--out", str(out)).returncode == 0
    page = (out / "tags" / "politics" / "index.html").read_text()
    assert page.count('href="../../first/"') == 1 and page.count('href="../../second/"') == 1
    assert sorted(p.name for p in (out / "tags").iterdir()) == ["courts", "politics"]
