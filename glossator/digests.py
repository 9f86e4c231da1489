"""Knowing a file by what it holds: its digest, and the stamp that says, as git's
index does, whether it can still be what it was when it was hashed or written."""

from __future__ import annotations

import os
from typing import NamedTuple

try:        # hashlib would load OpenSSL first, a tenth of a no-change build's time
    from _blake2 import blake2b
except ImportError:   # pragma: no cover
    from hashlib import blake2b


def content_digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def combined(*parts: str) -> str:
    return content_digest("\0".join(parts).encode())


class Stamp(NamedTuple):
    """What the file system says of a file that changes whenever the file does."""

    size: int
    modified: int       # ns
    changed: int        # ns: the inode's change time, which no one can set back
    inode: int

    @staticmethod
    def of(status: os.stat_result) -> Stamp:
        return Stamp(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


Stamped = tuple[int, int, int, int]    # a Stamp, or the plain tuple of one


def stamp_of(status: os.stat_result) -> Stamped:
    """`Stamp.of` as a plain tuple, equal to it: for the walks over every file of an
    archive, where making a NamedTuple (a Python-level call) each time would cost
    more than the `stat` itself."""
    modified, changed = status.st_mtime_ns, status.st_ctime_ns
    # Most files' two times are the same: one int, which marshal keeps once.
    return (status.st_size, modified, modified if changed == modified else changed,
            status.st_ino)


Entry = tuple     # (size, modified, changed, inode, digest): a file as a record knows it


def entry_of(stamp: Stamped, digest: str) -> Entry:
    """A file as a record knows it: its stamp when it was hashed or written, and the
    digest of what it held then ('' for a file known by its stamp alone). A plain
    tuple, which marshal keeps as it is: a record's files need no copy to be saved."""
    return (*stamp, digest)


# An entry is read by place: entry[:4] its stamp, entry[DIGEST] its digest.
DIGEST = 4
