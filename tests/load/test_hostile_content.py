"""Content written to hurt (issue 15): YAML that nests or expands without end, a story
too long to render in reasonable time, files that lead out of the content folder,
values and names written to forge messages. Each is one located error, exit status 1,
no traceback, and the site as it was; no message shows more than a short excerpt of
what a file holds."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Callable

import pytest

from ..conftest import ANNOTATIONS, ARTICLE, beside, glossator, snapshot, write_story

Breaker = Callable[[Path], None]       # breaks a content folder holding story/ (good)
DEEP = 30_000
SECRET = ("-----BEGIN OPENSSH PRIVATE KEY-----\n"
          "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n"
          "NhAAAAAwEAAQAAAYEAs3cr3tk3ym4t3r14lTh4tSh0uldn3v3rb3pr1nt3dAAAAAAAAAAA\n"
          "-----END OPENSSH PRIVATE KEY-----\n")


def story(content: Path) -> Path:
    return content / "story"


def nested(opening: str, closing: str, depth: int = DEEP) -> str:
    return opening * depth + closing * depth


def write(name: str, text: str) -> Breaker:
    def breaker(content: Path) -> None:
        path = content / name if name == "site.yaml" else story(content) / name
        path.write_text(text, encoding="utf-8")
    return breaker


def linked_outside(name: str) -> Breaker:
    """The file as a link to a private key kept beside the project."""
    def breaker(content: Path) -> None:
        secret = content.parent / "id_ed25519"
        secret.write_text(SECRET)
        path = content / name if name == "site.yaml" else story(content) / name
        path.unlink(missing_ok=True)
        path.symlink_to(secret)
    return breaker


def link_loop(content: Path) -> None:
    path = story(content) / "annotations.yaml"
    path.unlink()
    path.symlink_to(path.name)


def alias_amplification(content: Path) -> None:
    """188 KB that would be 100 MB of notes: one body, repeated by aliases."""
    lines = ["annotations:",
             "  - {id: first, type: context, quote: Dec. 29, body: &b \"" + "x" * 100_000 + "\"}"]
    lines += [f"  - {{id: n{n}, type: context, quote: Dec. 29, body: *b}}" for n in range(999)]
    story(content).joinpath("annotations.yaml").write_text("\n".join(lines) + "\n")


def nested_aliases(content: Path) -> None:
    """The billion laughs, in fields the schema reads: 9**10 sources from 2 KB."""
    text = ("annotations:\n  - id: x\n    type: source\n    quote: Dec. 29\n"
            "    sources: &l0 [" + ", ".join(["{title: lol}"] * 9) + "]\n")
    for n in range(1, 10):
        text += (f"  - {{id: y{n}, type: source, quote: Dec. 29, "
                 f"sources: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]}}\n")
    story(content).joinpath("annotations.yaml").write_text(text)


def recursive_alias(content: Path) -> None:
    story(content).joinpath("annotations.yaml").write_text(
        "annotations: &a\n  - id: x\n    type: context\n    quote: Dec. 29\n    sources: *a\n")


CASES: dict[str, Breaker] = {
    "annotations-nested-30000-deep": write("annotations.yaml",
                                           "annotations: " + nested("[", "]") + "\n"),
    "annotations-mappings-nested-30000-deep": write(
        "annotations.yaml", "annotations: " + nested("{a: ", "}") + "\n"),
    "tags-nested-30000-deep": write("article.md", ARTICLE.replace(
        "dek:", "tags: " + nested("[", "]") + "\ndek:")),
    "site-yaml-nested-30000-deep": write("site.yaml", "title: " + nested("[", "]") + "\n"),
    "block-nesting-150-deep": write("annotations.yaml", "annotations:\n" + "".join(
        "  " * (depth + 1) + "-\n" for depth in range(150))),
    "aliases-amplify-one-body": alias_amplification,
    "aliases-billion-laughs": nested_aliases,
    "alias-inside-its-own-value": recursive_alias,
    "article-of-3-mb": write("article.md", ARTICLE + "a\n\n" * 1_000_000),
    "article-of-many-short-lines": write("article.md", ARTICLE + "a\n\n" * 15_000),
    "note-of-1.5-mb": write("annotations.yaml", ANNOTATIONS + '    body: "'
                            + "a\\n\\n" * 300_000 + '"\n'),
    "notes-of-many-lines": write("annotations.yaml", ANNOTATIONS + "".join(
        f'  - {{id: n{n}, type: context, quote: Dec. 29, body: "' + "a\\n\\n" * 2_000 + '"}\n'
        for n in range(30))),
    "article-links-outside": linked_outside("article.md"),
    "annotations-links-outside": linked_outside("annotations.yaml"),
    "anchors-links-outside": linked_outside("anchors.json"),
    "site-yaml-links-outside": linked_outside("site.yaml"),
    "annotations-link-to-itself": link_loop,
    "explicit-tag-of-another-kind": write("article.md", ARTICLE.replace(
        "dek:", "tags: !!seq {a: b}\ndek:")),
    "explicit-mapping-tag-on-text": write("annotations.yaml", "annotations:\n  - !!map x\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    write_story(root / "content")
    (root / "content" / "site.yaml").write_text("title: Site\n")
    result = glossator("build", "--content", str(root / "content"), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_a_located_error_and_the_site_is_kept(built, tmp_path, name):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(built / "content", content, symlinks=True)
    shutil.copytree(built / "site", site)
    before = snapshot(site)
    CASES[name](content)
    started = time.perf_counter()
    for command in ("check", "build"):
        args = [command, "--content", str(content)] + (["--out", str(site)]
                                                       if command == "build" else [])
        result = glossator(*args)
        assert result.returncode == 1, (command, result.returncode, result.stderr[-2000:])
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        located = re.findall(rf"^{re.escape(str(content))}/\S*:\d+:\d+: error: .+$",
                             result.stderr, re.M)
        assert len(located) == 1, result.stderr[-2000:]
        assert len(result.stderr) < 1000, "a message echoes what the file holds"
        assert "PRIVATE KEY" not in output and "b3BlbnNzaC1" not in output
    assert time.perf_counter() - started < 20
    assert snapshot(site) == before
    assert beside(site) == [".site.glossator"]


def test_a_story_linked_from_outside_is_not_published(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    elsewhere = write_story(tmp_path / "private", "draft", article=ARTICLE.replace(
        "A test story", "Not for publishing"))
    folder = content / "story"
    folder.mkdir(parents=True)
    (folder / "article.md").symlink_to(elsewhere / "article.md")
    (folder / "annotations.yaml").write_text(ANNOTATIONS)
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 1
    assert f"{folder}/article.md:1:1: error: article.md is a link to a file outside the " \
           "content folder" in result.stderr
    assert not site.exists()


def test_links_within_the_content_folder_are_followed(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    write_story(content, "story", annotations=None)
    (content / "_shared").mkdir()                  # '_': not a story of its own
    (content / "_shared" / "notes.yaml").write_text(ANNOTATIONS)
    (content / "story" / "annotations.yaml").symlink_to(Path("../_shared/notes.yaml"))
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 0, result.stderr
    assert "Sean Spicer" in (site / "story" / "index.html").read_text()


def test_a_long_value_is_echoed_only_in_part(tmp_path):
    content = tmp_path / "content"
    value = "word " * 2000
    write_story(content, annotations=ANNOTATIONS + f"  - id: x\n    type: context\n"
                f"    quote: Dec. 29\n    date: {value}\n  - id: '{value}'\n"
                f"    type: context\n    quote: Dec. 29\n")
    result = glossator("check", "--content", str(content))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stderr
    assert all(len(line) < len(str(content)) + 200 for line in errors), result.stderr
    assert all("word word word…" in line for line in errors), result.stderr


def test_names_and_values_cannot_forge_a_message_or_drive_the_terminal(tmp_path):
    content = tmp_path / "content"
    forged = "x\napp.py:1:1: error: forged\x1b[2J"
    write_story(content, f"story{forged}")
    write_story(content, annotations=ANNOTATIONS + "  - id: x\n    type: opinion\n"
                "    quote: Dec. 29\n  - id: y\n    type: \"\\e]0;owned\\a\"\n    quote: a\n")
    result = glossator("check", "--content", str(content))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    lines = result.stderr.splitlines()
    assert not any(line.startswith("app.py") for line in lines), result.stderr
    assert any("storyx\\napp.py:1:1: error: forged\\x1b[2J" in line for line in lines)
    assert any("\\x1b]0;owned\\x07" in line for line in lines), result.stderr


def test_an_anchors_file_nested_too_deep_is_ignored_with_a_warning(tmp_path):
    content = tmp_path / "content"
    folder = write_story(content)
    (folder / "anchors.json").write_text(nested("[", "]", 100_000))
    result = glossator("check", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{folder}/anchors.json:1:1: warning: ignoring anchors.json" in result.stderr
