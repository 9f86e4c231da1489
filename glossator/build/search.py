"""Static search over every story and note, with Pagefind, when it is installed
(`pip install 'glossator[search]'`): the build indexes the finished site before it
goes into place, and the index page gets a search box."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

from ..write.site import WriteError


def search_available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def index_for_search(site: Path) -> None:
    # Pagefind dies with the build: one killed must not leave it writing into the
    # spare copy while the next build makes its own index there.
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                          capture_output=True, text=True,
                          preexec_fn=partial(die_with_build, os.getpid()))
    if done.returncode != 0:
        raise WriteError("the search index could not be built: "
                         + (done.stderr.strip().splitlines() or ["pagefind failed"])[-1])


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
