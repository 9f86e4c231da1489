"""`new`: a story folder to start from, with a commented article.md and an
annotations.yaml showing every kind of note. It checks clean as it is, so an
author can build it at once and change it a piece at a time."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .jsonschemas import SCHEMAS
from .load import ANNOTATIONS_FILE, ARTICLE_FILE, RESERVED_SLUGS, SLUG_PATTERN

ARTICLE = """\
---
# The story's front matter. Required: title and published (YYYY-MM-DD).
title: "The headline, as the story ran"
dek: "The one-sentence summary under the headline."
published: {today}
# byline: By A. Reporter
# updated: {today}
# source: {{name: The original publisher, url: "https://example.org/the-story"}}
# copyright: Copyright {year} The original publisher
tags: [example]
# Below the closing line comes the story itself, in CommonMark. Annotations quote
# its words as readers see them, so keep the text exactly as it ran.
---

The mayor said on Tuesday that the bridge would reopen "by the end of the month."

A correction appeared here: the council met on Monday, not on Sunday.

The state's open-meetings law requires notice of every council meeting.

Officials pointed to the city's 2023 budget, and the *Daily Ledger* first reported
the closure last week.
"""

ANNOTATIONS = """\
# yaml-language-server: $schema={schema}
# Each annotation quotes the words it is about, as a reader sees them on the page.
# Check with `glossator check`; `glossator serve` shows the page as you edit.
annotations:
  - id: reopening-claim             # a-z, 0-9 and hyphens; unique in this file
    type: claim
    quote: "\\"by the end of the month.\\""
    claimant: The mayor
    rating: unproven                # true, mostly-true, half-true, mostly-false, false,
                                    # misleading, unproven, disputed
    rating_note: The city has not published a repair schedule.

  - id: meeting-day
    type: correction
    quote: "the council met on Monday"
    original: The story first said the council met on Sunday.
    corrected: The council met on Monday.
    corrected_by: The desk
    corrected_on: {today}

  - id: open-meetings-law
    type: legal
    quote: "open-meetings law"
    citation: "State Code § 1-200"   # how the law is cited
    law_url: https://example.org/state-code/1-200
    text: |
      The provision's full text, in CommonMark. Words the story quotes from it are
      marked.

  - id: city-budget
    type: context
    quote: "the city's 2023 budget"
    body: |
      Background a reader needs, in CommonMark: **emphasis**, [links](https://example.org).
    date: {today}                   # dated notes make up the story's timeline

  - id: first-report
    type: source
    quote: "Daily Ledger first reported"   # quotes run across emphasis and links
    sources:
      - {{title: "Bridge to close", publisher: Daily Ledger, url: "https://example.org/ledger", date: {today}}}
"""


class ScaffoldError(Exception):
    pass


def new_story(content: Path, slug: str, today: dt.date | None = None) -> Path:
    if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        raise ScaffoldError(f"'{slug}' is not a usable story name: lower-case letters, digits "
                            f"and single hyphens" + (f" (try '{suggestion}')" if suggestion else ""))
    folder = content / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; nothing was changed")
    today = today or dt.date.today()
    folder.mkdir(parents=True)
    schema = Path(os.path.relpath(SCHEMAS / "annotations.schema.json", folder)).as_posix()
    (folder / ARTICLE_FILE).write_text(ARTICLE.format(today=today, year=today.year))
    (folder / ANNOTATIONS_FILE).write_text(ANNOTATIONS.format(today=today, schema=schema))
    return folder
