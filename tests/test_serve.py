"""`serve`: the preview builds, serves on 127.0.0.1, rebuilds on a change, and shows
the content's errors, with file and line, in the page until they are fixed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT, write_story


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture(params=["content", ".hidden/content"])
def content(request, tmp_path):
    """The content folder, also somewhere below a hidden folder, where the preview
    must still see every change."""
    folder = tmp_path / request.param
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def preview(content):
    write_story(content)
    # the preview keeps its folder in the temporary folder, here the test's own
    environment = {**os.environ, "TMPDIR": str(content.parent)}
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content",
                                str(content), "--port", "0"], stdout=subprocess.PIPE, text=True,
                               env=environment)
    line = process.stdout.readline()
    assert line.startswith("Serving http://127.0.0.1:"), line
    yield line.split()[1]
    process.terminate()
    process.wait(timeout=10)


def test_serve_rebuilds_on_change_and_shows_errors_in_the_page(preview, content):
    url = preview
    page = fetch(url + "story/")
    assert "A test story" in page and "/__glossator/reload.js" in page
    version = fetch(url + "__glossator/version")
    article = content / "story" / "article.md"
    article.write_text(article.read_text().replace("A test story", "A retitled story"))
    wait_for(lambda: fetch(url + "__glossator/version") != version)
    assert "A retitled story" in fetch(url + "story/")
    annotations = content / "story" / "annotations.yaml"
    annotations.write_text(annotations.read_text().replace("called it", "named it"))
    error_page = wait_for(lambda: "has errors" in (p := fetch(url + "story/")) and p)
    assert "story/annotations.yaml:4:12: error: the quote" in error_page
    annotations.write_text(annotations.read_text().replace("named it", "called it"))
    wait_for(lambda: "A retitled story" in fetch(url + "story/"))
