"""How fast quotes anchor in a large text: 10,000 annotations in 1 MB.

    python bench/anchor_speed.py [--annotations N] [--megabytes M]

Side by side with the Python floor: one `str.find` per quote, which finds the
first place only and weighs nothing. The goal is under a second for the whole batch.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossator.anchor.match import Selector, anchor_quotes  # noqa: E402
from glossator.anchor.normalform import normalize  # noqa: E402

WORDS = ("the administration said officials reported sanctions ambassador call timing "
         "transition statement committee inquiry election Russia Flynn Spicer confirmed "
         "denied discussed measures response before after during morning night later "
         "report story according sources two three several new former senior said that "
         "which would could may might not never also again still only about into over").split()


def make_text(rng: random.Random, size: int) -> str:
    words, length = [], 0
    while length < size:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
        sentence[0] = sentence[0].capitalize()
        text = " ".join(sentence) + rng.choice([".", ".", ",", ";"])
        words.append(text)
        length += len(text) + 1
        if rng.random() < 0.08:
            words.append("\n\n")
    return " ".join(words)[:size]


def selectors(rng: random.Random, text: str, count: int) -> list[tuple[Selector, int]]:
    spans = [m.span() for m in __import__("re").finditer(r"\S+", text)]
    chosen = []
    for _ in range(count):
        i = rng.randrange(len(spans) - 12)
        start, end = spans[i][0], spans[i + rng.randint(2, 10)][1]
        chosen.append((Selector(text[start:end], text[max(0, start - 32):start],
                                text[end:end + 32], hint=start), start))
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(7)
    text = make_text(rng, int(args.megabytes * 1_000_000))
    batch = selectors(rng, text, args.annotations)

    started = time.perf_counter()
    floor = [text.find(s.exact) for s, _ in batch]
    floor_time = time.perf_counter() - started

    started = time.perf_counter()
    found = anchor_quotes(normalize(text), [s for s, _ in batch])
    glossator_time = time.perf_counter() - started

    right = sum(1 for f, (_, start) in zip(found, batch) if f and f.start == start)
    floor_right = sum(1 for f, (_, start) in zip(floor, batch) if f == start)
    print(f"{args.annotations:,} annotations in {len(text) / 1e6:.1f} MB of text")
    print(f"{'':<22}{'seconds':>9}{'at the right place':>20}")
    print(f"{'Python floor (find)':<22}{floor_time:>9.3f}{floor_right / len(batch):>20.1%}")
    print(f"{'glossator':<22}{glossator_time:>9.3f}{right / len(batch):>20.1%}")
    print(f"ratio to the floor: {glossator_time / floor_time:.1f}x; "
          f"goal under 1 s: {'met' if glossator_time < 1 else 'NOT met'}")
    return 0 if glossator_time < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
