"""The story as markdown-it-py tokens, and the text a reader sees on the page.

The reader's text is exactly the `textContent` of the story's rendered HTML: the
text of each text-bearing token, plus the line breaks the renderer puts between
blocks. Quotes are matched on it, W3C TextPositionSelectors count in it, and each
`TextLeaf` records which token holds which part of it, so that highlighting can
wrap exactly those characters without re-parsing any HTML.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from typing import cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..commonmark import markdown
from ..model import StoryText, TextLeaf

_TAG = re.compile(r"<[^>]*>")   # safe on renderer output: attribute values are escaped


def parse_story(body: str) -> StoryText:
    md = markdown()
    tokens = md.parse(body)
    renderer = cast(RendererHTML, md.renderer)
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
