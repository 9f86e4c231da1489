"""Build speed at archive scale, beside Hugo building the same stories as plain pages.

    python bench/build_speed.py [--stories 1000] [--annotations 20] [--runs 3]
                                [--scale 5000]

It writes an archive of synthetic 900-word stories, each with its annotations (a
third of the notes with a link, a third with emphasis), into a temporary folder, and
builds it with Hugo (Debian's `hugo`, plain pages with a minimal layout) and with
Glossator:

  cold               no site and no cache, with the search index and without it
  nothing changed    the same build again
  one note changed   one annotation's text edited; also the first such build after a
                     cold one, which finds a spare copy of the site only if the cold
                     build left one
  one story changed  a sentence of one story's text edited

each with the search index (Pagefind's shards, see glossator/build/search.py) and
without it (`--no-search`); with `--scale`, both at the larger size too.

Beside them, peers set the Python floor (`python_floor.py`): the least a generator
on the same libraries does for plain pages; for plain pages with each note listed
below its story, its Markdown rendered (naive); and the same with each note's text
escaped and not parsed. With markdown-it-pyrs installed, a fourth renders the naive
floor's Markdown in Rust. The cold builds of all of them, Hugo's included,
run in turn and start with no output folder.

It prints the best of `--runs` wall times (each a whole `python build.py` process,
start-up included), the ratios to Hugo, peak memory, and each of issue 8's targets
with whether it is met. `--scale N` builds N stories cold as well, to show how time
and memory grow.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Timed as people run it: Python keeps each module compiled (__pycache__, or the .pyc
# files pip writes on install). Some machines, this one among them, switch that off
# for everything they run, which would add the compiling of every module, 0.07 s, to
# each build timed here (and to the Python floor's and Pelican's runs alike).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.path.insert(0, str(ROOT / "bench"))

from anchor_speed import make_text  # noqa: E402

HUGO_LAYOUT = "<!doctype html><title>{{ .Title }}</title><article>{{ .Content }}</article>\n"
NOTE_BODIES = ("A note about these words, number {k}.",
               "See [the record](https://example.org/record/{k}) for note {k}.",
               "What was *said* here, and what was *meant*: note {k}.")


def write_archive(folder: Path, stories: int, annotations: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    content, hugo = folder / "content", folder / "hugo"
    (hugo / "content" / "posts").mkdir(parents=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT)
    (hugo / "layouts" / "_default" / "list.html").write_text(HUGO_LAYOUT)
    # Plain pages, as issue 8 measures Hugo: no taxonomies, feeds or sitemap. Its feeds
    # would carry each story's summary and more than double its time.
    (hugo / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Archive"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for n in range(stories):
        paragraphs = [make_text(rng, 600) for _ in range(9)]
        body = "\n\n".join(paragraphs)
        # two of 30 tags, so that tag pages list about one story in 15
        tags = f"[topic-{n % 30:02d}, topic-{(n * 7 + 3) % 30:02d}]"
        front = (f"---\ntitle: Story {n}\npublished: 2020-01-{1 + n % 28:02d}\n"
                 f"tags: {tags}\n---\n\n")
        folder_n = content / f"story-{n:05d}"
        folder_n.mkdir(parents=True)
        (folder_n / "article.md").write_text(front + body + "\n")
        (hugo / "content" / "posts" / f"story-{n:05d}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2020-01-{1 + n % 28:02d}\n---\n\n{body}\n")
        quotes = unique_quotes(rng, body, annotations)
        lines = ["annotations:"]
        for k, quote in enumerate(quotes):
            # one story in ten corrects itself, for the corrections feed
            kind = "correction" if k == 1 and n % 10 == 0 else ('claim', 'context', 'source')[k % 3]
            fields = (f"\n    original: \"{quote}x\"\n    corrected: \"{quote}\""
                      if kind == "correction" else "")
            lines.append(f"  - id: note-{k}\n    type: {kind}"
                         f"\n    quote: \"{quote}\"\n    body: \"{NOTE_BODIES[k % 3].format(k=k)}\""
                         + fields)
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
    # What the last run wrote is flushed first, or a build that syncs (Glossator's,
    # before it swaps the site into place) would pay for the others' writes too.
    os.sync()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def peak_memory_mb(command: list[str]) -> float:
    """The largest resident size of the build's processes (the main one or a worker)."""
    done = subprocess.run([sys.executable, "-c", (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"),
        *command], capture_output=True, text=True, check=True)
    return int(done.stdout) / 1024


class Archive:
    def __init__(self, folder: Path, stories: int, annotations: int):
        self.folder = folder
        write_archive(folder, stories, annotations)
        self.content = folder / "content"
        self.site = folder / "site"
        self.build = [sys.executable, str(ROOT / "build.py"), "build", "--content",
                      str(self.content), "--out", str(self.site)]
        self.edits = 0
        self.note = NOTE_BODIES[0].format(k=0)      # note-0 of the first story, as it reads

    def forget(self) -> None:
        shutil.rmtree(self.site, ignore_errors=True)
        shutil.rmtree(self.folder / ".site.glossator", ignore_errors=True)

    def cold(self, *extra: str) -> float:
        self.forget()
        return timed(self.build + list(extra))

    def edit_note(self) -> None:
        self.edits += 1
        path = self.content / "story-00000" / "annotations.yaml"
        text = path.read_text()
        note = NOTE_BODIES[0].format(k=0)
        edited = f"{note[:-1]}, edit {self.edits}."
        path.write_text(text.replace(self.note, edited, 1))
        self.note = edited

    def edit_story(self) -> None:
        self.edits += 1
        path = self.content / "story-00001" / "article.md"
        lines = path.read_text().split("\n")
        lines[-2] = lines[-2].rstrip(".") + f" (edit {self.edits})."   # the last paragraph
        path.write_text("\n".join(lines))


def largest(site: Path, suffix: str) -> tuple[int, str]:
    """The largest file of the built site whose name ends with `suffix`: (bytes, path)."""
    return max(((path.stat().st_size, path.relative_to(site).as_posix())
                for path in site.rglob(f"*{suffix}")), default=(0, ""))


def edits(archive: Archive, runs: int, *extra: str) -> tuple[float, float]:
    """The best of `runs` builds with nothing changed, and with one note changed."""
    build = archive.build + list(extra)
    timed(build)
    nothing = min(timed(build) for _ in range(runs))

    def one_note() -> float:
        archive.edit_note()
        return timed(build)
    return nothing, min(one_note() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, metavar="N",
                        help="also build N stories cold, to compare")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        raise SystemExit("hugo is not installed (apt-get install hugo)")

    def best(run) -> float:
        return min(run() for _ in range(args.runs))

    pages: list[tuple[str, float]] = []      # without the search index, as Hugo builds
    search: list[tuple[str, float]] = []     # with Pagefind's index of every page
    with tempfile.TemporaryDirectory(prefix="glossator-bench-") as temporary:
        archive = Archive(Path(temporary), args.stories, args.annotations)
        hugo_public = archive.folder / "hugo-public"
        hugo = ["hugo", "--quiet", "--destination", str(hugo_public)]

        def fresh(command: list[str], output: Path, cwd: Path | None = None) -> float:
            shutil.rmtree(output, ignore_errors=True)     # cold, as Glossator's are
            return timed(command, cwd)
        floor = [sys.executable, str(ROOT / "bench" / "python_floor.py"), str(archive.content),
                 str(archive.folder / "floor")]
        # The cold builds in turn, round after round, so that each meets the machine
        # (and its disk) in the same state as the others.
        peers = [("hugo", lambda: fresh(hugo, hugo_public, archive.folder / "hugo")),
                 ("Python floor, plain pages", lambda: fresh(floor, Path(floor[-1]))),
                 ("Python floor, and each note (naive)",
                  lambda: fresh(floor + ["--notes"], Path(floor[-1]))),
                 ("Python floor, each note as plain text",
                  lambda: fresh(floor + ["--notes-as-text"], Path(floor[-1])))]
        if importlib.util.find_spec("markdown_it_pyrs"):
            peers.append(("naive, the Markdown compiled (markdown-it-pyrs)",
                          lambda: fresh(floor + ["--notes", "--compiled-markdown"],
                                        Path(floor[-1]))))
        colds: dict[str, list[float]] = {}
        contenders = peers + [("glossator", lambda: archive.cold("--no-search"))]
        for round_ in range(args.runs):      # each in a different place in each round
            turn = round_ % len(contenders)
            for name, run in contenders[turn:] + contenders[:turn]:
                colds.setdefault(name, []).append(run())
        hugo_time = min(colds["hugo"])
        floors = [(name, min(colds[name])) for name, _ in peers[1:]]
        memory = {}
        for rows, extra in ((pages, ["--no-search"]), (search, [])):
            rows.append(("cold", min(colds["glossator"]) if extra else
                         best(lambda: archive.cold(*extra))))
            archive.forget()
            memory["pages" if extra else "search"] = peak_memory_mb(archive.build + extra)
            rows.append(("nothing changed", best(lambda: timed(archive.build + extra))))
            archive.cold(*extra)
            archive.edit_note()
            first = timed(archive.build + extra)

            def one_note() -> float:
                archive.edit_note()
                return timed(archive.build + extra)

            def one_story() -> float:
                archive.edit_story()
                return timed(archive.build + extra)
            rows.append(("one note changed", best(one_note)))
            rows.append(("one story changed", best(one_story)))
            rows.append(("one note changed, just after a cold build", first))
        scaled = None
        if args.scale:      # the two sizes in turn, so that both meet the same machine
            with tempfile.TemporaryDirectory(prefix="glossator-bench-") as temporary:
                big = Archive(Path(temporary), args.scale, args.annotations)
                small_times, big_times = [], []
                for _ in range(args.runs):
                    small_times.append(archive.cold("--no-search"))
                    big_times.append(big.cold("--no-search"))
                big.forget()
                big_memory = peak_memory_mb(big.build + ["--no-search"])
                big_page, big_feed = largest(big.site, ".html"), largest(big.site, ".xml")
                big_nothing, big_note = edits(big, args.runs, "--no-search")
                # With the search index: cold, then one note changed, as a publisher's
                # build after an edit
                big_search_cold = big.cold()
                _, big_search_note = edits(big, args.runs)
                scaled = (min(small_times), min(big_times), big_memory)
        small_page, small_feed = largest(archive.site, ".html"), largest(archive.site, ".xml")

    print(f"{args.stories:,} stories of about 900 words, {args.annotations} annotations each; "
          f"best of {args.runs}, each a whole process")
    print(f"{'':<50}{'seconds':>9}{'vs Hugo':>9}")
    print(f"{'Hugo, plain pages':<50}{hugo_time:>9.2f}{1:>9.1f}")
    for name, value in floors:
        print(f"{name:<50}{value:>9.2f}{value / hugo_time:>9.1f}")
    for heading, rows in (("Glossator, the pages (--no-search)", pages),
                          ("Glossator, with the search index (Pagefind)", search)):
        print(heading)
        for name, value in rows:
            print(f"  {name:<48}{value:>9.2f}{value / hugo_time:>9.1f}")
    print(f"Glossator peak memory, cold: {memory['pages']:.0f} MB for the pages; "
          f"{memory['search']:.0f} MB with the search index (Pagefind's own process)")
    plain = dict(pages)
    print(f"Glossator's cold build is {plain['cold'] / floors[1][1]:.1f}x the naive Python "
          f"floor with notes, {plain['cold'] / floors[2][1]:.1f}x the floor with the notes "
          f"as plain text")
    targets = [
        ("cold build at most 1.5x the naive floor, timed in the same run",
         plain["cold"] <= 1.5 * floors[1][1]),
        ("nothing changed at most 0.3 s", plain["nothing changed"] <= 0.3),
        ("one note changed at most 0.3 s", plain["one note changed"] <= 0.3),
        ("one story changed under 0.5 s", plain["one story changed"] < 0.5),
    ]
    if scaled:
        small, large, large_memory = scaled
        growth = (large / args.scale) / (small / args.stories)
        print(f"{args.scale:,} stories, cold, --no-search: {large:.2f} s beside {small:.2f} s "
              f"for {args.stories:,} in turn: {growth:.2f}x the time per story; "
              f"peak memory {large_memory:.0f} MB")
        print(f"{args.scale:,} stories, --no-search: nothing changed {big_nothing:.2f} s, "
              f"one note changed {big_note:.2f} s")
        print(f"{args.scale:,} stories, with the search index: cold {big_search_cold:.2f} s, "
              f"one note changed {big_search_note:.2f} s")
        print(f"{args.scale:,} stories: the largest page {big_page[0]:,} bytes ({big_page[1]}), "
              f"the largest feed {big_feed[0]:,} bytes ({big_feed[1]})")
        targets += [(f"{args.scale:,} stories: time per story within 15%", growth <= 1.15),
                    (f"{args.scale:,} stories: peak memory under 150 MB", large_memory < 150),
                    (f"{args.scale:,} stories: nothing changed at most 0.3 s", big_nothing <= 0.3),
                    (f"{args.scale:,} stories: one note changed at most 0.5 s", big_note <= 0.5),
                    (f"{args.scale:,} stories: every page under 200 KB", big_page[0] < 200_000),
                    (f"{args.scale:,} stories: one note changed, with the search index, "
                     "under 10 s", big_search_note < 10)]
    print(f"{args.stories:,} stories: the largest page {small_page[0]:,} bytes "
          f"({small_page[1]}), the largest feed {small_feed[0]:,} bytes ({small_feed[1]})")
    print("Issue 21's targets (for the pages, --no-search, but where it says so):")
    for name, met in targets:
        print(f"  {'met    ' if met else 'NOT MET'}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
