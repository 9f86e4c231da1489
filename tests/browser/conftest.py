"""The example site, built once and served over http on 127.0.0.1, and Debian's
Chromium for Playwright (a browser download is not possible here)."""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ..conftest import ROOT, glossator, write_story
from ..tools import CHROMIUM, require

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(Path(CHROMIUM).exists(), "Chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


EXAMPLE_SITE: dict = {}


def serve(site: Path, build=None):
    """Serve a built site from a sub-path, as a newsroom's host might: /stories/.
    With `build`, the site is built once the address is known, for its base URL."""
    root = site.parent
    root.mkdir(parents=True, exist_ok=True)
    (root / "stories").symlink_to(site, target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/stories/"
    if build:
        build(url)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The example site, built for the address it is served from."""
    site = tmp_path_factory.mktemp("example") / "site"
    EXAMPLE_SITE["path"] = site

    def build(url):
        result = glossator("build", "--out", str(site), "--base-url", url)
        assert result.returncode == 0, result.stderr

    yield from serve(site, build)


@pytest.fixture(scope="session")
def example_site(site_url) -> Path:
    return EXAMPLE_SITE["path"]


@pytest.fixture(scope="session")
def custom_site_url(tmp_path_factory):
    """A site whose site.yaml declares a kind of its own."""
    root = tmp_path_factory.mktemp("custom")
    content = root / "content"
    write_story(content, "with-analysis", annotations="""\
        annotations:
          - id: analysis-one
            type: analysis
            quote: the same day the sanctions were announced
            body: Why the timing matters.
          - id: claim-one
            type: claim
            quote: called it “doubtful”
        """)
    (content / "site.yaml").write_text(
        "title: Custom\ntypes:\n  - {name: analysis, label: Analysis, symbol: \"\u25b2\"}\n")
    result = glossator("build", "--strict", "--content", str(content), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    yield from serve(root / "site")


@pytest.fixture
def watched_page(page, site_url):
    """A page that records console errors, failed requests and requests to any other
    origin; a test fails at the end if there were any."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: None if r.url.startswith(site_url.split("/stories/")[0])
            or r.url.startswith("data:") else problems.append(f"other origin: {r.url}"))
    yield page
    assert problems == []


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def settle(page, timeout: float = 5.0) -> None:
    """Wait until a smooth scroll, if any, has come to rest. Polled from here, since
    the page's own timers do not run when JavaScript is off."""
    deadline = time.monotonic() + timeout
    last, still = None, 0
    while time.monotonic() < deadline and still < 6:     # 300 ms at rest, even under load
        position = page.evaluate("[scrollX, scrollY]")
        still = still + 1 if position == last else 0
        last = position
        page.wait_for_timeout(50)
