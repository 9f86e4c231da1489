"""Static search over every story and note, with Pagefind, when it is installed
(`pip install 'glossator[search]'`): the index page gets a search box, and the
build indexes the stories' pages before the site goes into place.

Pagefind indexes every page it is given again, some 4 ms a story here, and has no
way to add or replace one page in an index. So the index is in shards: the story
pages fall into groups of about `SHARD_SIZE`, each its own Pagefind index under
`pagefind/<key>/`, named by the digest of its pages, and only a group with a page
that changed is indexed again. The reader's browser merges them (Pagefind's
`mergeIndex`, one WebAssembly module for all): the search box loads
`pagefind/pagefind.js`, which is `shards.js` beside this file, in place of
Pagefind's own, and it reads the shards' keys from `pagefind/shards.json`.

The groups are cut where the stories' slugs say, not by counting (content-defined
chunking, as rsync and backup tools cut files): with the slugs in order, a group
ends before a slug whose digest is a multiple of `SHARD_SPREAD`, once it holds
`SHARD_MINIMUM`. A story added, removed or re-dated anywhere changes its own group
(and, if it stands at a cut, the one beside it), never moves the others' stories."""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..digests import combined

SHARD_MINIMUM = 150         # stories: ~0.6 s to index, and few bundles for a reader
SHARD_SPREAD = 150          # a group holds 150 + about 150 more, ~300 on average
SHARD_MAXIMUM = 1000        # cut here whatever the slugs say: ~4 s at most

# What the page loads of Pagefind, kept once at pagefind/ (every shard writes its own)
INTERFACE = ("pagefind-ui.js", "pagefind-ui.css")
MERGER = "pagefind.js"          # the shards, as one index (shards.js)
SHARD_LIST = "shards.json"
# What the shards' bundles hold that the search box does not use: Pagefind's other
# interfaces, written beside each shard's index and removed to save 0.4 MB a shard
UNUSED = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-highlight.js")


def search_available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


@dataclass(frozen=True)
class Shard:
    key: str                    # its folder under pagefind/: the digest of its pages
    pages: tuple[str, ...]      # the story pages it indexes, relative to the site


def shards(pages: dict[str, str], made_with: str) -> list[Shard]:
    """The story pages (path -> digest), in groups: each with its key."""
    groups: list[list[str]] = [[]]
    for path in sorted(pages):
        group = groups[-1]
        if len(group) >= SHARD_MAXIMUM or (len(group) >= SHARD_MINIMUM and cuts_before(path)):
            groups.append(group := [])
        group.append(path)
    if len(groups) > 1 and len(groups[-1]) < SHARD_MINIMUM:    # the last slugs' few
        tail = groups.pop()
        groups[-1].extend(tail)
    return [Shard(combined(made_with, *(f"{p}={pages[p]}" for p in group))[:20], tuple(group))
            for group in groups if group]


def cuts_before(path: str) -> bool:
    digest = hashlib.blake2b(path.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SHARD_SPREAD == 0


def shard_list(keys: list[str]) -> bytes:
    return json.dumps(keys).encode()


def merger() -> bytes:
    """pagefind/pagefind.js: the shards merged, which the search box loads."""
    return Path(__file__).with_name("shards.js").read_bytes()


def index_shards(site: Path, scratch: Path, wanted: list[Shard]) -> None:
    """Index each shard of `wanted` into site/pagefind/<key>/: each Pagefind run reads
    a folder of links to its pages alone (under `scratch`), as many at once as there
    are processors. Raises WriteError."""
    from ..write.site import SEARCH_FOLDER, WriteError

    shutil.rmtree(scratch, ignore_errors=True)
    queue = list(wanted)
    running: list[tuple[Shard, subprocess.Popen]] = []
    try:
        while queue or running:
            while queue and len(running) < (os.cpu_count() or 1):
                shard = queue.pop(0)
                folder = scratch / shard.key
                for page in shard.pages:
                    (folder / page).parent.mkdir(parents=True, exist_ok=True)
                    point_to(site / page, folder / page)
                running.append((shard, start_pagefind(folder, site / SEARCH_FOLDER / shard.key)))
            shard, process = running.pop(0)
            _, stderr = process.communicate()
            if process.returncode != 0:
                raise WriteError("the search index could not be built: "
                                 + (stderr.strip().splitlines() or ["pagefind failed"])[-1])
            for name in UNUSED:
                (site / SEARCH_FOLDER / shard.key / name).unlink(missing_ok=True)
    finally:
        for _, process in running:
            process.kill()
            process.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def point_to(page: Path, target: Path) -> None:
    """A symbolic link, not a hard one: a hard link changes the page's ctime, and so
    its stamp, which would make it a stranger to the record of its copy (and of the
    live one, which may share it)."""
    try:
        os.symlink(page.absolute(), target)
    except OSError:
        shutil.copyfile(page, target)


def start_pagefind(pages: Path, output: Path) -> subprocess.Popen:
    # Pagefind dies with the build: one killed must not leave it writing into the
    # spare copy while the next build makes its own index there.
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(pages),
                             "--output-path", str(output), "--silent"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=partial(die_with_build, os.getpid()))


PR_SET_PDEATHSIG = 1


def die_with_build(build: int) -> None:
    """In the child, before Pagefind starts: SIGKILL when the build dies (Linux;
    Pagefind's launcher execs the binary, which keeps the setting)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != build:       # the build died before the line above
        os._exit(1)
