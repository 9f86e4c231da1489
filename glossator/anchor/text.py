"""The story as markdown-it-py tokens, and the text a reader sees on the page.

The reader's text is exactly the `textContent` of the story's rendered HTML: the
text of each text-bearing token, plus the line breaks the renderer puts between
blocks. Quotes are matched on it, W3C TextPositionSelectors count in it, and each
`TextLeaf` records which token holds which part of it, so that highlighting can
wrap exactly those characters without re-parsing any HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[^>]*>")   # safe on renderer output: attribute values are escaped


class SafeMarkdown(MarkdownIt):
    """CommonMark with raw HTML off, and links only to the web, mail, or this site."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False})

    def validateLink(self, url: str) -> bool:
        scheme = urlsplit(url.strip()).scheme.lower() if ":" in url else ""
        return scheme == "" or scheme in ALLOWED_SCHEMES


@cache
def markdown() -> SafeMarkdown:
    return SafeMarkdown()


@dataclass(frozen=True)
class TextLeaf:
    """A token whose content is part of the reader's text: [start, end) of it."""

    token: Token
    start: int
    end: int
    line: int            # 0-based line of the Markdown body where the leaf begins
    markable: bool       # False for line breaks rendered as <br>


@dataclass(frozen=True)
class StoryText:
    tokens: tuple[Token, ...]
    text: str
    leaves: tuple[TextLeaf, ...]
    leaf_starts: tuple[int, ...]

    def leaf_at(self, offset: int) -> TextLeaf:
        """The leaf holding `offset`, or the last one before it."""
        return self.leaves[max(bisect_right(self.leaf_starts, offset) - 1, 0)]

    def line_at(self, offset: int) -> int:
        """The 0-based body line holding the reader's text at `offset`."""
        if not self.leaves:
            return 0
        leaf = self.leaf_at(offset)
        inside = self.text[leaf.start:min(offset, leaf.end)]
        return leaf.line + inside.count("\n") * (leaf.token.type in ("fence", "code_block"))


def parse_story(body: str) -> StoryText:
    md = markdown()
    tokens = md.parse(body)
    renderer = md.renderer
    pieces: list[str] = []
    leaves: list[TextLeaf] = []
    length = 0

    def add(token: Token, text: str, line: int, markable: bool = True) -> None:
        nonlocal length
        leaves.append(TextLeaf(token, length, length + len(text), line, markable))
        pieces.append(text)
        length += len(text)

    for index, token in enumerate(tokens):
        if token.type == "inline":
            line = token.map[0] if token.map else 0
            for child in token.children or ():
                if child.type in ("text", "code_inline") and child.content:
                    add(child, child.content, line)
                elif child.type == "softbreak":
                    add(child, "\n", line)
                    line += 1
                elif child.type == "hardbreak":
                    add(child, "\n", line, markable=False)
                    line += 1
        elif token.type in ("fence", "code_block"):
            first_line = token.map[0] + (token.type == "fence") if token.map else 0
            if token.content:
                add(token, token.content, first_line)
            pieces.append("\n")     # after </pre>
            length += 1
        else:
            rule = renderer.rules.get(token.type, renderer.renderToken)
            separator = _TAG.sub("", rule(tokens, index, md.options, {}))
            pieces.append(separator)
            length += len(separator)
    return StoryText(tuple(tokens), "".join(pieces), tuple(leaves),
                     tuple(leaf.start for leaf in leaves))


def remote_images(tokens) -> list[tuple[str, int]]:
    """Images that would load from another origin: (address, 0-based line)."""
    found = []
    for token in tokens:
        for child in token.children or ():
            src = child.attrGet("src") if child.type == "image" else None
            if src and (urlsplit(src).scheme or src.startswith("//")):
                found.append((str(src), token.map[0] if token.map else 0))
    return found
