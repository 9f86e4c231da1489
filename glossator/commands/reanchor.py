"""`reanchor`: write the new wording of quotes that followed an edit into
annotations.yaml, changing those values and nothing else in the file (comments,
order and formatting stay as the author left them).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..anchor.match import find_all
from ..anchor.normalform import normalize, normalize_fragment
from ..anchor.quotes import anchor_story, turn
from ..model import AnchoredStory, Followed
from ..diagnostics import Diagnostics, display_path
from ..load.story import load_stories
from ..memory import MEMORY_FILE, remember, save_memory


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
    _, stories = load_stories(content_dir, diagnostics)
    changes: list[Change] = []
    for story in stories:
        anchored = anchor_story(story, Diagnostics())   # its warnings are what we fix
        if anchored.followed and story.annotations_path is not None:
            changes += rewrite(story.annotations_path, anchored)
            memory = dict(anchored.memory)
            normal = normalize(anchored.text.text)
            for followed in anchored.followed.values():
                words = normalize_fragment(followed.wording).strip()
                starts = find_all(normal.text, words)
                memory[followed.annotation.id] = remember(
                    anchored.text.text, followed.span.start, followed.span.end,
                    len(starts), turn(starts, normal.normal_index(followed.span.start)))
            save_memory(story.folder / MEMORY_FILE, memory)
    # What is left after the rewrite (orphans, errors) is reported as a check would.
    _, stories = load_stories(content_dir, diagnostics := Diagnostics())
    for story in stories:
        anchor_story(story, diagnostics)
    return changes, diagnostics


def rewrite(path: Path, anchored: AnchoredStory) -> list[Change]:
    raw = path.read_bytes().decode("utf-8")
    # The loader's offsets count in the text as it read it: no byte-order mark, and
    # every line end a '\n'. Map them back, so the file keeps both as it had them.
    source, offsets = as_loaded(raw)
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
        raw = raw[:offsets[start]] + scalar + raw[offsets[end]:]
    replace_file(path, raw.encode("utf-8"))
    return [change for *_, change in sorted(edits, key=lambda e: e[0])]


def as_loaded(raw: str) -> tuple[str, list[int]]:
    """The text as `sourcefile.read_text` gives it, and for each of its offsets (and
    its end) the offset in `raw` it came from."""
    at = 1 if raw.startswith("\ufeff") else 0
    if "\r" not in raw:
        return raw[at:], list(range(at, len(raw) + 1))
    text: list[str] = []
    offsets: list[int] = []
    while at < len(raw):
        offsets.append(at)
        if raw[at] == "\r":
            text.append("\n")
            at += 2 if raw.startswith("\r\n", at) else 1
        else:
            text.append(raw[at])
            at += 1
    offsets.append(len(raw))
    return "".join(text), offsets


def replace_file(path: Path, data: bytes) -> None:
    """Write the new file beside the old and rename it into place, so that the file is
    always either the old one or the new one, with the old one's permissions."""
    temporary = path.with_name(f".{path.name}.reanchor")
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
    os.replace(temporary, path)


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
