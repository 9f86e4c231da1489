"""Weigh what the reader's pages load, gzipped as a host serves them, against budgets:
its script, and its style (reader.css with kinds.css, which the build makes from the
kinds of note), taken from a build of the example site.

    python bench/budgets.py          # prints a table; exit 1 if over budget
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGETS = {"reader.js": (("reader.js",), 8 * 1024),                    # bytes, gzipped
           "CSS": (("reader.css", "kinds.css"), 10 * 1024)}


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def weigh() -> dict[str, tuple[int, int, int]]:
    """what -> (raw bytes, gzipped bytes, budget), each as one file would be served"""
    from glossator.build.pipeline import run

    with tempfile.TemporaryDirectory() as folder:
        outcome = run(ROOT / "content", Path(folder) / "site", search=False, cache=False)
        assert outcome.written, [d.format() for d in outcome.diagnostics.items]
        static = Path(folder) / "site" / "static"
        weights = {}
        for what, (names, budget) in BUDGETS.items():
            data = b"".join((static / name).read_bytes() for name in names)
            weights[what] = (len(data), gzipped_size(data), budget)
    return weights


def main() -> int:
    over = False
    print(f"{'file':<12} {'raw':>8} {'gzipped':>8} {'budget':>8}  share")
    for name, (raw, packed, budget) in weigh().items():
        over |= packed > budget
        print(f"{name:<12} {raw:>8,} {packed:>8,} {budget:>8,}  {packed / budget:.0%}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
