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
    tokens = figures(md.parse(body))
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


def figures(tokens: list[Token]) -> list[Token]:
    """Each image alone in its paragraph as a figure: the image, then a caption of
    its alternative text, with its title as the credit. The caption is the story's
    text (a note can anchor in it), so the image's own alternative text is left
    empty rather than read twice."""
    for index in range(1, len(tokens) - 1):
        inline = tokens[index]
        if not (inline.type == "inline" and tokens[index - 1].type == "paragraph_open"
                and inline.children and len(inline.children) == 1
                and inline.children[0].type == "image"):
            continue
        image = inline.children[0]
        caption, credit = list(image.children or ()), image.attrGet("title")
        image.children = []
        image.content = ""
        if "title" in (image.attrs or {}):
            del image.attrs["title"]
        opening, closing = tokens[index - 1], tokens[index + 1]
        opening.type, opening.tag = "figure_open", "figure"
        closing.type, closing.tag = "figure_close", "figure"
        children = [image]
        if caption or credit:
            children.append(Token("figcaption_open", "figcaption", 1))
            children += caption
            if credit:
                if caption:
                    children.append(Token("text", "", 0, content=" "))
                children.append(Token("credit_open", "span", 1, attrs={"class": "credit"}))
                children.append(Token("text", "", 0, content=str(credit)))
                children.append(Token("credit_close", "span", -1))
            children.append(Token("figcaption_close", "figcaption", -1))
        inline.children = children
    return tokens


def remote_images(tokens) -> list[tuple[str, int]]:
    """Images that would load from another origin: (address, 0-based line)."""
    found = []
    for token in tokens:
        for child in token.children or ():
            src = child.attrGet("src") if child.type == "image" else None
            if src and (urlsplit(src).scheme or src.startswith("//")):
                found.append((str(src), token.map[0] if token.map else 0))
    return found
