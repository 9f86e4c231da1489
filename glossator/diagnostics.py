"""Problems found in the content, each tied to a place in a file.

Every stage reports into a `Diagnostics` collector instead of raising, so one run
shows the author every problem at once, in the form editors and CI logs understand:
`path:line:col: error: message`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column count from 1."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: Severity
    message: str
    hint: str = ""
    details: tuple[str, ...] = ()

    def format(self) -> str:
        # Each part is escaped on its own: content (a folder's name, a quote) must not
        # start a line of its own or drive the terminal.
        lines = [f"{self.location}: {self.severity}: {printable(self.message)}"]
        lines += [f"    {printable(detail)}" for detail in self.details]
        if self.hint:
            lines.append(f"  hint: {printable(self.hint)}")
        return "\n".join(lines)


@dataclass
class Diagnostics:
    """Collects the problems of one run, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str = "",
              details: Iterable[str] = ()) -> None:
        self.items.append(Diagnostic(location, "error", message, hint, tuple(details)))

    def warning(self, location: Location, message: str, hint: str = "",
                details: Iterable[str] = ()) -> None:
        self.items.append(Diagnostic(location, "warning", message, hint, tuple(details)))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self, strict: bool = False) -> list[Diagnostic]:
        """By file and position; under --strict, warnings are reported as errors."""
        items = self.items
        if strict:
            items = [Diagnostic(d.location, "error", d.message, d.hint, d.details)
                     for d in items]
        return sorted(items, key=lambda d: d.location)


def display_path(path: Path) -> str:
    """Relative to the working folder when inside it, as the author would type it."""
    absolute = Path(path).absolute()
    try:
        return printable(str(absolute.relative_to(Path.cwd())))
    except ValueError:
        return printable(str(absolute))


# What a terminal acts on rather than shows: C0 and C1 controls (escape sequences,
# line ends), line and paragraph separators, and the marks that reorder text.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")
ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape_character(match: re.Match) -> str:
    character = match.group()
    code = ord(character)
    return ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """The text with every control character written as an escape (`\\x1b`, `\\n`),
    so that it prints as one line and only as text."""
    return UNPRINTABLE.sub(escape_character, text)


def excerpt(value: str, limit: int = 60) -> str:
    """At most `limit` characters of a value, on one line and escaped: what a message
    may echo of what an author (or a file that is not theirs) wrote."""
    flat = printable(value)
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def closest_name(word: str, choices: Iterable[str]) -> str:
    """The valid choice closest to a misspelt one, or ''."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the valid choice closest to a misspelt one, or ''."""
    match = closest_name(word, choices)
    return f"did you mean '{match}'?" if match else ""


def quoted_list(names: Iterable[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)
