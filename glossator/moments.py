"""When something happened, as authors write it: a date (`2017-01-13`) or a date-time
with its offset (`2017-01-13T18:05:00-05:00`). One place for what such a value means:
when it is (to sort, and to hold back what is not yet due), the day it fell on (to
show) and how feeds write it."""

from __future__ import annotations

import datetime as dt
import re

Moment = dt.date          # a dt.date, or an aware dt.datetime (a subclass of it)

DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                       r"(?:[Zz]|[+-]\d{2}:\d{2})?\Z")
FORMS = "YYYY-MM-DD, or a date-time with its offset, YYYY-MM-DDTHH:MM:SS-05:00"


class NotAMoment(ValueError):
    pass


def parse(text: str) -> Moment:
    """The date or date-time `text` writes; NotAMoment says why it is neither."""
    text = text.strip()
    if DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise NotAMoment(f"is not a real date ({exc})") from exc
    if not DATE_TIME.match(text):
        raise NotAMoment(f"must be a date written {FORMS}")
    try:
        value = dt.datetime.fromisoformat(text.upper().replace(" ", "T").replace("Z", "+00:00"))
    except ValueError as exc:
        raise NotAMoment(f"is not a real date-time ({exc})") from exc
    if value.tzinfo is None:
        # a time without its offset means a different instant in each newsroom
        raise NotAMoment("needs its offset from UTC, as in 2017-01-13T18:05:00-05:00 "
                         "(or Z for UTC)")
    return value


def instant(value: Moment) -> dt.datetime:
    """When it was, to compare: a date alone as its first moment in UTC."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def day(value: Moment) -> dt.date:
    """The day it fell on where it was written."""
    return value.date() if isinstance(value, dt.datetime) else value


def atom(value: Moment) -> str:
    """As Atom (RFC 3339) writes it."""
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def due(value: Moment, now: dt.datetime) -> bool:
    """Whether something published at `value` is out by `now`: a date alone, from
    the start of that day wherever the build runs."""
    if isinstance(value, dt.datetime):
        return value <= now
    return value <= now.astimezone().date()
