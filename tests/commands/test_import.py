"""`import-annotations`: W3C Web Annotations and Hypothesis exports into
annotations.yaml; exporting then importing gives back the same annotations."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields

from glossator.anchor.quotes import anchor_story
from glossator.diagnostics import Diagnostics
from glossator.load.story import load_stories

from ..conftest import ROOT, glossator, write_story

LOCATION_FIELDS = {"location", "quote_location", "source_spans", "prefix", "suffix"}


def anchored(content):
    diagnostics = Diagnostics()
    _, stories = load_stories(content, diagnostics)
    assert not diagnostics.failed(strict=True), [d.format() for d in diagnostics.items]
    return anchor_story(stories[0], diagnostics)


def test_export_then_import_gives_back_the_same_annotations(tmp_path):
    site = tmp_path / "site"
    assert glossator("build", "--out", str(site)).returncode == 0
    content = tmp_path / "content"
    (content / "flynn-kislyak-call").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "flynn-kislyak-call" / "article.md",
                content / "flynn-kislyak-call")
    shutil.copy(ROOT / "content" / "site.yaml", content)     # the notes' authors
    result = glossator("import-annotations", str(site / "flynn-kislyak-call" / "annotations.jsonld"),
                       "--into", str(content / "flynn-kislyak-call"))
    assert result.returncode == 0, result.stderr
    assert "Added 23 annotations" in result.stdout
    original, imported = anchored(ROOT / "content"), anchored(content)
    by_id = {a.id: a for a in imported.story.annotations}
    assert set(by_id) == {a.id for a in original.story.annotations}
    for annotation in original.story.annotations:
        again = by_id[annotation.id]
        for field in fields(annotation):
            if field.name not in LOCATION_FIELDS:
                assert getattr(again, field.name) == getattr(annotation, field.name), \
                    (annotation.id, field.name)
        assert imported.spans[annotation.id] == original.spans[annotation.id]


HYPOTHESIS_EXPORT = {
    "total": 2,
    "rows": [
        {"id": "Xq3vC2aREe-abc", "created": "2024-05-01T10:00:00+00:00",
         "user": "acct:reader@hypothes.is", "uri": "https://example.org/story",
         "text": "This was **later shown false**.", "tags": ["claim", "flynn"],
         "target": [{"source": "https://example.org/story", "selector": [
             {"type": "RangeSelector", "startContainer": "/p[2]", "startOffset": 7,
              "endContainer": "/p[2]", "endOffset": 27},
             {"type": "TextPositionSelector", "start": 100, "end": 120},
             {"type": "TextQuoteSelector", "exact": "called it “doubtful”",
              "prefix": "Spicer ", "suffix": " that sanctions"}]}]},
        {"id": "no-selector", "text": "A page note", "tags": [],
         "target": [{"source": "https://example.org/story"}]},
    ],
}


def test_a_hypothesis_export_becomes_notes_that_anchor(content, tmp_path):
    folder = write_story(content, annotations="annotations: []\n")
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(HYPOTHESIS_EXPORT))
    result = glossator("import-annotations", str(export), "--into", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Added 1 annotation" in result.stdout
    assert "skipped no-selector: no TextQuoteSelector" in result.stderr
    text = (folder / "annotations.yaml").read_text()
    assert "id: h-xq3vc2aree-abc" in text and "type: claim" in text
    assert "body: This was **later shown false**." in text
    check = glossator("check", "--strict", "--content", str(content))
    assert check.returncode == 0, check.stderr


def test_importing_keeps_what_the_file_already_had(content, tmp_path):
    folder = write_story(content)
    before = (folder / "annotations.yaml").read_text()
    (folder / "annotations.yaml").write_text("# our notes\n" + before)
    export = tmp_path / "one.json"
    export.write_text(json.dumps({"type": "Annotation", "motivation": "linking",
                                  "body": {"type": "TextualBody", "value": "Source."},
                                  "target": {"source": "x", "selector": {
                                      "type": "TextQuoteSelector", "exact": "Dec. 29"}}}))
    assert glossator("import-annotations", str(export), "--into", str(folder)).returncode == 0
    after = (folder / "annotations.yaml").read_text()
    assert after.startswith("# our notes\n" + before)
    assert "type: source" in after
    assert glossator("check", "--strict", "--content", str(content)).returncode == 0


def test_a_file_that_is_not_json_is_a_located_error(content, tmp_path):
    folder = write_story(content)
    broken = tmp_path / "broken.json"
    broken.write_text('{"rows": [\n  {"id": 1,}\n]}')
    result = glossator("import-annotations", str(broken), "--into", str(folder))
    assert result.returncode == 1
    assert f"{broken}:2:12: error: not JSON" in result.stderr
    assert "Traceback" not in result.stderr
