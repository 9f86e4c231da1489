"""Broken content: each of these inputs gives a clear error at its place, exit status 1,
no traceback, and leaves the previously built site/ exactly as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from ..conftest import ANNOTATIONS, ARTICLE, beside, glossator, snapshot, write_story

Breaker = Callable[[Path], None]   # breaks a content folder holding story/ (good)


def story(content: Path) -> Path:
    return content / "story"


def edit(name: str, old: str, new: str) -> Breaker:
    def breaker(content: Path) -> None:
        path = story(content) / name if name != "site.yaml" else content / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text, (old, text)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return breaker


def write(name: str, data: str | bytes) -> Breaker:
    def breaker(content: Path) -> None:
        path = story(content) / name if name != "site.yaml" else content / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return breaker


def folder(name: str, article: str = ARTICLE) -> Breaker:
    def breaker(content: Path) -> None:
        write_story(content, name, article=article, annotations=None)
    return breaker


def annotation(extra: str) -> Breaker:
    return write("annotations.yaml", ANNOTATIONS + extra)


def symlinked_story(content: Path) -> None:
    outside = content.parent / "outside"
    write_story(outside.parent, "outside")
    (content / "linked").symlink_to(outside, target_is_directory=True)


def symlinked_asset(content: Path) -> None:
    secret = content.parent / "secret.txt"
    secret.write_text("not for publishing")
    (story(content) / "notes.txt").symlink_to(secret)


def alias_bomb(content: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("annotations: [*a9, *a9, *a9]")
    story(content).joinpath("annotations.yaml").write_text("\n".join(lines) + "\n")


FIELD = "annotations:\n  - id: extra\n    type: context\n"
CASES: dict[str, Breaker] = {
    "yaml-unclosed-flow": annotation("  - id: x\n    type: context\n    quote: [a, b\n"),
    "yaml-bad-indentation": annotation("  - id: x\n   type: context\n     quote: y\n"),
    "yaml-unclosed-quote": annotation('  - id: x\n    type: context\n    quote: "open\n'),
    "yaml-stray-colon": write("annotations.yaml", "annotations: - : :\n  x: [\n"),
    "tab-indentation": annotation("\t- id: x\n"),
    "duplicate-key-annotation": annotation("  - id: x\n    type: context\n    type: claim\n    quote: Dec. 29\n"),
    "duplicate-key-front-matter": edit("article.md", "title: A test story\n", "title: A\ntitle: B\n"),
    "annotations-is-a-mapping": write("annotations.yaml", "annotations:\n  id: x\n"),
    "annotations-is-empty": write("annotations.yaml", "annotations:\n"),
    "annotation-is-text": annotation("  - just some words\n"),
    "sources-is-text": annotation("  - id: x\n    type: source\n    quote: Dec. 29\n    sources: the Post\n"),
    "source-without-title": annotation("  - id: x\n    type: source\n    quote: Dec. 29\n    sources: [{url: 'https://example.org'}]\n"),
    "tags-is-text": edit("article.md", "dek:", "tags: one, two\ndek:"),
    "title-is-a-list": edit("article.md", "title: A test story", "title: [a, b]"),
    "front-matter-is-a-list": edit("article.md", "title: A test story\npublished: 2017-01-13\ndek: What the story is about.\n", "- a\n- b\n"),
    "unknown-annotation-field": annotation("  - id: x\n    type: context\n    quote: Dec. 29\n    boddy: text\n"),
    "unknown-front-matter-field": edit("article.md", "dek:", "subtitle: x\ndek:"),
    "unknown-site-field": write("site.yaml", "title: Site\nbase_ulr: https://example.org/\n"),
    "site-types-bad-name": write("site.yaml", "types:\n  - {name: Bad Name}\n"),
    "site-not-a-mapping": write("site.yaml", "- just\n- a list\n"),
    "missing-article": lambda content: (story(content) / "article.md").unlink(),
    "empty-article": write("article.md", ""),
    "empty-front-matter": write("article.md", "---\n---\n\nBody.\n"),
    "no-front-matter": write("article.md", "# Just a story\n\nBody.\n"),
    "front-matter-never-closes": write("article.md", "---\ntitle: x\npublished: 2017-01-13\n\nBody.\n"),
    "article-not-utf8": write("article.md", ARTICLE.encode("utf-8").replace(b"Dec. 29", b"D\xe9c. 29")),
    "annotations-not-utf8": write("annotations.yaml", ANNOTATIONS.encode("utf-8").replace(b"claim", b"cl\xffaim", 1)),
    "site-not-utf8": write("site.yaml", b"title: \xff\xfe bad\n"),
    "binary-annotations": write("annotations.yaml", b"\x00\x01\x02annotations\x00"),
    "date-february-30": edit("article.md", "published: 2017-01-13", "published: 2017-02-30"),
    "date-month-13": edit("article.md", "published: 2017-01-13", "published: 2017-13-01"),
    "date-in-words": edit("article.md", "published: 2017-01-13", "published: yesterday"),
    "annotation-date-impossible": annotation("  - id: x\n    type: context\n    quote: Dec. 29\n    date: 2016-11-31\n"),
    "slug-with-spaces": folder("a story"),
    "slug-with-capitals": folder("Story"),
    "slug-with-dots": folder("a..b"),
    "slug-with-backslash": folder("a\\b"),
    "slug-reserved": folder("static"),
    "symlink-story-leaves-content": symlinked_story,
    "symlink-asset-leaves-story": symlinked_asset,
    "asset-named-like-the-page": write("index.html", "<p>a page of its own</p>"),
    "enormous-file": write("article.md", ARTICLE + "word " * 2_000_000),
    "yaml-alias-bomb": alias_bomb,
    "deeply-nested-yaml": write("annotations.yaml", "annotations: " + "[" * 5000 + "]" * 5000 + "\n"),
    "unknown-type": annotation("  - id: x\n    type: opinion\n    quote: Dec. 29\n"),
    "correction-without-original": annotation("  - id: x\n    type: correction\n    quote: Dec. 29\n    corrected: y\n"),
    "invalid-rating": annotation("  - id: x\n    type: claim\n    quote: Dec. 29\n    rating: pants-on-fire\n"),
    "quote-not-in-story": annotation("  - id: x\n    type: context\n    quote: words that are nowhere\n"),
    "quote-ambiguous": annotation("  - id: x\n    type: context\n    quote: the\n"),
    "duplicate-ids": annotation("  - id: doubtful\n    type: context\n    quote: Dec. 29\n"),
    "id-with-capitals": annotation("  - id: Big-ID\n    type: context\n    quote: Dec. 29\n"),
    "script-url": annotation("  - id: x\n    type: source\n    quote: Dec. 29\n    sources: [{title: t, url: 'javascript:alert(1)'}]\n"),
    "control-character": edit("article.md", "title: A test story", 'title: "A \\u0007 story"'),
    "image-from-another-site": edit("article.md", "Spicer called", "![map](https://example.org/map.png)\n\nSpicer called"),
    "note-image-from-another-site": annotation("  - id: x\n    type: context\n    quote: Dec. 29\n    body: '![map](//example.org/map.png)'\n"),
    "language-not-a-tag": edit("article.md", "dek:", "language: the english language\ndek:"),
}



@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    write_story(root / "content")
    (root / "content" / "site.yaml").write_text("title: Site\n")
    result = glossator("build", "--content", str(root / "content"), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root


def test_the_corpus_has_at_least_forty_inputs():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_is_a_located_error_and_the_site_is_kept(built, tmp_path, name):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(built / "content", content, symlinks=True)
    shutil.copytree(built / "site", site)
    before = snapshot(site)
    CASES[name](content)
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    located = re.findall(rf"^{re.escape(str(content))}/\S.*?:\d+:\d+: error: .+$",
                         result.stderr, re.M)
    assert located, result.stderr
    assert snapshot(site) == before
    assert beside(site) == [".site.glossator"]


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_the_same_story(built, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(built / "content", content)
    for name in ("article.md", "annotations.yaml"):
        path = story(content) / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = glossator("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "site") == snapshot(built / "site")
