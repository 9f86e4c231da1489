"""Where each annotation last anchored: `anchors.json`, beside annotations.yaml.

A build records, for every annotation whose quote it found as written, where the
words stood and the text right around them. When the story is edited later, that
record is the evidence that lets a quote follow its words (or be reported lost)
instead of landing on other words. Authors commit the file with the story.
"""

from __future__ import annotations

import json
import zlib
from json.encoder import encode_basestring
from pathlib import Path

from .diagnostics import Diagnostics, Location
from .model import Remembered

MEMORY_FILE = "anchors.json"
CONTEXT = 32          # characters kept either side, as W3C TextQuoteSelectors do
VERSION = 1


def remember(text: str, start: int, end: int, occurrences: int,
             nth: int | None) -> Remembered:
    return Remembered(start, text[start:end], text[max(0, start - CONTEXT):start],
                      text[end:end + CONTEXT], len(text), occurrences, nth)


def load_memory(path: Path, diagnostics: Diagnostics) -> dict[str, Remembered]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: Remembered(int(v["start"]), str(v["exact"]), str(v["prefix"]),
                                str(v["suffix"]), optional_count(v, "length"),
                                optional_count(v, "occurrences"), optional_count(v, "nth"))
                for key, v in data["anchors"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError) as exc:      # JSON nested deeper than the decoder goes
        diagnostics.warning(Location(path), f"ignoring {MEMORY_FILE}, which cannot be read "
                            f"({exc.__class__.__name__}); quotes will anchor without it",
                            hint="delete it; the next build writes a new one")
        return {}


def optional_count(entry: dict, name: str) -> int | None:
    """A count that files written before it was kept lack."""
    value = entry.get(name)
    return None if value is None else int(value)


def serialize(memory: dict[str, Remembered]) -> str:
    """One annotation a line, so that a diff shows which quotes moved. (Written out
    field by field: every build of every story makes this text, and json.dumps of
    each entry was a tenth of a story's build.)"""
    text = encode_basestring     # a JSON string, as json.dumps(ensure_ascii=False) writes it

    def count(name: str, value: int | None) -> str:
        return "" if value is None else f"\"{name}\": {value}, "

    lines = [f"    {json.dumps(key)}: {{\"exact\": {text(entry.exact)}, "
             f"{count('length', entry.length)}{count('nth', entry.nth)}"
             f"{count('occurrences', entry.occurrences)}\"prefix\": {text(entry.prefix)}, "
             f"\"start\": {entry.start}, \"suffix\": {text(entry.suffix)}}}"
             for key, entry in sorted(memory.items())]
    anchors = "{\n" + ",\n".join(lines) + "\n  }" if lines else "{}"
    return f'{{\n  "anchors": {anchors},\n  "version": {VERSION}\n}}\n'


def memory_update(path: Path, memory: dict[str, Remembered]) -> str | None:
    """The file's new text, or None when it would not change (or stay absent)."""
    text = serialize(memory)
    try:
        if path.read_text(encoding="utf-8") == text:
            return None
    except (OSError, UnicodeDecodeError):
        if not memory:
            return None
    return text


def packed_update(path: Path, memory: dict[str, Remembered]) -> bytes | None:
    """`memory_update`'s text compressed: a build's result carries it to the process
    that writes it just before the swap, which holds every story's until then (at
    20,000 stories of twenty notes, 4.5 KB a story, 1.2 KB compressed: 66 MB less
    held by a cold build)."""
    text = memory_update(path, memory)
    return None if text is None else zlib.compress(text.encode("utf-8"), 1)


def unpacked(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def write_memory(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def save_memory(path: Path, memory: dict[str, Remembered]) -> bool:
    """Write the file if it would change; True if it did."""
    text = memory_update(path, memory)
    if text is not None:
        write_memory(path, text)
    return text is not None
