"""What makes two tags one, the address of a tag's page, and the one spelling a
tag is shown with: the rules every stage that touches tags shares."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .model import StorySummary


def tag_key(tag: str) -> str:
    """Tags that differ only in case, or in how their accents are encoded, are one
    tag (as Hugo and WordPress take them): this is what they share."""
    return unicodedata.normalize("NFC", tag).casefold()


@lru_cache(maxsize=4096)      # a site has few tags, and every list page links them all
def tag_slug(tag: str) -> str:
    """A tag's address, readable in any script: `Україна` -> `ukraina`. A tag is
    plain text: `&amp;` in it is those five characters, not an ampersand."""
    from slugify import slugify       # only when a page links to a tag

    return slugify(tag, entities=False, decimal=False, hexadecimal=False) or "tag"


def tag_order(tag: str) -> tuple[str, str]:
    """A total order of tags: as a reader looks them up, then by code point."""
    return tag_key(tag), tag


def tag_spellings(summaries: Iterable[StorySummary]) -> dict[str, str]:
    """The one spelling of each tag, by its key, shown as the most stories spell it,
    ties going to the first by code point."""
    counts: dict[str, Counter] = {}
    for summary in summaries:
        for tag in set(summary.story.tags):
            counts.setdefault(tag_key(tag), Counter())[tag] += 1
    return {key: min(spelt, key=lambda tag: (-spelt[tag], tag))
            for key, spelt in counts.items()}


def tag_slugs(summaries: Iterable[StorySummary]) -> list[str]:
    """The address of each tag's page, in order."""
    return sorted({tag_slug(tag) for summary in summaries for tag in summary.story.tags})


@dataclass(frozen=True)
class TagCollision:
    """Two different tags, each of a story, whose addresses are one."""

    address: str
    tag: str
    slug: str            # a story with `tag`
    first_tag: str
    first_slug: str      # a story with `first_tag`, earlier in the site's order


def tag_collisions(summaries: Iterable[StorySummary]) -> list[TagCollision]:
    """Each tag whose page would be another tag's, once."""
    first: dict[str, tuple[str, str]] = {}
    found: dict[tuple[str, str], TagCollision] = {}
    for summary in summaries:
        for tag in summary.story.tags:
            address = tag_slug(tag)
            first_tag, first_slug = first.setdefault(address, (tag, summary.story.slug))
            key = (address, tag_key(tag))
            if tag_key(tag) != tag_key(first_tag) and key not in found:
                found[key] = TagCollision(address, tag, summary.story.slug, first_tag,
                                          first_slug)
    return list(found.values())
