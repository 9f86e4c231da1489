"""`python build.py` started with a Python that lacks Glossator's libraries: it runs
in the checkout's .venv if there is one, and says what is missing if not."""

from __future__ import annotations

import ast
import subprocess
import sys

from glossator import LIBRARIES

from ..conftest import ROOT

OPTIONAL = {"trafilatura"}      # `glossator import-story`'s extra, imported only there


def test_the_libraries_looked_for_are_those_glossator_imports():
    imported = set()
    for path in (ROOT / "glossator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    libraries = imported - set(sys.stdlib_module_names) - {"glossator"} - OPTIONAL
    assert libraries == set(LIBRARIES)


def test_build_py_with_a_python_that_lacks_the_libraries(tmp_path):
    # -S: no site-packages, so none of the libraries, as with a system's bare Python.
    done = subprocess.run([sys.executable, "-S", str(ROOT / "build.py"), "check",
                           "--content", str(ROOT / "content")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr
    if (ROOT / ".venv" / "bin" / "python").exists():
        assert done.returncode == 0, done.stderr
        assert "Checked 1 story" in done.stdout
    else:
        assert done.returncode == 1
        assert "lacks libraries Glossator needs" in done.stderr
