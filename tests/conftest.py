from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """\
---
title: A test story
published: 2017-01-13
dek: What the story is about.
---

The call took place on Dec. 29, the same day the sanctions were announced.

Spicer called it “doubtful” that *sanctions* were discussed on [the call](https://example.org/call).
"""

ANNOTATIONS = """\
annotations:
  - id: doubtful
    type: claim
    quote: called it “doubtful”
    claimant: Sean Spicer
    rating: "false"
"""


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` by its content, to compare two sites byte for byte."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    """What a build left beside its output folder: only its cache should be there."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def load_bench(name: str):
    """A script of bench/ as a module, to test what it measures."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def glossator(*args: str, cwd: Path | None = None) -> Result:
    """Run the command as a user does, in a separate Python process."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)
    return Result(done.returncode, done.stdout, done.stderr)


def write_story(content: Path, slug: str = "story", article: str = ARTICLE,
                annotations: str | None = ANNOTATIONS) -> Path:
    folder = content / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.md").write_text(textwrap.dedent(article), encoding="utf-8")
    if annotations is not None:
        (folder / "annotations.yaml").write_text(textwrap.dedent(annotations),
                                                 encoding="utf-8")
    return folder


def example_authors() -> str:
    """The authors: of the example site's site.yaml, whom its story's notes name, for
    a site of one's own that copies the story."""
    text = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    return text[text.index("authors:"):]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    return folder
