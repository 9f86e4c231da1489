"""The law a story turns on: its citation, where to read it, and its full text, with
the words the story quotes from it marked. Each law is schema.org Legislation that
the story mentions."""

from __future__ import annotations

from ..locales import N_
from ..model import Annotation, Field, Kind, Look, SchemaOrg, SiteConfig, Story


def schema_org(annotation: Annotation, story: Story, site: SiteConfig,
               page: str | None) -> SchemaOrg:
    citation = annotation.get("citation")
    law: dict = {"@type": "Legislation", "legislationIdentifier": citation,
                 "name": annotation.title or citation}
    if annotation.get("law_url"):
        law["url"] = annotation.get("law_url")
    return SchemaOrg(article={"mentions": [law]})


KIND = Kind(
    name="legal",
    label=N_("Legal context"),
    description=N_("The law the story turns on"),
    symbol="\u00a7",
    fields={
        "citation": Field("string", required=True),
        "law_url": Field("url"),
        "text": Field("string"),        # the provision's full text, CommonMark
    },
    motivation="describing",
    look=Look("solid", "#1d47b8", "#e0e8ff", "#a9c0ff", "#1f2b4f"),
    schema_org=schema_org,
    example='''\
  - id: open-meetings-law
    type: legal
    quote: "open-meetings law"
    citation: "State Code § 1-200"   # how the law is cited
    law_url: https://example.org/state-code/1-200
    text: |
      The provision's full text, in CommonMark. Words the story quotes from it are
      marked.
''',
)
