"""The work a build does on the lists follows the change: an edit to one story makes
again only the list pages that story is on (its page of the index, its page of each
of its tags), and the site is still what a cold build makes (test_incremental)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ..conftest import ROOT, write_story

# The build in a fresh interpreter, told each list page Jinja renders (by template,
# tag and the stories it lists), as a profiler would see it.
PROBE = """\
import json, sys
import jinja2
from glossator.cli import main
made = []
render = jinja2.Template.render
def listed(self, *args, **context):
    if self.name in ("index.html", "tag.html"):
        made.append([self.name, context.get("tag"),
                     [s.story.slug for s in context["summaries"]]])
    return render(self, *args, **context)
jinja2.Template.render = listed
code = main(["build", "--no-search"])
print(json.dumps(made))
sys.exit(code)
"""


def build(cwd) -> list:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def story(n: int, title: str = "") -> str:
    return (f"---\ntitle: {title or f'Story {n}'}\npublished: 2020-01-{n + 1:02d}\n"
            f"tags: [{'even' if n % 2 == 0 else 'odd'}]\n---\n\nWhat happened on day {n}.\n")


def test_an_edit_to_one_story_makes_again_only_the_list_pages_it_is_on(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Archive\npage_size: 2\n")
    for n in range(12):
        write_story(content, f"story-{n:02d}", article=story(n), annotations=None)
    first = build(tmp_path)
    assert len([page for page in first if page[0] == "index.html"]) == 6
    assert len([page for page in first if page[0] == "tag.html"]) == 6
    write_story(content, "story-05", article=story(5, "Story 5, retitled"), annotations=None)
    again = build(tmp_path)
    assert sorted(again) == [["index.html", None, ["story-05", "story-04"]],
                             ["tag.html", "odd", ["story-07", "story-05"]]]
    assert "Story 5, retitled" in (tmp_path / "site" / "page" / "3" / "index.html").read_text()
    # a note's text is on no list page (its kind is, counted): none is made again
    note = "annotations:\n  - {id: a, type: context, quote: happened, body: %s}\n"
    write_story(content, "story-05", article=story(5, "Story 5, retitled"),
                annotations=note % "Why.")
    assert len(build(tmp_path)) == 2
    write_story(content, "story-05", article=story(5, "Story 5, retitled"),
                annotations=note % "Why it matters.")
    assert build(tmp_path) == []
