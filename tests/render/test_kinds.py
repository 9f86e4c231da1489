"""Kinds of note: Glossator's own, each one module of glossator.kinds, and a site's,
declared in site.yaml with fields, a look and a template of their own; a built-in
kind relabelled, and claims given another rating scale."""

from __future__ import annotations

import json
import re

import pytest

from glossator.kinds import BUILTIN_KINDS

from ..conftest import glossator, write_story

ARTICLE = """\
---
title: The bridge
published: 2024-03-04
---

The mayor said the bridge would reopen by the end of the month.

Inspectors found cracks in two of the piers.
"""

NOTES = """\
annotations:
  - id: reopening
    type: claim
    quote: would reopen by the end of the month
    claimant: The mayor
    rating: pants-on-fire
  - id: piers
    type: inspection
    quote: cracks in two of the piers
    inspector: State Highway Office
    inspected_on: 2024-03-01
    report: https://example.org/report.pdf
"""

SITE = """\
title: The Ledger
types:
  - name: claim
    label: Fact check
    ratings:
      - {name: true, label: True, value: 5}
      - {name: pants-on-fire, label: Pants on fire, value: 1}
  - name: inspection
    label: Inspection
    symbol: "⚒"
    underline: dashed
    colour: "#005f73"
    fields:
      inspector: {type: text, required: true}
      inspected_on: date
      report: url
"""


@pytest.fixture
def project(tmp_path):
    write_story(tmp_path / "content", "bridge", ARTICLE, NOTES)
    (tmp_path / "content" / "site.yaml").write_text(SITE)
    return tmp_path


def built(project):
    result = glossator("build", "--no-search", cwd=project)
    assert result.returncode == 0, result.stderr
    return (project / "site" / "bridge" / "index.html").read_text()


def test_every_builtin_kind_is_one_module_with_its_own_look_and_example():
    names = [kind.name for kind in BUILTIN_KINDS]
    assert names == ["claim", "correction", "legal", "context", "source"]
    underlines = [kind.look.underline for kind in BUILTIN_KINDS]
    assert len(set(underlines)) == len(underlines), "two kinds drawn alike"
    assert len({kind.symbol for kind in BUILTIN_KINDS}) == len(BUILTIN_KINDS)
    assert all(f"type: {kind.name}" in kind.example for kind in BUILTIN_KINDS)


def test_a_site_relabels_a_kind_and_gives_claims_its_own_scale(project):
    page = built(project)
    assert "Fact check" in page and ">Claim<" not in page
    assert 'data-rating="pants-on-fire"' in page and "Pants on fire" in page
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                 page, re.S).group(1))["@graph"]
    review = next(node for node in graph if node["@type"] == "ClaimReview")
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["alternateName"] == "Pants on fire"
    css = (project / "site" / "static" / "kinds.css").read_text()
    assert '.rating[data-rating="pants-on-fire"] { color: var(--false);' in css


def test_a_rating_off_the_sites_scale_is_a_located_error(project):
    notes = project / "content" / "bridge" / "annotations.yaml"
    notes.write_text(notes.read_text().replace("pants-on-fire", "mostly-false"))
    result = glossator("check", cwd=project)
    assert result.returncode == 1
    assert re.search(r"annotations\.yaml:6:13: error: 'mostly-false' is not a valid rating",
                     result.stderr), result.stderr
    assert "'true', 'pants-on-fire'" in result.stderr


def test_a_declared_kind_has_its_fields_checked_shown_and_exported(project):
    page = built(project)
    note = re.search(r'<li class="note" id="note-piers".*?</li>', page, re.S).group(0)
    assert "⚒" in note and "Inspection" in note
    assert "State Highway Office" in note
    assert '<time datetime="2024-03-01">March 1, 2024</time>' in note
    assert '<a href="https://example.org/report.pdf" rel="external">' in note
    collection = json.loads((project / "site" / "bridge" / "annotations.jsonld").read_text())
    item = next(i for i in collection["first"]["items"] if i["id"].endswith("#note-piers"))
    assert item["glossator"]["inspected_on"] == "2024-03-01"
    css = (project / "site" / "static" / "kinds.css").read_text()
    assert "--inspection: #005f73;" in css
    assert ('mark[data-kind~="inspection"], .kind-sample[data-kind="inspection"] '
            '{ text-decoration-style: dashed;') in css
    notes = project / "content" / "bridge" / "annotations.yaml"
    notes.write_text(notes.read_text().replace("    inspector: State Highway Office\n", "")
                     .replace("2024-03-01", "March 1"))
    result = glossator("check", cwd=project)
    assert result.returncode == 1
    assert "is missing the required field 'inspector'" in result.stderr
    assert "'inspected_on' must be a date written YYYY-MM-DD" in result.stderr


def test_a_site_gives_its_kind_a_template_of_its_own(project):
    (project / "templates" / "kinds").mkdir(parents=True)
    (project / "templates" / "kinds" / "inspection.html").write_text(
        '{% extends "note.html" %}\n{% block details %}'
        '<p class="inspected">Inspected by {{ f.inspector }}</p>{% endblock %}\n')
    page = built(project)
    note = re.search(r'<li class="note" id="note-piers".*?</li>', page, re.S).group(0)
    assert '<p class="inspected">Inspected by State Highway Office</p>' in note
    assert "<dl" not in note


def test_a_builtin_kinds_fields_cannot_be_redeclared(project):
    (project / "content" / "site.yaml").write_text(
        "types:\n  - name: legal\n    fields: {chamber: text}\n")
    result = glossator("check", cwd=project)
    assert result.returncode == 1
    assert "content/site.yaml:2:5: error: the fields of 'legal' notes are Glossator's own" \
        in result.stderr
