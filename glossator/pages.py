"""Stage 3, render (continued): whole pages from the Jinja templates.

Jinja escapes every value; the only HTML passed through as markup is what
`render` made from Markdown with raw HTML disabled.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .anchor import AnchoredStory
from .anchoring import normalize
from .model import Annotation, AnnotationType, SiteConfig, Story
from .render import Highlight, render_markdown, render_story, render_with_quoted_passages

RATING_LABELS = {
    "true": "True", "mostly-true": "Mostly true", "half-true": "Half true",
    "mostly-false": "Mostly false", "false": "False", "misleading": "Misleading",
    "unproven": "Unproven", "disputed": "Disputed",
}


@dataclass(frozen=True)
class Note:
    """An annotation as its note shows it."""

    annotation: Annotation
    number: int
    kind: AnnotationType
    body: Markup | None
    law_text: Markup | None

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def rating_label(self) -> str | None:
        rating = self.annotation.rating
        return RATING_LABELS.get(rating, rating) if rating else None

    @property
    def heading(self) -> str:
        """What a list of notes calls this one."""
        return self.annotation.title or shorten(self.annotation.quote)


@dataclass(frozen=True)
class KindCount:
    kind: AnnotationType
    count: int


@dataclass(frozen=True)
class StorySummary:
    """What the index shows of a story."""

    story: Story
    counts: tuple[KindCount, ...]     # in the site's order of kinds

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.counts)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    environment.filters["quoted"] = quoted
    return environment


def quoted(text: str) -> str:
    """The words in quotation marks, unless they already stand between some."""
    flat = " ".join(text.split())
    if flat[:1] in "“\"" and flat[-1:] in "”\"":
        return flat
    return f"“{flat}”"


def long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def article_page(environment: jinja2.Environment, config: SiteConfig,
                 anchored: AnchoredStory) -> str:
    notes = make_notes(config, anchored)
    highlights = [Highlight(n.annotation.id, n.annotation.type,
                            anchored.spans[n.annotation.id].start,
                            anchored.spans[n.annotation.id].end, n.number, n.label,
                            n.kind.symbol)
                  for n in notes]
    story_html = Markup(render_story(anchored.text, highlights))
    dated = sorted((n for n in notes if n.annotation.date),
                   key=lambda n: (n.annotation.date, n.number))
    return environment.get_template("article.html").render(
        site=config, story=anchored.story, story_html=story_html, notes=notes,
        kinds=kind_counts(config, notes), timeline=dated,
        corrections=[n for n in notes if n.annotation.type == "correction"],
        root="../", language=anchored.story.language or config.language)


def make_notes(config: SiteConfig, anchored: AnchoredStory) -> list[Note]:
    story_text = normalize(anchored.text.text)
    notes = []
    for number, (annotation, _) in enumerate(anchored.notes, start=1):
        law_text = (Markup(render_with_quoted_passages(annotation.text, story_text))
                    if annotation.text else None)
        notes.append(Note(annotation, number, config.type_named(annotation.type),
                          markup(annotation.body), law_text))
    return notes


def kind_counts(config: SiteConfig, notes: list[Note]) -> list[KindCount]:
    counts = Counter(n.annotation.type for n in notes)
    return [KindCount(kind, counts[kind.name]) for kind in config.types if counts[kind.name]]


def markup(source: str | None) -> Markup | None:
    return Markup(render_markdown(source)) if source else None


def shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rsplit(" ", 1)[0] + "…"


def summarize(config: SiteConfig, anchored: AnchoredStory) -> StorySummary:
    counts = Counter(a.type for a, _ in anchored.notes)
    return StorySummary(anchored.story, tuple(KindCount(t, counts[t.name])
                                              for t in config.types if counts[t.name]))


def index_page(environment: jinja2.Environment, config: SiteConfig,
               summaries: list[StorySummary]) -> str:
    newest_first = sorted(summaries, key=lambda s: (s.story.published, s.story.slug),
                          reverse=True)
    return environment.get_template("index.html").render(
        site=config, summaries=newest_first, root="", language=config.language)
