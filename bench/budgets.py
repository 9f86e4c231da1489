"""Weigh the reader's static files against their budgets, gzipped as a host serves them.

    python bench/budgets.py          # prints a table; exit 1 if over budget
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"
BUDGETS = {"reader.js": 8 * 1024, "reader.css": 10 * 1024}   # bytes, gzipped


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def weigh() -> dict[str, tuple[int, int, int]]:
    """file -> (raw bytes, gzipped bytes, budget)"""
    return {name: (len((STATIC / name).read_bytes()), gzipped_size(STATIC / name), budget)
            for name, budget in BUDGETS.items()}


def main() -> int:
    over = False
    print(f"{'file':<12} {'raw':>8} {'gzipped':>8} {'budget':>8}  share")
    for name, (raw, packed, budget) in weigh().items():
        over |= packed > budget
        print(f"{name:<12} {raw:>8,} {packed:>8,} {budget:>8,}  {packed / budget:.0%}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
