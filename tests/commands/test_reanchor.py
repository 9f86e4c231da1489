"""`reanchor` rewrites the quoted values and nothing else of the file: its byte-order
mark and its line ends stay as the author's editor wrote them, and the file is replaced
in one step, never left half written."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from ..conftest import ROOT, glossator


@pytest.fixture
def story(tmp_path):
    """The example story, built once so that its quotes are remembered, then edited so
    that one quote follows the edit."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert glossator("build", "--content", "content", cwd=tmp_path).returncode == 0
    article = content / "flynn-kislyak-call" / "article.md"
    article.write_text(article.read_text().replace("broke the story Thursday",
                                                   "broke the story on Thursday"))
    return content / "flynn-kislyak-call" / "annotations.yaml"


@pytest.mark.parametrize("bom, newline", [(True, b"\r\n"), (False, b"\r\n"), (True, b"\n"),
                                          (False, b"\r")])
def test_reanchor_keeps_the_files_byte_order_mark_and_line_ends(story, bom, newline):
    lines = story.read_bytes().split(b"\n")
    original = (b"\xef\xbb\xbf" if bom else b"") + newline.join(lines)
    story.write_bytes(original)
    story.chmod(0o640)
    inode = os.stat(story).st_ino
    result = glossator("reanchor", cwd=story.parents[2])
    assert result.returncode == 0, result.stderr
    assert "1 value changed" in result.stdout
    after = story.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    old_lines, new_lines = original.split(newline), after.split(newline)
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(changed) == 1
    assert changed[0][1].strip() == \
        b'quote: "David Ignatius at the Washington Post broke the story on Thursday"'
    if newline != b"\n":
        assert b"\n" not in after.replace(b"\r\n", b"") if newline == b"\r\n" else \
            b"\n" not in after
    assert stat.S_IMODE(os.stat(story).st_mode) == 0o640
    assert os.stat(story).st_ino != inode, "rewritten in place, not replaced in one step"
    assert not [p for p in story.parent.iterdir() if p.name.startswith(".")]
    assert glossator("check", "--strict", cwd=story.parents[2]).returncode == 0
