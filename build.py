"""Build the site: `python build.py [build|check|serve] [options]` (see README)."""

import os
import sys
from importlib.util import find_spec
from pathlib import Path

from glossator import LIBRARIES

VENV = Path(__file__).resolve().parent / ".venv"


def lacking() -> list[str]:
    return [name for name in LIBRARIES if find_spec(name) is None]


def run_where_the_libraries_are() -> None:
    """Run in the checkout's .venv, where the README's first command installs
    Glossator, when this Python lacks its libraries; failing that, say so in a line
    (not a traceback when the first of them is imported)."""
    missing = lacking()
    if not missing:
        return
    python = VENV / "bin" / "python"
    if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(python, [str(python), *sys.argv])
    print(f"error: this Python ({sys.executable}) lacks libraries Glossator needs: "
          f"{', '.join(missing)}\n"
          "  hint: run the README's first command, which installs them into .venv; or "
          "pip install -e . in a virtual environment", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    run_where_the_libraries_are()
    from glossator.cli import main

    sys.exit(main())
