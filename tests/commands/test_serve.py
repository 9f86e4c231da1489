"""`serve`: the preview builds, serves on 127.0.0.1, rebuilds on a change, and shows
the content's errors, with file and line, in the page until they are fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from ..conftest import ROOT, write_story


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


@contextmanager
def started_preview(command: list[str], cwd: Path, cache: Path | None = None,
                    errors: list[str] | None = None) -> Iterator[str]:
    """`serve` started in `cwd` as given; its address. The preview keeps its folder in
    `cache` (XDG_CACHE_HOME: the user's cache, here the test's own); what it printed
    on stderr is added to `errors`."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache or cwd / ".test-cache")}
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment)
    try:
        line = process.stdout.readline()
        assert line.startswith("Serving http://127.0.0.1:"), (line, process.stderr.read())
        yield line.split()[1]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
        if errors is not None:
            errors.append(stderr)


SERVE = [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"]


@pytest.fixture(params=["content", ".hidden/content"])
def content(request, tmp_path):
    """The content folder, also somewhere below a hidden folder, where the preview
    must still see every change."""
    folder = tmp_path / request.param
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def preview(content, tmp_path):
    """Started from the project folder as the README says: with the default --content
    when that is where the content is, else with a relative --content."""
    write_story(content)
    relative = content.relative_to(tmp_path)
    arguments = [] if relative == Path("content") else ["--content", str(relative)]
    with started_preview(SERVE + arguments, tmp_path, tmp_path / "cache") as url:
        yield url


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


def test_the_preview_sees_a_file_changed_each_way_people_change_files(preview, content,
                                                                     tmp_path):
    """Each build of the preview looks only at the folders the system said changed:
    an edit in place, `cp -p` of an older file (its old time kept), an editor's save
    by renaming a new file over the old, and a checkout's new and removed stories
    all show."""
    url = preview
    article = content / "story" / "article.md"
    text = article.read_text()

    def shows(page: str, words: str) -> None:
        wait_for(lambda: words in fetch(url + page))

    article.write_text(text.replace("A test story", "Edited in place"))
    shows("story/", "Edited in place")
    older = tmp_path / "older.md"
    older.write_text(text.replace("A test story", "Copied with its time"))
    os.utime(older, (1_000_000_000, 1_000_000_000))
    subprocess.run(["cp", "-p", str(older), str(article)], check=True)
    shows("story/", "Copied with its time")
    saved = article.with_name(".article.md.new")
    saved.write_text(text.replace("A test story", "Renamed over"))
    os.replace(saved, article)
    shows("story/", "Renamed over")
    write_story(content, "second", article=text.replace("A test story", "A second story"))
    shows("second/", "A second story")
    shows("", "A second story")
    shutil.rmtree(content / "second")
    wait_for(lambda: "A second story" not in fetch(url))


def test_templates_given_as_a_relative_folder_are_followed_too(tmp_path):
    write_story(tmp_path / "content")
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "_head.html").write_text('<meta name="house" content="one">\n')
    with started_preview(SERVE + ["--templates", "house"], tmp_path) as url:
        assert 'content="one"' in fetch(url + "story/")
        (tmp_path / "house" / "_head.html").write_text('<meta name="house" content="two">\n')
        wait_for(lambda: 'content="two"' in fetch(url + "story/"))


def test_a_templates_folder_made_while_the_preview_runs_is_followed(tmp_path):
    write_story(tmp_path / "content")
    with started_preview(SERVE, tmp_path) as url:
        assert "<title>A test story" in fetch(url + "story/")
        (tmp_path / "templates").mkdir()
        (tmp_path / "templates" / "article.html").write_text(
            '{% extends "default/article.html" %}{% block title %}Ours{% endblock %}')
        wait_for(lambda: "<title>Ours</title>" in fetch(url + "story/"))


def http_status(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_preview_answers_only_to_this_machine_by_name_and_never_breaks(tmp_path):
    write_story(tmp_path / "content")
    errors: list[str] = []
    with started_preview(SERVE, tmp_path, errors=errors) as url:
        port = url.rsplit(":", 1)[1].strip("/")
        assert http_status(url + "story/") == 200
        assert http_status(url + "story/", host=f"localhost:{port}") == 200
        # a page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding)
        assert http_status(url + "story/", host=f"rebind.example:{port}") == 403
        assert http_status(url + "static/reader.js", host="rebind.example") == 403
        assert http_status(url + "story%00/") == 400
        assert http_status(url + "static/x%00.css") == 400
        with pytest.raises(urllib.error.HTTPError) as missing:
            fetch(url + "no-such-story/")
        assert missing.value.code == 404
        assert "Page not found" in missing.value.read().decode()    # the site's own 404.html
    assert "Traceback" not in errors[0], errors[0]


def test_a_busy_port_or_a_missing_folder_is_one_line_not_a_traceback(tmp_path):
    write_story(tmp_path / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port",
                               str(port)], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
    assert busy.returncode == 2
    assert busy.stderr.strip().count("\n") == 0 and "in use" in busy.stderr, busy.stderr
    missing = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--content",
                              "nowhere"], cwd=tmp_path, capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0, missing.stderr
    assert missing.stderr.startswith("nowhere:1:1: error: the content folder does not exist")


@pytest.mark.parametrize("trap", ["open to all", "another user's"])
def test_the_preview_never_loads_a_cache_someone_else_could_have_planted(tmp_path, trap):
    from glossator.build.cache import FORMAT, STATE_FILE, write_kept
    from glossator.digests import content_digest

    content = tmp_path / "content"
    write_story(content)
    cache = tmp_path / "cache"
    key = content_digest(str(content).encode())
    folder = cache / "glossator" / "previews" / key
    (folder / ".site.glossator").mkdir(parents=True)
    # a state the build would take for its own, and a page it would then serve
    write_kept(folder / ".site.glossator" / STATE_FILE, {"format": FORMAT})
    (folder / "site" / "story").mkdir(parents=True)
    (folder / "site" / "story" / "index.html").write_text("<p>A planted page</p>")
    victim = tmp_path / "victim.txt"
    victim.write_text("the author's file")
    (folder / "lock").symlink_to(victim)
    if trap == "open to all":
        for path in (folder.parent.parent, folder.parent, folder):
            path.chmod(0o777)
    else:
        if os.getuid() != 0:
            pytest.skip("needs root to give the folder to another user")
        os.chown(folder, 65534, 65534)
    errors: list[str] = []
    with started_preview(SERVE, tmp_path, cache, errors=errors) as url:
        assert "A test story" in fetch(url + "story/")
    assert victim.read_text() == "the author's file"
    assert "not a folder of yours alone" in errors[0]


def test_the_preview_shows_drafts_and_stories_to_come_marked_as_such(tmp_path):
    content = tmp_path / "content"
    write_story(content, "ready", annotations=None)
    write_story(content, "unfinished", "---\ntitle: Unfinished\npublished: 2020-01-01\n"
                "draft: true\n---\n\nWords.\n", None)
    write_story(content, "embargoed", "---\ntitle: Embargoed\n"
                "published: 2999-01-01T06:00:00+00:00\n---\n\nWords.\n", None)
    with started_preview(SERVE, tmp_path, tmp_path / "cache") as url:
        index = wait_for(lambda: fetch(url))
        assert "Unfinished" in index and "Embargoed" in index
        assert "Draft: not published" in fetch(url + "unfinished/")
        assert "Scheduled: published" in fetch(url + "embargoed/")
        assert "story-status" not in fetch(url + "ready/")
