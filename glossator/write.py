"""Stage 4, write: put the built site in place all at once, or not at all.

There are two copies of the site: the live one (site/) and a spare one, the site as
the build before last left it, in `.site.glossator/spare/`. A build brings the spare
up to date, writing only the files whose content differs, then the two folders are
swapped in one step (Linux's renameat2 RENAME_EXCHANGE; elsewhere three renames), so
a reader or a host never sees half a site, a failed or killed build leaves the live
one exactly as it was, and the old live copy becomes the next build's spare.

Files are never rewritten in place: a new version is a new file, so a file that the
two copies share by a hard link (to save copying it) can never change under the live
site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path
from typing import Callable

from .cache import BuildState, Tree, combined, content_digest, read_tree, tool_digest, \
    tree_record

SEARCH_FOLDER = "pagefind"


class WriteError(Exception):
    """The output folder could not be written; the message says why."""


def put_file(root: Path, relative: str, data: bytes) -> None:
    """Write one file of a copy as a new file."""
    target = os.path.join(root, relative)
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    try:
        file = open(target, "xb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        file = open(target, "xb")
    with file:
        file.write(data)


def copy_file(source: Path, root: Path, relative: str, link: bool = False) -> None:
    target = os.path.join(root, relative)
    try:
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)


def describe(exc: OSError, out_dir: Path) -> str:
    reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
    return (f"cannot write the site to {out_dir}: {reason}"
            + (f" ({exc.filename})" if exc.filename else ""))


class SiteWriter:
    """Brings the spare copy up to date with a new build, then swaps it in.

    `held` is what the spare holds now (relative path -> digest), which need not be
    written again; `written` is the new build, path -> digest."""

    def __init__(self, out_dir: Path, state: BuildState, fresh: bool = False):
        self.out_dir = out_dir.absolute()
        self.state = state
        self.spare = state.spare
        try:
            discard_leftovers(self.out_dir)
            if self.out_dir.exists() and (not self.out_dir.is_dir()
                                          or self.out_dir.is_symlink()):
                raise WriteError(f"{self.out_dir} exists and is not a folder; not replacing it")
            self.live = (read_tree(self.out_dir, state.record_of(self.out_dir))
                         if self.out_dir.is_dir() else Tree())
            if fresh and self.spare.exists():
                shutil.rmtree(self.spare)
            self.spare.mkdir(parents=True, exist_ok=True)
            self.held = read_tree(self.spare, state.record_of(self.spare))
        except OSError as exc:
            raise WriteError(describe(exc, self.out_dir)) from exc
        self.written: dict[str, str] = {}

    def held_under(self, prefix: str) -> dict[str, str]:
        return {path: digest for path, digest in self.held.files.items()
                if path.startswith(prefix)}

    def available(self, outputs: dict[str, str]) -> bool:
        """Whether files a cached story made are still in one copy or the other."""
        return all(self.held.files.get(path) == digest or self.live.files.get(path) == digest
                   for path, digest in outputs.items())

    def put(self, relative: str, data: bytes) -> None:
        digest = content_digest(data)
        if self.held.files.get(relative) != digest:
            self.guarded(put_file, self.spare, relative, data)
        self.written[relative] = digest

    def copy(self, relative: str, source: Path, digest: str) -> None:
        if self.held.files.get(relative) != digest:
            self.guarded(copy_file, source, self.spare, relative)
        self.written[relative] = digest

    def reuse(self, outputs: dict[str, str]) -> None:
        """Files a cached story made: kept if the spare has them, else linked from
        the live copy."""
        for relative, digest in outputs.items():
            if self.held.files.get(relative) != digest:
                self.guarded(copy_file, self.out_dir / relative, self.spare, relative, True)
            self.written[relative] = digest

    def record(self, relative: str, digest: str) -> None:
        """A file a worker process wrote into the spare copy."""
        self.written[relative] = digest

    def guarded(self, action: Callable, *args) -> None:
        try:
            action(*args)
        except OSError as exc:
            raise WriteError(describe(exc, self.out_dir)) from exc

    def finish(self, index_for_search: Callable[[Path], None] | None) -> None:
        """Remove what the new build does not have, index it for search, and swap
        it in; `index_for_search` may raise WriteError."""
        try:
            self.remove_stale()
            search = self.search_key() if index_for_search else None
            index = self.spare / SEARCH_FOLDER
            if search is None:
                shutil.rmtree(index, ignore_errors=True)
            elif self.held.search != search:
                shutil.rmtree(index, ignore_errors=True)
                if self.live.search == search:
                    shutil.copytree(self.out_dir / SEARCH_FOLDER, index,
                                    copy_function=os.link)
                else:
                    index_for_search(self.spare)
            self.spare_record = tree_record(self.spare, self.written, search)
            sync_tree(self.spare)
            old_live = self.live.files
            swap_into_place(self.spare, self.out_dir)
        except OSError as exc:
            raise WriteError(describe(exc, self.out_dir)) from exc
        # the old live copy, now the spare, as far as it was known before the build
        self.trees = {self.out_dir: tree_record(self.out_dir, self.written, search),
                      self.spare: tree_record(self.spare, old_live, self.live.search)}

    def unfinished(self) -> dict[Path, dict]:
        """What each copy holds after a build that did not finish: the live one as
        before, the spare with whatever the build wrote into it."""
        known = {**self.held.files, **self.written}
        return {self.out_dir: tree_record(self.out_dir, self.live.files, self.live.search),
                self.spare: tree_record(self.spare, known, None)}

    def remove_stale(self) -> None:
        keep = self.written
        for relative in list(self.held.files) + self.held.strangers:
            if relative and relative not in keep and not relative.startswith(f"{SEARCH_FOLDER}/"):
                path = self.spare / relative
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                except IsADirectoryError:
                    shutil.rmtree(path)
                    continue
                remove_empty_parents(path.parent, self.spare)

    def search_key(self) -> str:
        pages = sorted(f"{path}={digest}" for path, digest in self.written.items()
                       if path.endswith(".html"))
        return combined(tool_digest(), *pages)


def remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def discard_leftovers(out_dir: Path) -> None:
    """Remove what a build that was killed may have left beside the output folder
    (`.building` from Glossator before the spare copy, `.old` from a swap without
    renameat2)."""
    for suffix in ("building", "old"):
        leftover = out_dir.with_name(f".{out_dir.name}.{suffix}")
        if leftover.exists():
            shutil.rmtree(leftover)


def sync_tree(folder: Path) -> None:
    """Flush the new files to disk before they replace the old ones, so that a power
    cut just after the swap cannot leave the new site's files empty."""
    if hasattr(os, "sync"):
        os.sync()


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Swap the two folders; if there was no output folder, the staging one takes its
    place and an empty one is left where it was."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        staging.mkdir()
        return
    if exchange(staging, out_dir):
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
