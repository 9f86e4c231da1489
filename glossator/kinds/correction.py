"""A correction of the record: what the story first said and what it says now. The
story's page lists its corrections at the top, and the site has a feed of them."""

from __future__ import annotations

from ..locales import N_
from ..model import Annotation, Field, Kind, Look, SchemaOrg, SiteConfig, Story
from .schema_org import organization


def schema_org(annotation: Annotation, story: Story, site: SiteConfig,
               page: str | None) -> SchemaOrg:
    comment: dict = {"@type": "CorrectionComment",
                     "text": f"{annotation.get('original')} Corrected: "
                             f"{annotation.get('corrected')}"}
    if annotation.get("corrected_on"):
        comment["datePublished"] = annotation.get("corrected_on").isoformat()
    if annotation.get("corrected_by"):
        comment["author"] = organization(annotation.get("corrected_by"))
    return SchemaOrg(article={"correction": [comment]})


KIND = Kind(
    name="correction",
    label=N_("Correction"),
    description=N_("A correction of the record"),
    symbol="\u270e",
    fields={
        "original": Field("string", required=True),
        "corrected": Field("string", required=True),
        "corrected_by": Field("string"),
        "corrected_on": Field("date"),
    },
    motivation="editing",
    look=Look("double", "#7a4a00", "#fff0c7", "#ffcf70", "#433100"),
    schema_org=schema_org,
    example='''\
  - id: meeting-day
    type: correction
    quote: "the council met on Monday"
    original: The story first said the council met on Sunday.
    corrected: The council met on Monday.
    corrected_by: The desk
    corrected_on: {today}
''',
)
