"""`new` starts a story that checks clean, with every kind of note to copy from."""

from __future__ import annotations

import yaml

from ..conftest import glossator
from ..load.test_schemas import EditorLoader, validator


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


def test_init_starts_a_site_in_an_empty_folder_that_checks_and_builds(tmp_path):
    site = tmp_path / "newsroom"
    result = glossator("init", str(site))
    assert result.returncode == 0, result.stderr
    assert "glossator serve" in result.stdout
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".github/workflows/publish.yml", ".gitignore", "content/first-story/annotations.yaml",
        "content/first-story/article.md", "content/site.yaml",
        "schemas/annotations.schema.json", "schemas/front-matter.schema.json",
        "schemas/site.schema.json"]
    site_yaml = yaml.safe_load((site / "content" / "site.yaml").read_text())
    assert site_yaml["title"] == "My newsroom"
    assert list(validator("site.schema.json").iter_errors(site_yaml)) == []
    assert glossator("check", "--strict", cwd=site).returncode == 0
    assert glossator("build", cwd=site).returncode == 0
    ignored = (site / ".gitignore").read_text().splitlines()
    assert "site/" in ignored and ".site.glossator/" in ignored
    workflow = yaml.safe_load((site / ".github" / "workflows" / "publish.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert [s.get("uses", "").split("@")[0] for s in workflow["jobs"]["deploy"]["steps"]] == \
        ["actions/deploy-pages"]


def test_init_joins_a_repository_and_refuses_a_folder_that_holds_a_site(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("Our newsroom\n")
    (tmp_path / ".gitignore").write_text("*.pyc\nsite/")
    assert glossator("init", "--title", "The Ledger", cwd=tmp_path).returncode == 0
    assert (tmp_path / ".gitignore").read_text().splitlines() == \
        ["*.pyc", "site/", "", "# What `glossator build` writes: the site, and beside it what the "
         "next build reuses", ".site.glossator/"]
    assert yaml.safe_load((tmp_path / "content" / "site.yaml").read_text())["title"] == \
        "The Ledger"
    again = glossator("init", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (tmp_path / "README.md").read_text() == "Our newsroom\n"


def test_new_gives_a_content_folder_anywhere_the_schemas_its_editor_line_names(tmp_path):
    content = tmp_path / "elsewhere" / "stories"
    assert glossator("new", "city-hall", "--content", str(content)).returncode == 0
    line = (content / "city-hall" / "annotations.yaml").read_text().splitlines()[0]
    assert line == "# yaml-language-server: $schema=../../schemas/annotations.schema.json"
    assert (tmp_path / "elsewhere" / "schemas" / "annotations.schema.json").is_file()
