"""Knowing a file by what it holds: its digest, and the stamp that says, as git's
index does, whether it can still be what it was when it was hashed or written."""

from __future__ import annotations

import os
import struct

try:        # hashlib would load OpenSSL first, a tenth of a no-change build's time
    from _blake2 import blake2b
except ImportError:   # pragma: no cover
    from hashlib import blake2b


def content_digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def combined(*parts: str) -> str:
    return content_digest("\0".join(parts).encode())


# A stamp: what the file system says of a file that changes whenever the file does,
# its size, its times of modification and of change (ns; the change time is one no
# one can set back) and its inode, packed. An archive's state holds some 200,000
# of them: as bytes, one object each (and its digest with it, `Entry`), where a tuple
# of ints was six, the state is read in two thirds of the time and held in some
# 40 MB less.
STAMP = struct.Struct("<qqqQ")
STAMP_SIZE = STAMP.size
Stamped = bytes


def stamp_of(status: os.stat_result) -> Stamped:
    return STAMP.pack(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def modified(stamp: Stamped) -> int:
    """The time of modification in a stamp (or an entry), ns."""
    return STAMP.unpack_from(stamp)[1]


def inode(stamp: Stamped) -> int:
    """The inode in a stamp (or an entry)."""
    return STAMP.unpack_from(stamp)[3]


def same_content_stamp(old: Stamped, status: os.stat_result) -> bool:
    """Whether a file's size, time of modification and inode are those of a stamp,
    whatever its time of change (which a hard link made or removed moves)."""
    size, modified_ns, _, number = STAMP.unpack_from(old)
    return (status.st_size, status.st_mtime_ns, status.st_ino) == (size, modified_ns, number)


Entry = bytes


def entry_of(stamp: Stamped, digest: str) -> Entry:
    """A file as a record knows it: its stamp when it was hashed or written, and the
    digest of what it held then ('' for a file known by its stamp alone)."""
    return stamp + bytes.fromhex(digest)


def digest_in(entry: Entry) -> str:
    """The digest an entry holds, '' if none. (Its stamp: `entry[:STAMP_SIZE]`;
    whether a file is as an entry knew it: `entry.startswith(stamp_of(status))`.)"""
    return entry[STAMP_SIZE:].hex()
