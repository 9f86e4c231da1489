"""Stage 4, write: put the built site in place all at once, or not at all.

Everything is written into a fresh folder beside the output folder, then the two are
swapped in one step (Linux's renameat2 RENAME_EXCHANGE; elsewhere two renames), so a
reader or a host never sees half a site, and a failed or killed build leaves the old
one exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class SiteFiles:
    """What a build publishes: generated files, and files copied as they are.
    Paths are relative to the output folder, with '/' separators."""

    generated: dict[str, bytes]
    copied: dict[str, Path]


class WriteError(Exception):
    """The output folder could not be written; the message says why."""


def write_site(out_dir: Path, files: SiteFiles,
               finish: Callable[[Path], None] | None = None) -> None:
    """Write the site; `finish`, if given, runs on the complete new site before it
    takes the old one's place (to add a search index, say), and may raise WriteError."""
    out_dir = out_dir.absolute()
    staging = out_dir.with_name(f".{out_dir.name}.building")
    discard_leftovers(out_dir)
    try:
        staging.mkdir(parents=True)
        for relative, data in sorted(files.generated.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for relative, source in sorted(files.copied.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if finish is not None:
            finish(staging)
        sync_tree(staging)
        swap_into_place(staging, out_dir)
    except WriteError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "the disk is full"
        raise WriteError(f"cannot write the site to {out_dir}: {reason}"
                         + (f" ({exc.filename})" if exc.filename else "")) from exc


def discard_leftovers(out_dir: Path) -> None:
    """Remove what a build that was killed may have left beside the output folder."""
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
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise WriteError(f"{out_dir} exists and is not a folder; not replacing it")
    if exchange(staging, out_dir):
        shutil.rmtree(staging)   # now holds the old site
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old)


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
