"""The build from end to end: load, anchor, render, write.

`check` runs every stage but the last, so it finds every problem a build would.

A build first asks the cache (cache.py) whether the live site is already what these
inputs make; if so it is done before the Markdown, YAML and template libraries are
even imported. Otherwise each story whose key the cache knows, and whose files are
still in one copy of the site or the other, is reused; the rest are built
(parallel.py), and the site-wide pages are made again from every story's summary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .cache import BuildState, Report, combined, read_inputs, story_folders, tool_digest, \
    up_to_date
from .diagnostics import Diagnostic, Diagnostics, Location

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class Outcome:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    stories: int = 0
    annotations: int = 0
    seconds: float = 0.0
    written: bool = False
    reused: int = 0                 # stories taken from the cache
    unchanged: bool = False         # the site was already up to date


def default_templates(content_dir: Path) -> Path:
    """A project's own templates/ beside its content/, else Glossator's."""
    local = content_dir.absolute().parent / "templates"
    return local if (local / "article.html").is_file() else PACKAGE_TEMPLATES


def run(content_dir: Path, out_dir: Path | None, *, strict: bool = False,
        base_url: str | None = None, templates_dir: Path | None = None,
        search: bool | None = None, cache: bool = True,
        progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Build (or, with no `out_dir`, check) the site; never raises for bad content.
    `cache=False` trusts nothing the last build left; `progress(done, total)` hears
    of each story built."""
    started = time.perf_counter()
    templates = templates_dir or default_templates(content_dir)
    if search is None or search:
        from .search import search_available
        search = search_available()
    state = inputs = None
    if out_dir is not None:
        state = BuildState(out_dir)
        if not cache:
            state.forget()
        inputs = read_inputs(state.digests, content_dir, templates,
                             combined(base_url or "", str(search)))
        if up_to_date(state, inputs):
            replayed = replay(state.report)
            if not replayed.diagnostics.failed(strict):
                return finish(replayed, started)
    outcome = build(content_dir, out_dir, state, inputs, strict=strict, base_url=base_url,
                    templates=templates, search=search, progress=progress)
    return finish(outcome, started)


def replay(report: Report) -> Outcome:
    diagnostics = Diagnostics([Diagnostic(Location(Path(d["path"]), d["line"], d["column"]),
                                          d["severity"], d["message"], d["hint"],
                                          tuple(d["details"]))
                               for d in report.diagnostics])
    return Outcome(diagnostics, report.stories, report.annotations, written=True,
                   reused=report.stories, unchanged=True)


def report_of(outcome: Outcome) -> Report:
    return Report(outcome.stories, outcome.annotations,
                  [{"path": str(d.location.path), "line": d.location.line,
                    "column": d.location.column, "severity": d.severity,
                    "message": d.message, "hint": d.hint, "details": list(d.details)}
                   for d in outcome.diagnostics.items])


def build(content_dir: Path, out_dir: Path | None, state: BuildState | None, inputs,
          *, strict: bool, base_url: str | None, templates: Path, search: bool,
          progress: Callable[[int, int], None] | None) -> Outcome:
    import jinja2

    from .load import load_site_config, SITE_FILE, ARTICLE_FILE
    from .parallel import Job, process_stories
    from .write import SiteWriter, WriteError

    outcome = Outcome()
    diagnostics = outcome.diagnostics
    if not content_dir.is_dir():
        diagnostics.error(Location(content_dir), "the content folder does not exist",
                          hint="pass --content DIR, or run from the project folder")
        return outcome
    config = load_site_config(content_dir / SITE_FILE, diagnostics)
    if base_url:
        config = replace(config, base_url=base_url)
    folders = story_folders(content_dir)
    writer = None
    try:
        if state is not None:
            writer = SiteWriter(out_dir, state, fresh=not state.data)
        known = state.load_stories() if state is not None and state.data else {}
        page_templates = story_templates_digest(templates, state, inputs) if state else ""
        keys = {folder.name: inputs.story_key(folder.name, page_templates)
                for folder in folders} if inputs else {}
        results = {}
        for folder in folders:
            entry = known.get(keys.get(folder.name))
            if entry is not None and writer is not None and writer.available(entry.outputs):
                results[folder.name] = entry
        outcome.reused = len(results)
        todo = [folder for folder in folders if folder.name not in results]
        held = {}
        if writer is not None:
            for path, digest in writer.held.files.items():
                held.setdefault(path.split("/", 1)[0], {})[path] = digest
        compiled = state.folder / "templates" if state is not None else None
        job = Job(content_dir, config, templates, compiled, writer.spare if writer else None,
                  held)
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, len(todo))

        for result in process_stories(todo, job, advance if progress else None):
            if result.write_error is not None:
                raise WriteError(f"cannot write the site to {out_dir}: "
                                 f"{result.write_error.strerror or result.write_error}")
            results[result.slug] = result
            if writer is not None:
                for path, digest in result.outputs.items():
                    writer.record(path, digest)
        ordered = [results[folder.name] for folder in folders]
        built = [results[folder.name] for folder in todo]
        for result in ordered:
            diagnostics.extend(result.diagnostics)
        summaries = [r.summary for r in ordered if r.summary is not None]
        outcome.stories = len(summaries)
        outcome.annotations = sum(r.annotations for r in ordered)
        if not folders and not diagnostics.errors:
            diagnostics.warning(Location(content_dir), "the content folder has no stories",
                                hint=f"a story is a folder holding {ARTICLE_FILE}")
        if diagnostics.failed(strict) or writer is None:
            if writer is not None:
                save_cache(state, keys, ordered)
                state.save(state.fingerprint, state.report, writer.unfinished())
            return outcome
        write_site(writer, config, summaries, ordered, set(results) - {r.slug for r in built},
                   job, search, state, inputs)
    except jinja2.TemplateError as exc:
        where = Location(Path(getattr(exc, "filename", None) or templates),
                         getattr(exc, "lineno", None) or 1)
        diagnostics.error(where, f"template error: {exc}")
        return outcome
    except WriteError as exc:
        diagnostics.error(Location(out_dir), str(exc))
        if writer is not None:
            save_quietly(state, writer)
        return outcome
    outcome.written = True
    for result in built:
        if result.anchors is not None:
            remember_anchors(content_dir / result.slug, result.anchors)
            # A story that anchored without a word said used none of anchors.json, so
            # the file just written cannot change its pages: key it by the file as it is.
            if not result.diagnostics:
                inputs.stories[result.slug] = state.digests.folder(str(content_dir / result.slug))
                keys[result.slug] = inputs.story_key(result.slug, page_templates)
    save_cache(state, keys, ordered)
    state.save(inputs.fingerprint(), report_of(outcome), writer.trees)
    return outcome


def story_templates_digest(templates: Path, state: BuildState, inputs) -> str:
    """The digest of the templates a story's page is made with, so that editing the
    index's template, say, rebuilds no story."""
    known = state.memo.get("page_templates")
    if known and known[0] == inputs.templates:
        return known[1]
    from .pages import make_environment, templates_used

    used = templates_used(make_environment(templates), "article.html")
    if used is None:
        used = {path.relative_to(templates).as_posix() for path in templates.rglob("*")
                if path.is_file()}
    digest = combined(*(f"{name}={state.digests.digest(str(templates / name))}"
                        for name in sorted(used)))
    state.memo["page_templates"] = [inputs.templates, digest]
    return digest


def save_cache(state: BuildState, keys: dict[str, str], results) -> None:
    from .parallel import cached

    state.save_stories({keys[r.slug]: cached(r) for r in results if r.summary is not None
                        and not any(d.severity == "error" for d in r.diagnostics)})


def save_quietly(state: BuildState, writer) -> None:
    """Record what the spare copy holds after a failed write, if the disk allows."""
    try:
        state.save(state.fingerprint, state.report, writer.unfinished())
    except OSError:
        pass


def write_site(writer, config, summaries, results, reused: set[str], job, search: bool,
               state: BuildState, inputs) -> None:
    """The site-wide pages, the files published as they are, the cached stories'
    pages, and then the swap."""
    from .search import index_for_search

    # The site-wide pages show only the stories' summaries: when those are as they
    # were (a note was edited, say), the pages are too.
    key = combined(tool_digest(), inputs.templates, inputs.site, inputs.options, str(search),
                   repr(summaries))
    known = state.memo.get("site_pages")
    if known and known[0] == key and writer.available(known[1]):
        writer.reuse(known[1])
    else:
        pages = site_pages(config, summaries, job, search)
        for relative, data in pages.items():
            writer.put(relative, data)
        state.memo["site_pages"] = [key, {path: writer.written[path] for path in pages}]
    for result in results:
        if result.slug in reused:
            writer.reuse(result.outputs)
        for relative, source in result.assets.items():
            writer.copy(relative, Path(source), state.digests.digest(source))
    static = job.templates / "static"
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                writer.copy(f"static/{path.relative_to(static).as_posix()}", path,
                            state.digests.digest(str(path)))
    writer.finish(index_for_search if search else None)


def site_pages(config, summaries, job, search: bool) -> dict[str, bytes]:
    """The index, tag pages, feeds, sitemap, robots.txt and 404 page."""
    from .pages import feeds, index_page, make_environment, site_files, tag_pages

    environment = make_environment(job.templates, job.compiled)
    pages = {"index.html": index_page(environment, config, summaries, search).encode()}
    tags = tag_pages(environment, config, summaries)
    pages.update(tags)
    pages.update(feeds(environment, config, summaries))
    pages.update(site_files(environment, config, summaries, sorted(tags)))
    return pages


def remember_anchors(folder: Path, text: str) -> None:
    """Record where each quote stood, for the next build after an edit (anchors.json)."""
    from .memory import MEMORY_FILE, write_memory

    write_memory(folder / MEMORY_FILE, text)


def finish(outcome: Outcome, started: float) -> Outcome:
    outcome.seconds = time.perf_counter() - started
    return outcome
