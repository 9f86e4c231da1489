"""The cache keeps each story's result as plain data (build/stored.py) and must give
back exactly what it was given: a field it dropped or changed would put a stale page
on the site after an edit, which only a cold build would show."""

from __future__ import annotations

import datetime as dt
import marshal
from pathlib import Path

from glossator.build.stored import restored, stored
from glossator.diagnostics import Diagnostic, Location
from glossator.model import CardNote, SiteLink, StoryCard, StoryResult, StorySource, StorySummary

HERE = Location(Path("content/city-bridge/annotations.yaml"), 12, 5)


def a_result(**changes) -> StoryResult:
    later = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    card = StoryCard(
        "city-bridge", "The bridge «reopens»",
        dt.datetime(2024, 3, 4, 18, 0, tzinfo=dt.timezone.utc), dt.date(2024, 3, 6), "A dek", "Ana Pérez", StorySource("NPR", "https://npr.example/x"),
        ("Política", "Україна"),
        (CardNote("fix", "the 28", "Wrong date", None, "ana", None, None, "the 28",
                  "the 29", "Desk", dt.date(2024, 3, 5)),),
        (CardNote("later", "a claim", None, "Body *here*", None, dt.date(2024, 3, 5), later),),
        ("ana", "ben"), "scheduled")
    result = StoryResult(
        "city-bridge", StorySummary(card, (("claim", 3), ("correction", 1)), "d" * 32), 4,
        {"city-bridge/index.html": "a" * 32}, {"city-bridge/map.png": "/c/city-bridge/map.png"},
        (Diagnostic(HERE, "warning", "a quote moved", "run reanchor", ("at 3:4", "at 9:1")),),
        links=(SiteLink("../other/#note-x", "other", "x", HERE),),
        notes=("fix", "later"), held="", due="2030-01-01T00:00:00+00:00")
    for name, value in changes.items():
        result = StoryResult(**{**result.__dict__, name: value})
    return result


def test_a_story_result_comes_back_from_the_cache_as_it_was_kept():
    for result in (a_result(), a_result(summary=None, diagnostics=(), links=(), notes=()),
                   a_result(held="draft", due=None)):
        assert restored(marshal.loads(marshal.dumps(stored(result)))) == result


def test_dates_and_date_times_keep_their_kind_and_offset():
    back = restored(marshal.loads(marshal.dumps(stored(a_result())))).summary.story
    assert type(back.updated) is dt.date and type(back.published) is dt.datetime
    assert back.changed[0].updated.utcoffset() == dt.timedelta(hours=-5)
