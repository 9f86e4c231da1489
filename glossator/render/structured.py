"""Open structured data for each story: schema.org JSON-LD for search engines and a
W3C Web Annotation collection of its notes for other annotation tools.

Pure functions from the build's data to plain dicts; `pages` serialises them.
"""

from __future__ import annotations

import json

from ..anchor.quotes import AnchoredStory
from ..model import Annotation, SiteConfig, Source, Story

# How a kind of note maps to the W3C motivations and to schema.org ratings.
MOTIVATIONS = {"claim": "assessing", "correction": "editing", "legal": "describing",
               "context": "describing", "source": "linking"}
RATING_VALUES = {"false": 1, "mostly-false": 2, "misleading": 2, "half-true": 3,
                 "disputed": 3, "unproven": 3, "mostly-true": 4, "true": 5}
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
GENERATOR = {"id": "https://pypi.org/project/glossator/", "type": "Software",
             "name": "Glossator"}


def page_url(config: SiteConfig, story: Story) -> str | None:
    return f"{config.base_url}{story.slug}/" if config.base_url else None


def organization(name: str, url: str | None = None) -> dict:
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def creative_work(source: Source) -> dict:
    work = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        work["url"] = source.url
    if source.publisher:
        work["publisher"] = organization(source.publisher)
    if source.date:
        work["datePublished"] = source.date.isoformat()
    return work


def news_article(config: SiteConfig, anchored: AnchoredStory, labels: dict[str, str],
                 ) -> dict:
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
        "author": ([{"@type": "Person", "name": story.byline}] if story.byline
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
    corrections = [correction(a) for a in annotations if a.type == "correction"]
    if corrections:
        article["correction"] = corrections
    laws = [legislation(a) for a in annotations if a.type == "legal"]
    if laws:
        article["mentions"] = unique(laws)
    reviews = [claim_review(config, story, a, url, labels) for a in annotations
               if a.type == "claim" and a.rating]
    return {"@context": SCHEMA_CONTEXT, "@graph": [article, *reviews]}


def correction(annotation: Annotation) -> dict:
    comment = {"@type": "CorrectionComment",
               "text": f"{annotation.original} Corrected: {annotation.corrected}"}
    if annotation.corrected_on:
        comment["datePublished"] = annotation.corrected_on.isoformat()
    if annotation.corrected_by:
        comment["author"] = organization(annotation.corrected_by)
    return comment


def legislation(annotation: Annotation) -> dict:
    law = {"@type": "Legislation", "legislationIdentifier": annotation.citation,
           "name": annotation.title or annotation.citation}
    if annotation.law_url:
        law["url"] = annotation.law_url
    return law


def claim_review(config: SiteConfig, story: Story, annotation: Annotation, url: str | None,
                 labels: dict[str, str]) -> dict:
    review: dict = {
        "@type": "ClaimReview",
        "claimReviewed": " ".join(annotation.quote.split()),
        "author": organization(config.title, config.base_url),
        "datePublished": (annotation.date or story.updated or story.published).isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES.get(annotation.rating, 3),
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": labels.get(annotation.rating, annotation.rating),
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": organization(annotation.claimant or "Unknown"),
            "appearance": {"@type": "NewsArticle", "headline": story.title,
                           **({"url": story.source.url} if story.source and story.source.url
                              else {})},
        },
    }
    if annotation.rating_note:
        review["reviewBody"] = annotation.rating_note
    if url:
        review["url"] = f"{url}#note-{annotation.id}"
    return review


def unique(items: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def annotation_collection(config: SiteConfig, anchored: AnchoredStory,
                          bodies: dict[str, str]) -> dict:
    """The story's notes as a W3C Web Annotation AnnotationCollection, each targeting
    the reader's text with a TextQuoteSelector and a TextPositionSelector."""
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
            "motivation": MOTIVATIONS.get(annotation.type, "commenting"),
            "created": story.published.isoformat(),
            "modified": (story.updated or story.published).isoformat(),
            "creator": {"type": "Organization", "name": config.title},
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
        "label": f"Notes on “{story.title}”",
        "total": len(items),
        "generator": GENERATOR,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


EXTENSION = "glossator"   # the fields of a kind of note that the W3C model has no term for
EXTENSION_FIELDS = ("date", "claimant", "rating", "rating_note", "original", "corrected",
                    "corrected_by", "corrected_on", "citation", "law_url", "text")


def glossator_fields(annotation: Annotation) -> dict:
    fields = {}
    for name in EXTENSION_FIELDS:
        value = getattr(annotation, name)
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


