"""A claim: a statement in the story, who made it, and how it held up. A rated claim
is a schema.org ClaimReview, which search engines show as a fact check."""

from __future__ import annotations

from ..locales import N_
from ..model import Annotation, Field, Kind, Look, Rating, SchemaOrg, SiteConfig, Story
from .schema_org import organization, person

CLAIMANT_TYPES = ("person", "organization")

RATINGS = (
    # Translators: a fact check's verdicts on a claim.
    Rating("true", N_("True"), 5),
    Rating("mostly-true", N_("Mostly true"), 4),
    Rating("half-true", N_("Half true"), 3),
    Rating("mostly-false", N_("Mostly false"), 2),
    Rating("false", N_("False"), 1),
    Rating("misleading", N_("Misleading"), 2),
    Rating("unproven", N_("Unproven"), 3, verdict="none"),     # no verdict yet
    Rating("disputed", N_("Disputed"), 3),
)


def schema_org(annotation: Annotation, story: Story, site: SiteConfig,
               page: str | None) -> SchemaOrg:
    kind = site.kind_named(annotation.type)
    rating = kind.rating(annotation.get("rating"))
    if rating is None:
        return SchemaOrg()
    # The note's author, else the story's first, else the site
    signed = site.author(annotation.author) or next(
        (a for a in map(site.author, story.authors) if a), None)
    claimant = annotation.get("claimant") or "Unknown"
    review: dict = {
        "@type": "ClaimReview",
        "claimReviewed": " ".join(annotation.quote.split()),
        "author": (person(signed, site.base_url) if signed
                   else organization(site.title, site.base_url)),
        # when the review was written: the note's own dates, else its story's
        "datePublished": (annotation.added or annotation.updated or story.updated
                          or story.published).isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating.label,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": (organization(claimant)
                       if annotation.get("claimant_type") == "organization"
                       else {"@type": "Person", "name": claimant}),
            "appearance": {"@type": "NewsArticle", "headline": story.title,
                           **({"url": story.source.url} if story.source and story.source.url
                              else {})},
        },
    }
    if annotation.updated:
        review["dateModified"] = annotation.updated.isoformat()
    if annotation.get("rating_note"):
        review["reviewBody"] = annotation.get("rating_note")
    if page:
        review["url"] = f"{page}#note-{annotation.id}"
    return SchemaOrg(graph=[review])


KIND = Kind(
    name="claim",
    label=N_("Claim"),
    description=N_("A statement and how it held up"),
    symbol="\u25c6",
    fields={
        "claimant": Field("string"),
        "claimant_type": Field("string", choices=CLAIMANT_TYPES),   # person, by default
        "rating": Field("string", choices=tuple(r.name for r in RATINGS)),
        "rating_note": Field("string"),
    },
    motivation="assessing",
    look=Look("wavy", "#a8261c", "#fde4e1", "#ff9d92", "#4a1f1b"),
    ratings=RATINGS,
    schema_org=schema_org,
    example='''\
  - id: reopening-claim             # a-z, 0-9 and hyphens; unique in this file
    type: claim
    quote: "\\"by the end of the month.\\""
    claimant: The mayor
    rating: unproven                # {ratings}
    rating_note: The city has not published a repair schedule.
''',
)
