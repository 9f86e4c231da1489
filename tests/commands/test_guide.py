"""The author's guide works as written: its `sh` commands are run in order in a fresh
folder, with the files its `yaml` blocks name, as an author following it would."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

from ..conftest import ROOT
from ..package.test_example_story import CAPTURE

GUIDE = ROOT / "docs" / "authoring.md"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", GUIDE.read_text(), re.S)


def test_every_command_in_the_guide_works_in_order(tmp_path):
    shutil.copy(CAPTURE, tmp_path / CAPTURE.name)
    files = {m.group(1): text for text in blocks("yaml")
             if (m := re.match(r"# file: (\S+)\n", text))}
    commands = [line for block in blocks("sh") for line in block.splitlines() if line.strip()]
    assert [c.split()[1] for c in commands] == ["init", "import", "check", "build", "reanchor"]
    for command in commands:
        if shlex.split(command)[1] == "check":   # the guide has the author write notes first
            for name, text in files.items():
                (tmp_path / name).write_text(text)
        done = subprocess.run([sys.executable, "-m", "glossator", *shlex.split(command)[1:]],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, (command, done.stderr)
    page = (tmp_path / "site" / "flynn-kislyak-call" / "index.html").read_text()
    assert 'id="note-call-date"' in page and 'id="note-spicer-doubtful"' in page
    assert '<link rel="canonical" href="https://newsroom.example/stories/flynn-kislyak-call/">' in page
