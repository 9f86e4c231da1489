"""Reading rendered HTML back in tests, with Python's own HTML parser: the text a
browser's textContent gives, which text each mark holds, and whether tags nest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
MARK_TAGS = re.compile(r'<mark data-ann="[^"]*" data-kind="[^"]*">|</mark>')
NOTE_REFS = re.compile(r'<sup data-ui class="note-ref">.*?</sup>')


@dataclass
class Walk:
    text: str = ""                                       # textContent without [data-ui]
    marked: dict[str, str] = field(default_factory=dict)  # id -> its marks' text, in order
    mark_runs: list[tuple[str, str]] = field(default_factory=list)  # (data-ann, text)
    problems: list[str] = field(default_factory=list)    # nesting errors


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.walk = Walk()
        self.stack: list[tuple[str, dict]] = []
        self.pieces: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in VOID:
            return
        if tag in ("mark", "a") and any(t == tag for t, _ in self.stack):
            self.walk.problems.append(f"<{tag}> inside <{tag}>")
        self.stack.append((tag, attributes))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.walk.problems.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if any("data-ui" in attrs for _, attrs in self.stack):
            return
        self.pieces.append(data)
        for tag, attrs in self.stack:
            if tag == "mark":
                ids = attrs.get("data-ann", "")
                self.walk.mark_runs.append((ids, data))
                for annotation_id in ids.split():
                    self.walk.marked[annotation_id] = self.walk.marked.get(annotation_id, "") + data


def walk_html(html: str) -> Walk:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    if walker.stack:
        walker.walk.problems.append(f"unclosed: {[t for t, _ in walker.stack]}")
    walker.walk.text = "".join(walker.pieces)
    return walker.walk


def without_highlights(html: str) -> str:
    """The HTML with every mark wrapper and note reference taken out."""
    return MARK_TAGS.sub("", NOTE_REFS.sub("", html))
