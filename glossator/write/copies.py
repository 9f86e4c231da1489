"""The copies of the site a build keeps (the live one and the spare, see site.py):
what each holds, read from the folder itself and checked against the record of the
build that made it, file by file, by stamp."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import DIGEST, Known, Stamped, stamp_of


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

    @property
    def complete(self) -> bool:
        return not self.strangers

    def index_stamps(self) -> dict[str, Known]:
        """The search index's files (pagefind/), which are recorded by stamp alone."""
        return {path: Known.of(now, "") for path, now in self.stamps.items()
                if path.startswith("pagefind/")}


def read_tree(root: Path, record: dict | None) -> Tree:
    """What the copy in `root` holds, as far as `record` (BuildState.record_of) can
    vouch for it."""
    present = walk(root)
    known: dict[str, tuple] = (record or {}).get("files", {})    # Knowns, or their tuples
    tree = Tree()
    files, stamps = tree.files, tree.stamps
    for relative, now in present.items():
        old = known.get(relative)
        if old is not None and old[:4] == now:
            if not relative.startswith("pagefind/"):     # known by stamp alone
                files[relative] = old[DIGEST]
            stamps[relative] = now
        else:
            tree.strangers.append(relative)
    if len(tree.stamps) < len(known):
        tree.strangers.append("")     # something it held is gone
    search = (record or {}).get("search")
    if search and all(not path.startswith("pagefind/") for path in tree.strangers):
        tree.search = search
    return tree


def folder_id(path: Path) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return f"{status.st_dev}:{status.st_ino}"
