"""The one rule for names that become addresses (a story's folder, a note's id), and
what to suggest for a name that breaks it."""

from __future__ import annotations

import re

PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RULE = "lower-case letters, digits and single hyphens"


def is_slug(name: str) -> bool:
    return PATTERN.match(name) is not None


def suggest(text: str, limit: int = 60) -> str:
    """A name that keeps the rule, made from any text as a reader would spell it out
    (`Política` -> `politica`, `Україна` -> `ukraina`), cut at a word to at most
    `limit` characters; '' when nothing of the text can be spelt so."""
    from slugify import slugify       # only when a name needs suggesting

    name = ""
    for word in slugify(text).split("-"):
        if name and len(name) + 1 + len(word) > limit:
            break
        name = f"{name}-{word}" if name else word[:limit]
    return name
