"""Glossator as people install it: the wheel, built from this checkout and installed
into a fresh virtual environment outside it, starts a site in an empty folder and
builds, checks and previews it there, every command run as its messages and the
README say (relative paths, default options)."""

from __future__ import annotations

import shlex
import subprocess
import sys
import urllib.error
import zipfile
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT
from ..commands.test_serve import fetch, started_preview, wait_for



@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--wheel-dir", str(out), str(ROOT)], check=True, cwd=out, timeout=300)
    return next(out.glob("glossator-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh environment with the wheel and what it depends on, nothing else."""
    folder = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=120)
    constraints = ROOT / ".ci" / "constraints.txt"
    subprocess.run([str(folder / "bin" / "pip"), "install", "--quiet", "--constraint",
                    str(constraints), str(wheel)], check=True, timeout=300, cwd=folder)
    return folder / "bin"


def run(venv: Path, command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A command as a user types it, with the environment's bin/ first on the path."""
    words = shlex.split(command)
    return subprocess.run([str(venv / words[0]), *words[1:]], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_the_wheel_carries_the_theme_and_the_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {name.removeprefix("glossator/default_theme/") for name in names
             if name.startswith("glossator/default_theme/")}
    shipped = {path.relative_to(ROOT / "templates").as_posix()
               for path in (ROOT / "templates").rglob("*") if path.is_file()}
    assert theme == shipped
    assert {f"glossator/json_schemas/{path.name}" for path in (ROOT / "schemas").glob("*.json")} \
        <= names
    assert any(name.endswith("licenses/LICENSE") for name in names)
    code = {path.relative_to(ROOT).as_posix() for path in (ROOT / "glossator").rglob("*.py")}
    assert code <= names, f"modules missing from the wheel: {sorted(code - names)}"


def test_the_installed_wheel_starts_checks_builds_and_previews_a_site(venv, tmp_path):
    where = run(venv, "python -c 'import glossator; print(glossator.__file__)'", tmp_path)
    assert str(venv.parent) in where.stdout, "the test must use the installed copy"
    site = tmp_path / "newsroom"
    site.mkdir()
    started = run(venv, "glossator init", site)
    assert started.returncode == 0, started.stderr
    assert (site / "content" / "site.yaml").is_file()
    assert (site / "content" / "first-story" / "article.md").is_file()
    assert "site/" in (site / ".gitignore").read_text()
    made = run(venv, "glossator new city-hall", site)
    assert made.returncode == 0, made.stderr
    # The editor's schema line resolves inside the site, wherever it is
    for annotations in (site / "content").glob("*/annotations.yaml"):
        schema = annotations.read_text().splitlines()[0].split("$schema=", 1)[1]
        assert (annotations.parent / schema).resolve().is_file()
        assert (annotations.parent / schema).resolve().is_relative_to(site)
    checked = run(venv, "glossator check --strict", site)
    assert checked.returncode == 0, checked.stderr
    built = run(venv, "glossator build", site)
    assert built.returncode == 0, built.stderr
    assert "Built 2 stories" in built.stdout
    page = (site / "site" / "first-story" / "index.html").read_text()
    assert 'class="note"' in page and (site / "site" / "static" / "reader.js").is_file()

    # The publishing recipe `init` wrote runs the same commands
    workflow = yaml.safe_load((site / ".github" / "workflows" / "publish.yml").read_text())
    steps = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
             if "run" in step]
    install, build = steps
    assert shlex.split(install)[:2] == ["pip", "install"] and "glossator" in install
    recipe = run(venv, build.replace("${{ steps.pages.outputs.base_url }}",
                                     "https://newsroom.example/stories"), site)
    assert recipe.returncode == 0, recipe.stderr
    assert 'href="https://newsroom.example/stories/first-story/"' in \
        (site / "site" / "first-story" / "index.html").read_text()

    # The preview, started as `init` says, follows an edit and serves the site's 404 page
    with started_preview([str(venv / "glossator"), "serve", "--port", "0"], site) as url:
        assert "The headline, as the story ran" in fetch(url + "first-story/")
        article = site / "content" / "first-story" / "article.md"
        article.write_text(article.read_text().replace("The headline, as the story ran",
                                                       "Bridge to reopen"))
        wait_for(lambda: "Bridge to reopen" in fetch(url + "first-story/"))
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(url + "no-such-story/")
        assert missing.value.code == 404
        assert "Page not found" in missing.value.read().decode()
