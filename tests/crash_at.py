"""Run the command line as `build.py` does, but die by SIGKILL right after a given
function of Glossator returns, to stop a build at an exact step (tests/write/test_kills.py):
`python tests/crash_at.py glossator.write.site.swap_into_place build --content …`.
The function is looked up where its callers find it, at the time they call it."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def crash_after(target: str) -> None:
    module_name, _, name = target.rpartition(".")
    try:
        owner = importlib.import_module(module_name)
    except ImportError:             # a method: module.Class.method
        module_name, _, class_name = module_name.rpartition(".")
        owner = getattr(importlib.import_module(module_name), class_name)
    original = getattr(owner, name)

    def crashing(*args, **kwargs):
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, crashing)


if __name__ == "__main__":
    crash_after(sys.argv[1])
    from glossator.cli import main

    sys.exit(main(sys.argv[2:]))
