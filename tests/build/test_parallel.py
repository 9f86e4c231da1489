"""Stories are anchored and rendered across processes when there are many; the site
is the same, byte for byte, as when one process does it all."""

from __future__ import annotations

import concurrent.futures
from concurrent.futures import ProcessPoolExecutor

from glossator.build import workers as parallel
from glossator.build.pipeline import run

from ..conftest import snapshot, write_story



def test_a_parallel_build_equals_a_sequential_one(tmp_path, monkeypatch):
    content = tmp_path / "content"
    for n in range(parallel.PARALLEL_FROM + 6):
        write_story(content, f"story-{n:03d}", article=(
            f"---\ntitle: Story {n}\npublished: 2020-01-{1 + n % 28:02d}\ntags: [t{n % 5}]\n---\n\n"
            f"The call took place on Dec. 29, the same day the sanctions were announced.\n\n"
            f"Spicer called it “doubtful” that *sanctions* were discussed, in story {n}.\n"))
    pools = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    # the pool is imported when a build needs one
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountedPool)
    # other tests' servers may be running threads in this process; this build forks anyway
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    together = run(content, tmp_path / "parallel")
    assert together.written and together.stories == parallel.PARALLEL_FROM + 6
    assert len(pools) == 1, "the build did not use processes"
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    alone = run(content, tmp_path / "sequential")
    assert alone.written
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "sequential")


def test_errors_found_in_workers_are_all_reported(tmp_path):
    content = tmp_path / "content"
    for n in range(parallel.PARALLEL_FROM + 1):
        write_story(content, f"story-{n:03d}", annotations=(
            "annotations:\n  - id: x\n    type: context\n    quote: not in the story\n"))
    outcome = run(content, tmp_path / "site")
    assert not outcome.written
    assert len(outcome.diagnostics.errors) == parallel.PARALLEL_FROM + 1
