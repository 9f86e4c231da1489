"""The one CommonMark parser every stage uses, as safe as a page needs: raw HTML off,
and links only to the web, to mail, or within this site."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = {"http", "https", "mailto"}


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
