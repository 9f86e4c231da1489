"""A source: who reported what, and when, with links to it."""

from __future__ import annotations

from ..locales import N_
from ..model import Kind, Look

KIND = Kind(
    name="source",
    label=N_("Source"),
    description=N_("Who reported what, and when"),
    symbol="\u2197",
    motivation="linking",
    look=Look("dashed", "#6a2a9e", "#f0e4fb", "#dcb3ff", "#35204a"),
    example='''\
  - id: first-report
    type: source
    quote: "Daily Ledger first reported"   # quotes run across emphasis and links
    sources:
      - {{title: "Bridge to close", publisher: Daily Ledger, url: "https://example.org/ledger", date: {today}}}
''',
)
