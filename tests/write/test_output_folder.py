"""An output folder that would take the author's files with it is refused (issue 15):
a build swaps the whole output folder for its spare copy and the next build clears
what it did not write, so building into the content folder, the project folder, the
templates or the root of the disk would lose them. One located error, exit status 1,
and nothing moved or made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, glossator


def everything(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under `root` (hidden ones too), by its content."""
    found = {}
    for folder, folders, files in os.walk(root):
        for name in folders:
            found[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in files:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = Path(path).read_bytes()
    return found


@pytest.fixture
def project(tmp_path) -> Path:
    project = tmp_path / "newsroom"
    shutil.copytree(ROOT / "content", project / "content")
    (project / "content" / "DRAFT-NOTES.txt").write_text("not in git yet\n")
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "notes.txt").write_text("the project's own file\n")
    return project


REPLACED = "; a build would replace it"


@pytest.mark.parametrize("out, error", [
    ("content", "content:1:1: error: the output folder is the content folder" + REPLACED),
    ("./content/", "content:1:1: error: the output folder is the content folder" + REPLACED),
    (".", ".:1:1: error: the output folder holds the content folder (content/)" + REPLACED),
    ("..", "..:1:1: error: the output folder holds the content folder (newsroom/content/)"
     + REPLACED),
    ("/", "/:1:1: error: the output folder must be a folder of its own, not the root of "
     "the disk"),
    ("content/flynn-kislyak-call", "content/flynn-kislyak-call:1:1: error: the output "
     "folder is inside the content folder"),
    ("content/site", "content/site:1:1: error: the output folder is inside the content "
     "folder"),
    ("templates", "templates:1:1: error: the output folder is the templates folder"
     + REPLACED),
])
def test_an_output_folder_that_holds_or_is_inside_the_content_is_refused(project, out,
                                                                          error):
    scope = project.parent
    before = everything(scope)
    for attempt in range(2):         # the second would delete what the first moved
        result = glossator("build", "--content", "content", "--out", out, cwd=project)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors == [error], result.stderr
    assert everything(scope) == before


def test_a_folder_linked_to_the_content_is_refused_too(project):
    (project / "public").symlink_to(project / "content", target_is_directory=True)
    before = everything(project)
    result = glossator("build", "--content", "content", "--out", "public", cwd=project)
    assert result.returncode == 1
    assert "public:1:1: error: the output folder is the content folder" in result.stderr
    assert everything(project) == before


def test_a_folder_of_its_own_beside_the_content_is_built(project):
    result = glossator("build", "--content", "content", "--out", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "flynn-kislyak-call" / "index.html").is_file()
    assert (project / "content" / "DRAFT-NOTES.txt").read_text() == "not in git yet\n"
