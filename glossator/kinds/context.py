"""Context: background a reader needs to weigh the words."""

from __future__ import annotations

from ..locales import N_
from ..model import Kind, Look

KIND = Kind(
    name="context",
    label=N_("Context"),
    description=N_("Background a reader needs"),
    symbol="\u2731",
    motivation="describing",
    look=Look("dotted", "#246b2a", "#e1f2e2", "#8fd694", "#1b3a1e"),
    example='''\
  - id: city-budget
    type: context
    quote: "the city's 2023 budget"
    body: |
      Background a reader needs, in CommonMark: **emphasis**, [links](https://example.org).
    date: {today}                   # dated notes make up the story's timeline
    # author: areporter             # an id from site.yaml's authors: signs the note
    # added: {today}                # when the note was added, and updated: when it
    #                                 changed (a note added after the story is in
    #                                 feeds/updates.xml)
''',
)
