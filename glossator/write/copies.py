"""The copies of the site a build keeps (the live one and the spare, see site.py):
what each holds, read from the folder itself and checked against the record of the
build that made it, file by file, by stamp."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import Known, Stamp


def walk(root: Path) -> dict[str, Stamp]:
    """Every file under `root`, relative path -> stamp."""
    found: dict[str, Stamp] = {}
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
                found[prefix + entry.name] = Stamp.of(entry.stat(follow_symlinks=False))
    return found


@dataclass
class Tree:
    """What a copy of the site holds: relative path -> digest, for each file whose
    stamp shows it is as the build that wrote it left it."""

    files: dict[str, str] = field(default_factory=dict)        # the search index aside
    stamps: dict[str, Stamp] = field(default_factory=dict)
    strangers: list[str] = field(default_factory=list)   # files not known to hold anything
    # the search index's shards there whose files are as the build that made them left
    # them (see build/search.py), by key
    search: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return not self.strangers

    def index_stamps(self, shards: set[str]) -> dict[str, Known]:
        """The files of these shards of the search index (pagefind/<key>/), which are
        recorded by stamp alone."""
        return {path: Known.of(now, "") for path, now in self.stamps.items()
                if path.startswith("pagefind/") and shard_of(path) in shards}


def shard_of(path: str) -> str:
    """The shard of the search index a file of pagefind/ belongs to (or its name)."""
    return path.split("/", 2)[1]


def read_tree(root: Path, record: dict | None) -> Tree:
    """What the copy in `root` holds, as far as `record` (BuildState.record_of) can
    vouch for it."""
    present = walk(root)
    known: dict[str, Known] = (record or {}).get("files", {})
    tree = Tree()
    for relative, now in present.items():
        old = known.get(relative)
        if old is not None and old.has_stamp(now):
            if not relative.startswith("pagefind/"):     # known by stamp alone
                tree.files[relative] = old.digest
            tree.stamps[relative] = now
        else:
            tree.strangers.append(relative)
    if len(tree.stamps) < len(known):
        tree.strangers.append("")     # something it held is gone
    shards = (record or {}).get("search")
    if isinstance(shards, list) and shards:
        broken = {shard_of(path) for path in tree.strangers if path.startswith("pagefind/")}
        if len(tree.stamps) < len(known):
            broken |= {shard_of(path) for path in known
                       if path.startswith("pagefind/") and path not in tree.stamps}
        tree.search = frozenset(shards) - broken
    return tree


def folder_id(path: Path) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return f"{status.st_dev}:{status.st_ino}"
