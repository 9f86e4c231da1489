"""What the build cache's keys cover, seen from outside: Glossator's own code, every
module of it, and that a build with nothing to do stops before loading the libraries
a real build needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from ..conftest import ROOT, write_story

HEAVY = ("yaml", "jinja2", "markupsafe", "markdown_it", "rapidfuzz", "ahocorasick", "babel",
         "slugify")


def build_in(python_path, cwd, *options):
    """`glossator build` in a fresh interpreter; (its report, the heavy libraries it
    loaded)."""
    probe = ("import sys\nfrom glossator.cli import main\n"
             f"code = main(['build', *{list(options)!r}])\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
             "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(python_path)})
    assert done.returncode == 0, done.stderr
    report, loaded = done.stdout.strip().splitlines()
    return report, loaded


def test_a_build_with_nothing_to_do_loads_no_yaml_template_or_markdown_library(tmp_path):
    write_story(tmp_path / "content")
    report, loaded = build_in(ROOT, tmp_path, "--no-search")
    assert "(1 built, 0 reused)" in report and loaded != "[]"
    report, loaded = build_in(ROOT, tmp_path, "--no-search")
    assert "(nothing changed)" in report
    assert loaded == "[]", f"a build with nothing to do loaded {loaded}"


def test_a_change_to_any_module_of_glossator_rebuilds_every_story(tmp_path):
    """A copy of Glossator, so that one of its modules, deep in a subpackage, can be
    changed as an upgrade would change it."""
    copy = tmp_path / "glossator-copy"
    for name in ("glossator", "templates", "schemas"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    write_story(tmp_path / "content")
    write_story(tmp_path / "content", "second")
    build_in(copy, tmp_path, "--no-search")
    modules = sorted((copy / "glossator").rglob("*.py"))
    nested = [m for m in modules if m.parent != copy / "glossator"]
    assert nested, "no subpackages to test"
    for module in (nested[0], nested[-1]):
        module.write_text(module.read_text() + "\n# a change that changes no output\n")
        report, _ = build_in(copy, tmp_path, "--no-search")
        assert "(2 built, 0 reused)" in report, (module, report)
