"""Build speed at archive scale, beside Hugo building the same stories as plain pages.

    python bench/build_speed.py [--stories 1000] [--annotations 20] [--runs 3]

It writes an archive of synthetic 900-word stories, each with its annotations, into
a temporary folder; builds it with Hugo (Debian's `hugo`, plain pages with a minimal
layout) and with Glossator: cold (no site yet), again with nothing changed, and
after one annotation changed. It prints the best of `--runs` wall times, the ratios
to Hugo and Glossator's peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from anchor_speed import make_text  # noqa: E402

HUGO_LAYOUT = "<!doctype html><title>{{ .Title }}</title><article>{{ .Content }}</article>\n"


def write_archive(folder: Path, stories: int, annotations: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    content, hugo = folder / "content", folder / "hugo"
    (hugo / "content" / "posts").mkdir(parents=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT)
    (hugo / "layouts" / "_default" / "list.html").write_text(HUGO_LAYOUT)
    (hugo / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Archive"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for n in range(stories):
        paragraphs = [make_text(rng, 600) for _ in range(9)]
        body = "\n\n".join(paragraphs)
        front = f"---\ntitle: Story {n}\npublished: 2020-01-{1 + n % 28:02d}\n---\n\n"
        folder_n = content / f"story-{n:05d}"
        folder_n.mkdir(parents=True)
        (folder_n / "article.md").write_text(front + body + "\n")
        (hugo / "content" / "posts" / f"story-{n:05d}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2020-01-{1 + n % 28:02d}\n---\n\n{body}\n")
        quotes = unique_quotes(rng, body, annotations)
        lines = ["annotations:"]
        for k, quote in enumerate(quotes):
            lines.append(f"  - id: note-{k}\n    type: {('claim', 'context', 'source')[k % 3]}"
                         f"\n    quote: \"{quote}\"\n    body: A note about these words, number {k}.")
        (folder_n / "annotations.yaml").write_text("\n".join(lines) + "\n")


def unique_quotes(rng: random.Random, body: str, count: int) -> list[str]:
    words = body.split()
    quotes: list[str] = []
    while len(quotes) < count:
        start = rng.randrange(len(words) - 8)
        quote = " ".join(words[start:start + rng.randint(4, 8)])
        if body.count(quote) == 1 and not any(quote in q or q in quote for q in quotes):
            quotes.append(quote)
    return quotes


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def peak_memory_mb(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(command, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glossator-bench-") as temporary:
        folder = Path(temporary)
        write_archive(folder, args.stories, args.annotations)
        site = folder / "site"
        glossator = [sys.executable, str(ROOT / "build.py"), "build", "--content",
                     str(folder / "content"), "--out", str(site)]
        hugo = ["hugo", "--quiet", "--destination", str(folder / "hugo-public")]

        def best(run) -> float:
            return min(run() for _ in range(args.runs))

        hugo_time = best(lambda: timed(hugo, cwd=folder / "hugo"))

        def cold() -> float:
            shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(folder / "content" / ".glossator-cache", ignore_errors=True)
            return timed(glossator)
        cold_time = best(cold)

        def cold_without_search() -> float:
            shutil.rmtree(site, ignore_errors=True)
            return timed(glossator + ["--no-search"])
        plain_time = best(cold_without_search)
        unchanged_time = best(lambda: timed(glossator))
        annotations = folder / "content" / "story-00000" / "annotations.yaml"

        def one_change() -> float:
            annotations.write_text(annotations.read_text().replace("number 0.", "number 0!", 1)
                                   .replace("number 0!", "number 0.", 1)
                                   + f"# edited {time.perf_counter()}\n")
            return timed(glossator)
        changed_time = best(one_change)
        shutil.rmtree(site, ignore_errors=True)
        memory = peak_memory_mb(glossator)

    print(f"{args.stories:,} stories of about 900 words, {args.annotations} annotations each; "
          f"best of {args.runs}")
    print(f"{'':<34}{'seconds':>9}{'vs Hugo':>9}")
    print(f"{'Hugo, plain pages':<34}{hugo_time:>9.2f}{1:>9.1f}")
    for name, value in (("Glossator, cold", cold_time),
                        ("Glossator, cold, no search index", plain_time),
                        ("Glossator, nothing changed", unchanged_time),
                        ("Glossator, one story changed", changed_time)):
        print(f"{name:<34}{value:>9.2f}{value / hugo_time:>9.1f}")
    print(f"Glossator peak memory (cold): {memory:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
