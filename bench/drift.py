"""The drift benchmark: do annotations follow their words through an edit, or are they
reported orphaned, or do they land on the wrong words?

    python bench/drift.py [--cases N] [--seed S]

For several texts it picks quotes as an annotation tool would store them (a W3C
TextQuoteSelector: the words, 32 characters either side, and where they started),
edits the text in one of the ways stories are edited, and asks
`glossator.anchor.match.anchor_quote` where the quote is now. The right answer is known
from the edit itself: the quote's new place, or None when its words were deleted.

  right   the quote's new place (80% overlap or more), or None for deleted words
  wrong   anywhere else: the note would sit on the wrong words
  missed  None although the words are still there: reported as orphaned
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import sysconfig
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossator.anchor.match import anchor_quote  # noqa: E402
from glossator.anchor.text import parse_story  # noqa: E402

CONTEXT = 32
GOALS = {"right": 0.95, "wrong": 0.005}
INSERTS = [
    "The White House declined to comment on the report.",
    "Officials said more details would follow in the coming days.",
    "That account could not be independently verified.",
    "The statement was issued late in the afternoon.",
    "Several lawmakers called for a full investigation.",
]


def texts() -> dict[str, str]:
    """The texts cases are drawn from: the example story, a few public-domain texts,
    and what else is on the machine (the reporting notes, CPython's licence)."""
    found = {}
    article = (ROOT / "content" / "flynn-kislyak-call" / "article.md").read_text()
    found["npr-story"] = parse_story(article.split("---\n", 2)[2]).text
    for path in sorted((ROOT / "bench" / "texts").glob("*.txt")):
        found[path.stem] = path.read_text()
    facts = ROOT.parent / "shared" / "sources" / "FACTS.md"
    if facts.exists():
        found["facts"] = facts.read_text()
    licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if licence.exists():
        found["python-licence"] = licence.read_text()[:40000]
    return found


# -- Edits, and where they move an offset -----------------------------------------

@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def apply(text: str, edits: list[Edit]) -> tuple[str, Callable[[int, str], int]]:
    """The edited text, and a function mapping an old offset to the new text ('start'
    or 'end' says which way an offset inside an edited stretch goes)."""
    edits = sorted(edits, key=lambda e: e.start)
    pieces, last, moves = [], 0, []
    shift = 0
    for edit in edits:
        pieces += [text[last:edit.start], edit.replacement]
        moves.append((edit, shift))
        shift += len(edit.replacement) - (edit.end - edit.start)
        last = edit.end
    pieces.append(text[last:])

    def new_offset(offset: int, side: str) -> int:
        delta = 0
        for edit, before in moves:
            new_start = edit.start + before
            if edit.start == edit.end == offset:
                # Text inserted right at a quote's start goes before it, at its end after.
                return offset + before + (len(edit.replacement) if side == "start" else 0)
            if offset < edit.start or (offset == edit.start and side == "start"):
                return offset + before
            if offset < edit.end or (offset == edit.end and side == "end"):
                return new_start if side == "start" else new_start + len(edit.replacement)
            delta = before + len(edit.replacement) - (edit.end - edit.start)
        return offset + delta

    return "".join(pieces), new_offset


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    exact: str
    prefix: str
    suffix: str
    hint: int
    expected: tuple[int, int] | None


def word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def pick_quote(rng: random.Random, text: str, min_words=2, max_words=12) -> tuple[int, int]:
    words = word_spans(text)
    n = rng.randint(min_words, max_words)
    i = rng.randrange(0, max(1, len(words) - n))
    return words[i][0], words[min(i + n, len(words)) - 1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]+[\"”’)]*", text)]


def case(kind, text, start, end, edits, deleted=False) -> Case:
    new_text, new_offset = apply(text, edits)
    expected = None if deleted else (new_offset(start, "start"), new_offset(end, "end"))
    return Case(kind, new_text, text[start:end], text[max(0, start - CONTEXT):start],
                text[end:end + CONTEXT], start, expected)


def make_case(kind: str, rng: random.Random, text: str) -> Case | None:
    start, end = pick_quote(rng, text)
    quote_words = [w for w in word_spans(text) if start <= w[0] and w[1] <= end]
    if kind == "typo":
        long_words = [w for w in quote_words if w[1] - w[0] >= 4 and text[w[0]:w[1]].isalpha()]
        if not long_words:
            return None
        w0, w1 = rng.choice(long_words)
        at = rng.randrange(w0 + 1, w1 - 1)
        edit = rng.choice([Edit(at, at + 2, text[at + 1] + text[at]),      # swapped letters
                           Edit(at, at + 1, ""),                           # dropped letter
                           Edit(at, at, text[at])])                        # doubled letter
        return case(kind, text, start, end, [edit])
    if kind == "quotes":
        edits, opening = [], True
        for i, ch in enumerate(text):
            if ch == "'":
                edits.append(Edit(i, i + 1, "’"))
            elif ch == '"':
                edits.append(Edit(i, i + 1, "“" if opening else "”"))
                opening = not opening
            elif ch in "’‘":
                edits.append(Edit(i, i + 1, "'"))
            elif ch in "“”":
                edits.append(Edit(i, i + 1, '"'))
            elif ch == "—":
                edits.append(Edit(i, i + 1, "--"))
        return case(kind, text, start, end, edits) if edits else None
    if kind == "rewrap":
        edits = []
        for m in re.finditer(r" ", text):
            if rng.random() < 0.12:
                edits.append(Edit(m.start(), m.end(), "\n"))
        for m in re.finditer(r"\n(?!\n)", text):
            if rng.random() < 0.5:
                edits.append(Edit(m.start(), m.end(), " "))
        return case(kind, text, start, end, edits)
    if kind == "insert":
        places = [e for _, e in sentences(text) if e <= start or e >= end]
        if not places:
            return None
        at = rng.choice(places)
        return case(kind, text, start, end, [Edit(at, at, " " + rng.choice(INSERTS))])
    if kind == "cut":
        others = [p for p in paragraphs(text) if p[1] < start or p[0] > end]
        if not others:
            return None
        p0, p1 = rng.choice(others)
        return case(kind, text, start, end, [Edit(p0, p1, "")])
    if kind == "change":
        if len(quote_words) < 5:
            return None
        inner = quote_words[1:-1]
        w0, w1 = rng.choice(inner)
        vocabulary = [text[a:b] for a, b in word_spans(text) if b - a >= 3]
        replacement = rng.choice([w for w in vocabulary if w != text[w0:w1]] or ["word"])
        return case(kind, text, start, end, [Edit(w0, w1, replacement)])
    if kind == "duplicate":
        holder = next((p for p in paragraphs(text) if p[0] <= start and end <= p[1]), None)
        if holder is None:
            return None
        copy = "\n\n" + text[holder[0]:holder[1]]
        return case(kind, text, start, end, [Edit(holder[1], holder[1], copy)])
    if kind == "delete":
        holder = [s for s in sentences(text) if s[0] <= start < s[1] or s[0] < end <= s[1]]
        if not holder:
            return None
        s0, s1 = holder[0][0], holder[-1][1]
        if not (s0 <= start and end <= s1):
            return None
        deleted = case(kind, text, start, end, [Edit(s0, s1, "")], deleted=True)
        return deleted
    if kind == "repeated":
        grams = Counter()
        words = word_spans(text)
        for n in (2, 3):
            for i in range(len(words) - n):
                grams[text[words[i][0]:words[i + n - 1][1]]] += 1
        repeated = [g for g, c in grams.items() if c >= 2 and len(g) >= 6]
        if not repeated:
            return None
        phrase = rng.choice(repeated)
        starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
        start = rng.choice(starts)
        end = start + len(phrase)
        places = [e for _, e in sentences(text) if e <= start or e >= end]
        at = rng.choice(places) if places else 0
        return case(kind, text, start, end, [Edit(at, at, " " + rng.choice(INSERTS))])
    raise ValueError(kind)


KINDS = ("typo", "quotes", "rewrap", "insert", "cut", "change", "duplicate", "delete",
         "repeated")


def generate(cases_per_kind: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    sources = list(texts().values())
    cases = []
    for kind in KINDS:
        made = 0
        while made < cases_per_kind:
            made_case = make_case(kind, rng, rng.choice(sources))
            if made_case is not None:
                cases.append(made_case)
                made += 1
    return cases


def outcome(case: Case, found: tuple[int, int] | None) -> str:
    if found is None:
        return "right" if case.expected is None else "missed"
    if case.expected is None:
        return "wrong"
    (a, b), (c, d) = found, case.expected
    overlap = max(0, min(b, d) - max(a, c))
    union = max(b, d) - min(a, c)
    return "right" if union and overlap / union >= 0.8 else "wrong"


def run(cases: list[Case]) -> dict[str, Counter]:
    results: dict[str, Counter] = defaultdict(Counter)
    for c in cases:
        found = anchor_quote(c.text, c.exact, c.prefix, c.suffix, hint=c.hint)
        results[c.kind][outcome(c, found)] += 1
    return results


def report(results: dict[str, Counter]) -> tuple[float, float]:
    print(f"{'edit':<10} {'cases':>6} {'right':>7} {'wrong':>7} {'missed':>7}")
    total = Counter()
    for kind in KINDS:
        counts = results[kind]
        n = sum(counts.values())
        total.update(counts)
        print(f"{kind:<10} {n:>6} {counts['right'] / n:>7.1%} {counts['wrong'] / n:>7.1%} "
              f"{counts['missed'] / n:>7.1%}")
    n = sum(total.values())
    right, wrong = total["right"] / n, total["wrong"] / n
    print(f"{'all':<10} {n:>6} {right:>7.1%} {wrong:>7.1%} {total['missed'] / n:>7.1%}")
    return right, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="cases per kind of edit")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cases = generate(args.cases, args.seed)
    started = time.perf_counter()
    right, wrong = report(run(cases))
    elapsed = time.perf_counter() - started
    met = right >= GOALS["right"] and wrong <= GOALS["wrong"]
    print(f"\ngoal: right >= {GOALS['right']:.0%}, wrong <= {GOALS['wrong']:.1%}: "
          f"{'met' if met else 'NOT met'}  ({len(cases)} cases in {elapsed:.1f} s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
