"""Static search over every story and note, with Pagefind, when it is installed
(`pip install 'glossator[search]'`): the build indexes the finished site before it
goes into place, and the index page gets a search box."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ..write.site import WriteError


def search_available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def index_for_search(site: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise WriteError("the search index could not be built: "
                         + (done.stderr.strip().splitlines() or ["pagefind failed"])[-1])
