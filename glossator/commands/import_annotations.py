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


# Nothing a tool exports nests deeper; Python's decoder gives up at some 1,000 levels.
MAX_JSON_DEPTH = 100
# Tokens of JSON, enough to find where a problem the decoder does not locate is.
JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?', re.S)


def read_annotations(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"{display_path(path)}:1:1: error: cannot read the file: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{display_path(path)}:{exc.lineno}:{exc.colno}: error: "
                           f"not JSON: {exc.msg}") from exc
    except RecursionError:
        data = None                 # found below, by where it nests too deep
    except ValueError as exc:       # an integer longer than Python converts
        where = next((m.start() for m in JSON_TOKEN.finditer(text)
                      if m.group()[0] in "-0123456789" and len(m.group()) > 4300), 0)
        raise ImportFailed(f"{json_place(path, text, where)}: error: a number with more "
                           "digits than an annotation could use") from exc
    deep = too_deep(text)
    if deep is not None or data is None and text.strip() != "null":
        raise ImportFailed(f"{json_place(path, text, deep or 0)}: error: the JSON nests "
                           f"more than {MAX_JSON_DEPTH} levels deep; no export of "
                           "annotations does")
    return annotations_in(data)


def too_deep(text: str) -> int | None:
    """Where the JSON first nests deeper than MAX_JSON_DEPTH, or None."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return None
    depth = 0
    for match in JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return None


def json_place(path: Path, text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"{display_path(path)}:{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


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
    existing = read_existing(target)
    place = where_to_add(existing, target)
    taken = place.taken
    story_text = text_of(folder)
    config = load_site_config(folder.parent / SITE_FILE, Diagnostics())
    kinds = {kind.name: kind for kind in config.kinds}
    entries, skipped = [], []
    for annotation in annotations:
        entry = to_entry(annotation, taken, kinds)
        if isinstance(entry, str):
            skipped.append(entry)
            continue
        if config.author(entry.get("author")) is None:
            entry.pop("author", None)       # signed by someone this site does not name
        disambiguate(entry, story_text)
        entries.append(in_order(entry))
    if entries:
        target.write_text(place.added(entries), encoding="utf-8")
    return Imported(entries, skipped)


def read_existing(target: Path) -> str:
    """annotations.yaml as it is ('' if there is none), read as the loader reads it."""
    from ..load.files import read_text

    if not target.exists():
        return ""
    diagnostics = Diagnostics()
    text = read_text(target, diagnostics)
    if text is None:
        raise ImportFailed(diagnostics.items[0].format())
    return text


@dataclass(frozen=True)
class Place:
    """Where in annotations.yaml new entries go, so that the file stays valid YAML
    meaning what it meant, with the new entries at the end of its list: `at` is an
    index of `text`; `style` says how to write them there."""

    text: str
    at: int
    style: str          # "block" (one '- ' entry a line) or "flow" (inside [...])
    indent: str         # before each line of a block
    taken: set          # the ids the file has
    cut: tuple[int, int] = (0, 0)       # an empty value (`~`, `[]`) a block replaces

    def added(self, entries: list[dict]) -> str:
        if self.style == "flow":
            items = ", ".join(yaml.dump(entry, Dumper=yaml.SafeDumper, allow_unicode=True,
                                        sort_keys=False, width=float("inf"),
                                        default_flow_style=True).strip()
                              for entry in entries)
            return f"{self.text[:self.at]}, {items}{self.text[self.at:]}"
        block = yaml.dump(entries, Dumper=AuthorDumper, allow_unicode=True, sort_keys=False,
                          width=88, default_flow_style=False)
        block = "".join(f"{self.indent}{line}\n" if line else "\n"
                        for line in block.splitlines())
        text = self.text[:self.cut[0]] + self.text[self.cut[1]:]
        at = self.at - (self.cut[1] - self.cut[0])
        before = text[:at] if not text[:at] or text[:at].endswith("\n") else text[:at] + "\n"
        return before + block + text[at:]


def where_to_add(text: str, target: Path) -> Place:
    from ..load.fields import NULL
    from ..load.files import compose_yaml

    diagnostics = Diagnostics()
    node = compose_yaml(text, target, diagnostics) if text.strip() else None
    if diagnostics.errors:
        raise ImportFailed(diagnostics.errors[0].format().split("\n")[0]
                           + "; nothing was imported")
    if node is None:            # empty, or only comments
        text += ("\n" if text and not text.endswith("\n") else "") + "annotations:\n"
        return Place(text, len(text), "block", "  ", set())
    refuse = lambda at, why: ImportFailed(  # noqa: E731
        f"{display_path(target)}:{at.start_mark.line + 1}:{at.start_mark.column + 1}: error: "
        f"{why}; nothing was imported")
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise refuse(node, "annotations.yaml must be a mapping (written one field a "
                           "line) holding 'annotations'")
    pairs = [(k, v) for k, v in node.value if getattr(k, "value", None) == "annotations"]
    if not pairs:
        raise refuse(node, "annotations.yaml has no 'annotations' list to add to")
    key, value = pairs[0]
    if isinstance(value, yaml.SequenceNode):
        taken = {v.value for item in value.value if isinstance(item, yaml.MappingNode)
                 for k, v in item.value if getattr(k, "value", None) == "id"
                 and isinstance(v, yaml.ScalarNode)}
        if value.flow_style and value.value:
            return Place(text, value.value[-1].end_mark.index, "flow", "", taken)
        if not value.flow_style:
            return Place(text, value.end_mark.index, "block",
                         " " * value.start_mark.column, taken)
    elif not (isinstance(value, yaml.ScalarNode) and value.tag == NULL):
        raise refuse(value, "'annotations' must be a list")
    # empty: `annotations:`, `annotations: ~` or `annotations: []`; the rest of its
    # line (a comment) stays, and the new list starts on the line after
    line_end = text.find("\n", value.end_mark.index)
    line_end = len(text) if line_end < 0 else line_end + 1
    return Place(text, line_end, "block", " " * (key.start_mark.column + 2), set(),
                 cut=(value.start_mark.index, value.end_mark.index))


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
