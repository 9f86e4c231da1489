"""Words as a page or a message shows them in short."""

from __future__ import annotations


def shorten(text: str, limit: int = 60) -> str:
    """The text on one line, cut at a word to at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rsplit(" ", 1)[0] + "…"
