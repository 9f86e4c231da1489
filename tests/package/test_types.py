"""The package type-checks: mypy, configured in pyproject.toml, finds no error."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import ROOT


def test_mypy_finds_no_error_in_the_package():
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
