"""Which folders of the content are stories: the one walk every command takes (the
build's fast path too, so nothing here loads YAML), and what to say when there are
none."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostics, Location

ARTICLE_FILE = "article.md"


def story_folders(content_dir: Path) -> list[Path]:
    """The folders that are stories, in the order a build takes them: every folder
    but those whose names start with '.' or '_' (kept out of the site)."""
    return [content_dir / name for name in story_names(content_dir)]


def story_names(content_dir: Path) -> list[str]:
    """The names of `story_folders`, without a Path made for each (a tenth of a
    second at 20,000 stories, for a build that may have nothing to do)."""
    return content_listing(content_dir)[0]


def content_listing(content_dir: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """`story_names`, and the files beside site.yaml (site.yaml too) as (name, path),
    sorted by name: from one look at the folder, where every story's folder stands."""
    try:
        entries = sorted(os.scandir(content_dir), key=lambda entry: entry.name)
    except OSError:
        return [], []
    names, files = [], []
    for entry in entries:
        if entry.is_dir():
            if not entry.name.startswith((".", "_")):
                names.append(entry.name)
        elif entry.is_file():
            files.append((entry.name, entry.path))
    return names, files


def content_folder_exists(content_dir: Path, diagnostics: Diagnostics) -> bool:
    if content_dir.is_dir():
        return True
    diagnostics.error(Location(content_dir), "the content folder does not exist",
                      hint="pass --content DIR, or run from the project folder")
    return False


def say_if_no_stories(content_dir: Path, stories: int, diagnostics: Diagnostics) -> None:
    if not stories and not diagnostics.errors:
        diagnostics.warning(Location(content_dir), "the content folder has no stories",
                            hint=f"a story is a folder holding {ARTICLE_FILE}")
