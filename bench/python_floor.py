"""The Python floor: the least a Python site generator on Glossator's libraries does
to turn the same content into pages, as a peer for `build_speed.py`.

    python bench/python_floor.py CONTENT OUT [--notes | --notes-as-text] [--compiled-markdown]

Each story's front matter is read with PyYAML's C loader, its Markdown rendered with
markdown-it-py and put in a Jinja2 page, written to OUT/<slug>/index.html, across as
many processes as there are cores; then an index of every story. With `--notes`, it
also loads each annotations.yaml (C loader) and lists every note, its Markdown
rendered with markdown-it-py, below the story, as ../shared/TOOLCHAIN.md's "20
annotations an article (naive)" does. `--notes-as-text` lists them with their text
escaped and not parsed at all: the least that showing the notes can cost. Nothing is
validated, anchored, highlighted, cached or described in structured data: that is
what the gap to Glossator buys.
`--compiled-markdown` renders the Markdown with markdown-it-pyrs (markdown-it in
Rust, `pip install markdown-it-pyrs`; not one of Glossator's dependencies) instead,
to show how low the floor goes when Markdown costs next to nothing.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=en><meta charset=utf-8><title>{{ title }}</title>"
    "<article><h1>{{ title }}</h1>{{ body }}</article>"
    "{% if notes %}<aside><ol>{% for note in notes %}<li id=\"{{ note.id }}\">"
    "<b>{{ note.type }}</b> <q>{{ note.quote }}</q>{{ note.html }}</li>"
    "{% endfor %}</ol></aside>{% endif %}\n")
INDEX = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=en><meta charset=utf-8><title>Archive</title><ul>"
    "{% for slug, title in stories %}<li><a href=\"{{ slug }}/\">{{ title }}</a>{% endfor %}"
    "</ul>\n")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MARKDOWN = MarkdownIt("commonmark", {"html": False})
OUT: Path = Path()
NOTES = False
NOTES_AS_TEXT = False


def page(folder: Path) -> tuple[str, str]:
    _, front, body = (folder / "article.md").read_text().split("---\n", 2)
    title = str(yaml.load(front, Loader=LOADER)["title"])
    notes = []
    if NOTES:
        for note in yaml.load((folder / "annotations.yaml").read_text(),
                              Loader=LOADER)["annotations"]:
            text = note.get("body", "")
            notes.append({**note, "html": jinja2.utils.markupsafe.escape(text) if NOTES_AS_TEXT
                          else jinja2.utils.markupsafe.Markup(MARKDOWN.render(text))})
    html = PAGE.render(title=title, body=jinja2.utils.markupsafe.Markup(MARKDOWN.render(body)),
                       notes=notes)
    target = OUT / folder.name
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html").write_text(html)
    return folder.name, title


def main() -> int:
    global OUT, NOTES, NOTES_AS_TEXT, MARKDOWN
    content, OUT = Path(sys.argv[1]), Path(sys.argv[2])
    NOTES_AS_TEXT = "--notes-as-text" in sys.argv[3:]
    NOTES = NOTES_AS_TEXT or "--notes" in sys.argv[3:]
    if "--compiled-markdown" in sys.argv[3:]:
        import markdown_it_pyrs

        MARKDOWN = markdown_it_pyrs.MarkdownIt("commonmark")   # raw HTML on: no matter here
    folders = sorted(p for p in content.iterdir() if (p / "article.md").is_file())
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        stories = list(pool.map(page, folders, chunksize=16))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "index.html").write_text(INDEX.render(stories=stories))
    return 0


if __name__ == "__main__":
    sys.exit(main())
