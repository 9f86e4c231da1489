"""`reanchor`: write the new wording of quotes that followed an edit into
annotations.yaml, changing those values and nothing else in the file (comments,
order and formatting stay as the author left them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .anchor import AnchoredStory, Followed, anchor_story
from .diagnostics import Diagnostics, display_path
from .load import load_site
from .memory import MEMORY_FILE, remember, save_memory


@dataclass(frozen=True)
class Change:
    path: Path
    line: int
    field: str
    old: str
    new: str

    def format(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.field}: “{self.old}” → “{self.new}”"


def reanchor(content_dir: Path) -> tuple[list[Change], Diagnostics]:
    diagnostics = Diagnostics()
    site = load_site(content_dir, diagnostics)
    changes: list[Change] = []
    for story in site.stories:
        anchored = anchor_story(story, Diagnostics())   # its warnings are what we fix
        if anchored.followed and story.annotations_path is not None:
            changes += rewrite(story.annotations_path, anchored)
            memory = dict(anchored.memory)
            for followed in anchored.followed.values():
                memory[followed.annotation.id] = remember(
                    anchored.text.text, followed.span.start, followed.span.end)
            save_memory(story.folder / MEMORY_FILE, memory)
    # What is left after the rewrite (orphans, errors) is reported as a check would.
    site = load_site(content_dir, diagnostics := Diagnostics())
    for story in site.stories:
        anchor_story(story, diagnostics)
    return changes, diagnostics


def rewrite(path: Path, anchored: AnchoredStory) -> list[Change]:
    source = path.read_text(encoding="utf-8")
    edits: list[tuple[int, int, str, Change]] = []
    for followed in anchored.followed.values():
        for name, start, end in followed.annotation.source_spans:
            new = new_value(name, followed, anchored.text.text)
            old = getattr(followed.annotation, name)
            if new is None or new == old:
                continue
            line = source.count("\n", 0, start) + 1
            edits.append((start, end, json.dumps(new, ensure_ascii=False),
                          Change(path, line, name, " ".join(old.split()), new)))
    for start, end, scalar, _ in sorted(edits, key=lambda e: e[0], reverse=True):
        source = source[:start] + scalar + source[end:]
    path.write_text(source, encoding="utf-8")
    return [change for *_, change in sorted(edits, key=lambda e: e[0])]


def new_value(name: str, followed: Followed, text: str) -> str | None:
    """The quote's new words, or a prefix or suffix of about the length the author
    gave, cut at a word, from the text now around it."""
    span, annotation = followed.span, followed.annotation
    if name == "quote":
        return " ".join(followed.wording.split())
    if name == "prefix":
        before = text[max(0, span.start - len(annotation.prefix) - 12):span.start]
        words = before.split(" ")
        return " ".join(words[-max(1, len(annotation.prefix.split())):]).lstrip("\n")
    if name == "suffix":
        after = text[span.end:span.end + len(annotation.suffix) + 12]
        words = after.split(" ")
        return " ".join(words[:max(1, len(annotation.suffix.split()))]).rstrip("\n")
    return None
