"""Anchoring and rendering each story, the build's costly part, across processes when
there are enough stories to repay starting them. Stories are independent until the
site-wide pages (index, tags, feeds), which are made afterwards from the results."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from itertools import repeat
from pathlib import Path

from .anchor import AnchoredStory, anchor_story
from .diagnostics import Diagnostic, Diagnostics
from .model import SiteConfig, Story
from .pages import article_files, make_environment

PARALLEL_FROM = 64        # stories; below this, starting processes costs more than it saves


@dataclass(frozen=True)
class StoryResult:
    anchored: AnchoredStory          # without its token stream, which stays in the worker
    files: dict[str, bytes]
    diagnostics: tuple[Diagnostic, ...]


@cache
def environment(templates: Path):
    return make_environment(templates)


def process_story(story: Story, config: SiteConfig, templates: Path) -> StoryResult:
    diagnostics = Diagnostics()
    anchored = anchor_story(story, diagnostics)
    files = {} if diagnostics.errors else article_files(environment(templates), config, anchored)
    return StoryResult(replace(anchored, text=None), files, tuple(diagnostics.items))


def process_stories(stories: tuple[Story, ...], config: SiteConfig, templates: Path,
                    ) -> list[StoryResult]:
    workers = min(os.cpu_count() or 1, 8)
    # Forking a process that runs other threads (the preview server) can deadlock.
    if len(stories) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [process_story(story, config, templates) for story in stories]
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(process_story, stories, repeat(config), repeat(templates),
                             chunksize=max(1, len(stories) // (workers * 8))))
