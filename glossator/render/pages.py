"""Stage 3, render (continued): whole pages from the Jinja templates.

Jinja escapes every value; the only HTML passed through as markup is what
`render` made from Markdown with raw HTML disabled.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from .. import kinds as builtin_kinds, outputs
from ..digests import combined, content_digest
from ..locales import N_
from ..moments import atom, instant
from ..model import (AnchoredStory, Annotation, Author, CardNote, Kind, KindCount, ListedStory,
                     Rating, SiteConfig, StoryCard, StorySummary)
from ..outputs import made
from ..tags import tag_key, tag_order, tag_slug, tag_spellings
from ..wording import shorten
from .highlight import Highlight, render_markdown, render_story, render_with_quoted_passages
from .languages import DEFAULT_LANGUAGE, CatalogError, Interface, catalog_files, interface
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
    name: str = ""          # what a screen reader calls it: number, kind and any rating
    start: str = ""         # what the script tells a screen reader where its words begin
    author: Author | None = None    # who signs it

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


def make_environment(theme: Theme, compiled: Path | None = None,
                     language: str = DEFAULT_LANGUAGE) -> jinja2.Environment:
    """`compiled`: a folder to keep compiled templates and catalogs in (every language's
    environment shares it: the compiled code looks its words up when it runs)."""
    words = interface(theme.folders, language, compiled)
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
        extensions=["jinja2.ext.i18n"],
    )
    # A {% trans %} block's msgid is its text with each run of whitespace as one space,
    # so that a template can wrap its lines without changing the catalogs.
    environment.policies["ext.i18n.trimmed"] = True
    environment.newstyle_gettext = True         # type: ignore[attr-defined]
    environment.globals.update(page_gettext(words.translations))
    environment.globals["direction"] = words.direction
    environment.filters["long_date"] = words.date
    environment.filters["number"] = words.number
    environment.filters["atom_time"] = atom
    environment.filters["listed"] = words.listed
    environment.filters["quoted"] = lambda text: quoted(text, words)
    environment.glossator_theme = theme                 # type: ignore[attr-defined]
    environment.glossator_compiled = compiled           # type: ignore[attr-defined]
    environment.glossator_interface = words             # type: ignore[attr-defined]
    return environment


def page_gettext(translations) -> dict:
    """The gettext functions a page calls, as Jinja's newstyle gettext defines them
    (the result is markup when the page escapes, and always formatted with `%`, so
    that its values are escaped; the values may have any name, `count` too), each
    called directly: Jinja's own wrappers pass
    through the template's context three times a call, a tenth of a page's time."""

    said: dict[tuple[str, bool], str] = {}     # a message with no values, as a page has it

    @jinja2.pass_eval_context
    def gettext(eval_context, message: str, /, **values):
        if values:
            return as_page(eval_context, translations.gettext(message)) % values
        key = (message, eval_context.autoescape)
        if key not in said:
            said[key] = as_page(eval_context, translations.gettext(message)) % {}
        return said[key]

    @jinja2.pass_eval_context
    def ngettext(eval_context, singular: str, plural: str, count: int, /, **values):
        values.setdefault("num", count)
        return as_page(eval_context, translations.ngettext(singular, plural, count)) % values

    @jinja2.pass_eval_context
    def pgettext(eval_context, context: str, message: str, /, **values):
        if values:
            return as_page(eval_context, translations.pgettext(context, message)) % values
        key = (f"{context}\x04{message}", eval_context.autoescape)
        if key not in said:
            said[key] = as_page(eval_context, translations.pgettext(context, message)) % {}
        return said[key]

    @jinja2.pass_eval_context
    def npgettext(eval_context, context: str, singular: str, plural: str, count: int, /,
                  **values):
        values.setdefault("num", count)
        return as_page(eval_context, translations.npgettext(context, singular, plural,
                                                            count)) % values

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext}


def as_page(eval_context, text: str):
    return Markup(text) if eval_context.autoescape else text


_localized: dict[tuple, jinja2.Environment] = {}


def localized(environment: jinja2.Environment, language: str) -> jinja2.Environment:
    """The environment of the same theme whose interface is in `language`: this one,
    or one made once per process (and again when its catalogs change)."""
    theme, compiled = getattr(environment, "glossator_theme"), \
        getattr(environment, "glossator_compiled")
    words = interface(theme.folders, language, compiled)
    if words == interface_of(environment):
        return environment
    key = (theme, compiled, language)
    made = _localized.get(key)
    if made is None or interface_of(made) != words:
        made = _localized[key] = make_environment(theme, compiled, language)
    return made


def interface_of(environment: jinja2.Environment) -> Interface:
    words: Interface = getattr(environment, "glossator_interface")   # make_environment's
    return words


@lru_cache(maxsize=64)          # the same for every page of a language
def in_words(kinds: tuple[Kind, ...], words: Interface) -> tuple[Kind, ...]:
    """The kinds as the interface names them: a built-in kind's label, description
    and ratings in its language, unless site.yaml worded them (then as written)."""
    return tuple(kind_in_words(kind, words) for kind in kinds)


def kind_in_words(kind: Kind, words: Interface) -> Kind:
    builtin = builtin_kinds.builtin(kind.name)
    if builtin is None:
        return kind
    own = {r.name: r.label for r in builtin.ratings}

    def said(text: str, original: str) -> str:
        return words.gettext(text) if text and text == original else text

    ratings = tuple(replace(r, label=said(r.label, own.get(r.name, ""))) for r in kind.ratings)
    return replace(kind, label=said(kind.label, builtin.label),
                   description=said(kind.description, builtin.description), ratings=ratings)


def listed(summaries: list[StorySummary], kinds: tuple[Kind, ...]) -> list[ListedStory]:
    """The stories of a list page, their kinds as `kinds` (in the page's language)
    name them. Made only for the stories of a page being made: a build with one
    story changed makes a few pages of thousands."""
    named = {kind.name: kind for kind in kinds}
    return [ListedStory(s.story, tuple(KindCount(named[name], count)
                                       for name, count in s.counts if name in named))
            for s in summaries]


def report_template_error(exc: Exception, theme: Theme, diagnostics: Diagnostics) -> None:
    """Report an error that a template or a catalog raised, at its place in the file;
    an error that did not come from either is not the author's, and is raised again."""
    if isinstance(exc, CatalogError):
        diagnostics.error(Location(exc.path, exc.line), f"catalog error: {exc.message}")
        return
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
    those in `theme` are counted, and so are its catalogs, which every page reads."""
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
    if theme is not None:
        files.update(str(path) for path in catalog_files(theme.folders))
    return files


def is_note_template(expression: jinja2.nodes.Node) -> bool:
    """`note.template`, as a page includes each of its notes."""
    return isinstance(expression, jinja2.nodes.Getattr) and expression.attr == "template" \
        and isinstance(expression.node, jinja2.nodes.Name) and expression.node.name == "note"


def quoted(text: str, words: Interface) -> str:
    """The words in the language's quotation marks, unless they already stand
    between some."""
    flat = " ".join(text.split())
    if flat[:1] in OPENING_QUOTES and flat[-1:] in CLOSING_QUOTES:
        return flat
    # Translators: quotation marks around words quoted from the story.
    return words.gettext("“%(words)s”", words=flat)


OPENING_QUOTES = "“\"«„‘‹»"
CLOSING_QUOTES = "”\"»“’›«"


@dataclass(frozen=True)
class StoryView:
    """What a story's outputs are made from."""

    environment: jinja2.Environment
    config: SiteConfig
    anchored: AnchoredStory
    notes: list[Note]


def article_files(environment: jinja2.Environment, config: SiteConfig,
                  anchored: AnchoredStory) -> dict[str, bytes]:
    """Every file of the story that the outputs list names, in the story's language."""
    language = anchored.story.language or config.language
    environment = localized(environment, language)
    words = interface_of(environment)
    config = replace(config, kinds=in_words(config.kinds, words))
    notes = make_notes(config, anchored, template_names(environment), words)
    return made(outputs.STORY, StoryView(environment, config, anchored, notes))


def story_page(view: StoryView) -> dict[str, bytes]:
    config, anchored, notes = view.config, view.anchored, view.notes
    language = anchored.story.language or config.language
    highlights = [Highlight(n.annotation.id, n.annotation.type,
                            anchored.spans[n.annotation.id].start,
                            anchored.spans[n.annotation.id].end, n.number, n.label,
                            n.kind.symbol, n.name)
                  for n in notes]
    story_html = Markup(render_story(anchored.text, highlights))
    dated = sorted((n for n in notes if n.annotation.date),
                   key=lambda n: (n.annotation.date, n.number))
    graph = news_article(config, anchored)
    html = view.environment.get_template("article.html").render(
        site=config, story=anchored.story, story_html=story_html, notes=notes,
        kinds=kind_counts(config, notes), timeline=dated,
        corrections=[n for n in notes if n.annotation.type == "correction"],
        root="../", language=language,
        status=anchored.story.status(dt.datetime.now(dt.timezone.utc)),
        authors=[config.author(author) for author in anchored.story.authors],
        url=page_url(config, anchored.story), json_ld=Markup(script_json(graph)),
        tag_links=[(tag, tag_slug(tag)) for tag in anchored.story.tags])
    return {f"{anchored.story.slug}/index.html": html.encode()}


def annotations_file(view: StoryView) -> dict[str, bytes]:
    words = interface_of(view.environment)
    collection = annotation_collection(
        view.config, view.anchored, {n.annotation.id: str(n.body or "") for n in view.notes},
        words.gettext("Notes on “%(title)s”", title=view.anchored.story.title))
    return {f"{view.anchored.story.slug}/annotations.jsonld": (
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()}


def make_notes(config: SiteConfig, anchored: AnchoredStory,
               templates: frozenset[str] = frozenset(),
               words: Interface = Interface(DEFAULT_LANGUAGE, DEFAULT_LANGUAGE, "ltr"),
               ) -> list[Note]:
    """`templates`: the names of the theme's templates, to find each kind's own;
    `words`: the interface that names the notes."""
    notes = []
    for number, (annotation, _) in enumerate(anchored.notes, start=1):
        passages = anchored.quoted.get(annotation.id)
        law_text = Markup(render_with_quoted_passages(passages)) if passages else None
        kind = config.kind_named(annotation.type)
        rating = kind.rating(annotation.get("rating"))
        notes.append(Note(annotation, number, kind, markup(annotation.body), law_text,
                          kind.template if kind.template in templates else NOTE_TEMPLATE,
                          spoken_name(words, number, kind, rating),
                          spoken_start(words, number, kind, rating),
                          config.author(annotation.author)))
    return notes


def spoken_name(words: Interface, number: int, kind: Kind, rating: Rating | None) -> str:
    """A note as a screen reader names it, its reference and its heading alike: so
    that a listener hears a claim's verdict without opening the note."""
    if rating is not None:
        return words.gettext("Note %(number)s: %(kind)s, rated %(rating)s", number=number,
                             kind=kind.label, rating=rating.label.lower())
    return words.gettext("Note %(number)s: %(kind)s", number=number, kind=kind.label)


def spoken_start(words: Interface, number: int, kind: Kind, rating: Rating | None) -> str:
    """Where a note's words begin, as the script tells a screen reader."""
    if rating is not None:
        return words.gettext("Start of note %(number)s: %(kind)s, rated %(rating)s",
                             number=number, kind=kind.label, rating=rating.label.lower())
    return words.gettext("Start of note %(number)s: %(kind)s", number=number, kind=kind.label)


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
    byline = story.byline or ", ".join(a.name for a in map(config.author, story.authors) if a) \
        or None
    card = StoryCard(story.slug, story.title, story.published, story.updated, story.dek,
                     byline, story.source, story.tags,
                     tuple(card_note(a) for a in notes if a.type == "correction"),
                     tuple(card_note(a) for a in notes if changed_since(a, story.published)),
                     story.authors, story.status(dt.datetime.now(dt.timezone.utc)))
    kinds = tuple((t.name, counts[t.name]) for t in config.kinds if counts[t.name])
    return StorySummary(card, kinds, content_digest(repr((card, kinds)).encode()))


def card_note(annotation: Annotation) -> CardNote:
    return CardNote(annotation.id, annotation.quote, annotation.title, annotation.body,
                    annotation.author, annotation.added, annotation.updated,
                    annotation.get("original"), annotation.get("corrected"),
                    annotation.get("corrected_by"), annotation.get("corrected_on"))


def changed_since(annotation: Annotation, published: dt.date) -> bool:
    """Whether a note was added or updated after its story was published."""
    return any(instant(when) > instant(published)
               for when in (annotation.added, annotation.updated) if when)


def updated_later(annotation: Annotation | CardNote) -> bool:
    """Whether a note's last change is an update after it was added (or after its
    story, when it does not say when it was added)."""
    return annotation.updated is not None and (
        annotation.added is None or instant(annotation.updated) > instant(annotation.added))


def newest_first(summaries: list[StorySummary]) -> list[StorySummary]:
    return sorted(summaries, key=lambda s: (instant(s.story.published), s.story.slug),
                  reverse=True)


@dataclass(frozen=True)
class Pager:
    """Where a list page stands among its list's pages. Pages are numbered from the
    oldest story, so that a page's address keeps its stories as new ones are added:
    `page/1/` holds the oldest; the list's own address (the newest) is page `count`,
    and holds what is left over, from one page's worth to just under two."""

    number: int             # 1 the oldest page
    count: int
    older: str | None       # the addresses of the pages beside it, from the site's root
    newer: str | None

    @property
    def position(self) -> int:
        """The page as a reader walking from the newest counts it: the newest is 1."""
        return self.count - self.number + 1


@dataclass(frozen=True)
class Deferred:
    """A list page not made yet. `key` digests all it is made of but the templates and
    site.yaml, so that a build can keep the page the last build made of the same key
    instead of making it again: an edit to one story makes again only the pages it
    is listed on."""

    key: str
    make: Callable[[], bytes]


def list_page_key(address: str, pager: Pager, stories: list[StorySummary], *more) -> str:
    return combined(address, repr(pager), *(s.digest for s in stories), *map(repr, more))


def made_now(files: dict[str, "bytes | Deferred"]) -> dict[str, bytes]:
    """Every page made, the deferred ones too."""
    return {path: page.make() if isinstance(page, Deferred) else page
            for path, page in files.items()}


def list_pages(summaries: list[StorySummary], size: int) -> list[list[StorySummary]]:
    """The pages of a list, oldest page first, each newest story first."""
    oldest = sorted(summaries, key=lambda s: (instant(s.story.published), s.story.slug))
    count = page_count(len(oldest), size)
    pages = [oldest[n * size:(n + 1) * size] for n in range(count - 1)]
    pages.append(oldest[(count - 1) * size:])
    return [page[::-1] for page in pages]


def page_count(stories: int, size: int) -> int:
    """How many pages a list of `stories` takes: the oldest ones fill pages of `size`,
    the newest holds what is left over, up to twice `size` less one, so that a page's
    address keeps its stories as newer ones come."""
    return max(1, stories // size)


def by_tag_address(summaries: list[StorySummary],
                   ) -> dict[str, tuple[str, list[StorySummary]]]:
    """Each tag page's address (the tag's slug), with the first of its tags met and
    the stories that carry one, in the order given: a story whose two tags share an
    address is listed there once."""
    found: dict[str, tuple[str, list[StorySummary]]] = {}
    for summary in summaries:
        for tag in summary.story.tags:
            _, tagged = found.setdefault(tag_slug(tag), (tag, []))
            if not tagged or tagged[-1] is not summary:
                tagged.append(summary)
    return found


def list_addresses(summaries: list[StorySummary], size: int) -> list[str]:
    """Every list page's address (the index's pages, each tag's), from the site's root."""
    lists = [("", len(summaries))] + [(f"tags/{slug}/", len(tagged)) for slug, (_, tagged)
                                      in sorted(by_tag_address(summaries).items())]
    return [page_address(base, number, count) for base, stories in lists
            for count in [page_count(stories, size)] for number in range(count, 0, -1)]


def page_address(base: str, number: int, count: int) -> str:
    """A list's page `number`, from the site's root: `base` (a folder, '' for the
    index) for the newest, `<base>page/<number>/` for the others."""
    return base if number == count else f"{base}page/{number}/"


def paged(base: str, summaries: list[StorySummary], size: int,
          ) -> list[tuple[str, list[StorySummary], Pager]]:
    """Each page of a list, as (its address, its stories, where it stands)."""
    pages = list_pages(summaries, size)
    count = len(pages)
    return [(page_address(base, number, count), stories,
             Pager(number, count,
                   page_address(base, number - 1, count) if number > 1 else None,
                   page_address(base, number + 1, count) if number < count else None))
            for number, stories in enumerate(pages, start=1)]


def root_of(address: str) -> str:
    """The way from a page at `address` (a folder) back to the site's root."""
    return "../" * address.count("/")


def index_pages(environment: jinja2.Environment, config: SiteConfig,
                summaries: list[StorySummary], search: bool,
                spellings: dict[str, str]) -> dict[str, Deferred]:
    """The index of stories, newest first, over as many pages as it takes;
    `spellings`, each tag's one spelling (tags.tag_spellings), for its links."""
    environment = localized(environment, config.language)
    tags = sorted(set(spellings.values()), key=tag_order)
    template = environment.get_template("index.html")
    kinds = in_words(config.kinds, interface_of(environment))
    files = {}
    for address, stories, pager in paged("", summaries, config.page_size):
        newest = pager.number == pager.count
        context = dict(
            site=config, root=root_of(address), language=config.language,
            url=f"{config.base_url}{address}" if config.base_url else None,
            tag_links=[(tag, tag_slug(tag)) for tag in tags] if newest else [],
            search=search and newest, pager=pager)
        files[f"{address}index.html"] = Deferred(
            list_page_key(address, pager, stories, context["tag_links"], context["search"]),
            partial(render_list, template, context, stories, kinds))
    return files


def render_list(template: jinja2.Template, context: dict, stories: list[StorySummary],
                kinds: tuple[Kind, ...]) -> bytes:
    return template.render(**context, summaries=listed(stories, kinds)).encode()


def tag_pages(environment: jinja2.Environment, config: SiteConfig,
              summaries: list[StorySummary], spellings: dict[str, str]) -> dict[str, Deferred]:
    """Each tag's stories, newest first, paged like the index, under the tag's one
    spelling (`spellings`, tags.tag_spellings)."""
    environment = localized(environment, config.language)
    kinds = in_words(config.kinds, interface_of(environment))
    template = environment.get_template("tag.html")
    files = {}
    for slug, (tag, tagged) in sorted(by_tag_address(newest_first(summaries)).items()):
        name = spellings[tag_key(tag)]
        for address, stories, pager in paged(f"tags/{slug}/", tagged, config.page_size):
            files[f"{address}index.html"] = Deferred(
                list_page_key(address, pager, stories, name),
                partial(render_list, template, dict(
                    site=config, tag=name, root=root_of(address),
                    language=config.language, pager=pager,
                    url=f"{config.base_url}{address}" if config.base_url else None),
                    stories, kinds))
    return files


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
    """Atom feeds of the stories and of their corrections, the latest
    `config.feed_size` of each, newest first."""
    environment = localized(environment, config.language)
    words = interface_of(environment)
    base = config.base_url or "../"         # without one, from the feed's own place
    site_id = config.base_url or f"tag:{tag_slug(config.title)},2000:"
    def author_of(story: StoryCard) -> str:
        return story.byline or (story.source.name if story.source else config.title)

    def story_entry(story: StoryCard) -> FeedEntry:
        return FeedEntry(story.title, f"{site_id}{story.slug}/", f"{base}{story.slug}/",
                         story.published, story.updated or story.published, story.dek or "",
                         author_of(story))

    def correction_entry(story: StoryCard, note: CardNote) -> FeedEntry:
        when = correction_date(story, note)
        said = words.gettext("First reported: %(original)s Corrected: %(corrected)s",
                             original=note.original, corrected=note.corrected)
        return FeedEntry(
            words.gettext("Correction to “%(title)s”: %(correction)s", title=story.title,
                          correction=note.title or note.corrected),
            f"{site_id}{story.slug}/#note-{note.id}", f"{base}{story.slug}/#note-{note.id}",
            when, when, said, note.corrected_by or author_of(story))

    # the latest only: a feed reader polls for what is new, and refuses a huge feed.
    # Chosen by date and address before any entry is made: an archive has thousands.
    cards = [summary.story for summary in summaries]
    latest_stories = heapq.nlargest(config.feed_size, cards, key=lambda story: (
        instant(story.updated or story.published), f"{site_id}{story.slug}/"))
    latest_corrections = heapq.nlargest(
        config.feed_size, ((story, a) for story in cards for a in story.corrections),
        key=lambda pair: (instant(correction_date(*pair)),
                          f"{site_id}{pair[0].slug}/#note-{pair[1].id}"))
    template = environment.get_template("feed.xml")
    files = {}
    for name, title, entries in (
            ("stories", config.title, [story_entry(story) for story in latest_stories]),
            ("corrections", words.gettext("%(site)s: corrections", site=config.title),
             [correction_entry(*pair) for pair in latest_corrections])):
        updated = max((e.updated for e in entries), default=dt.date(2000, 1, 1), key=instant)
        files[f"feeds/{name}.xml"] = xml_characters(template.render(
            site=config, title=title, feed_id=f"{site_id}feeds/{name}.xml",
            self_link=f"{base}feeds/{name}.xml", home=base, entries=entries,
            updated=updated, language=config.language)).encode()
    return files


def correction_date(story: StoryCard, note: CardNote) -> dt.date:
    return note.corrected_on or story.updated or story.published


def updates_feed(environment: jinja2.Environment, config: SiteConfig,
                 summaries: list[StorySummary]) -> dict[str, bytes]:
    """An Atom feed of the notes added or updated after their story was published,
    the latest change first: fact-checks and context that came later."""
    environment = localized(environment, config.language)
    words = interface_of(environment)
    base = config.base_url or "../"
    site_id = config.base_url or f"tag:{tag_slug(config.title)},2000:"
    entries = []
    for summary in summaries:
        story = summary.story
        for annotation in story.changed:
            author = config.author(annotation.author) or next(
                (a for a in map(config.author, story.authors) if a), None)
            heading = annotation.title or shorten(annotation.quote, 70)
            message = (N_("Note updated on “%(title)s”: %(note)s") if updated_later(annotation)
                       else N_("Note added to “%(title)s”: %(note)s"))
            title = words.gettext(message, title=story.title, note=heading)
            entries.append(FeedEntry(
                title, f"{site_id}{story.slug}/#note-{annotation.id}",
                f"{base}{story.slug}/#note-{annotation.id}",
                annotation.added or story.published,
                max((w for w in (annotation.added, annotation.updated) if w), key=instant),
                annotation.body or annotation.quote,
                author.name if author else story.byline or config.title))
    entries = heapq.nlargest(config.feed_size, entries, key=lambda e: (instant(e.updated), e.id))
    updated = max((e.updated for e in entries), default=dt.date(2000, 1, 1), key=instant)
    return {"feeds/updates.xml": xml_characters(environment.get_template("feed.xml").render(
        site=config, title=words.gettext("%(site)s: updated notes", site=config.title),
        feed_id=f"{site_id}feeds/updates.xml", self_link=f"{base}feeds/updates.xml",
        home=base, entries=entries, updated=updated, language=config.language)).encode()}


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

    @cached_property
    def spellings(self) -> dict[str, str]:
        """The one spelling each tag is shown with, for the index and the tag pages
        alike (each story of an archive looked at once, not once a list)."""
        return tag_spellings(self.summaries)


def site_files(view: SiteView) -> dict[str, bytes | Deferred]:
    """Every site-wide file that the outputs list names; the list pages deferred."""
    return made(outputs.SITE, view)


def index_output(view: SiteView) -> dict[str, Deferred]:
    return index_pages(view.environment, view.config, view.summaries, view.search,
                       view.spellings)


def tags_output(view: SiteView) -> dict[str, Deferred]:
    return tag_pages(view.environment, view.config, view.summaries, view.spellings)


def feeds_output(view: SiteView) -> dict[str, bytes]:
    return feeds(view.environment, view.config, view.summaries)


def updates_output(view: SiteView) -> dict[str, bytes]:
    return updates_feed(view.environment, view.config, view.summaries)


def not_found_output(view: SiteView) -> dict[str, bytes]:
    """Served at any depth, so it links from the site's root."""
    config = view.config
    environment = localized(view.environment, config.language)
    return {"404.html": environment.get_template("404.html").render(
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
    pages = [(config.base_url, max((s.updated or s.published for s in stories), default=None,
                                   key=instant))]
    pages += [(f"{config.base_url}{s.slug}/", s.updated or s.published) for s in stories]
    pages += [(f"{config.base_url}{address}", None)
              for address in list_addresses(view.summaries, config.page_size) if address]
    return {"sitemap.xml": xml_characters(view.environment.get_template("sitemap.xml").render(
        pages=pages)).encode()}
