"""What reading the stories' YAML costs: every story's front matter and
annotations.yaml of build_speed.py's archive, loaded as a build loads them.

    python bench/load_speed.py [--stories 1000] [--annotations 20] [--runs 5]

It times `load_story` (the files read, the YAML composed and checked, the
annotations made) over every story, and `compose_yaml` alone over every
annotations.yaml, in this process, best of `--runs`; run it on two versions of
Glossator to see what a change to loading costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_speed import write_archive  # noqa: E402
from glossator.diagnostics import Diagnostics  # noqa: E402
from glossator.load.story import load_site_config, load_story  # noqa: E402
from glossator.load.files import compose_yaml  # noqa: E402


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        write_archive(Path(scratch), args.stories, args.annotations)
        content = Path(scratch) / "content"
        folders = sorted(p for p in content.iterdir() if p.is_dir())
        config = load_site_config(content / "site.yaml", Diagnostics())
        texts = [(folder / "annotations.yaml").read_text(encoding="utf-8") for folder in folders]
        size = sum(len(text) for text in texts)

        def load_all() -> None:
            diagnostics = Diagnostics()
            for folder in folders:
                load_story(folder, content, config, diagnostics)
            assert not diagnostics.errors, diagnostics.errors[0].format()

        def compose_all() -> None:
            diagnostics = Diagnostics()
            for folder, text in zip(folders, texts):
                compose_yaml(text, folder / "annotations.yaml", diagnostics)

        loading = best(args.runs, load_all)
        composing = best(args.runs, compose_all)
    print(f"{len(folders)} stories, {args.annotations} annotations each "
          f"({size / len(folders) / 1024:.1f} KB of annotations.yaml a story)")
    print(f"load_story, every story:           {loading:.3f} s "
          f"({loading / len(folders) * 1000:.2f} ms a story)")
    print(f"compose_yaml, every annotations.yaml: {composing:.3f} s "
          f"({composing / len(folders) * 1000:.2f} ms a file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
