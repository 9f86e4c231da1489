"""The plain data that passes between the stages of a build.

load -> `Site` of `Story`s with their `Annotation`s
anchor -> `AnchoredStory` (the reader's text, and where each annotation sits in it)
render -> HTML strings;  write -> files in site/
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location
from .anchor.memory import Remembered


@dataclass(frozen=True)
class AnnotationType:
    name: str
    label: str
    description: str = ""
    symbol: str = "\u2022"     # shown beside each note number, so kinds differ without colour


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Annotation:
    id: str
    type: str
    quote: str
    location: Location              # the entry in annotations.yaml
    quote_location: Location        # its `quote:` value
    prefix: str = ""
    suffix: str = ""
    title: str | None = None
    body: str | None = None         # CommonMark
    date: dt.date | None = None
    sources: tuple[Source, ...] = ()
    # claim
    claimant: str | None = None
    rating: str | None = None
    rating_note: str | None = None
    # correction
    original: str | None = None
    corrected: str | None = None
    corrected_by: str | None = None
    corrected_on: dt.date | None = None
    # legal
    citation: str | None = None
    law_url: str | None = None
    text: str | None = None         # the provision's full text, CommonMark
    # where the quote, prefix and suffix values stand in annotations.yaml, as
    # character offsets, so `reanchor` can rewrite them and nothing else
    source_spans: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class StorySource:
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Story:
    slug: str
    folder: Path
    article_path: Path
    title: str
    published: dt.date
    body: str                       # the CommonMark body, front matter removed
    body_line: int                  # how many lines of article.md precede the body
    annotations_path: Path | None = None
    dek: str | None = None
    byline: str | None = None
    updated: dt.date | None = None
    source: StorySource | None = None
    copyright: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    annotations: tuple[Annotation, ...] = ()
    assets: tuple[Path, ...] = ()   # relative to `folder`
    remembered: dict[str, Remembered] = field(default_factory=dict)  # from anchors.json


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Glossator"
    description: str | None = None
    base_url: str | None = None
    language: str = "en"
    types: tuple[AnnotationType, ...] = ()
    stylesheets: tuple[str, ...] = ()   # files of the theme's static/, after reader.css
    logo: str | None = None             # a file of the theme's static/, in the header

    def type_named(self, name: str) -> AnnotationType:
        return next((t for t in self.types if t.name == name),
                    AnnotationType(name, name.capitalize()))


@dataclass(frozen=True)
class Site:
    content_dir: Path
    config: SiteConfig
    stories: tuple[Story, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Span:
    """Where an annotation sits in the reader's text: [start, end) in code points."""

    start: int
    end: int
