"""What the last build read and wrote, so that the next one redoes only what changed.

Every input is known by the digest of its bytes: a story's key is the digest of its
folder's files, the templates its page is made with, site.yaml, the base URL, where
the content is, and Glossator itself (its code and the versions of the libraries it
renders with), so a cached story can only be reused where a cold build would make
the same page.

Reading and hashing every file of a large archive costs more than a build with
nothing to do may take. As git's index does, a file whose size, times and inode are
what they were when it was last hashed keeps that digest; one modified within
`RACY_NS` before that hashing is hashed again, since a second write within the file
system's clock tick would leave its times as they were.

This module is the build's fast path as well (`up_to_date`): it must not import the
Markdown, YAML or template libraries, whose loading alone would cost more than a
build with nothing to do.

All of it lives in one folder beside the output folder, `.site.glossator/`:
  state.marshal   the inputs' digests, and what each copy of the site holds (by the
                  copy's folder inode, which a swap carries along): its files, and the
                  fingerprint and report of the build that made it whole, if one did.
                  It is written before the swap, so that whether the swap happens
                  or not (a build killed), each record tells what its copy holds.
                  In marshal's form, not JSON: at 20,000 stories it holds some
                  200,000 files' stamps, which JSON takes 0.3 s to read and 0.2 s
                  to write, marshal 0.08 s and 0.02 s; in pieces (`pieces`), which
                  at that size keep the largest process 50 to 100 MB smaller
  stories.marshal per story key: what the site-wide pages need of the story, its
                  output files' digests, and what the build said about it (stored.py)
  spare/          the previous copy of the site, which the next build brings up to
                  date and swaps in (write.py)
  twin/           during the first build into a new folder, hard links to each file
                  it writes, to be the spare once the build is in place
  templates/      the templates as Jinja compiled them
  lock            held by the build at work, so that another into the same folder waits
"""

from __future__ import annotations

import fcntl
import functools
import marshal
import os
import sys
import time
from sys import intern
from contextlib import contextmanager
from itertools import islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..digests import Entry, combined, content_digest, digest_in, entry_of, stamp_of
from ..render.theme import Theme
from ..load.folders import story_names
from ..write.copies import Tree, folder_id, read_tree

FORMAT = 9
STATE_FILE = "state.marshal"
STORIES_FILE = "stories.marshal"
RACY_NS = 2_000_000_000
PACKAGE = Path(__file__).resolve().parent.parent      # glossator/
# The libraries whose versions can change a page (their dist-info folder names).
DEPENDENCIES = {"markdown_it_py", "jinja2", "markupsafe", "pyyaml", "rapidfuzz",
                "pyahocorasick", "pagefind", "defusedxml", "babel", "python_slugify",
                "text_unidecode"}


def cache_folder(out_dir: Path) -> Path:
    out_dir = out_dir.absolute()
    return out_dir.with_name(f".{out_dir.name}.glossator")


class InputDigests:
    """Digests of input files, reusing the last build's for unchanged stamps.

    A folder's list of files is kept too, with the stamps of the folder and its
    subfolders: adding, removing or renaming a file changes its folder's times (its
    change time, which no one can set back, included), so a folder whose stamp is as
    it was still holds the same names, and is not listed again. Each file is still
    looked at (`stat`) whatever its folder's stamp says, since an editor that writes
    a file in place, or `cp -p`, leaves the folder as it was."""

    def __init__(self, known: dict[str, Entry], hashed_at: int,
                 listings: dict[str, tuple] | None = None):
        self.known = known
        self.reuse_before = hashed_at - RACY_NS
        self.hashed_at = time.time_ns()
        self.seen: dict[str, Entry] = {}
        # folder -> (its and its subfolders' stamps, its files, their digests, the digest)
        self.listings = listings or {}
        self.listed: dict[str, tuple] = {}
        self.looked_again = False     # a file read, or a folder listed, this build
        # A build told what changed (`carry`): whether a folder was taken as it was
        # known, and the files the folders it looked at held when last listed.
        self.carried: bool | None = None
        self.replaced: list[str] = []

    def carry(self) -> None:
        """Take the folders the caller says are unchanged as they were known, their
        files with them (`folder`'s `unchanged`)."""
        self.carried = False

    def files_seen(self) -> dict[str, Entry]:
        """Each file's entry as this build found it: those it looked at, and those
        of the folders it carried over as they were known. A file of a carried
        folder is as the last build knew it; of a folder looked at, its files then
        are dropped, so a file removed there is forgotten."""
        if not self.carried:
            return self.seen
        files = dict(self.known)
        for path in self.replaced:
            files.pop(path, None)
        files.update(self.seen)
        return files

    def digest(self, path: str) -> str:
        """The file's digest, or '' when it cannot be read (the loader reports why)."""
        try:
            status = os.stat(path)
        except OSError:
            return ""
        now = stamp_of(status)
        this_run = self.seen.get(path)      # asked again (assets, templates): read once
        if this_run is not None and this_run.startswith(now):
            return digest_in(this_run)
        old = self.known.get(path)
        if old is not None and old.startswith(now) and status.st_mtime_ns < self.reuse_before:
            self.seen[path] = old
            return digest_in(old)
        self.looked_again = True
        try:
            with open(path, "rb") as file:
                digest = content_digest(file.read())
        except OSError:
            return ""
        self.seen[path] = entry_of(now, digest)
        return digest

    def folder(self, folder: str, unchanged: bool = False) -> str:
        """One digest of every file in the folder and below (hidden ones aside), by
        name, as a build would read them; `unchanged`: as the last build found it,
        if it listed it, without a look (the caller was told nothing changed there)."""
        old = self.listings.get(folder)
        if unchanged and old is not None:
            # Its files are carried over as they were known (`files_seen`), not each
            # copied here: at 20,000 stories that loop was a tenth of an edit's build.
            self.carried = True
            self.listed[folder] = old
            return old[3]
        if old is not None and self.carried is not None:
            self.replaced.extend(f"{folder}/{name}" for name in old[1])
        if old is not None and self.unchanged(folder, old[0]):
            stamps, names = old[0], old[1]
        else:
            self.looked_again = True
            stamps = []
            names = tuple(files_below(folder, stamps=stamps_into(stamps)))
            old = None
        digest = self.digest
        digests = tuple([digest(f"{folder}/{name}") for name in names])
        if old is not None and old[2] == digests:
            self.listed[folder] = old       # kept as read, not held twice
            return old[3]
        whole = combined(*(f"{name}:{d}" for name, d in zip(names, digests)))
        self.listed[folder] = (stamps, names, digests, whole)
        return whole

    def unchanged(self, folder: str, stamps: list) -> bool:
        """Whether the folder and its subfolders are as they were when listed (a
        folder changed within RACY_NS of that is listed again, as files are read)."""
        for relative, stamp in stamps:
            try:
                status = os.stat(f"{folder}/{relative}" if relative else folder)
            except OSError:
                return False
            if stamp_of(status) != stamp or status.st_mtime_ns >= self.reuse_before:
                return False
        return True


def stamps_into(stamps: list):
    def note(relative: str, status: os.stat_result) -> None:
        stamps.append((relative, stamp_of(status)))
    return note


def files_below(folder: str, prefix: str = "", stamps=None) -> list[str]:
    """Relative paths of the files under `folder`, sorted, skipping hidden names;
    `stamps(relative, status)` hears of each folder's stamp, taken before it is
    listed (so that a change while listing it shows next time)."""
    found: list[str] = []
    try:
        if stamps is not None:
            stamps(prefix.rstrip("/"), os.stat(folder))
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):     # as the loader's rglob: a linked
            found += files_below(entry.path, relative + "/", stamps)  # folder is not entered
        else:
            found.append(intern(relative))      # article.md, in each story's listing
    return found


_tool_digest: str | None = None


def tool_digest() -> str:
    """Glossator's own code and the versions of the libraries that shape its output."""
    global _tool_digest
    if _tool_digest is None:
        parts = [sys.version]
        for path in sorted(PACKAGE.rglob("*.py")):   # subpackages too
            parts.append(content_digest(path.read_bytes()))
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:
                continue
            for name in names:
                if name.endswith(".dist-info"):
                    project = name[:-len(".dist-info")].rsplit("-", 1)[0]
                    if project.lower().replace("-", "_").replace(".", "_") in DEPENDENCIES:
                        parts.append(name)
        _tool_digest = combined(*sorted(parts))
    return _tool_digest


@functools.lru_cache(maxsize=1 << 17)     # the preview asks again for each story
def story_key(*parts: str) -> str:
    return combined(*parts)


@dataclass
class Inputs:
    """What a build reads, each by digest."""

    site: str                       # site.yaml
    templates: str
    stories: dict[str, str]         # slug -> its folder
    options: str                    # base URL, where the content is
    search: bool                    # whether the site gets a search index
    names: list[str] = field(default_factory=list)   # the stories' folders, in build order

    def story_key(self, slug: str, page_templates: str) -> str:
        """Everything a story's own files depend on, so equal keys mean equal files;
        `page_templates`, the digest of the templates its page is made with."""
        return story_key(tool_digest(), page_templates, self.site, self.options, slug,
                         self.stories[slug])

    def fingerprint(self) -> str:
        return combined(tool_digest(), self.templates, self.site, self.options, str(self.search),
                        *(f"{slug}={digest}" for slug, digest in self.stories.items()))


def read_inputs(digests: InputDigests, content_dir: Path, theme: Theme,
                options: str, search: bool, told: frozenset[str] | None = None,
                names: list[str] | None = None) -> Inputs:
    """What a build reads; `told`, the story folders (by name) that alone may have
    changed since the last build (pipeline.run); `names`, the stories' folders, if
    the caller has listed them (folders.content_listing)."""
    site = digests.digest(str(content_dir / "site.yaml"))
    # every folder of the theme, by place too: which one holds a file changes the site
    templates = combined(*(f"{folder}={digests.folder(str(folder))}"
                           for folder in theme.folders))
    if names is None:
        names = story_names(content_dir)
    content = str(content_dir)
    if told is None:
        stories = {name: digests.folder(f"{content}/{name}") for name in names}
    else:
        digests.carry()
        stories = {name: digests.folder(f"{content}/{name}", name not in told)
                   for name in names}
    return Inputs(site, templates, stories, options, search, names)


# --- the state file -------------------------------------------------------------

@dataclass
class Report:
    """What the last build said, to say again when nothing has changed since."""

    stories: int = 0
    annotations: int = 0
    diagnostics: list[dict] = field(default_factory=list)


class BuildState:
    def __init__(self, out_dir: Path, trusted: bool = False):
        self.out_dir = out_dir.absolute()
        self.trusted = trusted      # the copies as their records say (pipeline.run's `told`)
        self.folder = cache_folder(out_dir)
        self.spare = self.folder / "spare"
        self.twin = self.folder / "twin"
        self.data: dict[str, Any] = {}
        try:
            data = read_kept(self.folder / STATE_FILE)
            if isinstance(data, dict) and data.get("format") == FORMAT:
                self.data = data
        except (OSError, ValueError, EOFError, TypeError):
            pass
        # What is read is not changed in place (it may be what read_kept holds).
        self.memo: dict[str, Any] = dict(self.data.get("memo", {}))   # for pipeline's own use
        inputs = self.data.get("inputs", {})
        listings = inputs.get("folders")
        self.digests = InputDigests(inputs.get("files", {}),
                                    inputs.get("hashed_at", 0),
                                    listings if isinstance(listings, dict) else None)
        self.records: dict[str, dict] = {}      # by folder, as read

    @staticmethod
    @contextmanager
    def exclusive(out_dir: Path) -> Iterator[None]:
        """Held while a build reads and writes the output folder and its cache, so that
        a second build into the same folder waits for the first."""
        folder = cache_folder(out_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            lock = open(folder / "lock", "a")
        except OSError:      # a folder that cannot be written: the writer will say so
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    @property
    def known(self) -> bool:
        """Whether a build left anything to go on."""
        return bool(self.data)

    def record_of(self, root: Path) -> dict | None:
        """What the copy of the site in `root` holds, as the build that made it left it:
        "files" (path -> its digests.Entry), its build's "fingerprint" and "report", "search"."""
        identity = folder_id(root)
        if identity is None:
            return None
        if identity not in self.records:
            record = self.data.get("trees", {}).get(identity)
            if record is None:
                return None
            self.records[identity] = record
        return self.records[identity]

    def read_copy(self, root: Path) -> Tree:
        """What the copy of the site in `root` holds (write.copies.read_tree)."""
        return read_tree(root, self.record_of(root), self.trusted)

    def live_report(self) -> Report:
        """What the build that made the live copy said."""
        return Report(**(self.record_of(self.out_dir) or {}).get("report", {}))

    def save(self, trees: dict[Path, dict]) -> None:
        """Record what each copy holds: `trees` by the copy's folder as it is now (a
        swap after this carries each record along with its folder)."""
        self.data = {
            "format": FORMAT,
            "inputs": self.inputs_seen(),
            "memo": self.memo,
            "trees": {folder_id(root): {**record, "files": record.get("files", {})}
                      for root, record in trees.items() if folder_id(root)},
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        write_kept(self.folder / STATE_FILE, self.data)

    def save_inputs(self) -> None:
        """Record the inputs as this build found them, when it wrote nothing but had
        to read some again: files written within RACY_NS of the last build's look at
        them (a build's own anchors.json) are read by every build after it until a
        build records them as old enough to trust by their stamps."""
        if not self.data:
            return
        self.data = {**self.data, "inputs": self.inputs_seen()}
        try:
            write_kept(self.folder / STATE_FILE, self.data)
        except OSError:     # the next build reads them again: slower, no less right
            pass

    def inputs_seen(self) -> dict[str, Any]:
        return {"hashed_at": self.digests.hashed_at, "files": self.digests.files_seen(),
                "folders": self.digests.listed}

    def load_stories(self) -> dict[str, Any]:
        """The cached stories' results by key (what save_stories kept), each a
        stored.StoredResult."""
        from .stored import StoredResult, well_formed

        path = self.folder / STORIES_FILE
        try:
            kept = read_kept(path)
            restored = _restored.get(str(path))
            if restored is not None and restored[0] is kept:    # as this process left it
                return restored[1]
            if not isinstance(kept, dict) or kept.get("format") != FORMAT:
                return {}
            stories = kept["stories"]
            if all(map(well_formed, stories.values())):
                return {key: StoredResult(data) for key, data in stories.items()}
        except (OSError, EOFError, TypeError, ValueError, AttributeError, KeyError):
            pass
        return {}

    def save_stories(self, stories: dict[str, Any]) -> None:
        """Keep the stories' results by key; those read from the cache as they were
        read, not stored again."""
        from .stored import StoredResult, stored

        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / STORIES_FILE
        kept = {key: stored(result) for key, result in stories.items()}
        value = {"format": FORMAT, "stories": kept}
        write_kept(path, value)
        if BUILDS_AGAIN:        # for the next build's load_stories, as they are
            _restored[str(path)] = (value, {
                key: result if isinstance(result, StoredResult) else StoredResult(kept[key])
                for key, result in stories.items()})

    def forget(self) -> None:
        """Start afresh (`--no-cache`): nothing recorded is trusted."""
        self.data = {}
        self.memo = {}
        self.digests = InputDigests({}, 0)


# What this process last wrote to each cache file, by the file's stamp just after:
# the preview builds again and again in one process, and reading back what it wrote
# (a quarter of a second at 20,000 stories, each file) it need not do while the
# file is still as written. Neither is changed in place once written.
_written: dict[str, tuple[bytes, Any]] = {}
_restored: dict[str, tuple[Any, dict]] = {}     # the stories file's value, and its records
# A process that builds again and again (the preview) keeps each piece it wrote, as
# written, and marshals again only those that changed (a note edited in an archive
# changes a few pieces of some ninety), and keeps the stories' records as it wrote
# them. A build run once would only hold them, through its largest moment.
BUILDS_AGAIN = False
_pieces: dict[str, dict[tuple, tuple[dict, bytes]]] = {}


def read_kept(path: Path) -> Any:
    """The file, as write_kept wrote it; from memory if this process wrote it as it is."""
    known = _written.get(str(path))
    if known is not None:
        try:
            if stamp_of(os.stat(path)) == known[0]:
                return known[1]
        except OSError:
            pass
        del _written[str(path)]
    return joined(path.read_bytes())


def write_kept(path: Path, value: dict) -> None:
    """The dict, in pieces (`pieces`), in place of the file at once (a killed build
    leaves the file as it was)."""
    temporary = path.with_name(f".{path.name}.tmp")
    before = _pieces.get(str(path), {})
    after: dict[tuple, tuple[dict, bytes]] = {}
    turns: dict[tuple, int] = {}
    with open(temporary, "wb") as file:
        for trail, entries in pieces(value):
            # Known by where it stands and its turn there: a copy of the site's
            # record is under its folder's inode, whichever copy is live.
            turns[trail] = turns.get(trail, -1) + 1
            place = (trail, turns[trail])
            old = before.get(place)
            if old is not None and old[0] == entries:
                data = old[1]       # as this process wrote it last time
            else:
                data = marshal.dumps((trail, entries))
            if BUILDS_AGAIN:
                after[place] = (entries, data)
            file.write(len(data).to_bytes(8, "little"))
            file.write(data)
    os.replace(temporary, path)
    _pieces[str(path)] = after
    try:
        _written[str(path)] = (stamp_of(os.stat(path)), value)
    except OSError:
        _written.pop(str(path), None)


# Entries of a dict that marshal writes at once. Written whole, an archive's state
# is one call that holds, besides the state, the file's bytes and a table of every
# object it has written (some 50 MB at 20,000 stories, the build's largest moment).
PIECE = 4096


def pieces(value: dict, trail: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """A dict of dicts as (where, entries) pieces that `joined` puts back together:
    each dict inside it where it stands, its other entries PIECE at a time."""
    nested = [key for key, kind in zip(value, map(type, value.values())) if kind is dict]
    if nested:
        inside = set(nested)
        items = iter([(key, item) for key, item in value.items() if key not in inside])
    else:       # the large ones (files, stories): sliced without a loop in Python
        items = iter(value.items())
    entries = dict(islice(items, PIECE))
    yield trail, entries
    while len(entries) == PIECE:
        entries = dict(islice(items, PIECE))
        if entries:
            yield trail, entries
    for key in nested:
        yield from pieces(value[key], (*trail, key))


def joined(data: bytes) -> dict:
    """What `pieces` made of a dict, put back; ValueError if it is not that."""
    view, at = memoryview(data), 0
    whole: dict[Any, Any] = {}
    try:
        while at < len(view):
            size = int.from_bytes(view[at:at + 8], "little")
            trail, entries = marshal.loads(view[at + 8:at + 8 + size])
            at += 8 + size
            node = whole
            for key in trail:
                node = node.setdefault(key, {})
            node.update(entries)
    except (AttributeError, TypeError, EOFError) as exc:     # damaged, or another form
        raise ValueError(exc) from None
    return whole


def up_to_date(state: BuildState, inputs: Inputs) -> bool:
    """True when the live site is what a build of these inputs would write: the
    build of the same fingerprint made it, and every file in it is as that build left
    it, nothing added."""
    record = state.record_of(state.out_dir)
    if record is None or record.get("fingerprint") != inputs.fingerprint():
        return False
    return state.read_copy(state.out_dir).complete
