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
import jinja2.nodes
from markupsafe import Markup

from .. import outputs
from ..model import AnchoredStory, Annotation, Kind, KindCount, SiteConfig, StoryCard, StorySummary
from ..outputs import made
from ..wording import shorten
from .highlight import Highlight, render_markdown, render_story, render_with_quoted_passages
from .structured import annotation_collection, news_article, page_url, script_json
from ..diagnostics import Diagnostics, Location
from .theme import DEFAULT_PREFIX, Theme, template_problem

@dataclass(frozen=True)
class Note:
    """An annotation as its note shows it."""

    annotation: Annotation
    number: int
    kind: Kind
    body: Markup | None
    law_text: Markup | None
    template: str           # its kind's, or every note's own

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def rating_label(self) -> str | None:
        rating = self.kind.rating(self.annotation.get("rating"))
        return rating.label if rating else None

    @property
    def heading(self) -> str:
        """What a list of notes calls this one."""
        return self.annotation.title or shorten(self.annotation.quote, 70)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates as Jinja compiled them, kept from one build to the next (Jinja checks
    each against its source); failing to keep one is no reason to fail a build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def make_environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates in."""
    environment = jinja2.Environment(
        # "default/article.html" is always the theme's own, for an override to extend
        loader=jinja2.ChoiceLoader([
            jinja2.PrefixLoader({DEFAULT_PREFIX: jinja2.FileSystemLoader(theme.default)}),
            jinja2.FileSystemLoader(list(theme.folders))]),
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


def report_template_error(exc: Exception, theme: Theme, diagnostics: Diagnostics) -> None:
    """Report an error that a template raised, at its place in the template; an error
    that did not come from a template is not the author's, and is raised again."""
    problem = template_problem(exc, theme)
    if problem is None:
        raise exc
    path, line, message = problem
    diagnostics.error(Location(path, line), message)


def templates_used(environment: jinja2.Environment, name: str,
                   theme: Theme | None = None) -> set[str] | None:
    """The files of the template and of every template it extends, includes or
    imports, or None when one of them names another only at run time. A note's
    template, `{% include note.template %}`, is its kind's or every note's: all of
    those in `theme` are counted."""
    loader = environment.loader
    assert loader is not None
    seen, files, waiting = set(), set[str](), [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename, _ = loader.get_source(environment, current)
        if filename:
            files.add(filename)
        tree = environment.parse(source)
        notes = [node for node in tree.find_all(jinja2.nodes.Include)
                 if is_note_template(node.template)]
        if notes and theme is not None:
            waiting += [name for name in theme.template_files()
                        if name == NOTE_TEMPLATE or name.startswith("kinds/")]
        named = list(jinja2.meta.find_referenced_templates(tree))
        if named.count(None) > (len(notes) if theme is not None else 0):
            return None         # some other template, named only at run time
        waiting += [referenced for referenced in named if referenced is not None]
    return files


def is_note_template(expression: jinja2.nodes.Node) -> bool:
    """`note.template`, as a page includes each of its notes."""
    return isinstance(expression, jinja2.nodes.Getattr) and expression.attr == "template" \
        and isinstance(expression.node, jinja2.nodes.Name) and expression.node.name == "note"


def quoted(text: str) -> str:
    """The words in quotation marks, unless they already stand between some."""
    flat = " ".join(text.split())
    if flat[:1] in "“\"" and flat[-1:] in "”\"":
        return flat
    return f"“{flat}”"


def long_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


@dataclass(frozen=True)
class StoryView:
    """What a story's outputs are made from."""

    environment: jinja2.Environment
    config: SiteConfig
    anchored: AnchoredStory
    notes: list[Note]


def article_files(environment: jinja2.Environment, config: SiteConfig,
                  anchored: AnchoredStory) -> dict[str, bytes]:
    """Every file of the story that the outputs list names."""
    notes = make_notes(config, anchored, template_names(environment))
    return made(outputs.STORY, StoryView(environment, config, anchored, notes))


def story_page(view: StoryView) -> dict[str, bytes]:
    config, anchored, notes = view.config, view.anchored, view.notes
    highlights = [Highlight(n.annotation.id, n.annotation.type,
                            anchored.spans[n.annotation.id].start,
                            anchored.spans[n.annotation.id].end, n.number, n.label,
                            n.kind.symbol, n.rating_label or "")
                  for n in notes]
    story_html = Markup(render_story(anchored.text, highlights))
    dated = sorted((n for n in notes if n.annotation.date),
                   key=lambda n: (n.annotation.date, n.number))
    graph = news_article(config, anchored)
    html = view.environment.get_template("article.html").render(
        site=config, story=anchored.story, story_html=story_html, notes=notes,
        kinds=kind_counts(config, notes), timeline=dated,
        corrections=[n for n in notes if n.annotation.type == "correction"],
        root="../", language=anchored.story.language or config.language,
        url=page_url(config, anchored.story), json_ld=Markup(script_json(graph)),
        tag_links=[(tag, tag_slug(tag)) for tag in anchored.story.tags])
    return {f"{anchored.story.slug}/index.html": html.encode()}


def annotations_file(view: StoryView) -> dict[str, bytes]:
    collection = annotation_collection(view.config, view.anchored,
                                       {n.annotation.id: str(n.body or "") for n in view.notes})
    return {f"{view.anchored.story.slug}/annotations.jsonld": (
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()}


def make_notes(config: SiteConfig, anchored: AnchoredStory,
               templates: frozenset[str] = frozenset()) -> list[Note]:
    """`templates`: the names of the theme's templates, to find each kind's own."""
    notes = []
    for number, (annotation, _) in enumerate(anchored.notes, start=1):
        quoted = anchored.quoted.get(annotation.id)
        law_text = Markup(render_with_quoted_passages(quoted)) if quoted else None
        kind = config.kind_named(annotation.type)
        notes.append(Note(annotation, number, kind, markup(annotation.body), law_text,
                          kind.template if kind.template in templates else NOTE_TEMPLATE))
    return notes


NOTE_TEMPLATE = "note.html"


def template_names(environment: jinja2.Environment) -> frozenset[str]:
    """The theme's templates, listed once for each environment."""
    names = getattr(environment, "glossator_names", None)
    if names is None:
        names = frozenset(environment.list_templates())
        environment.glossator_names = names      # type: ignore[attr-defined]
    return names


def kind_counts(config: SiteConfig, notes: list[Note]) -> list[KindCount]:
    counts = Counter(n.annotation.type for n in notes)
    return [KindCount(kind, counts[kind.name]) for kind in config.kinds if counts[kind.name]]


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
                                    for t in config.kinds if counts[t.name]))


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


def tag_slugs(summaries: list[StorySummary]) -> list[str]:
    """The address of each tag's page, in order."""
    return sorted({tag_slug(tag) for summary in summaries for tag in summary.story.tags})


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
            when = annotation.get("corrected_on") or story.updated or story.published
            said = (f"First reported: {annotation.get('original')} "
                    f"Corrected: {annotation.get('corrected')}")
            corrections.append(FeedEntry(
                f"Correction to “{story.title}”: "
                f"{annotation.title or annotation.get('corrected')}",
                f"{site_id}{story.slug}/#note-{annotation.id}", f"{link}#note-{annotation.id}",
                when, when, said, annotation.get("corrected_by") or author))
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


@dataclass(frozen=True)
class SiteView:
    """What the site-wide outputs are made from."""

    environment: jinja2.Environment
    config: SiteConfig
    summaries: list[StorySummary]
    search: bool = False


def site_files(view: SiteView) -> dict[str, bytes]:
    """Every site-wide file that the outputs list names."""
    return made(outputs.SITE, view)


def index_output(view: SiteView) -> dict[str, bytes]:
    return {"index.html": index_page(view.environment, view.config, view.summaries,
                                     view.search).encode()}


def tags_output(view: SiteView) -> dict[str, bytes]:
    return tag_pages(view.environment, view.config, view.summaries)


def feeds_output(view: SiteView) -> dict[str, bytes]:
    return feeds(view.environment, view.config, view.summaries)


def not_found_output(view: SiteView) -> dict[str, bytes]:
    """Served at any depth, so it links from the site's root."""
    config = view.config
    return {"404.html": view.environment.get_template("404.html").render(
        site=config, root=urlsplit(config.base_url).path if config.base_url else "/",
        language=config.language).encode()}


def robots_output(view: SiteView) -> dict[str, bytes]:
    robots = "User-agent: *\nAllow: /\n"
    if view.config.base_url:
        robots += f"Sitemap: {view.config.base_url}sitemap.xml\n"
    return {"robots.txt": robots.encode()}


def sitemap_output(view: SiteView) -> dict[str, bytes]:
    """Every page's address, which only a base URL can give."""
    config = view.config
    if not config.base_url:
        return {}
    stories = [summary.story for summary in view.summaries]
    pages = [(config.base_url, max((s.updated or s.published for s in stories), default=None))]
    pages += [(f"{config.base_url}{s.slug}/", s.updated or s.published) for s in stories]
    pages += [(f"{config.base_url}tags/{slug}/", None) for slug in tag_slugs(view.summaries)]
    return {"sitemap.xml": xml_characters(view.environment.get_template("sitemap.xml").render(
        pages=pages)).encode()}
