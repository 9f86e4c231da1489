"""Make the real-revision corpus (`corpus.json.gz`) from the releases in sources.txt.

    python bench/revisions/fetch.py [--cache DIR]

Downloads each release's source distribution with pip (into the cache, once), and
keeps the prose documents (README and docs/, as .rst, .md or .txt; no changelogs,
licences or generated files) that both releases of a package have and that changed
between them: up to eight a package, between 1.5 and 80 KB. The corpus is committed,
so the benchmark runs offline; this script says exactly where it came from.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROSE = re.compile(r"(^|/)(README[^/]*|docs?/.*)\.(rst|md|txt)$", re.IGNORECASE)
SKIP = re.compile(r"change|history|licen[cs]e|authors|requirements|egg-info|_build",
                  re.IGNORECASE)
PER_PACKAGE = 8
SIZES = (1500, 80_000)


def sources() -> list[tuple[str, str, str]]:
    rows = []
    for line in (HERE / "sources.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            package, old, new, *_ = line.split()
            rows.append((package, old, new))
    return rows


def download(package: str, version: str, cache: Path) -> Path:
    found = [p for p in cache.iterdir() if p.name.lower().startswith(f"{package}-{version}.")]
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                        "--no-binary", ":all:", "-d", str(cache), f"{package}=={version}"],
                       check=True, capture_output=True)
        found = [p for p in cache.iterdir()
                 if p.name.lower().startswith(f"{package}-{version}.")]
    return found[0]


def documents(archive: Path) -> dict[str, str]:
    """The prose documents of a release, by path without the top folder."""
    texts = {}
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            members = [(n, lambda n=n: z.read(n)) for n in z.namelist()]
            return collect(members)
    with tarfile.open(archive) as tar:
        members = [(m.name, lambda m=m: tar.extractfile(m).read())
                   for m in tar.getmembers() if m.isfile()]
        texts = collect(members)
    return texts


def collect(members) -> dict[str, str]:
    texts = {}
    for name, read in members:
        path = name.split("/", 1)[1] if "/" in name else name
        if PROSE.search(path) and not SKIP.search(path):
            if re.fullmatch(r"README\.\w+", path, re.IGNORECASE):
                path = "README"         # one release's README.rst is the next one's .md
            try:
                texts[path] = read().decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def chosen(old: dict[str, str], new: dict[str, str]) -> list[str]:
    both = [p for p in sorted(old) if p in new and old[p] != new[p]
            and SIZES[0] <= len(old[p]) <= SIZES[1]]
    both.sort(key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    return sorted(both[:PER_PACKAGE])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "glossator-revisions")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    corpus = {}
    for package, old_version, new_version in sources():
        old = documents(download(package, old_version, args.cache))
        new = documents(download(package, new_version, args.cache))
        paths = chosen(old, new)
        corpus[package] = {"old": old_version, "new": new_version,
                           "documents": {p: [old[p], new[p]] for p in paths}}
        print(f"{package} {old_version} -> {new_version}: {len(paths)} documents, "
              f"{sum(len(old[p]) for p in paths) / 1000:.0f} KB")
    data = json.dumps(corpus, ensure_ascii=False, sort_keys=True).encode()
    (HERE / "corpus.json.gz").write_bytes(gzip.compress(data, mtime=0))
    print(f"corpus.json.gz: {len(data) / 1e6:.1f} MB of text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
