"""`import-annotations`: W3C Web Annotations (a collection, a page, a list, or one
annotation) and Hypothesis exports into annotations.yaml entries.

What Glossator itself exported comes back as it was: the kind of note from its
tagging body, the fields the W3C model has no term for from the `glossator`
extension. From other tools, a note's kind comes from a tag naming one, or from its
motivation, and its text becomes the note's body.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..anchor.match import distinguishing_prefixes, normalize, search_quote
from ..load.story import ANNOTATIONS_FILE, ARTICLE_FILE, SITE_FILE, load_site_config, read_article
from ..diagnostics import Diagnostics, display_path
from ..kinds import BUILTIN_KINDS
from ..load.fields import ANNOTATION_FIELDS
from ..model import Kind
from ..slugs import suggest
from ..anchor.text import parse_story
from ..render.structured import EXTENSION

# Each W3C motivation to the kind of note it reads as: the kinds' own, where two
# share one the kind that another tool's note can fill (no field it lacks is
# required), then what other tools' motivations mean.
KINDS_BY_MOTIVATION = {"questioning": "claim", "identifying": "context", "commenting": "context"}
for _kind in sorted(reversed(BUILTIN_KINDS), key=lambda k: not any(
        spec.required for spec in k.fields.values())):
    KINDS_BY_MOTIVATION[_kind.motivation] = _kind.name


class ImportFailed(Exception):
    """The file is not something we can import; the message says why."""


@dataclass(frozen=True)
class Imported:
    entries: list[dict]
    skipped: list[str]          # why some annotations were left out


def read_annotations(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{display_path(path)}:1:1: error: cannot read the file: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{display_path(path)}:{exc.lineno}:{exc.colno}: error: "
                           f"not JSON: {exc.msg}") from exc
    return annotations_in(data)


def annotations_in(data) -> list[dict]:
    """The annotations of any of the shapes tools export."""
    if isinstance(data, list):
        return [a for item in data for a in annotations_in(item)]
    if not isinstance(data, dict):
        return []
    if "rows" in data:                                  # Hypothesis API search results
        return annotations_in(data["rows"])
    if "items" in data:                                 # an AnnotationPage
        return annotations_in(data["items"])
    if "first" in data and isinstance(data["first"], dict):   # an AnnotationCollection
        return annotations_in(data["first"])
    if "target" in data:
        return [data]
    return []


def to_entry(annotation: dict, taken: set[str], kinds: dict[str, Kind]) -> dict | str:
    """An annotations.yaml entry, or the reason it cannot be one."""
    selectors = [s for target in as_list(annotation.get("target"))
                 if isinstance(target, dict) for s in as_list(target.get("selector"))]
    quote = next((s for s in selectors if isinstance(s, dict)
                  and s.get("type") == "TextQuoteSelector"), None)
    if not quote or not str(quote.get("exact", "")).strip():
        return f"{annotation.get('id', 'an annotation')}: no TextQuoteSelector to anchor it"
    bodies = [b for b in as_list(annotation.get("body")) if isinstance(b, dict)]
    tags = [b.get("value") for b in bodies if b.get("purpose") == "tagging"]
    tags += [t for t in as_list(annotation.get("tags")) if isinstance(t, str)]   # Hypothesis
    kind = next((t for t in tags if t in kinds), None)
    motivation = annotation.get("motivation")
    kind = kind or KINDS_BY_MOTIVATION.get(motivation if isinstance(motivation, str) else "",
                                           "context")
    entry: dict = {"id": unique_id(annotation, taken), "type": kind,
                   "quote": " ".join(str(quote["exact"]).split())}
    entry["_prefix"], entry["_suffix"] = quote.get("prefix", ""), quote.get("suffix", "")
    if annotation.get("label"):
        entry["title"] = annotation["label"]
    text = next((b["value"] for b in bodies if b.get("format") in ("text/markdown", "text/plain")
                 and b.get("value")), None) or annotation.get("text")     # Hypothesis: text
    if text:
        entry["body"] = text
    extension = annotation.get(EXTENSION)
    if isinstance(extension, dict):
        entry.update({k: dates_in(v) for k, v in extension.items() if k not in entry})
    elif any(spec.required for spec in kinds[kind].fields.values()):
        entry["type"] = "context"       # its required fields have no W3C equivalent
    return entry


def unique_id(annotation: dict, taken: set[str]) -> str:
    raw = str(annotation.get("id", ""))
    if "#note-" in raw:
        base = raw.rsplit("#note-", 1)[1]
    elif raw:
        base = "h-" + raw.rsplit("/", 1)[-1]
    else:
        base = "note"
    base = suggest(base) or "note"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def dates_in(value):
    """ISO dates back to dates, so they are written as YAML dates, unquoted."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [dates_in(v) for v in value]
    if isinstance(value, dict):
        return {k: dates_in(v) for k, v in value.items()}
    return value


# As the loader reads them: every note's fields, then each kind's (the sources last)
FIELD_ORDER = tuple(dict.fromkeys([*(n for n in ANNOTATION_FIELDS if n != "sources"),
                                   *(n for kind in BUILTIN_KINDS for n in kind.fields),
                                   "sources"]))


def in_order(entry: dict) -> dict:
    return {name: entry[name] for name in sorted(entry, key=lambda n: (
        FIELD_ORDER.index(n) if n in FIELD_ORDER else len(FIELD_ORDER), n))}


def as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def import_annotations(source: Path, folder: Path) -> Imported:
    """Add the annotations in `source` to `folder`/annotations.yaml, keeping what the
    file already holds, comments included."""
    annotations = read_annotations(source)
    target = folder / ANNOTATIONS_FILE
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    current = (yaml.safe_load(existing) or {}) if existing.strip() else {}
    taken = {a.get("id") for a in (current.get("annotations") or []) if isinstance(a, dict)}
    story_text = text_of(folder)
    kinds = {kind.name: kind for kind in
             load_site_config(folder.parent / SITE_FILE, Diagnostics()).kinds}
    entries, skipped = [], []
    for annotation in annotations:
        entry = to_entry(annotation, taken, kinds)
        if isinstance(entry, str):
            skipped.append(entry)
            continue
        disambiguate(entry, story_text)
        entries.append(in_order(entry))
    if entries:
        block = yaml.dump(entries, Dumper=AuthorDumper, allow_unicode=True, sort_keys=False,
                          width=88, default_flow_style=False)
        block = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
        if not existing.strip():
            existing = "annotations:\n"
        elif not existing.endswith("\n"):
            existing += "\n"
        existing = re.sub(r"(?m)^annotations:[ \t]*\[\][ \t]*$", "annotations:", existing)
        target.write_text(existing + block, encoding="utf-8")
    return Imported(entries, skipped)


class AuthorDumper(yaml.SafeDumper):
    """YAML as an author writes it: text of several lines as a `|` block."""


AuthorDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value.strip() else None))


def text_of(folder: Path) -> str | None:
    if not (folder / ARTICLE_FILE).exists():
        return None
    article = read_article(folder / ARTICLE_FILE, Diagnostics())
    return parse_story(article[1]).text if article else None


def disambiguate(entry: dict, story_text: str | None) -> None:
    """Keep a prefix or suffix only where the story needs one to single the quote out,
    and then the shortest that does, as an author would write it."""
    prefix, suffix = entry.pop("_prefix"), entry.pop("_suffix")
    if story_text is None:
        entry.update({k: v for k, v in (("prefix", prefix), ("suffix", suffix)) if v.strip()})
        return
    normalized = normalize(story_text)
    search = search_quote(normalized, entry["quote"])
    if len(search.occurrences) <= 1:
        return
    chosen = search_quote(normalized, entry["quote"], prefix, suffix).agreeing
    if len(chosen) != 1:
        entry.update({k: v for k, v in (("prefix", prefix), ("suffix", suffix)) if v.strip()})
        return
    index = search.occurrences.index(chosen[0])
    shortest = distinguishing_prefixes(story_text, search.occurrences)[index]
    entry["prefix"] = shortest if shortest else prefix
