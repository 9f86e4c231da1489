"""`serve`: a live preview for authors. Builds the site, serves it on 127.0.0.1 only,
rebuilds when the content or the templates change, and reloads the open page; while
the content has errors, every page shows them, with file and line, until fixed.

Rebuilds go into a folder of the user's own cache (the preview never touches site/),
kept from one preview to the next so a restart is quick, and, like any build, redo
only what changed. That folder is checked to be the user's alone before anything in it
is trusted: the build cache it holds says which pages are built already, so a planted
one would have the preview serve pages of someone else's making. The preview has no
search index: Pagefind indexes every page again on any change, seconds for an archive;
`build` makes it.

The server answers only requests addressed to this machine by name (127.0.0.1,
localhost, [::1]), so that a web page elsewhere cannot read the preview through a
name of its own that it points here (DNS rebinding).
"""

from __future__ import annotations

import errno
import fcntl
import html
import os
import stat
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..digests import content_digest
from ..diagnostics import display_path
from ..memory import MEMORY_FILE
from ..build.pipeline import Outcome, run
from ..render.theme import theme_for

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
        from ..build import cache

        cache.BUILDS_AGAIN = True    # it builds again and again: see cache.write_kept
        self.content = content.absolute()
        self.templates = templates.absolute() if templates else None
        self.folder = preview_folder(self.content) / "site"
        self.version = 0
        self.outcome: Outcome | None = None
        self.lock = threading.Lock()

    def build(self, told: frozenset[str] | None = None) -> Outcome:
        """`told`: the story folders in which the system saw a file change since the
        last build (see Changes), the only ones a build then looks at; None, all."""
        # The preview shows what is not out yet too, marked as such.
        outcome = run(self.content, self.folder, templates_dir=self.templates, search=False,
                      drafts=True, future=True, told=told)
        with self.lock:
            self.outcome = outcome
            self.version += 1
        return outcome

    def roots(self) -> tuple[Path, ...]:
        """What a build reads: the content and the theme's folders, as they are now
        (a site's templates/ may appear while the preview runs)."""
        return (self.content, *theme_for(self.content, self.templates).folders)

    @property
    def project(self) -> Path:
        """Where a site's own templates/ would appear."""
        return self.content.parent

    def errors_page(self) -> bytes | None:
        with self.lock:
            outcome = self.outcome
        if outcome is None or not outcome.diagnostics.errors:
            return None
        words = self.interface()
        # The messages themselves are English, as the terminal prints them.
        items = "".join(f"<li><pre>{html.escape(d.format())}</pre></li>"
                        for d in outcome.diagnostics.sorted())
        title = html.escape(words.gettext("Errors · preview"))
        heading = html.escape(words.gettext("The content has errors"))
        advice = html.escape(words.gettext("Fix them and this page reloads by itself."))
        return (f"<!doctype html><html lang='{html.escape(words.language)}' "
                f"dir={words.direction}><meta charset=utf-8><title>{title}</title>"
                f"<meta name=viewport content='width=device-width'>{ERRORS_STYLE}"
                f"<main><h1>{heading}</h1><p>{advice}</p><ol lang=en dir=ltr>{items}</ol>"
                f"</main><script src='{RELOAD_PATH}'></script></html>").encode()

    def interface(self):
        """The interface in the site's language, as far as site.yaml and the catalogs
        can be read (when they cannot, this page lists why, in English)."""
        from ..diagnostics import Diagnostics
        from ..load.story import SITE_FILE, load_site_config
        from ..render.languages import DEFAULT_LANGUAGE, CatalogError, interface

        config = load_site_config(self.content / SITE_FILE, Diagnostics())
        folders = theme_for(self.content, self.templates).folders
        try:
            return interface(folders, config.language)
        except CatalogError:
            return interface((), DEFAULT_LANGUAGE)

    def watch(self, changes: Changes, observer: BaseObserver) -> None:
        """Rebuild after each change, as the file system reports it (inotify on
        Linux): an archive of thousands of stories is not scanned to find one edit."""
        while True:
            changes.happened.wait()
            time.sleep(SETTLE)      # an editor's save may be a write, a rename, a delete
            outcome = self.build(changes.take())
            watch_roots(observer, changes, self.roots())
            state = (f"{len(outcome.diagnostics.errors)} errors" if outcome.diagnostics.errors
                     else f"rebuilt in {outcome.seconds:.2f} s")
            print(f"{time.strftime('%H:%M:%S')} {state}", flush=True)


SETTLE = 0.05   # seconds


class Changes(FileSystemEventHandler):
    """Notes any change to a file a build reads under its roots: not the build's own
    reading, nor its anchors.json, nor hidden files (an editor's swap files, say); and
    the appearance of a site's own templates/ folder in `project`. Also which story
    folders of `content` had anything in them change (anchors.json too, which a
    checkout may bring), for the next build to look at those alone."""

    def __init__(self, project: Path, content: Path | None = None) -> None:
        self.roots: tuple[Path, ...] = ()        # absolute: what `watch_roots` scheduled
        self.templates = project.absolute() / "templates"
        self.content = content.absolute() if content else None
        self.happened = threading.Event()
        self.lock = threading.Lock()
        self.told: set[str] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        happened = False
        for path in (event.src_path, event.dest_path):
            if not path:
                continue
            # Paths come as the folder was scheduled; made absolute, whatever the
            # folders were given as, they compare with the roots.
            where = Path(os.path.abspath(os.fsdecode(path)))
            if self.content is not None and where.is_relative_to(self.content) \
                    and where != self.content:
                with self.lock:
                    self.told.add(where.relative_to(self.content).parts[0])
            happened = happened or self.watched(where)
        if happened:
            self.happened.set()

    def take(self) -> frozenset[str]:
        """The story folders changed since the last `take`, from then on heard anew."""
        with self.lock:
            self.happened.clear()
            told, self.told = frozenset(self.told), set()
        return told

    def watched(self, path: Path) -> bool:
        if path == self.templates:
            return True
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


def start_observer(changes: Changes, roots: tuple[Path, ...], project: Path) -> BaseObserver:
    """The system's own notifications; scanning where they cannot be had (too many
    folders for the inotify limit, say)."""
    for kind in (Observer, PollingObserver):
        observer = kind()
        changes.roots = ()
        try:
            observer.schedule(changes, str(project), recursive=False, event_filter=WRITES)
            watch_roots(observer, changes, roots)
            observer.start()
            return observer
        except OSError:
            observer.stop()
    raise OSError("cannot watch the content for changes")


def watch_roots(observer: BaseObserver, changes: Changes, roots: tuple[Path, ...]) -> None:
    """Watch each of `roots` not watched yet."""
    for root in roots:
        if root.is_dir() and root not in changes.roots:
            observer.schedule(changes, str(root), recursive=True, event_filter=WRITES)
            changes.roots += (root,)


def cache_home() -> Path:
    """The user's cache folder, as the XDG spec (and Hugo, and pip) place it."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base and os.path.isabs(base) else Path.home() / ".cache") / \
        "glossator" / "previews"


def private_folder(path: Path) -> bool:
    """Make `path` and the two folders above it (the cache's own) if need be, and tell
    whether each is a real folder, not a link, of this user's that no one else can
    write to, and the last one that no one else can read either: what another user can
    plant there, the preview must not load, and unpublished stories are not theirs to
    read."""
    chain = (path.parent.parent, path.parent, path)      # glossator/, previews/, the key
    try:
        chain[0].parent.mkdir(parents=True, exist_ok=True)
        for folder in chain:
            folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return False
    for folder, others in zip(chain, (0o022, 0o022, 0o077)):
        try:
            status = os.lstat(folder)
        except OSError:
            return False
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or \
                status.st_mode & others:
            return False
    return True


def preview_folder(content: Path) -> Path:
    """A folder for this content's preview that outlives the preview, so that the
    next one starts from its cache instead of building the whole archive again;
    a fresh one when another preview of the same content holds it, or when the kept
    one cannot be trusted to be this user's alone."""
    key = content_digest(str(content.absolute()).encode())
    folder = cache_home() / key
    if not private_folder(folder):
        print(f"warning: {display_path(folder)} is not a folder of yours alone; the preview "
              "starts from nothing in a new one", file=sys.stderr)
        return Path(tempfile.mkdtemp(prefix="glossator-preview-"))
    try:
        lock = os.open(folder / "lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return Path(tempfile.mkdtemp(prefix="glossator-preview-"))
    _held_locks.append(lock)      # held as long as this process runs
    return folder


_held_locks: list[int] = []
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class PreviewHandler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if not self.acceptable():
            return
        if self.path == RELOAD_PATH:
            return self.reply(RELOAD_JS, "text/javascript")
        if self.path == VERSION_PATH:
            return self.reply(str(self.preview.version).encode(), "text/plain")
        page = urlsplit(self.path).path
        if page.endswith("/") or page.endswith(".html"):
            errors = self.preview.errors_page()
            if errors is not None:
                return self.reply(errors, "text/html; charset=utf-8")
            return self.page_with_reload()
        return super().do_GET()

    def do_HEAD(self):
        if self.acceptable():
            super().do_HEAD()

    def acceptable(self) -> bool:
        """Whether to answer: addressed to this machine by name, and for a path that can
        name a file (no NUL)."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in LOCAL_HOSTS:
            self.send_error(403, "This preview answers only requests to 127.0.0.1 or "
                            "localhost")
            return False
        if "\0" in unquote(self.path):
            self.send_error(400, "No such path")
            return False
        return True

    def page_with_reload(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        self.reply(with_reload(path.read_bytes()), "text/html; charset=utf-8")

    def send_error(self, code, message=None, explain=None):
        """The site's own page for a page that is not there, as a host would serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        self.reply(with_reload(page.read_bytes()), "text/html; charset=utf-8", status=404)

    def reply(self, body: bytes, kind: str, status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def with_reload(page: bytes) -> bytes:
    return page.replace(b"</body>", f"<script src=\"{RELOAD_PATH}\"></script>\n</body>".encode(), 1)


def serve(content: Path, port: int, templates: Path | None = None) -> int:
    if not content.is_dir():
        print(f"{display_path(content)}:1:1: error: the content folder does not exist "
              "(pass --content DIR, or run from the project folder)", file=sys.stderr)
        return 1
    try:
        # Taken first: a busy port should not cost a build to find out.
        server = ThreadingHTTPServer(("127.0.0.1", port), PreviewHandler)
    except OSError as exc:
        reason = ("it is in use; pass --port N (0 picks a free one)"
                  if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc))
        print(f"glossator serve: error: cannot listen on 127.0.0.1:{port}: {reason}",
              file=sys.stderr)
        return 2
    preview = Preview(content, templates)
    preview.build()         # across processes: no other thread runs yet to fork with
    changes = Changes(preview.project, preview.content)
    observer = start_observer(changes, preview.roots(), preview.project)
    first = preview.build()     # for edits made during the first; cheap if there were none
    # What the observer heard of meanwhile stays noted for the next build, which,
    # as each one from now on, is told what changed.
    preview.folder.mkdir(parents=True, exist_ok=True)
    server.RequestHandlerClass = partial(type("Handler", (PreviewHandler,),
                                              {"preview": preview}),
                                         directory=str(preview.folder))
    threading.Thread(target=preview.watch, args=(changes, observer), daemon=True).start()
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
        server.server_close()
    return 0
