"""`serve`: a live preview for authors. Builds the site, serves it on 127.0.0.1 only,
rebuilds when the content or the templates change, and reloads the open page; while
the content has errors, every page shows them, with file and line, until fixed.

Rebuilds go into a private folder (the preview never touches site/) and, like any
build, redo only what changed. The preview has no search index: Pagefind indexes
every page again on any change, seconds for an archive; `build` makes it.
"""

from __future__ import annotations

import fcntl
import html
import os
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from .cache import content_digest
from .memory import MEMORY_FILE
from .pipeline import Outcome, default_templates, run

RELOAD_PATH = "/__glossator/reload.js"
VERSION_PATH = "/__glossator/version"
RELOAD_JS = b"""// Glossator preview: reload when the site is rebuilt.
(() => {
  let seen = null;
  const check = () => fetch('/__glossator/version', {cache: 'no-store'})
    .then((r) => r.text()).then((v) => { if (seen !== null && v !== seen) location.reload(); seen = v; })
    .catch(() => {});
  check();
  setInterval(check, 700);
})();
"""


# Long messages wrap rather than run off the screen.
ERRORS_STYLE = ("<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
                "padding:0 1rem}pre{white-space:pre-wrap;overflow-wrap:anywhere}</style>")


class Preview:
    """The latest build and what it said, shared by the watcher and the server."""

    def __init__(self, content: Path, templates: Path | None):
        self.content = content
        self.templates = templates or default_templates(content)
        self.folder = preview_folder(content) / "site"
        self.version = 0
        self.outcome: Outcome | None = None
        self.lock = threading.Lock()

    def build(self) -> Outcome:
        outcome = run(self.content, self.folder, templates_dir=self.templates, search=False)
        with self.lock:
            self.outcome = outcome
            self.version += 1
        return outcome

    def errors_page(self) -> bytes | None:
        with self.lock:
            outcome = self.outcome
        if outcome is None or not outcome.diagnostics.errors:
            return None
        items = "".join(f"<li><pre>{html.escape(d.format())}</pre></li>"
                        for d in outcome.diagnostics.sorted())
        return (f"<!doctype html><html lang=en><meta charset=utf-8><title>Errors · preview"
                f"</title><meta name=viewport content='width=device-width'>{ERRORS_STYLE}"
                f"<main><h1>The content has errors</h1><p>Fix them and this page "
                f"reloads by itself.</p><ol>{items}</ol></main>"
                f"<script src='{RELOAD_PATH}'></script></html>").encode()

    def watch(self, changes: Changes) -> None:
        """Rebuild after each change, as the file system reports it (inotify on
        Linux): an archive of thousands of stories is not scanned to find one edit."""
        while True:
            changes.happened.wait()
            time.sleep(SETTLE)      # an editor's save may be a write, a rename, a delete
            changes.happened.clear()
            outcome = self.build()
            state = (f"{len(outcome.diagnostics.errors)} errors" if outcome.diagnostics.errors
                     else f"rebuilt in {outcome.seconds:.2f} s")
            print(f"{time.strftime('%H:%M:%S')} {state}", flush=True)


SETTLE = 0.05   # seconds


class Changes(FileSystemEventHandler):
    """Notes any change to a file a build reads under `roots`: not the build's own
    reading, nor its anchors.json, nor hidden files (an editor's swap files, say)."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = tuple(root.absolute() for root in roots)
        self.happened = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, event.dest_path):
            if path and self.watched(Path(os.fsdecode(path))):
                self.happened.set()
                return

    def watched(self, path: Path) -> bool:
        for root in self.roots:
            if path.is_relative_to(root):
                parts = path.relative_to(root).parts
                return not any(part.startswith(".") for part in parts) and \
                    path.name != MEMORY_FILE
        return False


# Writes only: a build opens and reads every file it checks, and hearing of those
# reads would flood the queue of notifications (and start another build).
WRITES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
          FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def start_observer(changes: Changes, roots: tuple[Path, ...]) -> BaseObserver:
    """The system's own notifications; scanning where they cannot be had (too many
    folders for the inotify limit, say)."""
    for kind in (Observer, PollingObserver):
        observer = kind()
        try:
            for root in roots:
                observer.schedule(changes, str(root), recursive=True, event_filter=WRITES)
            observer.start()
            return observer
        except OSError:
            observer.stop()
    raise OSError("cannot watch the content for changes")


def preview_folder(content: Path) -> Path:
    """A folder for this content's preview that outlives the preview, so that the
    next one starts from its cache instead of building the whole archive again;
    a fresh one when another preview of the same content holds it."""
    key = content_digest(str(content.absolute()).encode())
    folder = Path(tempfile.gettempdir()) / f"glossator-preview-{os.getuid()}-{key}"
    folder.mkdir(mode=0o700, exist_ok=True)
    lock = open(folder / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return Path(tempfile.mkdtemp(prefix="glossator-preview-"))
    _held_locks.append(lock)      # held as long as this process runs
    return folder


_held_locks: list = []


class PreviewHandler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.path == RELOAD_PATH:
            return self.reply(RELOAD_JS, "text/javascript")
        if self.path == VERSION_PATH:
            return self.reply(str(self.preview.version).encode(), "text/plain")
        errors = self.preview.errors_page()
        if errors is not None and (self.path.endswith("/") or self.path.endswith(".html")):
            return self.reply(errors, "text/html; charset=utf-8")
        if self.path.endswith("/") or self.path.endswith(".html"):
            return self.page_with_reload()
        return super().do_GET()

    def page_with_reload(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        page = path.read_bytes().replace(
            b"</body>", f"<script src=\"{RELOAD_PATH}\"></script>\n</body>".encode(), 1)
        self.reply(page, "text/html; charset=utf-8")

    def reply(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(content: Path, port: int, templates: Path | None = None) -> int:
    preview = Preview(content, templates)
    preview.build()         # across processes: no other thread runs yet to fork with
    roots = (preview.content, preview.templates)
    changes = Changes(roots)
    observer = start_observer(changes, roots)
    first = preview.build()     # for edits made during the first; cheap if there were none
    preview.folder.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 partial(handler, directory=str(preview.folder)))
    threading.Thread(target=preview.watch, args=(changes,), daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    errors = len(first.diagnostics.errors)
    print(f"Serving {address} ({f'{errors} errors' if errors else 'built'}); "
          "rebuilding on every change. Ctrl-C stops.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
    return 0
