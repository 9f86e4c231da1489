"""Open structured data for each story: schema.org JSON-LD for search engines and a
W3C Web Annotation collection of its notes for other annotation tools.

Pure functions from the build's data to plain dicts; `pages` serialises them.
"""

from __future__ import annotations

import json

from ..model import AnchoredStory
from ..kinds.schema_org import creative_work, organization, person
from ..model import Annotation, SiteConfig, Story

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
GENERATOR = {"id": "https://pypi.org/project/glossator/", "type": "Software",
             "name": "Glossator"}


def page_url(config: SiteConfig, story: Story) -> str | None:
    return f"{config.base_url}{story.slug}/" if config.base_url else None


def news_article(config: SiteConfig, anchored: AnchoredStory) -> dict:
    """The story as schema.org sees it: a NewsArticle, a ClaimReview for each rated
    claim, and the laws it turns on as Legislation, in one @graph."""
    story = anchored.story
    url = page_url(config, story)
    annotations = [a for a, _ in anchored.notes]
    article: dict = {
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published.isoformat(),
        "dateModified": (story.updated or story.published).isoformat(),
        "author": ([person(a, config.base_url) for a in map(config.author, story.authors) if a]
                   if story.authors
                   else [{"@type": "Person", "name": story.byline}] if story.byline
                   else [organization(story.source.name, story.source.url)] if story.source
                   else [organization(config.title, config.base_url)]),
        "publisher": organization(config.title, config.base_url),
        "inLanguage": story.language or config.language,
    }
    if url:
        article["@id"] = url + "#article"
        article["url"] = url
        article["mainEntityOfPage"] = url
    if story.dek:
        article["description"] = story.dek
    if story.tags:
        article["keywords"] = list(story.tags)
    if story.source and story.source.url:
        article["isBasedOn"] = {"@type": "NewsArticle", "url": story.source.url,
                                "publisher": organization(story.source.name)}
    citations = [creative_work(s) for a in annotations for s in a.sources]
    if citations:
        article["citation"] = unique(citations)
    # Each kind of note adds its own part: a ClaimReview, a correction, a law
    parts: dict[str, list[dict]] = {}
    graph: list[dict] = []
    for annotation in annotations:
        kind = config.kind_named(annotation.type)
        if kind.schema_org is None:
            continue
        part = kind.schema_org(annotation, story, config, url)
        for name, values in part.article.items():
            parts.setdefault(name, []).extend(values)
        graph.extend(part.graph)
    for name, values in parts.items():
        article[name] = unique(values)
    return {"@context": SCHEMA_CONTEXT, "@graph": [article, *graph]}


def unique(items: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def annotation_collection(config: SiteConfig, anchored: AnchoredStory,
                          bodies: dict[str, str], label: str) -> dict:
    """The story's notes as a W3C Web Annotation AnnotationCollection, each targeting
    the reader's text with a TextQuoteSelector and a TextPositionSelector; `label`:
    the collection's name, in the page's language."""
    story = anchored.story
    url = page_url(config, story) or f"{story.slug}/"
    text = anchored.text.text
    items = []
    for annotation, span in anchored.notes:
        exact = text[span.start:span.end]
        language = story.language or config.language
        bodies_of_item = [{"type": "TextualBody", "purpose": "tagging", "value": annotation.type}]
        if annotation.body:
            bodies_of_item[:0] = [
                {"type": "TextualBody", "format": "text/html", "value": bodies[annotation.id],
                 "language": language},
                {"type": "TextualBody", "format": "text/markdown", "value": annotation.body,
                 "language": language}]
        item = {
            "id": f"{url}#note-{annotation.id}",
            "type": "Annotation",
            "motivation": config.kind_named(annotation.type).motivation,
            # the note's own dates, else its story's
            "created": (annotation.added or story.published).isoformat(),
            "modified": (annotation.updated or annotation.added or story.updated
                         or story.published).isoformat(),
            "creator": creator(config, annotation),
            "body": bodies_of_item,
            "target": {
                "source": url,
                "selector": [
                    {"type": "TextQuoteSelector", "exact": exact,
                     "prefix": text[max(0, span.start - 32):span.start],
                     "suffix": text[span.end:span.end + 32]},
                    {"type": "TextPositionSelector", "start": span.start, "end": span.end},
                ],
            },
        }
        if annotation.title:
            item["label"] = annotation.title
        if extension := glossator_fields(annotation):
            item[EXTENSION] = extension
        items.append(item)
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"{url}annotations.jsonld",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "generator": GENERATOR,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def creator(config: SiteConfig, annotation: Annotation) -> dict:
    """Who wrote a note: its author, else the site."""
    author = config.author(annotation.author)
    if author is None:
        return {"type": "Organization", "name": config.title}
    return {"type": "Person", "name": author.name,
            **({"homepage": author.url} if author.url else {})}


EXTENSION = "glossator"   # the fields of a kind of note that the W3C model has no term for


def glossator_fields(annotation: Annotation) -> dict:
    fields: dict = {}
    if annotation.date:
        fields["date"] = annotation.date.isoformat()
    # as written, for an import to give them back (`creator` has the name, not the id)
    if annotation.author:
        fields["author"] = annotation.author
    for name in ("added", "updated"):
        if value := getattr(annotation, name):
            fields[name] = value.isoformat()
    for name, value in annotation.fields.items():
        if value is not None:
            fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if annotation.sources:
        fields["sources"] = [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                              for k, v in vars(source).items() if v is not None}
                             for source in annotation.sources]
    return fields


def script_json(data: dict) -> str:
    """JSON safe to stand inside a <script> element: no '<', '>' or '&' as such."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


