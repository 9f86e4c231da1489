"""The real-revision benchmark: quotes picked in one release of a package's documents,
looked for in a later release, the truth taken from a word-level alignment of the two.

    python bench/revisions.py [--cases N] [--seed S] [--packages NAME,NAME] [--moved N]
                              [--show K]

Each document is drawn in proportion to its length (so a short README gives few
cases), and no quote is drawn twice. A quote picked so is `moved` once in 700 times,
too few to measure; `--moved N` (300 by default) adds up to N quotes picked inside
the stretches of old words that stand again, unpaired, in new text
(`generate_moved`), kept only where they classify as moved.

The corpus (`revisions/corpus.json.gz`, made by `revisions/fetch.py` from the releases
listed in `revisions/sources.txt`) holds the README and documentation of packages as
two of their releases published them: edits that nobody here made. Quotes are picked
as in `drift.py` (3 to 25 words, one in five among repeated phrases; 32 characters of
context either side; the old start as the hint; none that has a copy with the same
32 characters either side, which no selector tells apart). The old and new words are aligned
(difflib, runs of three words or more), and each quote is then

  unchanged  its words and the 32 characters either side stand together as they were
  context    its words stand together as they were, with other text around them
  moved      its words are gone from their place but stand, with some of the words
             that were around them, in new text elsewhere: the truth is that place
  changed    some of its words stand as they were and some were rewritten: the truth
             is the aligned new words, or orphaned (either is right)
  merged     its words are gone from their place, but stand as they were right beside
             it, with some of the words that were around them: two like passages
             made one (a paragraph for Python 2 and one for Python 3 became one);
             the truth is that place, or orphaned (either is right)
  deleted    none of its words stand where they were, nor moved or merged: to be
             orphaned, even where the same words stand elsewhere

(A quote whose words the aligner paired with a copy elsewhere, but which stand as
they were between the new places of the words around them, counts as `context`; one
whose words stand once in the new text with both sides of its context as they were,
whitespace aside, counts as `unchanged` there, whatever the aligner paired.)

Scored as in drift.py: right, wrong (the note on other words), missed (orphaned
although the words are there); except that a changed quote is followed rightly to
any span that shares at least half of the shorter of it and the aligned new words
(where a rewritten passage now begins and ends is a matter of judgement). `--show K` prints K cases of each kind with their
outcome, for checking by hand (see revisions/SPOT-CHECK.md).

The rules were worked out on click, flask, jinja2, werkzeug and attrs (seed 1); the
other packages were held out until they were done.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import re
import sys
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import drift  # noqa: E402
from drift import (CONTEXT, GOALS, Case, anchor_case, has_twin, meets_goals,  # noqa: E402
                   outcome, pick_quote, repeated_phrases, standing)

KINDS = ("unchanged", "context", "moved", "changed", "merged", "deleted")
# The kinds as issue 16's benchmark counts them: the quote's words as they were
# (whatever became of their surroundings), moved, changed, deleted.
ISSUE_KINDS = {"unchanged": "unchanged", "context": "unchanged", "moved": "moved",
               "changed": "changed", "merged": "changed", "deleted": "deleted"}
MIN_RUN = 3          # words: shorter runs that two versions share say little...
SMALL_GAP = 40       # ...except in a stretch of this many words between longer ones


def corpus() -> dict[str, dict]:
    return json.loads(gzip.decompress((HERE / "revisions" / "corpus.json.gz").read_bytes()))


def words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\S+", text)]


class Alignment:
    """Which old word stands where in the new text, from the runs the two share."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.old_words, self.new_words = words(old), words(new)
        a = [old[s:e] for s, e in self.old_words]
        b = [new[s:e] for s, e in self.new_words]
        self.opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        self.mapped: dict[int, int] = {}
        for tag, i1, i2, j1, j2 in self.trusted():
            self.mapped.update(zip(range(i1, i2), range(j1, j2)))
        self.new_aligned = set(self.mapped.values())
        self.mapped_old = sorted(self.mapped)

    def trusted(self) -> list[tuple]:
        """The shared runs that say which old words stand where: those of three words
        or more; and pairs of words in a small rewritten stretch between them, or
        with a word of ten characters or more (an address, a name), as in a list
        whose every line changed a little."""
        equal = [op for op in self.opcodes if op[0] == "equal"]
        long = [op for op in equal if op[2] - op[1] >= MIN_RUN]
        trusted = list(long)
        for op in equal:
            if op in long or op[2] - op[1] < 2:
                continue
            before = max((o for o in long if o[2] <= op[1]), key=lambda o: o[2], default=None)
            after = min((o for o in long if o[1] >= op[2]), key=lambda o: o[1], default=None)
            small_gap = (before and after and after[1] - before[2] <= SMALL_GAP
                         and after[3] - before[4] <= SMALL_GAP)
            if small_gap or max(e - s for s, e in self.old_words[op[1]:op[2]]) >= 10:
                trusted.append(op)
        return trusted

    def between_neighbours(self, i: int, j: int) -> tuple[int, int] | None:
        """Where old words [i, j) stand, as they were, between the new places of the
        aligned words right before and after them: kept in place, though the aligner
        paired them with a copy elsewhere."""
        at = bisect_left(self.mapped_old, i)
        if at == 0 or at == len(self.mapped_old) or self.mapped_old[at] < j:
            return None
        lo, hi = self.mapped[self.mapped_old[at - 1]] + 1, self.mapped[self.mapped_old[at]]
        if hi - lo > (j - i) + 10:
            return None
        token = lambda text, spans, k: text[spans[k][0]:spans[k][1]]
        quote = [token(self.old, self.old_words, k) for k in range(i, j)]
        found = [k for k in range(lo, hi - len(quote) + 1)
                 if [token(self.new, self.new_words, k + d) for d in range(len(quote))] == quote]
        if len(found) != 1:
            return None
        return self.new_words[found[0]][0], self.new_words[found[0] + len(quote) - 1][1]

    def new_span(self, i: int, j: int) -> tuple[int, int] | None:
        """The new words that old words [i, j) became, as a character span."""
        starts, ends = [], []
        for tag, i1, i2, j1, j2 in self.opcodes:
            lo, hi = max(i, i1), min(j, i2)
            if lo >= hi or j2 <= j1:
                continue
            if tag == "equal" and i1 in self.mapped:
                a, b = j1 + lo - i1, j1 + hi - i1
            else:   # rewritten: the share of the new words that stands for ours
                a = j1 + (lo - i1) * (j2 - j1) // (i2 - i1)
                b = max(a + 1, j1 + -(-(hi - i1) * (j2 - j1) // (i2 - i1)))
            starts.append(a)
            ends.append(b)
        if not starts:
            return None
        return self.new_words[min(starts)][0], self.new_words[max(ends) - 1][1]


def classify(alignment: Alignment, start: int, end: int) -> tuple[str, tuple[int, int] | None]:
    old, new = alignment.old, alignment.new
    indices = [k for k, (s, e) in enumerate(alignment.old_words) if start <= s and e <= end]
    i, j = indices[0], indices[-1] + 1
    kept = [alignment.mapped.get(k) for k in range(i, j)]
    if all(k is not None for k in kept) and kept == list(range(kept[0], kept[0] + j - i)):
        span = alignment.new_words[kept[0]][0], alignment.new_words[kept[-1]][1]
        same = (new[max(0, span[0] - CONTEXT):span[0]] == old[max(0, start - CONTEXT):start]
                and new[span[1]:span[1] + CONTEXT] == old[end:end + CONTEXT])
        return ("unchanged" if same else "context"), span
    if any(k is not None for k in kept):
        whole = standing_as_it_was(alignment, start, end)
        if whole:
            return "unchanged", whole
        return "changed", alignment.new_span(i, j)
    kept_in_place = alignment.between_neighbours(i, j)
    if kept_in_place:
        return "context", kept_in_place
    moved = moved_to(alignment, i, j)
    if moved:
        return "moved", moved
    merged = merged_into(alignment, i, j)
    return ("merged", merged) if merged else ("deleted", None)


def standing_as_it_was(alignment: Alignment, start: int, end: int) -> tuple[int, int] | None:
    """Where the quote's words stand as they were with both sides of their context
    (32 characters each, whitespace aside) as they were, when that is one place in the
    new text: the quote is `unchanged` there whatever the aligner paired. It pairs
    repeated words (a code example shown twice, the second rewritten) as the longest
    runs fall, and may follow a quote's words into the rewritten copy while they stand
    whole, with what came before and after them, in the other. (One side alone is not
    enough: "it's safe to modify this dict." ends two attributes' descriptions in
    jinja2's api.rst, and the one whose prefix matched was the other attribute.)"""
    old = alignment.old
    exact, prefix, suffix = (collapsed(part)[0] for part in (
        old[start:end], old[max(0, start - CONTEXT):start], old[end:end + CONTEXT]))
    new, at_raw = collapsed(alignment.new)
    found = [m.start() + len(prefix) for m in re.finditer(
        f"(?={re.escape(prefix + exact + suffix)})", new)]
    found = [at for at in found if (at == 0 or new[at - 1] == " ")
             and new[at + len(exact):][:1] in ("", " ")]      # whole words, as picked
    if len(found) != 1:
        return None
    return at_raw[found[0]], at_raw[found[0] + len(exact) - 1] + 1


@functools.lru_cache(maxsize=16)       # the new document, asked again for each quote
def collapsed(text: str) -> tuple[str, list[int]]:
    """The text with each run of whitespace one space, and where each of its
    characters stood in the text. (Not glossator's normal form, which folds quote
    marks and dashes too: the truth is not to be taken from the code it judges.)"""
    out, at = [], []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group()[0].isspace():
            out.append(" ")
            at.append(m.start())
        else:
            out.append(m.group())
            at.extend(range(m.start(), m.end()))
    return "".join(out), at


def moved_to(alignment: Alignment, i: int, j: int) -> tuple[int, int] | None:
    """Where the old words [i, j) stand again, in new text that the alignment did not
    pair with old text, with at least three of the five words before or after them."""
    old_w, new_w = alignment.old_words, alignment.new_words
    token = lambda text, spans, k: text[spans[k][0]:spans[k][1]] if 0 <= k < len(spans) else None
    quote = [token(alignment.old, old_w, k) for k in range(i, j)]
    found = []
    for at in range(len(new_w) - len(quote) + 1):
        if any(at + d in alignment.new_aligned for d in range(len(quote))):
            continue
        if [token(alignment.new, new_w, at + d) for d in range(len(quote))] != quote:
            continue
        before = sum(token(alignment.old, old_w, i - d) == token(alignment.new, new_w, at - d)
                     for d in range(1, 6))
        after = sum(token(alignment.old, old_w, j - 1 + d)
                    == token(alignment.new, new_w, at + len(quote) - 1 + d) for d in range(1, 6))
        if max(before, after) >= 3:
            found.append((new_w[at][0], new_w[at + len(quote) - 1][1]))
    return found[0] if len(found) == 1 else None


def merged_into(alignment: Alignment, i: int, j: int) -> tuple[int, int] | None:
    """Where old words [i, j), gone from their place, stand as they were right beside
    it (within 20 words of where the aligned words around them went) with three of
    the five words before or after them: two like passages made one."""
    at = bisect_left(alignment.mapped_old, i)
    if at == 0 or at == len(alignment.mapped_old):
        return None
    lo = alignment.mapped[alignment.mapped_old[at - 1]] - 20
    hi = alignment.mapped[alignment.mapped_old[at]] + 20
    old_w, new_w = alignment.old_words, alignment.new_words
    token = lambda text, spans, k: text[spans[k][0]:spans[k][1]] if 0 <= k < len(spans) else None
    quote = [token(alignment.old, old_w, k) for k in range(i, j)]
    for k in range(max(0, lo), min(len(new_w), hi) - len(quote) + 1):
        if [token(alignment.new, new_w, k + d) for d in range(len(quote))] != quote:
            continue
        before = sum(token(alignment.old, old_w, i - d) == token(alignment.new, new_w, k - d)
                     for d in range(1, 6))
        after = sum(token(alignment.old, old_w, j - 1 + d)
                    == token(alignment.new, new_w, k + len(quote) - 1 + d) for d in range(1, 6))
        if max(before, after) >= 3:
            return new_w[k][0], new_w[k + len(quote) - 1][1]
    return None


def moved_stretches(alignment: Alignment) -> list[tuple[int, int]]:
    """Runs of old words [i, j), three or more, that the alignment left unpaired, from
    a word whose next three stand again in new text it left unpaired too to the end
    of the run: where moved quotes are to be found."""
    old_w, new_w = alignment.old_words, alignment.new_words
    old_t = [alignment.old[s:e] for s, e in old_w]
    new_t = [alignment.new[s:e] for s, e in new_w]
    free = {tuple(new_t[k:k + 3]) for k in range(len(new_t) - 2)
            if not any(k + d in alignment.new_aligned for d in range(3))}
    stretches, i = [], 0
    while i < len(old_t):
        if i in alignment.mapped:
            i += 1
            continue
        j = i
        while j < len(old_t) and j not in alignment.mapped:
            j += 1
        stretches += [(k, j) for k in range(i, j - 2) if tuple(old_t[k:k + 3]) in free]
        i = j
    return stretches


def documents_of(packages: list[str] | None) -> list[tuple[str, str, str, str]]:
    return [(package, path, old, new) for package, release in sorted(corpus().items())
            if packages is None or package in packages
            for path, (old, new) in sorted(release["documents"].items())]


def generate_moved(cases: int, seed: int, packages: list[str] | None = None,
                   ) -> list[tuple[str, str, Case]]:
    """Up to `cases` more quotes of the `moved` kind, which a quote picked anywhere is
    once in 700 times: picked (3 to 25 words, as in `generate`) inside the stretches
    of old words that `moved_stretches` finds, and kept only where `classify` says
    moved. Fewer when the corpus has fewer (the attempts are bounded)."""
    rng = random.Random(seed)
    stretches = []
    for package, path, old, new in documents_of(packages):
        alignment = Alignment(old, new)
        stretches += [(package, path, alignment, i, j) for i, j in moved_stretches(alignment)]
    made, seen = [], set()
    for _ in range(cases * 40):
        if len(made) >= cases or not stretches:
            break
        package, path, alignment, i, j = rng.choice(stretches)
        n = rng.randint(3, min(25, j - i))
        first = i
        start, end = alignment.old_words[first][0], alignment.old_words[first + n - 1][1]
        old, new = alignment.old, alignment.new
        if (path, start, end) in seen or has_twin(old, start, end):
            continue
        seen.add((path, start, end))
        kind, expected = classify(alignment, start, end)
        if kind == "moved":
            count, nth = standing(old, start, end)
            made.append((package, path, Case(
                kind, new, old[start:end], old[max(0, start - CONTEXT):start],
                old[end:end + CONTEXT], start, expected, old_length=len(old),
                old_occurrences=count, old_nth=nth)))
    return made


def generate(cases: int, seed: int, packages: list[str] | None = None,
             ) -> list[tuple[str, str, Case]]:
    """(package, document, case) for `cases` quotes picked in the old documents, each
    document chosen in proportion to its length, no quote twice."""
    rng = random.Random(seed)
    documents = documents_of(packages)
    weights = [len(old) for *_, old, _ in documents]
    prepared: dict[int, tuple[Alignment, list]] = {}
    made, seen = [], set()
    while len(made) < cases:
        number = rng.choices(range(len(documents)), weights)[0]
        package, path, old, new = documents[number]
        if number not in prepared:
            prepared[number] = Alignment(old, new), repeated_phrases(old)
        alignment, repeated = prepared[number]
        start, end = pick_quote(rng, old, repeated)
        if (number, start, end) in seen or has_twin(old, start, end):
            continue
        seen.add((number, start, end))
        kind, expected = classify(alignment, start, end)
        count, nth = standing(old, start, end)
        made.append((package, path, Case(
            kind, new, old[start:end], old[max(0, start - CONTEXT):start],
            old[end:end + CONTEXT], start, expected, may_orphan=kind in ("changed", "merged"),
            old_length=len(old), old_occurrences=count, old_nth=nth)))
    return made


def judged(case: Case, found: tuple[int, int] | None) -> str:
    if case.kind == "changed" and found is not None and case.expected is not None:
        (a, b), (c, d) = found, case.expected
        shared = max(0, min(b, d) - max(a, c))
        return "right" if shared >= min(b - a, d - c) / 2 else "wrong"
    return outcome(case, found)


def run(cases) -> tuple[dict[str, Counter], dict[str, Counter]]:
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_package: dict[str, Counter] = defaultdict(Counter)
    for package, _, case in cases:
        result = judged(case, anchor_case(case))
        by_kind[case.kind][result] += 1
        by_package[package][result] += 1
    return by_kind, by_package


def table(title: str, rows: dict[str, Counter], order) -> bool:
    print(f"{title:<12} {'cases':>6} {'right':>7} {'wrong':>7} {'missed':>7}")
    total, met = Counter(), True
    for name in order:
        counts = rows.get(name)
        if not counts:
            continue
        n = sum(counts.values())
        total.update(counts)
        met &= meets_goals(counts)
        print(f"{name:<12} {n:>6} {counts['right'] / n:>7.1%} {counts['wrong'] / n:>7.1%} "
              f"{counts['missed'] / n:>7.1%}")
    n = sum(total.values())
    print(f"{'all':<12} {n:>6} {total['right'] / n:>7.1%} {total['wrong'] / n:>7.1%} "
          f"{total['missed'] / n:>7.1%}\n")
    return met and meets_goals(total)


def show(cases, per_kind: int, failures_only: bool = False) -> None:
    shown = Counter()
    for number, (package, path, case) in enumerate(cases):
        if shown[case.kind] >= per_kind:
            continue
        found = anchor_case(case)
        result = judged(case, found)
        if failures_only and result == "right":
            continue
        shown[case.kind] += 1
        flat = lambda s: " ".join(s.split())
        print(f"--- case {number}: {package} {path}, {case.kind}, {result}")
        print(f"  quote:    [{flat(case.prefix)}] «{flat(case.exact)}» [{flat(case.suffix)}]")
        for label, span in (("truth", case.expected), ("found", found)):
            if span:
                a, b = span
                print(f"  {label}:    [{flat(case.text[max(0, a - 40):a])}] «{flat(case.text[a:b])}» "
                      f"[{flat(case.text[b:b + 40])}]")
            else:
                print(f"  {label}:    orphaned")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2200, help="cases in all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--packages", help="comma-separated packages (of "
                        f"{', '.join(sorted(corpus()))}); all by default")
    parser.add_argument("--moved", type=int, default=300, metavar="N",
                        help="more cases of the moved kind, picked where moved words are "
                        "(a quote picked anywhere is moved once in 700 times)")
    parser.add_argument("--show", type=int, default=0, metavar="K",
                        help="print K cases of each kind instead of the tables")
    parser.add_argument("--failures", action="store_true",
                        help="with --show, only the cases not answered right")
    parser.add_argument("--selector-only", action="store_true",
                        help="anchor with the selector and the old start alone, without the "
                        "old text's length and the quote's count, which anchors.json keeps")
    args = parser.parse_args()
    drift.SELECTOR_ONLY = args.selector_only
    packages = args.packages.split(",") if args.packages else None
    cases = generate(args.cases, args.seed, packages)
    extra = generate_moved(args.moved, args.seed, packages) if args.moved else []
    cases += extra
    print(f"{len(cases) - len(extra)} quotes picked anywhere, {len(extra)} more picked "
          "where moved words are (counted in the tables, `all` too)\n")
    if args.show:
        show(cases, args.show, args.failures)
        return 0
    started = time.perf_counter()
    by_kind, by_package = run(cases)
    elapsed = time.perf_counter() - started
    met = table("edit", by_kind, KINDS)
    grouped: dict[str, Counter] = defaultdict(Counter)
    for kind, counts in by_kind.items():
        grouped[ISSUE_KINDS[kind]].update(counts)
    table("as issue 16", grouped, dict.fromkeys(ISSUE_KINDS.values()))
    table("package", by_package, sorted(by_package))
    print(f"goal, overall and for every kind: right >= {GOALS['right']:.0%}, "
          f"wrong <= {GOALS['wrong']:.1%}: {'met' if met else 'NOT met'}  "
          f"({len(cases)} cases in {elapsed:.1f} s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
