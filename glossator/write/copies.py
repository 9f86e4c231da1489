"""The copies of the site a build keeps (the live one and the spare, see site.py):
what each holds, read from the folder itself and checked against the record of the
build that made it, file by file, by stamp.

Listing every folder of a copy costs more, at 20,000 stories, than a build with
nothing to do may take; so a record keeps each folder's stamp too, as it was when
the copy was last read. A file added, removed or renamed changes its folder's times
(the change time, which no one can set back, included), so a folder whose stamp is
as recorded holds just the files it held, and is not listed again; each file is
still looked at, since one written in place leaves its folder as it was."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import STAMP, STAMP_SIZE, Entry, Stamped, digest_in, entry_of, modified, stamp_of


def walk(root: Path) -> dict[str, Stamped]:
    """Every file under `root`, relative path -> stamp."""
    found: dict[str, Stamped] = {}
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                found[prefix + entry.name] = stamp_of(entry.stat(follow_symlinks=False))
    return found


@dataclass
class Tree:
    """What a copy of the site holds: relative path -> digest, for each file whose
    stamp shows it is as the build that wrote it left it."""

    files: dict[str, str] = field(default_factory=dict)        # the search index aside
    stamps: dict[str, Stamped] = field(default_factory=dict)
    strangers: list[str] = field(default_factory=list)   # files not known to hold anything
    search: str | None = None       # the pages the search index there was made from
    # each folder's stamp when read ('' the copy's own), to be recorded with the copy;
    # UNLISTED where the folder must be listed next time
    folders: dict[str, Stamped] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.strangers

    def index_stamps(self) -> dict[str, Entry]:
        """The search index's files (pagefind/), which are recorded by stamp alone."""
        return {path: entry_of(now, "") for path, now in self.stamps.items()
                if path.startswith("pagefind/")}


UNLISTED = STAMP.pack(-1, -1, -1, 0)     # a stamp no folder has
RACY_NS = 2_000_000_000         # as cache.RACY_NS, for the same reason


def survey(root: Path, record: dict | None) -> tuple[dict[str, Stamped], dict[str, Stamped]]:
    """Every file under `root` and every folder, relative path -> stamp, listing only
    the folders whose stamp is not the one `record` has for them."""
    recorded = (record or {}).get("folders")
    files = (record or {}).get("files", {})
    if not recorded:
        return walk_folders(root)
    present: dict[str, Stamped] = {}
    folders: dict[str, Stamped] = {}
    listed: list[str] = []
    for relative, stamp in recorded.items():
        try:
            now = stamp_of(os.stat(f"{root}/{relative}" if relative else root))
        except OSError:
            continue            # gone, with its files
        folders[relative] = now
        if now != stamp:
            listed.append(relative)
    listed_set = set(listed)
    for relative in files:
        parent = relative.rpartition("/")[0]
        if parent in folders and parent not in listed_set:
            try:
                present[relative] = stamp_of(os.stat(f"{root}/{relative}"))
            except OSError:
                pass
    for relative in listed:
        prefix = f"{relative}/" if relative else ""
        try:
            entries = list(os.scandir(f"{root}/{relative}" if relative else root))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in folders:         # new: all of it is
                    more, below = walk_folders(Path(entry.path), f"{name}/")
                    present.update(more)
                    folders.update(below)
            else:
                present[name] = stamp_of(entry.stat(follow_symlinks=False))
    return present, folders


def walk_folders(root: Path, prefix: str = "") -> tuple[dict[str, Stamped], dict[str, Stamped]]:
    """`walk`, and the stamp of each folder (taken before it is listed, so that a
    change while listing it shows next time): relative path -> stamp, of each."""
    found: dict[str, Stamped] = {}
    folders: dict[str, Stamped] = {}
    stack = [(str(root), prefix)]
    while stack:
        folder, prefix = stack.pop()
        try:
            folders[prefix.rstrip("/")] = stamp_of(os.stat(folder))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                found[prefix + entry.name] = stamp_of(entry.stat(follow_symlinks=False))
    return found, folders


def recorded_tree(record: dict) -> Tree:
    """What a copy holds as its record says, not looked at: for a build whose
    caller is the only one to write the copies (pipeline.run's `told`)."""
    tree = Tree(search=record.get("search"), folders=record.get("folders") or {})
    files, stamps = tree.files, tree.stamps
    for relative, entry in record.get("files", {}).items():
        if not relative.startswith("pagefind/"):
            files[relative] = digest_in(entry)
        stamps[relative] = entry[:STAMP_SIZE]
    return tree


def read_tree(root: Path, record: dict | None, trusted: bool = False) -> Tree:
    """What the copy in `root` holds, as far as `record` (BuildState.record_of) can
    vouch for it; `trusted`, as the record says, if there is one."""
    if trusted and record is not None:
        return recorded_tree(record)
    present, folders = survey(root, record)
    known: dict[str, Entry] = (record or {}).get("files", {})
    tree = Tree()
    files, stamps = tree.files, tree.stamps
    for relative, now in present.items():
        old = known.get(relative)
        if old is not None and old.startswith(now):
            if not relative.startswith("pagefind/"):     # known by stamp alone
                files[relative] = digest_in(old)
            stamps[relative] = now
        else:
            tree.strangers.append(relative)
    if len(tree.stamps) < len(known):
        tree.strangers.append("")     # something it held is gone
    search = (record or {}).get("search")
    if search and all(not path.startswith("pagefind/") for path in tree.strangers):
        tree.search = search
    # To be recorded: a folder that holds a stranger (which a build that does not
    # finish leaves there) or that changed just now is listed again next time.
    racy = time.time_ns() - RACY_NS
    odd = {path.rpartition("/")[0] for path in tree.strangers if path}
    tree.folders = {relative: UNLISTED if relative in odd or modified(stamp) >= racy else stamp
                    for relative, stamp in folders.items()}
    return tree


def folder_id(path: Path) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return f"{status.st_dev}:{status.st_ino}"
