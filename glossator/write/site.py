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
import errno
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..build.cache import BuildState, tool_digest
from ..digests import (Entry, combined, content_digest, digest_in, entry_of, inode,
                       same_content_stamp, stamp_of)
from .copies import UNLISTED, Tree, walk

SEARCH_FOLDER = "pagefind"


class WriteError(Exception):
    """The output folder could not be written; the message says why. `no_space`:
    for want of room on the disk (or within the file size the system allows)."""

    def __init__(self, message: str, no_space: bool = False):
        super().__init__(message)
        self.no_space = no_space


NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def write_error(exc: OSError, out_dir: Path) -> WriteError:
    return WriteError(describe(exc, out_dir), exc.errno in NO_SPACE)


def unsafe_output(out_dir: Path, keep: dict[str, Path]) -> str | None:
    """Why the site must not be built into `out_dir`, or None. A build swaps the
    whole folder for its spare copy, and the next build clears what it did not
    write, so a folder that is, holds or lies inside one of the folders to `keep`
    (the content, the templates) would lose them, as Jekyll refuses a destination
    that holds its source. The root folder has no place beside it for the cache."""
    out = Path(os.path.abspath(out_dir))
    if out.name in ("", ".."):
        return "the output folder must be a folder of its own, not the root of the disk"
    out = out.resolve()
    for what, folder in keep.items():
        folder = folder.resolve()
        if folder == out:
            return f"the output folder is the {what} folder; a build would replace it"
        if folder.is_relative_to(out):
            return (f"the output folder holds the {what} folder "
                    f"({os.path.relpath(folder, out)}/); a build would replace it")
        if out.is_relative_to(folder):
            return f"the output folder is inside the {what} folder"
    return None


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


def link_file(root: Path, twin: Path, relative: str) -> None:
    """A hard link in `twin` to one file of `root`. The first build into a folder
    makes its spare copy this way as it goes, on every process that writes; a
    file that cannot be linked is simply absent from the twin, which the next build
    finds and makes good."""
    source, target = os.path.join(root, relative), os.path.join(twin, relative)
    try:
        try:
            os.link(source, target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
        except FileExistsError:         # written again in the same build
            os.unlink(target)
            os.link(source, target)
    except OSError:
        pass


def copy_file(source: str | Path, root: Path, relative: str, link: bool = False) -> None:
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


@dataclass(frozen=True)
class Placement:
    """The one rule for putting a file of a new build into the site: into the spare
    copy, unless it holds that very file already, and, during the first build into a
    folder, as a hard link into the twin too. The workers put the stories' files
    this way and the writer the rest; each says what it put (its digest), which the
    writer records. `nowhere()` puts nothing: `check`'s, which writes no site."""

    spare: Path | None
    twin: Path | None = None
    held: Mapping[str, str] = field(default_factory=dict)     # what the spare holds

    @staticmethod
    def nowhere() -> "Placement":
        return Placement(None)

    @property
    def writes(self) -> bool:
        return self.spare is not None

    def put(self, relative: str, data: bytes) -> str:
        digest = content_digest(data)
        if self.spare is not None and self.held.get(relative) != digest:
            put_file(self.spare, relative, data)
        self.twinned(relative)
        return digest

    def copy(self, relative: str, source: str | Path, digest: str, link: bool = False) -> bool:
        """A file published as it is (or, with `link`, one of the live copy's): True
        when it had to be copied."""
        if self.spare is None or self.held.get(relative) == digest:
            self.twinned(relative)
            return False
        copy_file(source, self.spare, relative, link)
        self.twinned(relative)
        return True

    def twinned(self, relative: str) -> None:
        if self.spare is not None and self.twin is not None:
            link_file(self.spare, self.twin, relative)

    def without(self, paths: set[str]) -> "Placement":
        """The same, as if the spare held none of `paths` (to write them again)."""
        return replace(self, held={p: d for p, d in self.held.items() if p not in paths})


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
            discard_leftovers(self.out_dir, self.spare)
            if self.out_dir.exists() and (not self.out_dir.is_dir()
                                          or self.out_dir.is_symlink()):
                raise WriteError(f"{self.out_dir} exists and is not a folder; not replacing it")
            self.live_record = state.record_of(self.out_dir)
            self.read_live: Tree | None = None
            if fresh and self.spare.exists():
                shutil.rmtree(self.spare)
            if not self.spare.exists() and state.twin.exists():
                # killed between the two renames that end a first build (see
                # `swap_into_place`): the twin was to be the spare, as recorded
                os.rename(state.twin, self.spare)
            self.spare.mkdir(parents=True, exist_ok=True)
            if state.twin.exists():           # from a first build that did not finish
                shutil.rmtree(state.twin)
            # The first build into a new folder leaves no spare copy behind it: it is
            # made as the build goes (see `link_file`), to spare the next build
            # writing every file.
            self.twin = None if self.out_dir.exists() else state.twin
            if self.twin is not None:
                self.twin.mkdir()
            self.held = state.read_copy(self.spare)
        except OSError as exc:
            raise write_error(exc, self.out_dir) from exc
        self.written: dict[str, str] = {}
        self.touched: set[str] = set()         # files of the spare made by this build
        self.linked: set[str] = set()          # files of the live copy it linked to
        self.removed: list[str] = []           # files of the spare it removed

    @property
    def live(self) -> Tree:
        """What the live copy holds, read only when the spare lacks something."""
        if self.read_live is None:
            self.read_live = (self.state.read_copy(self.out_dir)
                              if self.out_dir.is_dir() else Tree())
        return self.read_live

    def live_record_at(self, root: Path) -> dict:
        """The record of the live copy (at `root`), as it is after this build linked
        files of it into the spare; still the copy the build that made it made."""
        if self.read_live is None:   # untouched: as recorded, to be checked when next read
            return self.live_record or {"files": {}, "search": None}
        record = restamped(root, self.live, self.live.files, self.linked)
        if self.live.search is not None:      # its files may be linked from the new
            record["files"].update(index_stamps(root))
            record["search"] = self.live.search
        # Only files whose stamps matched are recorded, so one it cannot vouch for
        # is a stranger when next read, and the fingerprint is not trusted then.
        for key in ("fingerprint", "report"):
            if self.live_record and key in self.live_record:
                record[key] = self.live_record[key]
        return record

    def available(self, outputs: dict[str, str]) -> bool:
        """Whether files a cached story made are still in one copy or the other."""
        return all(self.held.files.get(path) == digest or self.live.files.get(path) == digest
                   for path, digest in outputs.items())

    @property
    def placement(self) -> Placement:
        """How this build puts files into the spare copy (the workers' too)."""
        return Placement(self.spare, self.twin, self.held.files)

    def put(self, relative: str, data: bytes) -> None:
        self.record(relative, self.guarded(self.placement.put, relative, data))

    def copy(self, relative: str, source: Path, digest: str) -> None:
        self.guarded(self.placement.copy, relative, source, digest)
        self.record(relative, digest)

    def reuse(self, outputs: dict[str, str]) -> None:
        """Files a cached story made: kept if the spare has them, else linked from
        the live copy."""
        held, written = self.held.files, self.written
        placement = None
        for relative, digest in outputs.items():
            if self.twin is None and held.get(relative) == digest:
                written[relative] = digest      # most of an archive: as record() would
                continue
            placement = placement or self.placement
            if self.guarded(placement.copy, relative, f"{self.out_dir}/{relative}", digest,
                            True):
                self.linked.add(relative)
            self.record(relative, digest)

    def record(self, relative: str, digest: str) -> None:
        """A file of the new build, written by now (here or by a worker process)
        unless the spare held it already."""
        if self.held.files.get(relative) != digest:
            self.touched.add(relative)
        self.written[relative] = digest

    def rewritten(self, relative: str, digest: str) -> None:
        """A file of the new build that a worker wrote again whatever the spare held
        (a story made a second time, see Build.respell)."""
        self.record(relative, digest)
        self.touched.add(relative)

    def guarded(self, action: Callable, *args) -> Any:
        try:
            return action(*args)
        except OSError as exc:
            raise write_error(exc, self.out_dir) from exc

    def finish(self, index_for_search: Callable[[Path], None] | None,
               commit: Callable[[Path, dict[Path, dict]], None]) -> None:
        """Remove what the new build does not have, index it for search, and swap
        it in; `index_for_search` may raise WriteError. Just before the swap,
        `commit(new, records)` is told what each copy will hold after it, by the
        folder it is in now (`new` is the one that becomes the live site): the
        record and the swap are then one step, as each record goes with its
        folder, and a build killed on either side of the swap leaves records
        that say what each copy holds."""
        try:
            self.remove_stale()
            search = self.search_key() if index_for_search else None
            index = self.spare / SEARCH_FOLDER
            index_kept = search is not None and self.held.search == search
            if search is None:
                shutil.rmtree(index, ignore_errors=True)
            elif not index_kept:
                shutil.rmtree(index, ignore_errors=True)
                if self.live.search == search:
                    shutil.copytree(self.out_dir / SEARCH_FOLDER, index,
                                    copy_function=link_or_copy)
                else:
                    assert index_for_search is not None     # there is a search key
                    index_for_search(self.spare)
            first = not self.out_dir.exists()
            if first:
                records = self.first_records(search)
            else:
                new = restamped(self.spare, self.held, self.written, self.touched)
                made = set(self.touched) | set(self.removed)
                if search is not None:
                    stamps = self.held.index_stamps() if index_kept else index_stamps(self.spare)
                    new["files"].update(stamps)
                    new["search"] = search
                    if not index_kept:
                        made.update(stamps)
                new["folders"] = folders_after(self.spare, new["folders"], made)
                records = {self.spare: new, self.out_dir: self.live_record_at(self.out_dir)}
            sync_tree(self.spare)
            commit(self.spare, records)
            swap_into_place(self.spare, self.out_dir, self.twin if first else None)
        except OSError as exc:
            raise write_error(exc, self.out_dir) from exc

    def first_records(self, search: str | None) -> dict[Path, dict]:
        """For the first build into this folder, whose twin becomes the spare copy:
        the records of both, once the search index is in the twin too."""
        if self.twin is None:       # the folder was made by someone else meanwhile
            self.twin = self.state.twin
            self.twin.mkdir()
        if search is not None:
            shutil.copytree(self.spare / SEARCH_FOLDER, self.twin / SEARCH_FOLDER,
                            copy_function=link_or_copy)
        records = {}
        for root in (self.spare, self.twin):     # linking changed the files' ctime
            record = restamped(root, Tree(), self.written, set(self.written))
            if search is not None:
                record["files"].update(index_stamps(root))
                record["search"] = search
            record["folders"] = folders_after(root, {}, record["files"])
            records[root] = record
        return records

    def discard_unfinished(self) -> None:
        """After the disk filled up: remove from the spare everything this build
        wrote there (its workers' files too), to give back the room it took, so that
        the next build does not fail for the room a failed one still holds."""
        for relative, now in walk(self.spare).items():
            if self.held.stamps.get(relative) != now:
                try:
                    os.unlink(self.spare / relative)
                except OSError:
                    continue
                self.held.files.pop(relative, None)
        self.written, self.touched = {}, set()

    def unfinished(self) -> dict[Path, dict]:
        """What each copy holds after a build that did not finish: the live one as
        before, the spare with whatever the build wrote into it."""
        touched = self.touched
        if self.twin is not None:
            # Of no use now; and linking into it, then unlinking it, changed the ctime
            # of every file it shared, so all of those are stamped again.
            shutil.rmtree(self.twin, ignore_errors=True)
            touched = touched | set(self.written)
        spare = restamped(self.spare, self.held, {**self.held.files, **self.written}, touched)
        spare["folders"] = folders_after(self.spare, spare["folders"], touched)
        return {self.out_dir: self.unlinked_restamped(self.live_record_at(self.out_dir)),
                self.spare: spare}

    def unlinked_restamped(self, record: dict) -> dict:
        """The live copy's record, with the files it shared with the spare (a hard
        link from the first build) stamped again where the build replaced them in
        the spare: unlinking the spare's name of a file changes its time of change,
        and nothing else. Else a failed build would leave the live site looking
        changed, and the next build would write it all again."""
        files = dict(record.get("files", {}))       # the record as read is not changed
        record = {**record, "files": files}
        for relative, entry in list(files.items()):
            spare = self.held.stamps.get(relative)
            if spare is None or inode(spare) != inode(entry):
                continue                      # not a file the two copies shared
            try:
                status = os.stat(self.out_dir / relative)
            except OSError:
                continue
            if same_content_stamp(entry, status):
                files[relative] = entry_of(stamp_of(status), digest_in(entry))
        return record

    def remove_stale(self) -> None:
        keep = self.written
        for relative in list(self.held.files) + self.held.strangers:
            if relative and relative not in keep and not relative.startswith(f"{SEARCH_FOLDER}/"):
                path = self.spare / relative
                self.removed.append(relative)
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


def restamped(root: Path, tree: Tree, files: dict[str, str], touched: set[str]) -> dict:
    """The record of a copy of the site: what `files` says each file holds, with the
    stamp it had when the copy was read, or, for the `touched` ones, has now."""
    record: dict[str, Entry] = {}
    stamps = tree.stamps
    for relative, digest in files.items():
        stamp = stamps.get(relative)
        if stamp is None or relative in touched:
            try:
                stamp = stamp_of(os.stat(f"{root}/{relative}"))
            except OSError:         # gone: the next build will find it missing
                continue
        record[relative] = entry_of(stamp, digest)
    # The folders' stamps as the copy was read: those this build wrote in have
    # changed since, and are listed next time, which finds what it made there.
    return {"files": record, "search": None, "folders": tree.folders}


def folders_after(root: Path, folders: dict, made: Iterable[str]) -> dict:
    """The stamps of a copy's folders (copies.survey) once a build has written and
    removed the files `made`: each folder above one of them stamped again, so that
    the next build lists only what changed after this one."""
    above: set[str] = set()
    for relative in made:
        while relative:
            relative = relative.rpartition("/")[0]
            if relative in above:
                break
            above.add(relative)
    result = dict(folders)
    for relative in above:
        if result.get(relative) == UNLISTED:       # it holds a file no record vouches for
            continue
        try:
            result[relative] = stamp_of(os.stat(f"{root}/{relative}" if relative else root))
        except OSError:
            result.pop(relative, None)
    return result


def index_stamps(root: Path) -> dict[str, Entry]:
    """The search index's files, recorded by stamp alone."""
    return {f"{SEARCH_FOLDER}/{relative}": entry_of(now, "")
            for relative, now in walk(root / SEARCH_FOLDER).items()}


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def discard_leftovers(out_dir: Path, spare: Path) -> None:
    """Put right what a build that was killed may have left beside the output folder:
    `.building` from Glossator before the spare copy, and `.old` from a swap by
    renames (where the system cannot swap two folders in one step), which is the old
    live copy: put back in its place if the build was killed before the new one took
    it, else made the spare as the swap would have."""
    building = out_dir.with_name(f".{out_dir.name}.building")
    if building.exists():
        shutil.rmtree(building)
    old = out_dir.with_name(f".{out_dir.name}.old")
    if not old.exists():
        return
    if not out_dir.exists():
        os.rename(old, out_dir)
    elif not spare.exists():
        os.rename(old, spare)
    else:
        shutil.rmtree(old)


def sync_tree(folder: Path) -> None:
    """Flush the new files to disk before they replace the old ones, so that a power
    cut just after the swap cannot leave the new site's files empty: the file system
    that holds `folder` (Linux's syncfs), not every disk the machine has."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        descriptor = None
    try:
        if descriptor is not None and _syncfs(descriptor) == 0:
            return
    finally:
        if descriptor is not None:
            os.close(descriptor)
    if hasattr(os, "sync"):
        os.sync()


def _syncfs(descriptor: int) -> int:
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs(descriptor)
    except (OSError, AttributeError, TypeError):     # not Linux
        return -1


def swap_into_place(staging: Path, out_dir: Path, twin: Path | None = None) -> None:
    """Swap the two folders; if there was no output folder, the staging one takes its
    place and the `twin` (or an empty folder) is left where it was."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        if twin is not None:
            os.rename(twin, staging)
        else:
            staging.mkdir()
        return
    if not exchange(staging, out_dir):
        swap_by_renames(staging, out_dir)


def swap_by_renames(staging: Path, out_dir: Path) -> None:
    """The swap where the system cannot swap two folders in one step (macOS, or an
    old Linux): three renames, through `.<out>.old`, which `discard_leftovers`
    puts right if the build is killed between them."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2   # in the C library
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
