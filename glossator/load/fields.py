"""What the author may write: the fields of each file, and turning YAML nodes into
checked values.

The field tables here are the single description of the content format; the loader
validates with them and the error messages quote them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Collection

import yaml

from .. import kinds, slugs
from ..diagnostics import Diagnostics, Location, closest_name, did_you_mean, excerpt, quoted_list
from .. import locales
from ..model import Author, Field, Kind, Look, Rating, Source
from ..slugs import suggest
from .files import location


ANNOTATION_FIELDS = {
    "id": Field("id", required=True),
    "type": Field("string", required=True),
    "quote": Field("string", required=True),
    "prefix": Field("string"),
    "suffix": Field("string"),
    "title": Field("string"),
    "body": Field("string"),
    "date": Field("date"),
    "author": Field("author"),
    "added": Field("moment"),
    "updated": Field("moment"),
    "sources": Field("sources"),
}

SOURCE_FIELDS = {
    "title": Field("string", required=True),
    "publisher": Field("string"),
    "url": Field("url"),
    "date": Field("date"),
}

ANNOTATIONS_FILE_FIELDS = {"annotations": Field("list", required=True)}

FRONT_MATTER_FIELDS = {
    "title": Field("string", required=True),
    "published": Field("moment", required=True),
    "dek": Field("string"),
    "byline": Field("string"),
    "authors": Field("authors"),
    "updated": Field("moment"),
    "source": Field("story_source"),
    "copyright": Field("string"),
    "tags": Field("tags"),
    "language": Field("language"),
    "draft": Field("boolean"),
}

STORY_SOURCE_FIELDS = {"name": Field("string", required=True), "url": Field("url")}

SITE_FIELDS = {
    "title": Field("string"),
    "description": Field("string"),
    "base_url": Field("base_url"),
    "language": Field("language"),
    "types": Field("types"),
    "stylesheets": Field("static_files"),
    "logo": Field("static_file"),
    "page_size": Field("count"),        # stories a list page shows
    "feed_size": Field("count"),        # entries a feed holds, the latest
    "authors": Field("author_list"),
}

# One of site.yaml's authors, under its id
AUTHOR_FIELDS = {
    "name": Field("string", required=True),
    "role": Field("string"),
    "url": Field("url"),
    "image": Field("string"),
}

UNDERLINES = ("wavy", "double", "solid", "dotted", "dashed")

# A kind of note in site.yaml: a new one, or a built-in one relabelled (or given
# another rating scale).
TYPE_DEFINITION_FIELDS = {
    "name": Field("id", required=True),
    "label": Field("string"),
    "description": Field("string"),
    "symbol": Field("string"),
    "fields": Field("kind_fields"),
    "underline": Field("string", choices=UNDERLINES),
    "colour": Field("colour"),
    "dark_colour": Field("colour"),
    "ratings": Field("ratings"),
}

# What a field that site.yaml declares for its own kind may hold.
FIELD_TYPES = {"text": "string", "date": "date", "url": "url"}
FIELD_DEFINITION_FIELDS = {"type": Field("string", choices=tuple(FIELD_TYPES)),
                           "required": Field("boolean")}
RATING_FIELDS = {"name": Field("id", required=True), "label": Field("string"),
                 "value": Field("rating_value", required=True)}

ID_PATTERN = slugs.PATTERN
LANGUAGE_PATTERN = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# Control characters, and the two that XML 1.0 forbids besides (so that no feed
# can hold them).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# A tag's page is tags/<its slug>/: the slug, at most as long as the case-folded tag,
# must make a file name (255 bytes), and a tag is the name of a topic.
MAX_TAG = 100
# A list page or a feed of more entries than this is what paging them is for.
MAX_COUNT = 1000
URL_PATTERN = re.compile(r"https?://[^\s/?#]+[^\s]*\Z", re.IGNORECASE)
FIELD_NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
COLOUR_PATTERN = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}\Z")

MAPPING = "tag:yaml.org,2002:map"
SEQUENCE = "tag:yaml.org,2002:seq"
NULL = "tag:yaml.org,2002:null"


class NodeReader:
    """Turns the nodes of one file into values, reporting each problem where it is.

    A value that fails its check is left out of the result, so later stages see only
    valid data and one mistake is reported once.
    """

    def __init__(self, path: Path, diagnostics: Diagnostics, line_offset: int = 0,
                 static_files: Collection[str] | None = None,
                 catalogs: Collection[str] | None = None,
                 authors: Collection[str] | None = None):
        self.path = path
        self.diagnostics = diagnostics
        self.line_offset = line_offset
        self.static_files = static_files     # the theme's, for fields that name one
        self.catalogs = catalogs    # the languages the theme has catalogs for, if known
        self.authors = authors      # the ids of site.yaml's authors, if known
        self.CONVERTERS: dict[str, Callable[[yaml.Node, str], Any]] = {
            "string": self.string,
            "id": self.identifier,
            "date": self.date,
            "moment": self.moment,
            "author": self.author,
            "authors": self.author_ids,
            "author_list": self.author_list,
            "url": self.url,
            "language": self.language,
            "list": self.sequence,
            "strings": self.strings,
            "tags": self.tags,
            "base_url": self.base_url,
            "sources": self.sources,
            "story_source": self.story_source,
            "types": self.types,
            "kind_fields": self.kind_fields,
            "colour": self.colour,
            "ratings": self.ratings,
            "rating_value": self.rating_value,
            "boolean": self.boolean,
            "static_file": self.static_file,
            "static_files": self.static_file_list,
            "count": self.count,
        }

    def at(self, node: yaml.Node) -> Location:
        return location(node, self.path, self.line_offset)

    def error(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.diagnostics.error(self.at(node), message, hint)

    # -- mappings ---------------------------------------------------------------

    def mapping(self, node: yaml.Node, fields: dict[str, Field], what: str,
                other_fields: dict[str, str] | None = None) -> dict[str, Any] | None:
        """Read a mapping of known fields. `other_fields` names fields that are valid
        elsewhere (a field of another annotation type), for a more helpful message."""
        if not is_mapping(node):
            self.error(node, f"{what} must be a mapping of fields, not {describe(node)}")
            return None
        values: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{what} has a key that is not a field name")
                continue
            if key in seen:
                first = self.at(seen[key])
                self.error(key_node, f"duplicate field '{excerpt(key)}' in {what} "
                           f"(first given on line {first.line})")
                continue
            seen[key] = key_node
            spec = fields.get(key)
            if spec is None:
                suggested.add(self.unknown_field(key_node, key, fields, what,
                                                 other_fields or {}))
                continue
            value = self.value(value_node, spec, key)
            if value is not None:
                values[key] = value
        for name, spec in fields.items():
            # A misspelt field was reported with its right name: once is enough.
            if spec.required and name not in seen and name not in suggested:
                self.error(node, f"{what} is missing the required field '{name}'")
        return values

    def unknown_field(self, key_node: yaml.Node, key: str, fields: dict[str, Field],
                      what: str, other_fields: dict[str, str]) -> str:
        """Report a field that is not in `fields`; returns the name it suggested."""
        if key in other_fields:
            self.error(key_node, f"'{key}' is a field of {other_fields[key]}, "
                       f"not of {what}")
            return ""
        suggestion = closest_name(key, fields)
        hint = (f"did you mean '{suggestion}'?" if suggestion
                else f"the fields are {quoted_list(fields)}")
        self.error(key_node, f"unknown field '{excerpt(key)}' in {what}", hint)
        return suggestion

    def value(self, node: yaml.Node, spec: Field, name: str) -> Any:
        if node.tag == NULL:
            if spec.required:
                self.error(node, f"'{name}' is empty")
            return None
        value = self.CONVERTERS[spec.kind](node, name)
        if value is not None and spec.choices and value not in spec.choices:
            self.error(node, f"'{excerpt(value)}' is not a valid {name}",
                       did_you_mean(value, spec.choices)
                       or f"choose one of {quoted_list(spec.choices)}")
            return None
        return value

    # -- scalars ----------------------------------------------------------------

    def string(self, node: yaml.Node, name: str) -> str | None:
        # Any scalar is taken as written: `quote: 1799` means the text "1799".
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"'{name}' must be text, not {describe(node)}")
            return None
        if not node.value.strip():
            self.error(node, f"'{name}' is empty")
            return None
        if control := CONTROL_CHARACTER.search(node.value):
            self.error(node, f"'{name}' contains a control character "
                       f"(U+{ord(control.group()):04X}), which cannot appear on a page")
            return None
        return node.value

    def identifier(self, node: yaml.Node, name: str) -> str | None:
        value = self.string(node, name)
        if value is not None and not ID_PATTERN.match(value):
            suggestion = suggest(value)
            self.error(node, f"'{name}' must be {slugs.RULE}, not '{excerpt(value)}'",
                       f"try '{excerpt(suggestion)}'" if suggestion else "")
            return None
        return value

    def date(self, node: yaml.Node, name: str) -> dt.date | None:
        value = self.string(node, name)
        if value is None:
            return None
        if not DATE_PATTERN.match(value.strip()):
            self.error(node, f"'{name}' must be a date written YYYY-MM-DD, "
                       f"not '{excerpt(value)}'")
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            self.error(node, f"'{excerpt(value)}' is not a real date ({exc})")
            return None

    def moment(self, node: yaml.Node, name: str) -> dt.date | None:
        """A date, or a date-time with its offset (see moments.py)."""
        from .. import moments

        value = self.string(node, name)
        if value is None:
            return None
        try:
            return moments.parse(value)
        except moments.NotAMoment as exc:
            self.error(node, f"'{name}' {exc}, not '{excerpt(value)}'")
            return None

    def author(self, node: yaml.Node, name: str) -> str | None:
        """The id of one of site.yaml's authors."""
        value = self.identifier(node, name)
        if value is None or self.authors is None or value in self.authors:
            return value
        self.error(node, f"unknown author '{excerpt(value)}'",
                   did_you_mean(value, self.authors) or (
                       f"the authors are {quoted_list(sorted(self.authors))}" if self.authors
                       else "site.yaml names the authors under 'authors:', "
                            "e.g. tkeith: {name: Tamara Keith}"))
        return None

    def author_ids(self, node: yaml.Node, name: str) -> tuple[str, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        ids = (self.author(item, f"each of '{name}'") for item in items)
        return tuple(dict.fromkeys(i for i in ids if i is not None))

    def author_list(self, node: yaml.Node, name: str) -> tuple[Author, ...] | None:
        """site.yaml's `authors:`, a mapping from an id to a person."""
        if not is_mapping(node):
            self.error(node, f"'{name}' must be a mapping from an id to a person "
                       f"(name, role, url, image), not {describe(node)}",
                       hint="authors:\n  tkeith: {name: Tamara Keith, role: White House "
                            "correspondent}")
            return None
        authors = []
        for key_node, value_node in node.value:
            author_id = self.identifier(key_node, "an author's id")
            fields: dict[str, Any]
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag != NULL:
                fields = {"name": self.string(value_node, "name")}   # `tkeith: Tamara Keith`
            else:
                fields = self.mapping(value_node, AUTHOR_FIELDS, "an author") or {}
            image = fields.get("image")
            if image and not self.author_image(value_node, image):
                fields.pop("image")
            name = fields.pop("name", None)
            if author_id and name:
                authors.append(Author(author_id, name, **fields))
        return tuple(authors)

    def author_image(self, node: yaml.Node, image: str) -> bool:
        """An author's picture is a file beside site.yaml, by its name."""
        image_node = next((v for k, v in node.value if k.value == "image"), node)
        path = self.path.parent / image
        if path.is_symlink() and not path.resolve().is_relative_to(self.path.parent.resolve()):
            self.error(image_node, f"'{excerpt(image)}' is a link to a file outside the "
                       "content folder; it will not be published",
                       hint="copy the picture into the content folder instead")
            return False
        if "/" in image or "\\" in image or image.startswith(".") or not path.is_file():
            self.error(image_node, f"'image' must name a file beside site.yaml, not "
                       f"'{excerpt(image)}'", hint="put the picture in the content folder, "
                       "beside site.yaml, and give its name, e.g. tkeith.jpg")
            return False
        return True

    def url(self, node: yaml.Node, name: str) -> str | None:
        value = self.string(node, name)
        if value is not None and not URL_PATTERN.match(value.strip()):
            self.error(node, f"'{name}' must be an http:// or https:// address, "
                       f"not '{excerpt(value)}'")
            return None
        return value.strip() if value else None

    def base_url(self, node: yaml.Node, name: str) -> str | None:
        value = self.string(node, name)
        if value is None:
            return None
        url, problem = normalised_base_url(value)
        if problem:
            self.error(node, f"'{name}' {problem}, not '{excerpt(value)}'")
        return url

    def language(self, node: yaml.Node, name: str) -> str | None:
        value = self.string(node, name)
        if value is not None and not LANGUAGE_PATTERN.match(value):
            self.error(node, f"'{name}' must be a language tag such as 'en' or "
                       f"'en-US', not '{excerpt(value)}'")
            return None
        if value is not None and self.catalogs is not None and \
                not locales.has_catalog(value, self.catalogs):
            dates = "" if locales.knows_locale(value) else \
                ", and its dates too (Babel has no data for it)"
            self.diagnostics.warning(
                self.at(node), f"no catalog for '{value}'; the interface will be "
                f"English{dates}", hint=f"start templates/locales/{value}.po, to translate, "
                f"with: glossator catalogs --add {value}")
        return value

    def static_file(self, node: yaml.Node, name: str) -> str | None:
        """A file of the theme's static/ folder, by its path there."""
        value = self.string(node, name)
        if value is None:
            return None
        value = value.strip()
        if value.startswith("/") or "\\" in value or ".." in value.split("/") or \
                "://" in value:
            self.error(node, f"'{name}' must name a file in the templates' static/ "
                       f"folder by its path there, not '{value}'",
                       hint="put the file in templates/static/ beside content/ and give "
                            "its name, e.g. house.css")
            return None
        if self.static_files is not None and value not in self.static_files:
            self.error(node, f"'{name}': there is no file '{value}' in the templates' "
                       "static/ folder", did_you_mean(value, self.static_files)
                       or "put the file in templates/static/ beside content/")
            return None
        return value

    def static_file_list(self, node: yaml.Node, name: str) -> tuple[str, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        values = [self.static_file(item, name) for item in items]
        return tuple(v for v in values if v is not None)

    # -- collections ------------------------------------------------------------

    def sequence(self, node: yaml.Node, name: str) -> list[yaml.Node] | None:
        if not is_sequence(node):
            self.error(node, f"'{name}' must be a list, not {describe(node)}")
            return None
        return list(node.value)

    def strings(self, node: yaml.Node, name: str) -> tuple[str, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        values = [self.string(item, f"each of '{name}'") for item in items]
        return tuple(v for v in values if v is not None)

    def tags(self, node: yaml.Node, name: str) -> tuple[str, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        tags = []
        for item in items:
            tag = self.string(item, f"each of '{name}'")
            if tag is not None and len(tag.casefold()) > MAX_TAG:
                self.error(item, f"the tag '{excerpt(tag)}' is {len(tag):,} characters "
                           f"long; a tag may have at most {MAX_TAG}",
                           "a tag names a topic in a few words; its page's address is "
                           "made from it")
            elif tag is not None:
                tags.append(tag)
        return tuple(tags)

    def sources(self, node: yaml.Node, name: str) -> tuple[Source, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        sources = []
        for item in items:
            fields = self.mapping(item, SOURCE_FIELDS, "a source")
            if fields is not None and "title" in fields:
                sources.append(Source(**fields))
        return tuple(sources)

    def story_source(self, node: yaml.Node, name: str) -> dict[str, Any] | None:
        if isinstance(node, yaml.ScalarNode):  # `source: NPR` is shorthand for the name
            value = self.string(node, name)
            return {"name": value} if value else None
        fields = self.mapping(node, STORY_SOURCE_FIELDS, "'source'")
        return fields if fields and "name" in fields else None

    def types(self, node: yaml.Node, name: str) -> tuple[Kind, ...] | None:
        """The kinds site.yaml declares: new ones, and built-in ones as it relabels
        them."""
        items = self.sequence(node, name)
        if items is None:
            return None
        kinds = []
        for item in items:
            if isinstance(item, yaml.ScalarNode):
                fields = {"name": self.identifier(item, "a type's name")}
            else:
                fields = self.mapping(item, TYPE_DEFINITION_FIELDS, "a type") or {}
            if fields.get("name"):
                kind = self.kind(item, fields)
                if kind is not None:
                    kinds.append(kind)
        return tuple(kinds)

    def kind(self, node: yaml.Node, fields: dict[str, Any]) -> Kind | None:
        name = fields.pop("name")
        builtin = kinds.builtin(name)
        look: dict[str, str] = {key: fields.pop(key) for key in
                                ("underline", "colour", "dark_colour") if key in fields}
        if builtin is not None:
            if "fields" in fields:
                self.error(node, f"the fields of '{name}' notes are Glossator's own",
                           hint="declare a kind of your own for notes with other fields")
                return None
            relabelled = replace(builtin, **fields, look=replace(builtin.look, **look))
            if "ratings" not in fields:
                return relabelled
            if "rating" not in builtin.fields:
                self.error(node, f"'{name}' notes have no rating")
                return None
            rating = Field("string", choices=tuple(r.name for r in fields["ratings"]))
            return replace(relabelled, fields={**builtin.fields, "rating": rating})
        if "ratings" in fields:
            self.error(node, "only claims have a rating scale")
            return None
        colour = look.get("colour", Look().colour)
        look.setdefault("background", colour + "22" if len(colour) == 7 else Look().background)
        dark = look.get("dark_colour", Look().dark_colour)
        look.setdefault("dark_background", dark + "33" if len(dark) == 7 else
                        Look().dark_background)
        return Kind(name, fields.get("label") or name.replace("-", " ").capitalize(),
                    fields.get("description", ""), fields.get("symbol", "\u2022"),
                    fields.get("fields", {}), look=Look(**look))

    def kind_fields(self, node: yaml.Node, name: str) -> dict[str, Field] | None:
        """`fields: {verdict: text, checked_on: {type: date, required: true}}`"""
        if not is_mapping(node):
            self.error(node, f"'{name}' must be a mapping of field names to their type "
                       f"({quoted_list(FIELD_TYPES)}), not {describe(node)}")
            return None
        declared: dict[str, Field] = {}
        for key_node, value_node in node.value:
            field_name = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            if not FIELD_NAME_PATTERN.match(str(field_name)):
                self.error(key_node, f"a field's name must be lower-case letters, digits "
                           f"and underscores, not '{excerpt(str(field_name))}'")
                continue
            if field_name in ANNOTATION_FIELDS:
                self.error(key_node, f"'{field_name}' is a field of every note already")
                continue
            if isinstance(value_node, yaml.ScalarNode):
                spec = {"type": self.value(value_node, FIELD_DEFINITION_FIELDS["type"],
                                           "a field's type")}
            else:
                spec = self.mapping(value_node, FIELD_DEFINITION_FIELDS, "a field") or {}
            if spec.get("type"):
                declared[field_name] = Field(FIELD_TYPES[spec["type"]],
                                             required=spec.get("required", False))
        return declared

    def ratings(self, node: yaml.Node, name: str) -> tuple[Rating, ...] | None:
        items = self.sequence(node, name)
        if items is None:
            return None
        scale = []
        for item in items:
            fields = self.mapping(item, RATING_FIELDS, "a rating")
            if fields and "name" in fields and "value" in fields:
                scale.append(Rating(fields["name"], fields.get("label") or
                                    fields["name"].replace("-", " ").capitalize(),
                                    fields["value"]))
        if not scale:
            self.error(node, "a rating scale needs at least one rating")
            return None
        return tuple(scale)

    def rating_value(self, node: yaml.Node, name: str) -> int | None:
        value = self.string(node, name)
        if value is not None and value.strip() not in ("1", "2", "3", "4", "5"):
            self.error(node, f"'{name}' must be a whole number from 1 (false) to 5 (true), "
                       f"as schema.org's ratingValue, not '{excerpt(value)}'")
            return None
        return int(value) if value is not None else None

    def count(self, node: yaml.Node, name: str) -> int | None:
        value = self.string(node, name)
        if value is not None and not (value.strip().isdecimal() and
                                      1 <= int(value.strip()) <= MAX_COUNT):
            self.error(node, f"'{name}' must be a whole number from 1 to {MAX_COUNT}, "
                       f"not '{excerpt(value)}'")
            return None
        return int(value) if value is not None else None

    def colour(self, node: yaml.Node, name: str) -> str | None:
        value = self.string(node, name)
        if value is not None and not COLOUR_PATTERN.match(value.strip()):
            self.error(node, f"'{name}' must be a colour written #rrggbb, not "
                       f"'{excerpt(value)}'")
            return None
        return value.strip().lower() if value else None

    def boolean(self, node: yaml.Node, name: str) -> bool | None:
        value = self.string(node, name)
        if value is None:
            return None
        if value.strip().lower() not in ("true", "false", "yes", "no"):
            self.error(node, f"'{name}' must be true or false, not '{excerpt(value)}'")
            return None
        return value.strip().lower() in ("true", "yes")


# By the node's kind, not its tag: an explicit tag (`!!seq {a: b}`) can give a node
# another kind's tag.
def is_mapping(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode)


def is_sequence(node: yaml.Node) -> bool:
    return isinstance(node, yaml.SequenceNode)


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    return f"'{excerpt(node.value)}'" if isinstance(node, yaml.ScalarNode) else "that"


def normalised_base_url(value: str) -> tuple[str | None, str]:
    """The address a site is served from, as pages can build on it: http or https,
    a host and no user name, a path without empty or dot segments that ends with
    '/', no query or fragment; (None, why not) if it cannot be one."""
    from urllib.parse import quote, urlsplit

    text = value.strip()
    if not text or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7f for c in text):
        return None, "must be an address without spaces"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None, "must be an http:// or https:// address with a valid host and port"
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(
            f"{parts.scheme.lower()}://"):
        return None, "must be an http:// or https:// address"
    if "@" in parts.netloc:
        return None, "must not hold a user name or password"
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if host and host[0] != "[" else host
    except UnicodeError:
        return None, "must have a valid host name"
    if not host or not re.fullmatch(r"[a-z0-9.-]+|[0-9a-f:.]+", host):
        return None, "must have a host"
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        return None, "must not have a query (?) or fragment (#)"
    path = parts.path or "/"
    segments = path.split("/")[1:-1] if path.endswith("/") else path.split("/")[1:]
    if any(segment in ("", ".", "..") for segment in segments):
        return None, "must not have an empty, '.' or '..' part in its path (as in '//')"
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port is not None else ""
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    return f"{parts.scheme.lower()}://{netloc}{path.rstrip('/')}/", ""
