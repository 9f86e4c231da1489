"""Each story from its folder to its files in the spare copy of the site: loaded,
anchored, rendered and written, across processes when there are enough stories to
repay starting them. Stories are independent until the site-wide pages (index, tags,
feeds), which are made afterwards from each story's `StorySummary`, so the pages
themselves never travel between processes: a worker writes them and reports their
digests."""

from __future__ import annotations

import datetime as dt
import gc
import os
import threading
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from ..anchor.quotes import anchor_story
from ..diagnostics import Diagnostics
from ..load.story import load_story
from ..memory import MEMORY_FILE, packed_update
from ..model import SiteConfig
from ..render.languages import catalog_languages
from ..render.theme import Theme
from ..model import StoryResult
from ..anchor.links import outbound_links
from ..render.pages import article_files, make_environment, report_template_error, summarize
from ..write.site import Placement

PARALLEL_FROM = 64        # stories; below this, starting processes costs more than it saves


@dataclass(frozen=True)
class Job:
    """What every story's processing shares."""

    content_dir: Path
    config: SiteConfig
    templates: Theme
    compiled: Path | None           # where Jinja keeps the templates it compiled
    placement: Placement            # where to put the files (nowhere for check)
    # by case-folded tag, the one spelling it is shown with, for the stories that
    # spell it otherwise (pages.tag_spellings)
    tag_spellings: dict[str, str] = field(default_factory=dict)
    # the stories to build though not out yet: "draft", "scheduled"
    include: frozenset[str] = frozenset()
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


@cache
def environment(templates: Theme, compiled: Path | None):
    return make_environment(templates, compiled)


def process_story(folder: Path, job: Job) -> StoryResult:
    diagnostics = Diagnostics()
    slug = folder.name
    story = load_story(folder, job.content_dir, job.config, diagnostics,
                       catalog_languages(job.templates.folders))
    if story is None:
        return StoryResult(slug, None, 0, {}, {}, tuple(diagnostics.items))
    if held := held_back(story, job):
        return held
    if job.tag_spellings:
        spelt = (job.tag_spellings.get(tag.casefold(), tag) for tag in story.tags)
        story = replace(story, tags=tuple(dict.fromkeys(spelt)))
    anchored = anchor_story(story, diagnostics)
    assets = {f"{slug}/{asset.as_posix()}": str(folder / asset) for asset in story.assets}
    outputs: dict[str, str] = {}
    error = None
    if not diagnostics.errors:
        try:
            pages = article_files(environment(job.templates, job.compiled), job.config, anchored)
            for relative, data in pages.items():
                outputs[relative] = job.placement.put(relative, data)
        except OSError as exc:
            error = exc
        except Exception as exc:        # from the templates, or raised again
            report_template_error(exc, job.templates, diagnostics)
    anchors = (packed_update(folder / MEMORY_FILE, anchored.memory) if job.placement.writes
               else None)
    return StoryResult(slug, summarize(job.config, anchored), len(anchored.spans), outputs,
                       assets, tuple(diagnostics.items), anchors, error,
                       links=outbound_links(story, anchored.text),
                       notes=tuple(a.id for a in story.annotations))


def held_back(story, job: Job) -> StoryResult | None:
    """A draft, or a story published later than now, is left out of a build that
    does not ask for it: no page, nothing on the site-wide pages, and nothing said
    of it (`check` and the preview read it all)."""
    from ..moments import instant

    status = story.status(job.now)
    if not status or status in job.include:
        return None
    due = (instant(story.published).astimezone(dt.timezone.utc).isoformat()
           if status == "scheduled" else None)
    return StoryResult(story.slug, None, 0, {}, {}, (), held=status, due=due)


def process_stories(folders: list[Path], job: Job,
                    progress: Callable[[int], None] | None = None) -> Iterator[StoryResult]:
    """Each story's result, in the order of `folders`; `progress(done)` hears of each."""
    # Building a story makes many short-lived objects and few cycles, so the cycle
    # collector, run every 700 allocations by default, costs a tenth of the time.
    # Collect less often, and never look again at what existed before the build
    # (which also spares the forked workers copying it).
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, thresholds[1], thresholds[2])
    try:
        yield from processed(folders, job, progress)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def processed(folders: list[Path], job: Job,
              progress: Callable[[int], None] | None) -> Iterator[StoryResult]:
    workers = min(os.cpu_count() or 1, 8)
    if len(folders) >= PARALLEL_FROM:   # imported only then: 12 ms of a small build
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
    # Forking a process that runs other threads (the preview server) can deadlock.
    if len(folders) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        for done, folder in enumerate(folders, start=1):
            yield process_story(folder, job)
            if progress:
                progress(done)
        return
    global _job
    _job = job      # inherited by the forked workers, not sent to each of them
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with, initargs=(os.getpid(),)) as pool:
        results = pool.map(process_inherited, folders,
                           chunksize=max(1, min(16, len(folders) // (workers * 8))))
        for done, result in enumerate(results, start=1):
            yield result
            if progress:
                progress(done)


_job: Job | None = None
PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """Make this worker die with the build that started it: a build killed midway
    must not leave its workers waiting for work that will never come."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):    # not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:           # it died before the line above
        os._exit(1)


def process_inherited(folder: Path) -> StoryResult:
    assert _job is not None
    return process_story(folder, _job)


def cached(result: StoryResult) -> StoryResult:
    """The result as the cache keeps it: nothing that belongs to one build."""
    if result.anchors is None and result.write_error is None:
        return result       # as it came from the cache, most of an archive's
    return replace(result, anchors=None, write_error=None)
