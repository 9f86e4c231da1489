"""The build from end to end: load, anchor, render, write.

`check` runs every stage but the last, so it finds every problem a build would.

A build first asks the cache (cache.py) whether the live site is already what these
inputs make; if so it is done before the Markdown, YAML and template libraries are
even imported. Otherwise each story whose key the cache knows, and whose files are
still in one copy of the site or the other, is reused; the rest are built
(parallel.py); the site-wide pages are made again from the stories' summaries
unless those are all as they were; and the spare copy of the site, brought up to
date, is swapped in (write.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..digests import combined
from ..outputs import AUTHOR_IMAGES
from ..load.folders import (content_folder_exists, content_listing, say_if_no_stories,
                            story_folders)
from .cache import BuildState, Inputs, Report, read_inputs, tool_digest, up_to_date
from ..diagnostics import Diagnostic, Diagnostics, Location
from ..render.theme import Theme, theme_for

Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    stories: int = 0
    annotations: int = 0
    seconds: float = 0.0
    written: bool = False
    reused: int = 0                 # stories taken from the cache
    unchanged: bool = False         # the site was already what a build would make
    without_base_url: bool = False  # built with no base URL: no sitemap, relative feed links


def run(content_dir: Path, out_dir: Path | None, *, strict: bool = False,
        base_url: str | None = None, templates_dir: Path | None = None,
        search: bool | None = None, cache: bool = True,
        progress: Progress | None = None, drafts: bool = False,
        future: bool = False, told: frozenset[str] | None = None) -> Outcome:
    """Build (or, with no `out_dir`, check) the site; never raises for bad content.
    `cache=False` trusts nothing the last build left; `progress(done, total)` hears
    of each story built; `drafts`, `future`: build the stories marked as drafts, and
    those published later than now (`check` reads them all). `told`: every story
    folder (by name) in which a file may have changed since the last build into
    `out_dir`, when the caller knows (the preview, told by the system), and is the
    only one to write `out_dir`: the other stories' files are then not looked at,
    nor the copies of the site, which are taken as their records say."""
    started = time.perf_counter()
    templates = theme_for(content_dir, templates_dir)
    if out_dir is None:
        return finish(check(content_dir, templates, strict), started)
    from ..write.site import unsafe_output
    keep = {"content": content_dir, "default theme's": templates.default,
            **{"templates": folder for folder in templates.overrides}}
    if problem := unsafe_output(out_dir, keep):
        outcome = Outcome()
        outcome.diagnostics.error(Location(out_dir), problem,
                                  hint="build into a folder of its own, e.g. --out site")
        return finish(outcome, started)
    if search is None or search:
        from .search import search_available
        search = search_available()
    include = frozenset({"draft"} if drafts else ()) | frozenset({"scheduled"} if future else ())
    with BuildState.exclusive(out_dir):
        return finish(build(content_dir, out_dir, templates, strict=strict, base_url=base_url,
                            search=search, cache=cache, progress=progress,
                            include=include, told=told), started)


def build(content_dir: Path, out_dir: Path, templates: Theme, *, strict: bool,
          base_url: str | None, search: bool, cache: bool, progress: Progress | None,
          include: frozenset[str] = frozenset(),
          told: frozenset[str] | None = None) -> Outcome:
    state = BuildState(out_dir, trusted=told is not None)
    if not cache:
        state.forget()
    names, beside = content_listing(content_dir)
    inputs = read_inputs(state.digests, content_dir, templates,
                         # the content's place too: messages name its files
                         combined(base_url or "", str(content_dir.absolute()),
                                  *sorted(include), beside_site_yaml(state, beside)),
                         search, told, names)
    if up_to_date(state, inputs) and not scheduled_now_due(state):
        if state.digests.looked_again:
            state.save_inputs()
        replayed = replay(state.live_report())
        replayed.without_base_url = bool(state.memo.get("without_base_url"))
        if not replayed.diagnostics.failed(strict):
            return replayed
    return Build(content_dir, out_dir, templates, state, inputs, search, base_url,
                 include).run(strict, progress)


def beside_site_yaml(state: BuildState, files: list[tuple[str, str]]) -> str:
    """The digests of the files beside site.yaml (the authors' pictures), which a
    build publishes though no story holds them: `files`, (name, path) by name."""
    return combined(*(f"{name}={state.digests.digest(path)}" for name, path in files))


def scheduled_now_due(state: BuildState) -> bool:
    """Whether a story the last build held back for its time is due by now, so that
    a build with nothing changed still publishes it."""
    import datetime as dt

    due = state.memo.get("due")
    return isinstance(due, str) and \
        dt.datetime.fromisoformat(due) <= dt.datetime.now(dt.timezone.utc)


def finish(outcome: Outcome, started: float) -> Outcome:
    outcome.seconds = time.perf_counter() - started
    return outcome


def check(content_dir: Path, templates: Theme, strict: bool) -> Outcome:
    from ..write.site import Placement
    from .workers import Job, process_stories

    outcome = Outcome()
    config = read_config(content_dir, templates, None, outcome.diagnostics)
    if config is None:
        return outcome
    folders = story_folders(content_dir)
    job = Job(content_dir, config, templates, compiled=None, placement=Placement.nowhere(),
              include=frozenset({"draft", "scheduled"}))
    results = list(process_stories(folders, job))
    tally(outcome, content_dir, results)
    if not outcome.diagnostics.errors:      # the site-wide pages, made and dropped
        from ..render.pages import report_template_error

        try:
            site_pages(config, [r.summary for r in results if r.summary], job, search=False)
        except Exception as exc:        # from the templates, or raised again
            report_template_error(exc, templates, outcome.diagnostics)
    return outcome


def read_config(content_dir: Path, theme: Theme, base_url: str | None,
                diagnostics: Diagnostics):
    from ..load.story import SITE_FILE, load_site_config

    if not content_folder_exists(content_dir, diagnostics):
        return None
    from ..render.languages import catalog_languages

    config = load_site_config(content_dir / SITE_FILE, diagnostics, theme.static_files(),
                              catalog_languages(theme.folders))
    return replace(config, base_url=base_url) if base_url else config


def tally(outcome: Outcome, content_dir: Path, results: list, memo: dict | None = None,
          keys: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Count the stories and annotations, and collect what was said of them; the
    tags' spellings (tags.tag_spellings) and the stories that spell a tag otherwise
    (site_checks), worked out on the way."""
    from .stored import listed

    said = {}       # a problem in a file every story uses (a template) is said once
    for result in results:
        if result.diagnostics:
            said.update(dict.fromkeys(result.diagnostics))
    outcome.diagnostics.extend(said)
    checks, spellings, odd = site_checks(content_dir, results, memo, keys or {})
    outcome.diagnostics.extend(checks)
    outcome.stories = sum(map(listed, results))
    outcome.annotations = sum(r.annotations for r in results)
    say_if_no_stories(content_dir, len(results), outcome.diagnostics)
    return spellings, odd


def site_checks(content_dir: Path, results: list, memo: dict | None, keys: dict[str, str]):
    """What is said of the stories taken together (a tag spelt two ways, two tags
    whose pages would be one, a link to a story or note the site lacks), the tags'
    spellings, and by slug each story that spells a tag otherwise, with how
    (Build.respell's change). A build keeps them in `memo` by what each story shows
    the checks (stored.facing) and, for the stories they speak of, the story's key
    (where in its file a tag stands): an edit to one story's text or notes does
    them over again only if it touched its tags or links."""
    from .stored import diagnostic_restored, diagnostic_stored, facing

    key = combined(str(content_dir), *(facing(r) for r in results))
    known = memo.get("site_checks") if memo is not None else None
    if known and known[0] == key and all(keys.get(slug) == story
                                          for slug, story in known[3].items()):
        return [diagnostic_restored(d) for d in known[1]], known[2], known[4]
    from ..anchor.links import broken_links
    from ..load.story import tag_clashes, tag_variants
    from ..tags import tag_collisions, tag_key, tag_spellings

    summaries = [r.summary for r in results if r.summary is not None]
    spellings = tag_spellings(summaries)
    checks = tag_variants(
        content_dir, {s.story.slug: [(t, tag_key(t)) for t in s.story.tags] for s in summaries},
        spellings)
    checks += tag_clashes(content_dir, summaries)
    checks += broken_links([link for r in results for link in r.links],
                           {r.slug: r.notes for r in results if r.summary is not None},
                           {r.slug: r.held for r in results if r.held})
    odd = {}
    for summary in summaries:
        tags = summary.story.tags
        change = repr(sorted((tag, spellings[tag.casefold()]) for tag in tags
                             if spellings[tag.casefold()] != tag))
        if change != "[]":
            odd[summary.story.slug] = change
    if memo is not None:
        spoken_of = set(odd) | {slug for clash in tag_collisions(summaries)
                                for slug in (clash.slug, clash.first_slug)}
        memo["site_checks"] = [key, [diagnostic_stored(d) for d in checks], spellings,
                               {slug: keys.get(slug, "") for slug in spoken_of}, odd]
    return checks, spellings, odd


class Build:
    """One build into `out_dir`, reusing what the cache allows."""

    def __init__(self, content_dir: Path, out_dir: Path, templates: Theme, state: BuildState,
                 inputs: Inputs, search: bool, base_url: str | None,
                 include: frozenset[str] = frozenset()):
        self.content_dir, self.out_dir, self.templates = content_dir, out_dir, templates
        self.state, self.inputs, self.search, self.base_url = state, inputs, search, base_url
        self.include = include

    def run(self, strict: bool, progress: Progress | None) -> Outcome:
        from ..write.site import WriteError

        outcome = Outcome()
        config = read_config(self.content_dir, self.templates, self.base_url,
                             outcome.diagnostics)
        if config is None:
            return outcome
        writer = None
        try:
            writer = self.writer()
            names = self.inputs.names
            results = self.reusable(names, writer)
            outcome.reused = len(results)
            todo = [self.content_dir / name for name in names if name not in results]
            job = self.job(config, writer)
            for result in self.process(todo, job, progress):
                results[result.slug] = result
                for path, digest in result.outputs.items():
                    writer.record(path, digest)
            ordered = [results[name] for name in names]
            built = [results[folder.name] for folder in todo]
            self.state.memo["due"] = min((r.due for r in ordered if r.due), default=None)
            outcome.without_base_url = self.state.memo["without_base_url"] = not config.base_url
            spellings, odd = tally(outcome, self.content_dir, ordered, self.state.memo,
                                   self.keys)
            if outcome.diagnostics.failed(strict):
                self.keep(outcome, ordered, writer.unfinished())
                return outcome
            ordered, built = self.respell(ordered, built, job, writer, spellings, odd)
            outcome.reused = len(ordered) - len(built)
            try:
                self.write(writer, job, config, ordered,
                           reused={r.slug for r in ordered} - {r.slug for r in built},
                           commit=lambda new, records: self.commit(outcome, ordered, built,
                                                                   new, records))
            except WriteError:
                raise
            except Exception as exc:       # from the templates, or raised again
                from ..render.pages import report_template_error

                report_template_error(exc, self.templates, outcome.diagnostics)
                self.keep(outcome, ordered, writer.unfinished())
                return outcome
        except WriteError as exc:
            outcome.diagnostics.error(Location(self.out_dir), str(exc), hint=(
                "free some room on the disk: a build needs room beside the site for the "
                "files that change; what this one had written was removed"
                if exc.no_space else ""))
            if writer is not None:
                if exc.no_space:
                    writer.discard_unfinished()
                self.save_quietly(writer)
            return outcome
        outcome.written = True
        return outcome

    def commit(self, outcome: Outcome, results: list, built: list, new: Path,
               records: dict) -> None:
        """Just before the swap: where the quotes stand, then the cache, the new copy
        recorded as this build's (see SiteWriter.finish)."""
        self.remember_anchors(built, outcome.diagnostics)
        records[new].update(fingerprint=self.inputs.fingerprint(),
                            report=report_of(outcome).__dict__)
        self.keep(outcome, results, records)

    def keep(self, outcome: Outcome, results: list, trees: dict) -> None:
        """Record this build for the next one; the site is the same either way, so a
        cache that cannot be written is a warning."""
        try:
            self.save_cache(results)
            self.state.save(trees)
        except OSError as exc:
            outcome.diagnostics.warning(Location(self.state.folder), "cannot keep this "
                                        f"build's cache ({exc.strerror}); the next build "
                                        "will do more than it needs")

    def writer(self):
        from ..write.site import SiteWriter

        return SiteWriter(self.out_dir, self.state, fresh=not self.state.known)

    def job(self, config, writer):
        from .workers import Job

        return Job(self.content_dir, config, self.templates, self.state.folder / "templates",
                   writer.placement, include=self.include)

    # --- what the cache gives -----------------------------------------------

    def reusable(self, names: list[str], writer) -> dict:
        """The cached results of stories unchanged since they were built, whose
        files are still in one copy of the site or the other."""
        self.page_templates = self.story_templates_digest()
        self.keys = {name: self.inputs.story_key(name, self.page_templates) for name in names}
        self.known = known = self.state.load_stories() if self.state.known else {}
        self.respelt: dict[str, tuple[str, object]] = {}
        reusable = {}
        for name in names:
            entry = known.get(self.keys[name])
            if entry is not None and writer.available(entry.outputs):
                reusable[name] = entry
        return reusable

    def respell(self, ordered: list, built: list, job, writer, spellings: dict[str, str],
                odd: dict[str, str]) -> tuple[list, list]:
        """The stories that spell a tag otherwise than it is shown (`odd`, by slug,
        and `spellings`, as tally worked them out), made again with its one
        spelling, or taken from the cache as so made: every story's result in order,
        and those of the stories built by this build."""
        built_now = {r.slug for r in built}
        final, todo = {}, []
        by_slug = {r.slug: r for r in ordered} if odd else {}
        for slug, change in odd.items():
            result = by_slug[slug]
            self.respelt[slug] = (change, result)       # cached under both keys
            entry = self.known.get(combined(self.keys[slug], change))
            if slug not in built_now and entry is not None and \
                    writer.available(entry.outputs):
                final[slug] = entry
            else:
                todo.append(self.content_dir / slug)
        remade = {folder.name for folder in todo}
        if todo:
            # The first pass wrote these stories' files as they spell their tags.
            again = replace(job, tag_spellings=spellings, placement=job.placement.without(
                {path for path in job.placement.held if path.split("/", 1)[0] in remade}))
            for result in self.process(todo, again, None):
                final[result.slug] = result
                for path, digest in result.outputs.items():
                    writer.rewritten(path, digest)
        return ([final.get(r.slug, r) for r in ordered],
                [final.get(r.slug, r) for r in built]
                + [final[slug] for slug in sorted(remade - built_now)])

    def story_templates_digest(self) -> str:
        """The digest of the templates a story's page is made with, so that editing
        the index's template, say, rebuilds no story."""
        known = self.state.memo.get("page_templates")
        if known and known[0] == self.inputs.templates:
            return known[1]
        import jinja2

        from ..render.pages import make_environment, templates_used

        try:
            used = templates_used(make_environment(self.templates), "article.html",
                                  self.templates)
        except jinja2.TemplateError:        # the stories' pages will report it
            used = None
        if used is None:
            used = {str(path) for path in self.templates.template_files().values()}
        digest = combined(*(f"{name}={self.state.digests.digest(name)}" for name in sorted(used)))
        self.state.memo["page_templates"] = [self.inputs.templates, digest]
        return digest

    def process(self, folders: list[Path], job, progress: Progress | None):
        from .workers import process_stories
        from ..write.site import write_error

        def advance(done: int) -> None:
            assert progress is not None
            progress(done, len(folders))

        for result in process_stories(folders, job, advance if progress else None):
            if result.write_error is not None:
                raise write_error(result.write_error, self.out_dir)
            yield result

    # --- writing ------------------------------------------------------------

    def write(self, writer, job, config, results, reused: set[str], commit) -> None:
        """The site-wide pages, the files published as they are, the cached stories'
        pages; then the search index and the swap."""
        from .search import index_for_search

        from .stored import listed, summary_digest

        shown = [r for r in results if listed(r)]       # none held back
        # The site-wide pages show only the stories' summaries: when those are as
        # they were (a note was edited, say), so are the pages.
        made_with = combined(tool_digest(), self.inputs.templates, self.inputs.site,
                             self.inputs.options, str(self.search))
        key = combined(made_with, *map(summary_digest, shown))
        known = self.state.memo.get("site_pages")
        if known and known[0] == key and writer.available(known[1]):
            writer.reuse(known[1])
        else:
            summaries = [r.summary for r in shown]
            pages = site_pages(config, summaries, job, self.search, made=False)
            self.state.memo["list_pages"] = self.put_site_pages(writer, pages, made_with)
            self.state.memo["site_pages"] = [key, {path: writer.written[path] for path in pages}]
        for result in results:
            if result.slug in reused:
                writer.reuse(result.outputs)
            for relative, source in result.assets.items():
                writer.copy(relative, Path(source), self.state.digests.digest(source))
        for author in config.authors:       # their pictures, beside site.yaml
            if author.image:
                source = self.content_dir / author.image
                writer.copy(f"{AUTHOR_IMAGES}{author.image}", source,
                            self.state.digests.digest(str(source)))
        for relative, path in self.templates.static_files().items():
            if f"static/{relative}" not in writer.written:      # made by the build itself
                writer.copy(f"static/{relative}", path, self.state.digests.digest(str(path)))
        writer.finish(index_for_search if self.search else None, commit)

    def put_site_pages(self, writer, pages: dict, made_with: str) -> dict[str, list[str]]:
        """Write the site-wide pages, but for each list page that the last build made
        of the same stories, which is kept: by list page, its key and digest."""
        from ..render.pages import Deferred

        before = self.state.memo.get("list_pages", {})
        kept = {}
        for relative, page in pages.items():
            if not isinstance(page, Deferred):
                writer.put(relative, page)
                continue
            key = combined(made_with, page.key)
            known = before.get(relative)
            if known and known[0] == key and writer.available({relative: known[1]}):
                writer.reuse({relative: known[1]})
            else:
                writer.put(relative, page.make())
            kept[relative] = [key, writer.written[relative]]
        return kept

    def remember_anchors(self, built: list, diagnostics: Diagnostics) -> None:
        """Record where each quote stood, for the next build after an edit."""
        from ..memory import MEMORY_FILE, unpacked, write_memory

        for result in built:
            if result.anchors is None:
                continue
            folder = self.content_dir / result.slug
            try:
                write_memory(folder / MEMORY_FILE, unpacked(result.anchors))
            except OSError as exc:
                diagnostics.warning(Location(folder / MEMORY_FILE), f"cannot record where "
                                    f"the quotes stand ({exc.strerror})",
                                    hint="quotes will still anchor; after an edit they "
                                         "follow it less surely")
                continue
            # A story that anchored without a word said used none of anchors.json, so
            # the file just written cannot change its pages: key it by the file as it is.
            if not result.diagnostics:
                self.inputs.stories[result.slug] = self.state.digests.folder(str(folder))
                self.keys[result.slug] = self.inputs.story_key(result.slug, self.page_templates)

    def save_cache(self, results: list) -> None:
        from .stored import StoredResult
        from .workers import cached

        kept: dict[str, Any] = {}
        keys, respelt = self.keys, getattr(self, "respelt", {})
        for result in results:
            key = keys[result.slug]
            if result.slug in respelt:
                change, first = respelt[result.slug]
                kept[key] = first             # as the story spells its tags
                key = combined(key, change)
            kept[key] = result
        self.state.save_stories({key: cached(r) for key, r in kept.items()
                                 if isinstance(r, StoredResult) or r.summary is not None
                                 and not any(d.severity == "error" for d in r.diagnostics)})

    def save_quietly(self, writer) -> None:
        """Record what the spare copy holds after a failed write, if the disk allows."""
        try:
            self.state.save(writer.unfinished())
        except OSError:
            pass        # the write's own error is the one to report


def site_pages(config, summaries, job, search: bool, made: bool = True) -> dict:
    """Every site-wide page of the outputs list: the index, tag pages, feeds, …;
    with `made=False`, the list pages deferred (pages.Deferred)."""
    from ..render.pages import SiteView, make_environment, made_now, site_files

    environment = make_environment(job.templates, job.compiled)
    files = site_files(SiteView(environment, config, summaries, search))
    return made_now(files) if made else files


def replay(report: Report) -> Outcome:
    """The outcome of the build that made the live site, told again."""
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
