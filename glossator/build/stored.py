"""A story's result as the cache keeps it: plain tuples, strings and numbers, which
marshal reads back fifteen times as fast as pickle reads the dataclasses (at 20,000
stories, 0.07 s against 1.0 s), and which can hold nothing that runs when read.

`stored` and `restored` are each other's inverse; a change to what they keep is a
change to `cache.FORMAT`. A build that reuses most of an archive reads the records
as `StoredResult`s, restored only as far as it asks: most of what a story's result
holds (its card, its links) a build needs only when something it is part of
changed."""

from __future__ import annotations

import datetime as dt
import marshal
from pathlib import Path
from sys import intern
from ..diagnostics import Diagnostic, Location
from ..digests import content_digest
from ..model import CardNote, SiteLink, StoryCard, StoryResult, StorySource, StorySummary


def stored(result: StoryResult) -> tuple:
    if isinstance(result, StoredResult):
        return result.data
    links = tuple(map(link_stored, result.links))
    # Names that recur from story to story (notes' ids, tags, kinds of note):
    # interned, marshal keeps each once, and reads it back as one string however many
    # stories have it.
    return (result.slug, summary_stored(result.summary), result.annotations,
            result.outputs, result.assets, tuple(map(diagnostic_stored, result.diagnostics)),
            links, tuple(map(intern, result.notes)), result.held, result.due,
            facing_digest(result.summary, links, result.notes, result.held))


FIELDS = 11


def restored(data: tuple) -> StoryResult:
    slug, summary, annotations, outputs, assets, diagnostics, links, notes, held, due, _ = data
    return StoryResult(slug, summary_restored(summary), annotations, outputs, assets,
                       tuple(map(diagnostic_restored, diagnostics)),
                       links=tuple(map(link_restored, links)), notes=notes,
                       held=held, due=due)


def facing_digest(summary: StorySummary | None, links: tuple, notes: tuple, held: str) -> str:
    """The digest of what the site-wide checks read of a story (pipeline.site_checks):
    its tags, its links to other stories and notes, where they stand, and its notes'
    ids; equal for two results, the checks say the same of both."""
    tags = summary.story.tags if summary is not None else None
    return content_digest(repr((tags, links, notes, held)).encode())


class StoredResult:
    """A StoryResult as the cache kept it, which it stands in for: the plain fields
    read as they are, the rest restored when first asked for."""

    __slots__ = ("data", "_summary", "_diagnostics", "_links")
    anchors = None
    write_error = None

    def __init__(self, data: tuple):
        self.data = data
        self._summary: StorySummary | None | bool = False     # False: not restored yet
        self._diagnostics: tuple[Diagnostic, ...] | None = None
        self._links: tuple[SiteLink, ...] | None = None

    slug = property(lambda self: self.data[0])
    annotations = property(lambda self: self.data[2])
    outputs = property(lambda self: self.data[3])
    assets = property(lambda self: self.data[4])
    notes = property(lambda self: self.data[7])
    held = property(lambda self: self.data[8])
    due = property(lambda self: self.data[9])
    facing = property(lambda self: self.data[10])

    @property
    def summary(self) -> StorySummary | None:
        if self._summary is False:
            self._summary = summary_restored(self.data[1])
        return self._summary        # type: ignore[return-value]

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        if self._diagnostics is None:
            self._diagnostics = tuple(map(diagnostic_restored, self.data[5]))
        return self._diagnostics

    @property
    def links(self) -> tuple[SiteLink, ...]:
        if self._links is None:
            self._links = tuple(map(link_restored, self.data[6]))
        return self._links

    @property
    def listed(self) -> bool:
        return self.data[1] is not None


def well_formed(data: object) -> bool:
    """Whether a record read from the cache has the shape `stored` gives one."""
    return isinstance(data, tuple) and len(data) == FIELDS and isinstance(data[0], str) \
        and isinstance(data[3], dict) and isinstance(data[4], dict) \
        and isinstance(data[10], str) and (data[1] is None or isinstance(data[1], tuple)
                                           and len(data[1]) == 2
                                           and isinstance(data[1][0], bytes))


def facing(result) -> str:
    """`facing_digest` of a result, as kept or as built."""
    if isinstance(result, StoredResult):
        return result.facing
    return facing_digest(result.summary, tuple(map(link_stored, result.links)), result.notes,
                         result.held)


def listed(result) -> bool:
    """Whether the story is on the site (read, and not held back)."""
    return result.listed if isinstance(result, StoredResult) else result.summary is not None


def summary_digest(result) -> str:
    """The digest of what the site-wide pages show of a listed story."""
    if isinstance(result, StoredResult):
        return result.data[1][1]
    return result.summary.digest


def summary_stored(summary: StorySummary | None) -> tuple[bytes, str] | None:
    """The summary marshalled on its own, beside its digest: a build that reuses
    most of an archive asks every story for the digest, and few for the rest, which
    is then one object a story rather than some fifty (11 of the 38 MB the records
    of 20,000 stories take)."""
    if summary is None:
        return None
    card = summary.story
    return (marshal.dumps(
        ((card.slug, card.title, moment(card.published), moment(card.updated), card.dek,
          card.byline, (card.source.name, card.source.url) if card.source else None,
          tuple(card.tags), tuple(map(note_stored, card.corrections)),
          tuple(map(note_stored, card.changed)), card.authors, card.status),
         tuple(summary.counts))), summary.digest)


def summary_restored(data: tuple[bytes, str] | None) -> StorySummary | None:
    if data is None:
        return None
    blob, digest = data
    (slug, title, published, updated, dek, byline, source, tags, corrections, changed,
     authors, status), counts = marshal.loads(blob)
    tags = tuple(map(intern, tags))
    counts = tuple((intern(kind), count) for kind, count in counts)
    card = StoryCard(slug, title, day(published), when(updated), dek, byline,
                     StorySource(*source) if source else None, tags,
                     tuple(map(note_restored, corrections)), tuple(map(note_restored, changed)),
                     authors, status)
    return StorySummary(card, counts, digest)


def note_stored(note: CardNote) -> tuple:
    return (note.id, note.quote, note.title, note.body, note.author, moment(note.added),
            moment(note.updated), note.original, note.corrected, note.corrected_by,
            moment(note.corrected_on))


def note_restored(data: tuple) -> CardNote:
    (id, quote, title, body, author, added, updated, original, corrected, corrected_by,
     corrected_on) = data
    return CardNote(id, quote, title, body, author, when(added), when(updated), original,
                    corrected, corrected_by, when(corrected_on))


def diagnostic_stored(diagnostic: Diagnostic) -> tuple:
    return (location_stored(diagnostic.location), diagnostic.severity, diagnostic.message,
            diagnostic.hint, diagnostic.details)


def diagnostic_restored(data: tuple) -> Diagnostic:
    location, severity, message, hint, details = data
    return Diagnostic(location_restored(location), severity, message, hint, details)


def link_stored(link: SiteLink) -> tuple:
    return (link.href, link.slug, link.note, location_stored(link.location))


def link_restored(data: tuple) -> SiteLink:
    href, slug, note, location = data
    return SiteLink(href, slug, note, location_restored(location))


def location_stored(location: Location) -> tuple:
    return (str(location.path), location.line, location.column)


def location_restored(data: tuple) -> Location:
    path, line, column = data
    return Location(Path(path), line, column)


def moment(value: dt.date | None) -> str | None:
    """A date, or a date-time with its offset, as ISO 8601 (which tells them apart)."""
    return None if value is None else value.isoformat()


def when(value: str | None) -> dt.date | None:
    return None if value is None else day(value)


def day(value: str) -> dt.date:
    """`moment`'s ISO 8601 back as the date, or the date-time, it was."""
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
