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


class Known(NamedTuple):
    """A file as a record knows it: its stamp when it was hashed or written, and the
    digest of what it held then ('' for a file known by its stamp alone). Stored as
    the tuple of the five, so a record reads back as it was written."""

    size: int
    modified: int
    changed: int
    inode: int
    digest: str

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.size, self.modified, self.changed, self.inode)

    def has_stamp(self, stamp: Stamp) -> bool:
        """Whether the file is as it was: asked of every file of an archive by a
        build with nothing to do, so without making a Stamp to compare."""
        return self[:4] == stamp

    @staticmethod
    def of(stamp: Stamped, digest: str) -> Known:
        return Known(*stamp, digest)

    @staticmethod
    def read(entries: dict[str, tuple]) -> dict[str, Known]:
        """A record's files as the state file has them (tuples) to `Known`s."""
        return {path: Known(*entry) for path, entry in entries.items()}


# A Known as the state file keeps it, a plain tuple, is read by place where an
# archive's worth of them is: entry[:4] its stamp, entry[DIGEST] its digest.
DIGEST = 4
