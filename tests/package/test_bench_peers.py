"""The peers that bench/build_speed.py measures Glossator against do the work they are
said to do, on the archive it writes, so that a ratio to them means something."""

import subprocess
import sys

from ..conftest import ROOT, load_bench

build_speed = load_bench("build_speed")


def test_the_python_floor_makes_a_page_of_each_story_and_lists_its_notes(tmp_path):
    build_speed.write_archive(tmp_path, stories=3, annotations=4)
    floor = [sys.executable, str(ROOT / "bench" / "python_floor.py"), str(tmp_path / "content")]
    subprocess.run(floor + [str(tmp_path / "plain")], check=True)
    subprocess.run(floor + [str(tmp_path / "notes"), "--notes"], check=True)
    subprocess.run(floor + [str(tmp_path / "text"), "--notes-as-text"], check=True)
    for n in range(3):
        article = (tmp_path / "content" / f"story-{n:05d}" / "article.md").read_text()
        last_words = article.split()[-3:]
        for variant in ("plain", "notes", "text"):
            page = (tmp_path / variant / f"story-{n:05d}" / "index.html").read_text()
            assert f"<h1>Story {n}</h1>" in page and " ".join(last_words) in page
        hugo = (tmp_path / "hugo" / "content" / "posts" / f"story-{n:05d}.md").read_text()
        assert hugo.split("---\n", 2)[2].strip() == article.split("---\n", 2)[2].strip()
        notes = (tmp_path / "notes" / f"story-{n:05d}" / "index.html").read_text()
        assert notes.count("<li id=") == 4 and '<a href="https://example.org/record/1">' in notes
        assert "<li id=" not in (tmp_path / "plain" / f"story-{n:05d}" / "index.html").read_text()
        text = (tmp_path / "text" / f"story-{n:05d}" / "index.html").read_text()
        assert text.count("<li id=") == 4 and "[the record](https://example.org/record/1)" in text
    index = (tmp_path / "notes" / "index.html").read_text()
    assert index.count("<li>") == 3

