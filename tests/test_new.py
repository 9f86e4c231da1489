"""`new` starts a story that checks clean, with every kind of note to copy from."""

from __future__ import annotations

import yaml

from .conftest import glossator
from .test_schemas import EditorLoader, validator


def test_new_makes_a_story_that_checks_builds_and_shows_every_kind(tmp_path):
    content = tmp_path / "content"
    result = glossator("new", "city-hall", "--content", str(content))
    assert result.returncode == 0, result.stderr
    folder = content / "city-hall"
    annotations = (folder / "annotations.yaml").read_text()
    kinds = {a["type"] for a in yaml.safe_load(annotations)["annotations"]}
    assert kinds == {"claim", "correction", "legal", "context", "source"}
    schema = annotations.splitlines()[0].split("$schema=", 1)[1]
    assert (folder / schema).resolve().name == "annotations.schema.json"
    assert (folder / schema).resolve().exists()
    assert list(validator("annotations.schema.json").iter_errors(
        yaml.load(annotations, Loader=EditorLoader))) == []
    assert glossator("check", "--strict", "--content", str(content)).returncode == 0
    built = glossator("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert built.returncode == 0
    page = (tmp_path / "site" / "city-hall" / "index.html").read_text()
    assert "&lt;!--" not in page and page.count('class="note"') == 5


def test_new_refuses_a_bad_name_or_an_existing_story(tmp_path):
    content = tmp_path / "content"
    bad = glossator("new", "City Hall!", "--content", str(content))
    assert bad.returncode == 1 and "try 'city-hall'" in bad.stderr
    assert glossator("new", "city-hall", "--content", str(content)).returncode == 0
    again = glossator("new", "city-hall", "--content", str(content))
    assert again.returncode == 1 and "already exists" in again.stderr
