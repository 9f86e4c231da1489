"""The JSON Schemas for editors are generated from the field tables `check` uses, so
they agree with it: the published files are up to date, valid content passes both,
and broken content fails both."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from glossator.commands.json_schemas import SCHEMAS, rendered

from ..conftest import ROOT, glossator, write_story


class EditorLoader(yaml.SafeLoader):
    """YAML as editors' YAML 1.2 tools read it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text()),
                                format_checker=FormatChecker())


def test_the_published_schemas_are_generated_from_the_field_tables():
    for name, text in rendered().items():
        assert (SCHEMAS / name).read_text() == text, "run: python -m glossator.commands.json_schemas"


def test_the_example_passes_and_points_editors_at_the_schema():
    path = ROOT / "content" / "flynn-kislyak-call" / "annotations.yaml"
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/annotations.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().exists()
    assert list(validator("annotations.schema.json").iter_errors(
        yaml.load(path.read_text(), Loader=EditorLoader))) == []
    front = (ROOT / "content" / "flynn-kislyak-call" / "article.md").read_text().split("---\n")[1]
    assert list(validator("front-matter.schema.json").iter_errors(
        yaml.load(front, Loader=EditorLoader))) == []
    site = yaml.load((ROOT / "content" / "site.yaml").read_text(), Loader=EditorLoader)
    assert list(validator("site.schema.json").iter_errors(site)) == []


BROKEN = {
    "unknown field": "  - id: x\n    type: context\n    quote: Dec. 29\n    titel: t\n",
    "bad id": "  - id: Big_ID\n    type: context\n    quote: Dec. 29\n",
    "bad rating": "  - id: x\n    type: claim\n    quote: Dec. 29\n    rating: pants\n",
    "field of another type": "  - id: x\n    type: claim\n    quote: Dec. 29\n    citation: c\n",
    "missing quote": "  - id: x\n    type: context\n",
    "missing type field": "  - id: x\n    type: correction\n    quote: Dec. 29\n",
    "bad date": "  - id: x\n    type: context\n    quote: Dec. 29\n    date: 13 January\n",
    "bad url": "  - id: x\n    type: source\n    quote: Dec. 29\n    sources: [{title: t, url: 'ftp://x'}]\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_annotations_fail_both_the_schema_and_check(content, case):
    text = "annotations:\n" + BROKEN[case]
    write_story(content, annotations=text)
    assert glossator("check", "--content", str(content)).returncode == 1
    assert list(validator("annotations.schema.json").iter_errors(
        yaml.load(text, Loader=EditorLoader)))
