"""The build from end to end: load, anchor, render, write.

`check` runs every stage but the last, so it finds every problem a build would.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from .anchor import AnchoredStory
from .diagnostics import Diagnostics, Location
from .load import load_site
from .search import index_for_search, search_available
from .memory import MEMORY_FILE, save_memory
from .model import Site
from .pages import feeds, index_page, make_environment, site_files, summarize, tag_pages
from .parallel import process_stories
from .write import SiteFiles, WriteError, write_site

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class Outcome:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    stories: int = 0
    annotations: int = 0
    seconds: float = 0.0
    written: bool = False


def default_templates(content_dir: Path) -> Path:
    """A project's own templates/ beside its content/, else Glossator's."""
    local = content_dir.absolute().parent / "templates"
    return local if (local / "article.html").is_file() else PACKAGE_TEMPLATES


def run(content_dir: Path, out_dir: Path | None, *, strict: bool = False,
        base_url: str | None = None, templates_dir: Path | None = None,
        search: bool | None = None) -> Outcome:
    """Build (or, with no `out_dir`, check) the site; never raises for bad content."""
    started = time.perf_counter()
    outcome = Outcome()
    diagnostics = outcome.diagnostics
    site = load_site(content_dir, diagnostics)
    if base_url:
        site = with_base_url(site, base_url)
    templates = templates_dir or default_templates(content_dir)
    search = search_available() if search is None else search and search_available()
    try:
        results = process_stories(site.stories, site.config, templates)
        for result in results:
            diagnostics.extend(result.diagnostics)
        anchored = [result.anchored for result in results]
        outcome.stories = len(anchored)
        outcome.annotations = sum(len(a.spans) for a in anchored)
        if diagnostics.failed(strict):
            return finish(outcome, started)
        articles = {path: data for result in results for path, data in result.files.items()}
        files = render_site(site, anchored, articles, templates, search)
    except jinja2.TemplateError as exc:
        where = Location(Path(getattr(exc, "filename", None) or templates),
                         getattr(exc, "lineno", None) or 1)
        diagnostics.error(where, f"template error: {exc}")
        return finish(outcome, started)
    if out_dir is not None:
        try:
            write_site(out_dir, files, index_for_search if search else None)
            outcome.written = True
        except WriteError as exc:
            diagnostics.error(Location(out_dir), str(exc))
            return finish(outcome, started)
        remember_anchors(anchored)
    return finish(outcome, started)


def remember_anchors(anchored: list[AnchoredStory]) -> None:
    """Record where each quote stood, for the next build after an edit (anchors.json)."""
    for story in anchored:
        path = story.story.folder / MEMORY_FILE
        if story.memory or path.exists():
            save_memory(path, story.memory)


def finish(outcome: Outcome, started: float) -> Outcome:
    outcome.seconds = time.perf_counter() - started
    return outcome


def with_base_url(site: Site, base_url: str) -> Site:
    return replace(site, config=replace(site.config, base_url=base_url))


def render_site(site: Site, anchored: list[AnchoredStory], articles: dict[str, bytes],
                templates: Path, search: bool = False) -> SiteFiles:
    """Everything but the story pages, which `parallel` made: `articles`."""
    environment = make_environment(templates)
    generated: dict[str, bytes] = dict(articles)
    copied: dict[str, Path] = {}
    for story in anchored:
        for asset in story.story.assets:
            copied[f"{story.story.slug}/{asset.as_posix()}"] = story.story.folder / asset
    summaries = [summarize(site.config, story) for story in anchored]
    generated["index.html"] = index_page(environment, site.config, summaries, search).encode()
    tags = tag_pages(environment, site.config, summaries)
    generated.update(tags)
    generated.update(feeds(environment, site.config, anchored))
    generated.update(site_files(environment, site.config, anchored, sorted(tags)))
    static = templates / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                copied[f"static/{path.relative_to(static).as_posix()}"] = path
    return SiteFiles(generated, copied)
