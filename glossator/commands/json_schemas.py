"""JSON Schemas of the content format, for editors: generated from the field tables in
`schema`, the ones `check` validates with, so the two cannot disagree.

    python -m glossator.commands.json_schemas     # rewrites schemas/*.schema.json

A test fails if the published files differ from what this generates.
"""

from __future__ import annotations

import json
import sys
from typing import Callable

from ..kinds import BUILTIN_KINDS
from .. import moments
from ..load.fields import (ANNOTATION_FIELDS, AUTHOR_FIELDS, COLOUR_PATTERN, DATE_PATTERN,
                           MAX_COUNT,
                           FIELD_DEFINITION_FIELDS, FIELD_NAME_PATTERN, FIELD_TYPES,
                           FRONT_MATTER_FIELDS, ID_PATTERN, LANGUAGE_PATTERN, MAX_TAG,
                           RATING_FIELDS,
                           SITE_FIELDS, SOURCE_FIELDS, STORY_SOURCE_FIELDS,
                           TYPE_DEFINITION_FIELDS)
from ..model import Field
from ..render.theme import SCHEMAS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCALAR = ["string", "number", "boolean"]     # any scalar is taken as written
STATIC_FILE = r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\\]+$"   # a path under static/, no '..'



def pattern(regex) -> str:
    return "^" + regex.pattern.removesuffix(r"\Z") + "$"


def field_schema(spec: Field) -> dict:
    kinds: dict[str, Callable[[], dict]] = {
        "string": lambda: {"type": SCALAR},
        "id": lambda: {"type": "string", "pattern": pattern(ID_PATTERN)},
        "date": lambda: {"type": "string", "pattern": pattern(DATE_PATTERN), "format": "date"},
        "moment": lambda: {"type": "string", "anyOf": [
            {"pattern": pattern(moments.DATE), "format": "date"},
            {"pattern": "^" + moments.DATE_TIME.pattern.removesuffix(r"?\Z") + "$",
             "format": "date-time"}]},
        "author": lambda: {"type": "string", "pattern": pattern(ID_PATTERN),
                           "description": "an id of site.yaml's authors"},
        "authors": lambda: {"type": "array", "items": {
            "type": "string", "pattern": pattern(ID_PATTERN),
            "description": "an id of site.yaml's authors"}},
        "author_list": lambda: {"type": "object", "propertyNames": {
            "pattern": pattern(ID_PATTERN)}, "additionalProperties": {"anyOf": [
                {"type": "string"}, mapping(AUTHOR_FIELDS)]}},
        "url": lambda: {"type": "string", "pattern": "^https?://\\S+$"},
        "language": lambda: {"type": "string", "pattern": pattern(LANGUAGE_PATTERN)},
        "strings": lambda: {"type": "array", "items": {"type": SCALAR}},
        "tags": lambda: {"type": "array", "items": {"type": SCALAR, "maxLength": MAX_TAG}},
        "base_url": lambda: {"type": "string", "pattern": "^https?://[^\\s/?#@]+(/[^\\s/?#]+)*/?$"},
        "sources": lambda: {"type": "array", "items": mapping(SOURCE_FIELDS)},
        "story_source": lambda: {"anyOf": [{"type": "string"}, mapping(STORY_SOURCE_FIELDS)]},
        "static_file": lambda: {"type": "string", "pattern": STATIC_FILE},
        "static_files": lambda: {"type": "array", "items": {"type": "string",
                                                            "pattern": STATIC_FILE}},
        "kind_fields": lambda: {"type": "object", "propertyNames": {
            "pattern": pattern(FIELD_NAME_PATTERN)}, "additionalProperties": {"anyOf": [
                {"enum": list(FIELD_TYPES)}, mapping(FIELD_DEFINITION_FIELDS)]}},
        "colour": lambda: {"type": "string", "pattern": pattern(COLOUR_PATTERN)},
        "ratings": lambda: {"type": "array", "minItems": 1, "items": mapping(RATING_FIELDS)},
        "rating_value": lambda: {"type": ["integer", "string"], "enum": [1, 2, 3, 4, 5, "1",
                                                                         "2", "3", "4", "5"]},
        "boolean": lambda: {"type": "boolean"},
        "count": lambda: {"type": ["integer", "string"], "pattern": "^[0-9]+$",
                          "minimum": 1, "maximum": MAX_COUNT},
        "types": lambda: {"type": "array", "items": {"anyOf": [
            {"type": "string", "pattern": pattern(ID_PATTERN)},
            mapping(TYPE_DEFINITION_FIELDS)]}},
    }
    schema = kinds[spec.kind]()
    if spec.choices:
        schema = {"enum": list(spec.choices)}
    return schema


def mapping(fields: dict[str, Field]) -> dict:
    return {"type": "object", "additionalProperties": False,
            "properties": {name: field_schema(spec) for name, spec in fields.items()},
            "required": [name for name, spec in fields.items() if spec.required]}


# The fields of each built-in kind that has fields of its own
KIND_FIELDS = {kind.name: kind.fields for kind in BUILTIN_KINDS if kind.fields}


def annotation_schema() -> dict:
    every_field = dict(ANNOTATION_FIELDS)
    for fields in KIND_FIELDS.values():
        every_field.update(fields)
    schema = mapping(every_field)
    schema["required"] = [n for n, spec in ANNOTATION_FIELDS.items() if spec.required]
    schema["properties"]["type"] = {"anyOf": [
        {"enum": [kind.name for kind in BUILTIN_KINDS]},
        {"type": "string", "pattern": pattern(ID_PATTERN),
         "description": "or a type that site.yaml declares"}]}
    rules = []
    for type_name, fields in KIND_FIELDS.items():
        others = [n for t, f in KIND_FIELDS.items() if t != type_name for n in f]
        rules.append({"if": {"properties": {"type": {"const": type_name}}, "required": ["type"]},
                      "then": {"required": [n for n, s in fields.items() if s.required],
                               "not": {"anyOf": [{"required": [n]} for n in others
                                                 if n not in fields]}}})
    schema["allOf"] = rules
    return schema


def schemas() -> dict[str, dict]:
    return {
        "annotations.schema.json": {
            "$schema": DRAFT, "title": "Glossator annotations.yaml",
            "type": "object", "additionalProperties": False, "required": ["annotations"],
            "properties": {"annotations": {"type": "array", "items": annotation_schema()}}},
        "front-matter.schema.json": {
            "$schema": DRAFT, "title": "Glossator article.md front matter",
            **mapping(FRONT_MATTER_FIELDS)},
        "site.schema.json": {"$schema": DRAFT, "title": "Glossator site.yaml",
                             **mapping(SITE_FIELDS)},
    }


def rendered() -> dict[str, str]:
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            for name, schema in schemas().items()}


def main() -> int:
    SCHEMAS.mkdir(exist_ok=True)
    for name, text in rendered().items():
        (SCHEMAS / name).write_text(text, encoding="utf-8")
        print(f"wrote schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
