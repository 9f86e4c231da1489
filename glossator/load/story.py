"""Stage 1, load: read content/ into a `Site`, reporting every problem with its place.

A story whose files have errors is still returned when its article could be read, so
that later stages can report their own problems in the same run; the build as a whole
fails if anything was reported as an error.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, Collection

import yaml

from ..diagnostics import Diagnostics, Location, did_you_mean
from ..anchor.memory import MEMORY_FILE, load_memory
from ..model import Annotation, Kind, Site, SiteConfig, Story, StorySource
from ..kinds import BUILTIN_KINDS
from .fields import (ANNOTATION_FIELDS, ANNOTATIONS_FILE_FIELDS, FRONT_MATTER_FIELDS,
                     SITE_FIELDS, NodeReader)
from .files import compose_yaml, read_text

SITE_FILE = "site.yaml"
ARTICLE_FILE = "article.md"
ANNOTATIONS_FILE = "annotations.yaml"
# Files in a story folder that are the story itself, not assets to publish.
STORY_FILES = {ARTICLE_FILE, ANNOTATIONS_FILE, MEMORY_FILE}
# What a build writes into a story's folder of the site, which no asset may replace.
STORY_OUTPUTS = {"index.html", "annotations.jsonld"}
# Names the site itself uses at its top level.
RESERVED_SLUGS = {"static", "tags", "tag", "feeds", "feed", "pagefind", "index", "404"}
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FRONT_MATTER_FENCE = "---"


def load_site(content_dir: Path, diagnostics: Diagnostics) -> Site:
    if not content_dir.is_dir():
        diagnostics.error(Location(content_dir), "the content folder does not exist",
                          hint="pass --content DIR, or run from the project folder")
        return Site(content_dir, SiteConfig())
    config = load_site_config(content_dir / SITE_FILE, diagnostics)
    stories = []
    for folder in sorted(content_dir.iterdir()):
        if folder.name.startswith((".", "_")) or not folder.is_dir():
            continue
        story = load_story(folder, content_dir, config, diagnostics)
        if story is not None:
            stories.append(story)
    if not stories and not diagnostics.errors:
        diagnostics.warning(Location(content_dir), "the content folder has no stories",
                            hint=f"a story is a folder holding {ARTICLE_FILE}")
    return Site(content_dir, config, tuple(stories))


def load_site_config(path: Path, diagnostics: Diagnostics,
                     static_files: Collection[str] | None = None,
                     catalogs: Collection[str] | None = None) -> SiteConfig:
    """`static_files`: the theme's, which `stylesheets` and `logo` must name;
    `catalogs`: the languages the theme has catalogs for, which `language` should be."""
    if not path.exists():
        return SiteConfig(kinds=BUILTIN_KINDS)
    fields = read_yaml_mapping(path, SITE_FIELDS, "site.yaml", diagnostics,
                               static_files, catalogs) or {}
    declared = {kind.name: kind for kind in fields.pop("types", ())}
    # Glossator's own kinds first, as the site relabels them; then the site's own
    kinds = tuple(declared.pop(kind.name, kind) for kind in BUILTIN_KINDS)
    return SiteConfig(**fields, kinds=kinds + tuple(declared.values()))


def read_yaml_mapping(path: Path, fields: dict, what: str, diagnostics: Diagnostics,
                      static_files: Collection[str] | None = None,
                      catalogs: Collection[str] | None = None) -> dict[str, Any] | None:
    text = read_text(path, diagnostics)
    if text is None:
        return None
    node = compose_yaml(text, path, diagnostics)
    if node is None:
        return None
    return NodeReader(path, diagnostics, static_files=static_files,
                      catalogs=catalogs).mapping(node, fields, what)


def load_story(folder: Path, content_dir: Path, config: SiteConfig,
               diagnostics: Diagnostics, catalogs: Collection[str] | None = None,
               ) -> Story | None:
    """`catalogs`: the languages the theme has catalogs for, which a story's
    `language` should be."""
    slug = folder.name
    article_path = folder / ARTICLE_FILE
    if not check_slug(folder, content_dir, diagnostics):
        return None
    annotations_path: Path | None = folder / ANNOTATIONS_FILE
    annotations: tuple[Annotation, ...] = ()
    if annotations_path.exists():
        annotations = load_annotations(annotations_path, config, diagnostics)
    else:
        annotations_path = None
    if not article_path.is_file():
        diagnostics.error(Location(folder), f"the story folder '{slug}' has no "
                          f"{ARTICLE_FILE}", hint="every story folder needs one; "
                          "start a folder's name with '_' to keep it out of the site")
        return None
    article = read_article(article_path, diagnostics, catalogs)
    if article is None:
        return None
    meta, body, body_line = article
    return Story(slug=slug, folder=folder, article_path=article_path, body=body,
                 body_line=body_line, annotations_path=annotations_path,
                 annotations=annotations, assets=find_assets(folder, diagnostics),
                 remembered=load_memory(folder / MEMORY_FILE, diagnostics), **meta)


def read_article(path: Path, diagnostics: Diagnostics,
                 catalogs: Collection[str] | None = None,
                 ) -> tuple[dict[str, Any], str, int] | None:
    """(front matter fields, Markdown body, lines before the body)."""
    text = read_text(path, diagnostics)
    if text is None:
        return None
    front = split_front_matter(text, path, diagnostics)
    if front is None:
        return None
    front_matter_text, body, body_line = front
    errors_before = len(diagnostics.errors)
    node = compose_yaml(front_matter_text, path, diagnostics, line_offset=1)
    if node is None:
        if len(diagnostics.errors) == errors_before:
            diagnostics.error(Location(path, 2), "the front matter is empty",
                              hint="it needs at least 'title' and 'published'")
        return None
    meta = NodeReader(path, diagnostics, line_offset=1, catalogs=catalogs).mapping(
        node, FRONT_MATTER_FIELDS, "the front matter")
    if meta is None or "title" not in meta or "published" not in meta:
        return None
    if source := meta.pop("source", None):
        meta["source"] = StorySource(**source)
    return meta, body, body_line


def check_slug(folder: Path, content_dir: Path, diagnostics: Diagnostics) -> bool:
    slug = folder.name
    if folder.is_symlink() and not folder.resolve().is_relative_to(content_dir.resolve()):
        diagnostics.error(Location(folder), f"the story folder '{slug}' is a link to "
                          "a place outside the content folder")
        return False
    if not SLUG_PATTERN.match(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        diagnostics.error(Location(folder), f"the story folder '{slug}' is not a valid "
                          "URL slug (lower-case letters, digits and single hyphens)",
                          hint=f"rename it to '{suggestion}'" if suggestion else "")
        return False
    if slug in RESERVED_SLUGS:
        diagnostics.error(Location(folder), f"'{slug}' is a name the site uses itself",
                          hint="rename the story folder")
        return False
    return True


def split_front_matter(text: str, path: Path, diagnostics: Diagnostics,
                       ) -> tuple[str, str, int] | None:
    """(front matter YAML, body, lines before the body)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        diagnostics.error(Location(path), "article.md must start with front matter "
                          "between two '---' lines",
                          hint="---\\ntitle: …\\npublished: 2017-01-13\\n---")
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FRONT_MATTER_FENCE, "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 1
    diagnostics.error(Location(path), "the front matter is never closed",
                      hint="end it with a line of three hyphens: ---")
    return None


def load_annotations(path: Path, config: SiteConfig, diagnostics: Diagnostics,
                     ) -> tuple[Annotation, ...]:
    text = read_text(path, diagnostics)
    if text is None:
        return ()
    node = compose_yaml(text, path, diagnostics)
    if node is None:  # a syntax error (reported), or an empty file: no annotations yet
        return ()
    reader = NodeReader(path, diagnostics)
    top = reader.mapping(node, ANNOTATIONS_FILE_FIELDS, "annotations.yaml")
    if not top or "annotations" not in top:
        return ()
    annotations = []
    first_of_id: dict[str, Location] = {}
    for item in top["annotations"]:
        annotation = read_annotation(item, reader, config.kinds)
        if annotation is None:
            continue
        if annotation.id in first_of_id:
            diagnostics.error(annotation.location, f"duplicate id '{annotation.id}' "
                              f"(first used on line {first_of_id[annotation.id].line})",
                              hint="each annotation in a file needs its own id")
            continue
        first_of_id[annotation.id] = annotation.location
        annotations.append(annotation)
    return tuple(annotations)


def read_annotation(node: yaml.Node, reader: NodeReader, kinds: tuple[Kind, ...],
                    ) -> Annotation | None:
    name = type_of(node)
    kind = next((k for k in kinds if k.name == name), None)
    fields, others, what = fields_of(kind, kinds)
    values = reader.mapping(node, fields, what, others)
    if values is None:
        return None
    if kind is None and isinstance(name, str):
        type_node = next(v for k, v in node.value if k.value == "type")
        names = [k.name for k in kinds]
        reader.error(type_node, f"unknown annotation type '{name}'",
                     did_you_mean(name, names)
                     or f"the types are {', '.join(names)}; "
                        "site.yaml can declare more under 'types'")
        return None
    if not all(field in values for field, spec in fields.items() if spec.required):
        return None
    quote_node = next(v for k, v in node.value if k.value == "quote")
    spans = tuple((k.value, v.start_mark.index, v.end_mark.index) for k, v in node.value
                  if k.value in ("quote", "prefix", "suffix"))
    common = {key: value for key, value in values.items() if key in ANNOTATION_FIELDS}
    own = {key: values.get(key) for key in kind.fields}    # every one, as the kind lists them
    return Annotation(location=reader.at(node), quote_location=reader.at(quote_node),
                      source_spans=spans, fields=own, **common)


@cache
def fields_of(kind: Kind | None, kinds: tuple[Kind, ...]) -> tuple[dict, dict, str]:
    """The fields an annotation of this kind may have (None: a kind not known, whose
    entry may have any kind's fields, so that only the kind is reported), the other
    kinds' fields (to say whose they are), and what to call the entry. The same for
    every annotation of a kind, so made once."""
    fields = dict(ANNOTATION_FIELDS)
    if kind is None:
        for other in kinds:
            fields.update({name: replace(spec, required=False)
                           for name, spec in other.fields.items()})
        return fields, {}, "an annotation"
    fields.update(kind.fields)
    others = {name: f"{other.name} annotations" for other in kinds if other is not kind
              for name in other.fields if name not in fields}
    return fields, others, f"a {kind.name} annotation"


def type_of(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "type" and isinstance(value, yaml.ScalarNode):
                return value.value
    return None


def find_assets(folder: Path, diagnostics: Diagnostics) -> tuple[Path, ...]:
    assets = []
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in STORY_FILES or any(p.startswith(".") for p in relative.parts):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            diagnostics.error(Location(path), "this file is a link to a place outside "
                              "the story folder; it will not be published")
            continue
        if path.is_file():
            if relative.as_posix() in STORY_OUTPUTS:
                diagnostics.error(Location(path), f"a file named {relative} would take the "
                                  "place of what the build makes of the story",
                                  hint="rename it; the story's page is made from article.md")
                continue
            assets.append(relative)
    return tuple(assets)
