"""The plain data that passes between the stages of a build.

load -> `Site` of `Story`s with their `Annotation`s
anchor -> `AnchoredStory` (the reader's text, and where each annotation sits in it)
render -> HTML strings;  write -> files in site/
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from markdown_it.token import Token

from .diagnostics import Diagnostic, Location


@dataclass(frozen=True)
class Field:
    """A field an author may write: how the loader checks it, and how the JSON Schemas
    for editors describe it."""

    kind: str                      # a key of load.fields.NodeReader.CONVERTERS
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rating:
    """A step of a fact-checker's scale."""

    name: str          # as annotations.yaml writes it
    label: str         # as readers read it
    value: int         # schema.org's ratingValue, from 1 (false) to 5 (true)
    verdict: str = ""  # how it is coloured: true, false, mixed or none (by its value if not given)

    @property
    def tone(self) -> str:
        return self.verdict or ("true" if self.value >= 4 else "false" if self.value <= 2
                                else "mixed")


@dataclass(frozen=True)
class Look:
    """How a kind's highlights are drawn: a line of its own style under the words,
    so that kinds differ by shape and not by colour alone, and the colours of that
    line and of its background, in light and in dark mode."""

    underline: str = "solid"       # wavy, double, solid, dotted or dashed
    colour: str = "#4a4a4a"
    background: str = "#ececec"
    dark_colour: str = "#d0d0d0"
    dark_background: str = "#333333"


@dataclass(frozen=True)
class SchemaOrg:
    """A note's part of its story's schema.org JSON-LD: values for properties of the
    NewsArticle (each a list, to be joined with the other notes'), and nodes of the
    graph beside it."""

    article: dict[str, list[dict]] = field(default_factory=dict)
    graph: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    """A kind of note, and all that it means, from its fields to its part of the
    structured data. The built-in ones are the modules of `glossator.kinds`, one
    each; a site may declare more in site.yaml."""

    name: str
    label: str
    description: str = ""
    symbol: str = "\u2022"         # beside each note number, so kinds differ without colour
    fields: dict[str, Field] = field(default_factory=dict)    # beyond every note's own
    motivation: str = "commenting"  # the W3C Web Annotation motivation
    look: Look = Look()
    ratings: tuple[Rating, ...] = ()    # the scale its `rating` field takes
    # Left out of its repr, which the build cache compares from one build to the next
    schema_org: Callable[[Annotation, Story, SiteConfig, str | None], SchemaOrg] | None = \
        field(default=None, repr=False, compare=False)
    example: str = field(default="", repr=False)   # its entry in `new`'s annotations.yaml

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def template(self) -> str:
        """Its note's template, if the theme has one; else every note's own."""
        return f"kinds/{self.name}.html"

    def rating(self, name: str | None) -> Rating | None:
        return next((r for r in self.ratings if r.name == name), None) if name else None


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Author:
    """A person who signs stories and notes: one of site.yaml's `authors:`."""

    id: str
    name: str
    role: str | None = None
    url: str | None = None
    image: str | None = None       # a file beside site.yaml, published as authors/<it>


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
    author: str | None = None       # an id of site.yaml's authors
    added: dt.date | None = None    # a date, or an aware datetime (moments.py)
    updated: dt.date | None = None
    sources: tuple[Source, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)    # its kind's, by name
    # where the quote, prefix and suffix values stand in annotations.yaml, as
    # character offsets, so `reanchor` can rewrite them and nothing else
    source_spans: tuple[tuple[str, int, int], ...] = ()

    def get(self, name: str) -> Any:
        """A field of its kind's, None when not given."""
        return self.fields.get(name)


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
    published: dt.date              # a date, or an aware datetime (moments.py)
    body: str                       # the CommonMark body, front matter removed
    body_line: int                  # how many lines of article.md precede the body
    annotations_path: Path | None = None
    dek: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()   # ids of site.yaml's authors
    updated: dt.date | None = None
    source: StorySource | None = None
    copyright: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    draft: bool = False
    annotations: tuple[Annotation, ...] = ()
    assets: tuple[Path, ...] = ()   # relative to `folder`
    remembered: dict[str, Remembered] = field(default_factory=dict)  # from anchors.json

    def status(self, now: dt.datetime) -> str:
        """What keeps it out of a build: "draft", "scheduled" (published later than
        `now`), or "" when it is out."""
        from .moments import due

        return "draft" if self.draft else "" if due(self.published, now) else "scheduled"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Glossator"
    description: str | None = None
    base_url: str | None = None
    language: str = "en"
    kinds: tuple[Kind, ...] = ()       # the built-in ones, then the site's
    stylesheets: tuple[str, ...] = ()   # files of the theme's static/, after reader.css
    logo: str | None = None             # a file of the theme's static/, in the header
    page_size: int = 10                 # stories a list page shows (Hugo's default)
    feed_size: int = 50                 # entries a feed holds, the latest
    authors: tuple[Author, ...] = ()

    def author(self, author_id: str | None) -> Author | None:
        return next((a for a in self.authors if a.id == author_id), None)

    def kind_named(self, name: str) -> Kind:
        return next((k for k in self.kinds if k.name == name), Kind(name, name.capitalize()))


@dataclass(frozen=True)
class KindCount:
    kind: Kind
    count: int


@dataclass(frozen=True)
class CardNote:
    """A note as the feeds tell of it (a correction, or a note added or updated after
    its story was published): the fields they show, not the whole note."""

    id: str
    quote: str
    title: str | None = None
    body: str | None = None
    author: str | None = None       # an id of site.yaml's authors
    added: dt.date | None = None
    updated: dt.date | None = None
    original: str | None = None     # a correction's
    corrected: str | None = None
    corrected_by: str | None = None
    corrected_on: dt.date | None = None


@dataclass(frozen=True)
class StoryCard:
    """What the site-wide pages (index, tags, feeds, sitemap) show of a story, and no
    more: the cache keeps one for every story, and a build with one story changed
    reads them all."""

    slug: str
    title: str
    published: dt.date
    updated: dt.date | None = None
    dek: str | None = None
    byline: str | None = None
    source: StorySource | None = None
    tags: tuple[str, ...] = ()
    corrections: tuple[CardNote, ...] = ()      # in reading order
    # the notes added or updated after the story was published, in reading order
    changed: tuple[CardNote, ...] = ()
    authors: tuple[str, ...] = ()   # ids of site.yaml's authors
    status: str = ""        # "draft" or "scheduled" when a preview shows it (Story.status)


@dataclass(frozen=True)
class SiteLink:
    """A link from a story or one of its notes to a page of the site: to another
    story (`../slug/`), or to a note (`#note-id`, `../slug/#note-id`), which the build
    checks exists once it knows every story."""

    href: str                   # as written
    slug: str                   # the story it leads to
    note: str | None            # the note's id, for a link to a note
    location: Location          # where it is written


@dataclass(frozen=True)
class StorySummary:
    """What the index shows of a story, as the cache keeps it: its notes counted by
    the name of their kind, since what a kind is called and looks like is site.yaml's
    and the language's, and a copy of it in each of 20,000 summaries would be most of
    the cache."""

    story: StoryCard
    counts: tuple[tuple[str, int], ...]     # (kind, notes), in the site's order of kinds
    digest: str = ""                  # of the two, so a list page knows its stories by it


@dataclass(frozen=True)
class ListedStory:
    """A story as a list page shows it (templates/_story_list.html)."""

    story: StoryCard
    counts: tuple[KindCount, ...]     # in the site's order of kinds

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.counts)


@dataclass(frozen=True)
class Span:
    """Where an annotation sits in the reader's text: [start, end) in code points."""

    start: int
    end: int


@dataclass(frozen=True)
class Remembered:
    """Where a quote last anchored, as anchors.json keeps it."""

    start: int        # offset in the reader's text
    exact: str        # the words as they stood
    prefix: str
    suffix: str
    # What a selector does not say, to weigh where the words are found after an edit
    # against what the edit did (None in a file written before they were kept):
    length: int | None = None        # of the reader's text then
    occurrences: int | None = None   # how many times the quote's words stood in it
    nth: int | None = None           # which of them was the quote, 1 the first


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


@dataclass(frozen=True)
class Followed:
    """An annotation whose quote is no longer in the story as written, but whose
    words were found again after an edit."""

    annotation: Annotation
    span: Span
    wording: str          # the words as the story now has them


@dataclass(frozen=True)
class QuotedText:
    """A note's full text that the story quotes from (a law's `text`), parsed, with
    the passages the story quotes, as spans of its reader's text, to be marked."""

    text: StoryText
    passages: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class AnchoredStory:
    """A story with each quote's place in the reader's text: what the anchor stage
    gives the render stage."""

    story: Story
    text: StoryText            # the reader's text, and the tokens it was read from
    spans: dict[str, Span]     # by annotation id; annotations that did not anchor are absent
    followed: dict[str, Followed] = field(default_factory=dict)
    memory: dict[str, Remembered] = field(default_factory=dict)   # to save in anchors.json
    quoted: dict[str, QuotedText] = field(default_factory=dict)   # by annotation id

    @property
    def notes(self) -> list[tuple[Annotation, Span]]:
        """The anchored annotations in reading order, which is the order their note
        references stand in the text: by where they end, the longer first when two
        end together, then as the file lists them."""
        listed = [(a, self.spans[a.id]) for a in self.story.annotations if a.id in self.spans]
        return sorted(listed, key=lambda pair: (pair[1].end, pair[1].start))


@dataclass(frozen=True)
class StoryResult:
    """What the rest of the build needs of a story; also what the cache keeps."""

    slug: str
    summary: StorySummary | None    # None when the story could not be read
    annotations: int
    outputs: dict[str, str]         # files written, relative path -> digest
    assets: dict[str, str]          # files to publish as they are, relative path -> source
    diagnostics: tuple[Diagnostic, ...]
    anchors: bytes | None = None    # anchors.json's new text, when it should change (packed,
                                    # memory.packed_update)
    write_error: OSError | None = None
    links: tuple[SiteLink, ...] = ()    # to the site's stories and notes, to check
    # the ids of its notes, for links to them: a tuple, as a set of twenty would be
    # twice the rest of the result, held for every story of an archive
    notes: tuple[str, ...] = ()
    held: str = ""                  # "draft" or "scheduled": left out of this build
    due: str | None = None          # when a scheduled story is due (ISO 8601)
