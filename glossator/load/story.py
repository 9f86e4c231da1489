"""Stage 1, load: read a story folder (and site.yaml) into `Story` and `SiteConfig`,
reporting every problem with its place.

A story whose files have errors is still returned when its article could be read, so
that later stages can report their own problems in the same run; the build as a whole
fails if anything was reported as an error.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, Collection

import yaml

from ..memory import MEMORY_FILE, load_memory
from ..diagnostics import Diagnostics, Location, did_you_mean, excerpt
from ..kinds import BUILTIN_KINDS
from .folders import ARTICLE_FILE, content_folder_exists, say_if_no_stories, story_folders
from ..outputs import RESERVED_SLUGS, STORY_OUTPUTS
from ..model import Annotation, Kind, SiteConfig, Story, StorySource
from ..slugs import RULE, is_slug, suggest
from .fields import (ANNOTATION_FIELDS, ANNOTATIONS_FILE_FIELDS, FRONT_MATTER_FIELDS,
                     SITE_FIELDS, NodeReader)
from .files import compose_yaml, read_text

SITE_FILE = "site.yaml"
ANNOTATIONS_FILE = "annotations.yaml"
# Files in a story folder that are the story itself, not assets to publish.
STORY_FILES = {ARTICLE_FILE, ANNOTATIONS_FILE, MEMORY_FILE}
FRONT_MATTER_FENCE = "---"
# A story's Markdown: markdown-it-py spends some 40 µs a block, so a file of blank
# lines and single letters is what costs (3 MB of them took 21 s and 1.8 GB); a long
# feature is some 200 KB in a few thousand lines.
MAX_ARTICLE_BYTES = 1024 * 1024
MAX_ARTICLE_LINES = 20_000
# The same for the notes' Markdown (bodies and legal texts), all of a story's
# together: annotations.yaml may be 8 MB, and 1.5 MB of "a\n\n" in one body took 6 s
# and 500 MB; 30,000 notes of a few lines each stay well within it.
MAX_NOTES_LINES = 100_000


def load_stories(content_dir: Path, diagnostics: Diagnostics,
                 ) -> tuple[SiteConfig, list[Story]]:
    """The site's settings and every story that could be read, in one process: for
    the commands that read the content whole (a build takes the stories one by one,
    across processes, see build/workers.py)."""
    if not content_folder_exists(content_dir, diagnostics):
        return SiteConfig(kinds=BUILTIN_KINDS), []
    config = load_site_config(content_dir / SITE_FILE, diagnostics)
    stories = [story for folder in story_folders(content_dir)
               if (story := load_story(folder, content_dir, config, diagnostics)) is not None]
    say_if_no_stories(content_dir, len(stories), diagnostics)
    return config, stories


def load_site_config(path: Path, diagnostics: Diagnostics,
                     static_files: Collection[str] | None = None,
                     catalogs: Collection[str] | None = None) -> SiteConfig:
    """`static_files`: the theme's, which `stylesheets` and `logo` must name;
    `catalogs`: the languages the theme has catalogs for, which `language` should be."""
    if not path.exists() and not path.is_symlink():
        return SiteConfig(kinds=BUILTIN_KINDS)
    if not inside(path, path.parent, diagnostics):
        return SiteConfig(kinds=BUILTIN_KINDS)
    fields = read_yaml_mapping(path, SITE_FIELDS, "site.yaml", diagnostics,
                               static_files, catalogs) or {}
    if fields.get("authors"):
        # a picture is published as it is, so it must be as safe as a story's files
        fields["authors"] = tuple(
            author if author.image is None or publishable(path.parent / author.image,
                                                          diagnostics)
            else replace(author, image=None) for author in fields["authors"])
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
    if not all([inside(folder / name, content_dir, diagnostics) for name in STORY_FILES]):
        return None
    annotations_path: Path | None = None
    annotations: tuple[Annotation, ...] = ()
    if (folder / ANNOTATIONS_FILE).exists():
        annotations_path = folder / ANNOTATIONS_FILE
        annotations = load_annotations(annotations_path, config, diagnostics)
    if not article_path.is_file():
        diagnostics.error(Location(folder), f"the story folder '{slug}' has no "
                          f"{ARTICLE_FILE}", hint="every story folder needs one; "
                          "start a folder's name with '_' to keep it out of the site")
        return None
    article = read_article(article_path, diagnostics, catalogs,
                           authors=[author.id for author in config.authors])
    if article is None:
        return None
    meta, body, body_line = article
    return Story(slug=slug, folder=folder, article_path=article_path, body=body,
                 body_line=body_line, annotations_path=annotations_path,
                 annotations=annotations, assets=find_assets(folder, diagnostics),
                 remembered=load_memory(folder / MEMORY_FILE, diagnostics), **meta)


def read_article(path: Path, diagnostics: Diagnostics,
                 catalogs: Collection[str] | None = None,
                 authors: Collection[str] | None = None,
                 ) -> tuple[dict[str, Any], str, int] | None:
    """(front matter fields, Markdown body, lines before the body); `authors`: the
    ids of site.yaml's authors, which `authors` must name."""
    text = read_text(path, diagnostics, MAX_ARTICLE_BYTES)
    if text is None or not short_enough(text, path, diagnostics):
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
    meta = NodeReader(path, diagnostics, line_offset=1, catalogs=catalogs,
                      authors=authors).mapping(
        node, FRONT_MATTER_FIELDS, "the front matter")
    if meta is None or "title" not in meta or "published" not in meta:
        return None
    if source := meta.pop("source", None):
        meta["source"] = StorySource(**source)
    return meta, body, body_line


def short_enough(text: str, path: Path, diagnostics: Diagnostics) -> bool:
    lines = text.count("\n") + 1
    if lines > MAX_ARTICLE_LINES:
        diagnostics.error(Location(path, MAX_ARTICLE_LINES + 1), f"the story is "
                          f"{lines:,} lines long; the limit is {MAX_ARTICLE_LINES:,}",
                          hint="a story this long is better split into several")
        return False
    return True


def inside(path: Path, content_dir: Path, diagnostics: Diagnostics) -> bool:
    """Whether a file the build reads (if it is there at all) is within the content
    folder, links followed: one that leads elsewhere is refused, so that a build
    never publishes, or a message shows, a file from outside it."""
    if not path.is_symlink():
        return True
    try:
        if path.resolve().is_relative_to(content_dir.resolve()):
            return True
    except (OSError, RuntimeError):     # a loop of links
        pass
    diagnostics.error(Location(path), f"{path.name} is a link to a file outside the "
                      "content folder; it will not be read",
                      hint="copy the file into the content folder instead")
    return False


def check_slug(folder: Path, content_dir: Path, diagnostics: Diagnostics) -> bool:
    slug = folder.name
    if folder.is_symlink() and not folder.resolve().is_relative_to(content_dir.resolve()):
        diagnostics.error(Location(folder), f"the story folder '{excerpt(slug)}' is a "
                          "link to a place outside the content folder")
        return False
    if not is_slug(slug):
        suggestion = suggest(slug)
        diagnostics.error(Location(folder), f"the story folder '{excerpt(slug)}' is not "
                          f"a valid URL slug ({RULE})",
                          hint=f"rename it to '{excerpt(suggestion)}'" if suggestion else "")
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
    reader = NodeReader(path, diagnostics, authors=[author.id for author in config.authors])
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
    lines = 0
    for annotation in annotations:
        lines += sum(text.count("\n") + 1 for text in (annotation.body, annotation.get("text")) if text)
        if lines > MAX_NOTES_LINES:
            diagnostics.error(annotation.location, "the notes' Markdown (bodies and texts) "
                              f"runs past {MAX_NOTES_LINES:,} lines with this one",
                              hint="a note is a few paragraphs; a story this annotated is "
                                   "better split into several")
            return ()
    return tuple(annotations)


def read_annotation(node: yaml.Node, reader: NodeReader, kinds: tuple[Kind, ...],
                    ) -> Annotation | None:
    name = type_of(node)
    kind = next((k for k in kinds if k.name == name), None)
    fields, others, what = fields_of(kind, kinds)
    values = reader.mapping(node, fields, what, others)
    if values is None:
        return None
    if kind is None:        # unknown (said here) or not given (said by the mapping)
        if isinstance(name, str):
            type_node = next(v for k, v in node.value if k.value == "type")
            names = [k.name for k in kinds]
            reader.error(type_node, f"unknown annotation type '{excerpt(name)}'",
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


def publishable(path: Path, diagnostics: Diagnostics) -> bool:
    """Whether a file beside a story can be published as it is (see assets.py)."""
    from .assets import UnsafeAsset, check_asset

    try:
        check_asset(path)
    except UnsafeAsset as exc:
        diagnostics.error(Location(path, exc.line, exc.column), str(exc),
                          hint="a story's page is made from article.md; publish images "
                               "without scripts, or as PNG")
        return False
    except OSError as exc:
        diagnostics.error(Location(path), f"cannot read the file: {exc.strerror}")
        return False
    return True


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
            if not publishable(path, diagnostics):
                continue
            assets.append(relative)
    return tuple(assets)


def tag_variants(content_dir: Path, spelt: dict[str, list[tuple[str, str]]],
                 spellings: dict[str, str]) -> list:
    """A warning at each tag spelt otherwise than the one spelling its tag is shown
    with, naming the spellings and the stories that use them. `spelt`: by slug, the
    (tag, its case-folded form) of each story."""
    from ..diagnostics import Diagnostic

    spelt = {slug: list(dict.fromkeys(tags)) for slug, tags in spelt.items()}
    users: dict[str, dict[str, list[str]]] = {}
    for slug, tags in spelt.items():
        for tag, key in tags:
            users.setdefault(key, {}).setdefault(tag, []).append(slug)
    warnings = []
    for slug, tags in spelt.items():
        odd = [(tag, key) for tag, key in tags if tag != spellings[key]]
        if not odd:
            continue
        places = tag_places(content_dir / slug / ARTICLE_FILE)
        for tag, key in odd:
            shown = spellings[key]
            others = "; ".join(f"'{excerpt(spelling, 40)}' in {stories_named(stories)}"
                               for spelling, stories in sorted(users[key].items()))
            warnings.append(Diagnostic(
                places.get(tag, Location(content_dir / slug / ARTICLE_FILE)), "warning",
                f"the tag '{excerpt(tag, 40)}' is shown as '{excerpt(shown, 40)}': tags "
                f"that differ only in case are one tag (spelt {others})",
                hint=f"spell it '{excerpt(shown, 40)}' to match"))
    return warnings


def tag_clashes(content_dir: Path, summaries: list) -> list:
    """Two tags on one page would be one tag to readers: an error at the second
    tag, naming the first and a story that has it."""
    from ..diagnostics import Diagnostic, display_path
    from ..tags import tag_collisions

    errors = []
    for clash in tag_collisions(summaries):
        first_article = content_dir / clash.first_slug / ARTICLE_FILE
        article = content_dir / clash.slug / ARTICLE_FILE
        first = tag_places(first_article).get(clash.first_tag, Location(first_article))
        errors.append(Diagnostic(
            tag_places(article).get(clash.tag, Location(article)), "error",
            f"the tags '{excerpt(clash.tag, 40)}' and '{excerpt(clash.first_tag, 40)}' would "
            f"share one page, tags/{clash.address}/ ('{excerpt(clash.first_tag, 40)}' is a "
            f"tag of {clash.first_slug}, at {display_path(first.path)}:{first.line}:"
            f"{first.column})",
            hint="rename one of them; tags that differ only in case are one tag already"))
    return errors


def stories_named(slugs: list[str], shown: int = 3) -> str:
    names = ", ".join(slugs[:shown])
    return names + (f" and {len(slugs) - shown} more" if len(slugs) > shown else "")


def tag_places(path: Path) -> dict[str, Location]:
    """Where each tag stands in the front matter of an article that loaded."""
    diagnostics = Diagnostics()
    text = read_text(path, diagnostics)
    front = split_front_matter(text, path, diagnostics) if text is not None else None
    node = compose_yaml(front[0], path, diagnostics, line_offset=1) if front else None
    places: dict[str, Location] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "tags" and isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.ScalarNode):
                        places.setdefault(item.value, Location(
                            path, item.start_mark.line + 2, item.start_mark.column + 1))
    return places
