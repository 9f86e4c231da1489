"""Stage 3, render (continued): whole pages from the Jinja templates.

Jinja escapes every value; the only HTML passed through as markup is what
`render` made from Markdown with raw HTML disabled.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import jinja2.meta
from markupsafe import Markup

from .anchor import AnchoredStory, shorten
from .anchoring import normalize
from .model import Annotation, AnnotationType, SiteConfig, StorySource
from .render import Highlight, render_markdown, render_story, render_with_quoted_passages
from .structured import annotation_collection, news_article, page_url, script_json

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
        return self.annotation.title or shorten(self.annotation.quote, 70)


@dataclass(frozen=True)
class KindCount:
    kind: AnnotationType
    count: int


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
    corrections: tuple[Annotation, ...] = ()      # in reading order


@dataclass(frozen=True)
class StorySummary:
    """What the index shows of a story."""

    story: StoryCard
    counts: tuple[KindCount, ...]     # in the site's order of kinds

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.counts)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates as Jinja compiled them, kept from one build to the next (Jinja checks
    each against its source); failing to keep one is no reason to fail a build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def make_environment(templates_dir: Path, compiled: Path | None = None) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates in."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    environment.filters["quoted"] = quoted
    return environment


def templates_used(environment: jinja2.Environment, name: str) -> set[str] | None:
    """The template and every template it extends, includes or imports, or None when
    one of them names another only at run time."""
    used, waiting = set(), [name]
    while waiting:
        current = waiting.pop()
        if current in used:
            continue
        used.add(current)
        source = environment.loader.get_source(environment, current)[0]
        for referenced in jinja2.meta.find_referenced_templates(environment.parse(source)):
            if referenced is None:
                return None
            waiting.append(referenced)
    return used


def quoted(text: str) -> str:
    """The words in quotation marks, unless they already stand between some."""
    flat = " ".join(text.split())
    if flat[:1] in "“\"" and flat[-1:] in "”\"":
        return flat
    return f"“{flat}”"


def long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def article_files(environment: jinja2.Environment, config: SiteConfig,
                  anchored: AnchoredStory) -> dict[str, bytes]:
    """The story's page and its notes as a W3C Web Annotation collection."""
    notes = make_notes(config, anchored)
    highlights = [Highlight(n.annotation.id, n.annotation.type,
                            anchored.spans[n.annotation.id].start,
                            anchored.spans[n.annotation.id].end, n.number, n.label,
                            n.kind.symbol)
                  for n in notes]
    story_html = Markup(render_story(anchored.text, highlights))
    dated = sorted((n for n in notes if n.annotation.date),
                   key=lambda n: (n.annotation.date, n.number))
    graph = news_article(config, anchored, RATING_LABELS)
    collection = annotation_collection(config, anchored,
                                       {n.annotation.id: str(n.body or "") for n in notes})
    html = environment.get_template("article.html").render(
        site=config, story=anchored.story, story_html=story_html, notes=notes,
        kinds=kind_counts(config, notes), timeline=dated,
        corrections=[n for n in notes if n.annotation.type == "correction"],
        root="../", language=anchored.story.language or config.language,
        url=page_url(config, anchored.story), json_ld=Markup(script_json(graph)),
        tag_links=[(tag, tag_slug(tag)) for tag in anchored.story.tags])
    slug = anchored.story.slug
    return {f"{slug}/index.html": html.encode(),
            f"{slug}/annotations.jsonld": (json.dumps(collection, ensure_ascii=False,
                                                      separators=(",", ":")) + "\n").encode()}


def make_notes(config: SiteConfig, anchored: AnchoredStory) -> list[Note]:
    story_text = None
    notes = []
    for number, (annotation, _) in enumerate(anchored.notes, start=1):
        law_text = None
        if annotation.text:
            story_text = story_text or normalize(anchored.text.text)
            law_text = Markup(render_with_quoted_passages(annotation.text, story_text))
        notes.append(Note(annotation, number, config.type_named(annotation.type),
                          markup(annotation.body), law_text))
    return notes


def kind_counts(config: SiteConfig, notes: list[Note]) -> list[KindCount]:
    counts = Counter(n.annotation.type for n in notes)
    return [KindCount(kind, counts[kind.name]) for kind in config.types if counts[kind.name]]


def markup(source: str | None) -> Markup | None:
    return Markup(render_markdown(source)) if source else None


def summarize(config: SiteConfig, anchored: AnchoredStory) -> StorySummary:
    story = anchored.story
    notes = [annotation for annotation, _ in anchored.notes]
    counts = Counter(a.type for a in notes)
    card = StoryCard(story.slug, story.title, story.published, story.updated, story.dek,
                     story.byline, story.source, story.tags,
                     tuple(a for a in notes if a.type == "correction"))
    return StorySummary(card, tuple(KindCount(t, counts[t.name])
                                    for t in config.types if counts[t.name]))


def newest_first(summaries: list[StorySummary]) -> list[StorySummary]:
    return sorted(summaries, key=lambda s: (s.story.published, s.story.slug), reverse=True)


def tag_order(tag: str) -> tuple[str, str]:
    """A total order of tags: as a reader looks them up, then by code point."""
    return tag.casefold(), tag


def tag_spellings(summaries: list[StorySummary]) -> dict[str, str]:
    """The one spelling of each tag, by its case-folded form: tags that differ only
    in case are one tag (as Hugo and WordPress take them), shown as the most
    stories spell it, ties going to the first by code point."""
    counts: dict[str, Counter] = {}
    for summary in summaries:
        for tag in set(summary.story.tags):
            counts.setdefault(tag.casefold(), Counter())[tag] += 1
    return {key: min(spelt, key=lambda tag: (-spelt[tag], tag))
            for key, spelt in counts.items()}


def index_page(environment: jinja2.Environment, config: SiteConfig,
               summaries: list[StorySummary], search: bool = False) -> str:
    spellings = tag_spellings(summaries)
    tags = sorted(set(spellings.values()), key=tag_order)
    return environment.get_template("index.html").render(
        site=config, summaries=newest_first(summaries), root="", language=config.language,
        url=config.base_url, tag_links=[(tag, tag_slug(tag)) for tag in tags], search=search)


def tag_slug(tag: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "tag"


def tag_pages(environment: jinja2.Environment, config: SiteConfig,
              summaries: list[StorySummary]) -> dict[str, bytes]:
    spellings = tag_spellings(summaries)
    by_slug: dict[str, tuple[str, list[StorySummary]]] = {}
    for summary in newest_first(summaries):
        for tag in summary.story.tags:
            name, tagged = by_slug.setdefault(tag_slug(tag), (spellings[tag.casefold()], []))
            if not tagged or tagged[-1] is not summary:   # two tags, one slug
                tagged.append(summary)
    template = environment.get_template("tag.html")
    return {f"tags/{slug}/index.html": template.render(
                site=config, tag=name, summaries=tagged, root="../../",
                language=config.language,
                url=f"{config.base_url}tags/{slug}/" if config.base_url else None).encode()
            for slug, (name, tagged) in sorted(by_slug.items())}


@dataclass(frozen=True)
class FeedEntry:
    title: str
    id: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str
    author: str


def feeds(environment: jinja2.Environment, config: SiteConfig,
          summaries: list[StorySummary]) -> dict[str, bytes]:
    """Atom feeds of the stories and of their corrections, newest first."""
    base = config.base_url or ""
    site_id = config.base_url or f"tag:{tag_slug(config.title)},2000:"
    stories, corrections = [], []
    for summary in summaries:
        story = summary.story
        link = f"{base}{story.slug}/"
        author = story.byline or (story.source.name if story.source else config.title)
        stories.append(FeedEntry(story.title, f"{site_id}{story.slug}/", link, story.published,
                                 story.updated or story.published, story.dek or "", author))
        for annotation in story.corrections:
            when = annotation.corrected_on or story.updated or story.published
            summary = f"First reported: {annotation.original} Corrected: {annotation.corrected}"
            corrections.append(FeedEntry(
                f"Correction to “{story.title}”: {annotation.title or annotation.corrected}",
                f"{site_id}{story.slug}/#note-{annotation.id}", f"{link}#note-{annotation.id}",
                when, when, summary, annotation.corrected_by or author))
    template = environment.get_template("feed.xml")
    files = {}
    for name, title, entries in (("stories", config.title, stories),
                                 ("corrections", f"{config.title}: corrections", corrections)):
        entries = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)
        updated = max((e.updated for e in entries), default=dt.date(2000, 1, 1))
        files[f"feeds/{name}.xml"] = xml_characters(template.render(
            site=config, title=title, feed_id=f"{site_id}feeds/{name}.xml",
            self_link=f"{base}feeds/{name}.xml", home=base or "../", entries=entries,
            updated=updated, language=config.language)).encode()
    return files


# What XML 1.0 does not allow in a document at all (a feed reader rejects the whole
# feed for one): C0 controls but tab and line ends, surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_characters(text: str) -> str:
    """The XML with each character XML cannot hold replaced by U+FFFD (the schema
    refuses them in what authors write; a template could still bring one)."""
    return NOT_XML.sub("\ufffd", text)


def site_files(environment: jinja2.Environment, config: SiteConfig,
               summaries: list[StorySummary], tag_paths: list[str]) -> dict[str, bytes]:
    """sitemap.xml (with a base_url), robots.txt and the 404 page."""
    files = {"404.html": environment.get_template("404.html").render(
        site=config, root=urlsplit(config.base_url).path if config.base_url else "/",
        language=config.language).encode()}
    robots = "User-agent: *\nAllow: /\n"
    if config.base_url:
        stories = [summary.story for summary in summaries]
        pages = [(config.base_url, max((s.updated or s.published for s in stories),
                                       default=None))]
        pages += [(f"{config.base_url}{s.slug}/", s.updated or s.published) for s in stories]
        pages += [(f"{config.base_url}{path.removesuffix('index.html')}", None)
                  for path in tag_paths]
        files["sitemap.xml"] = xml_characters(environment.get_template("sitemap.xml").render(
            pages=pages)).encode()
        robots += f"Sitemap: {config.base_url}sitemap.xml\n"
    files["robots.txt"] = robots.encode()
    return files
