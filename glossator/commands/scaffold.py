"""Starting points. `init`: a site in a folder, with site.yaml, a first story, a
.gitignore and a deploy recipe. `new`: a story folder, with a commented article.md
and an annotations.yaml showing every kind of note. Both check clean as they are, so
an author can build at once and change them a piece at a time."""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
from pathlib import Path

from .. import __version__
from ..kinds import BUILTIN_KINDS, claim
from ..load.story import ANNOTATIONS_FILE, ARTICLE_FILE, SITE_FILE
from ..outputs import RESERVED_SLUGS
from ..slugs import RULE, is_slug, suggest
from ..render.theme import SCHEMAS

ARTICLE = """\
---
# The story's front matter. Required: title and published (YYYY-MM-DD, or a time
# with its offset: {today}T18:05:00-05:00; a story whose time is to come waits for it).
title: "The headline, as the story ran"
dek: "The one-sentence summary under the headline."
published: {today}
# draft: true                       # kept out of the site until removed (serve shows it)
# authors: [areporter]              # ids from site.yaml's authors:
# byline: By A. Reporter            # or the byline as plain text
# updated: {today}
# source: {{name: The original publisher, url: "https://example.org/the-story"}}
# copyright: Copyright {year} The original publisher
tags: [example]
# Below the closing line comes the story itself, in CommonMark. Annotations quote
# its words as readers see them, so keep the text exactly as it ran.
---

The mayor said on Tuesday that the bridge would reopen "by the end of the month."

A correction appeared here: the council met on Monday, not on Sunday.

The state's open-meetings law requires notice of every council meeting.

Officials pointed to the city's 2023 budget, and the *Daily Ledger* first reported
the closure last week.
"""

ANNOTATIONS = """\
# yaml-language-server: $schema={schema}
# Each annotation quotes the words it is about, as a reader sees them on the page.
# Check with `glossator check`; `glossator serve` shows the page as you edit.
annotations:
"""


SITE = """\
# yaml-language-server: $schema={schema}
# The site's settings: change the title; everything else is optional.
title: "{title}"
description: "Stories with their context, corrections and sources, annotated."
language: en                        # the pages' language
# base_url: https://news.example/   # where the site is served: canonical links, a sitemap
# stylesheets: [house.css]          # files in templates/static/, after Glossator's own
# logo: logo.svg                    # a file in templates/static/, shown in the header
# page_size: 10                     # stories a page of the index or of a tag lists
# feed_size: 50                     # entries each feed holds, the latest
# types:                            # kinds of note beside Glossator's own five
#   - {{name: analysis, label: Analysis}}
# authors:                          # who signs stories (authors: [id]) and notes (author: id)
#   areporter: {{name: A. Reporter, role: City hall reporter, url: "https://news.example/areporter"}}
"""

GITIGNORE = """\
# What `glossator build` writes: the site, and beside it what the next build reuses
site/
.site.glossator/
"""

# GitHub Pages, as its own starter workflows publish a static site: build on every push
# to main with the Glossator this site was made with, then deploy.
PAGES_WORKFLOW = """\
name: Publish the site
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - id: pages
        uses: actions/configure-pages@v5
      - run: pip install "glossator[search]=={version}"
      - run: glossator build --strict --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
WORKFLOW_FILE = ".github/workflows/publish.yml"
FIRST_STORY = "first-story"


class ScaffoldError(Exception):
    pass


def init_site(folder: Path, title: str = "My newsroom",
              today: dt.date | None = None) -> list[Path]:
    """Start a site in `folder`, which may be new or hold other files (a repository's,
    say) but no site yet. The files made, or added to (.gitignore)."""
    content = folder / "content"
    if content.exists():
        raise ScaffoldError(f"{content} already exists: this folder holds a site; "
                            "nothing was changed")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file, not a folder")
    made = [copy_schemas(folder)]
    content.mkdir(parents=True)
    site = content / SITE_FILE
    schema = Path(os.path.relpath(folder / "schemas" / "site.schema.json", content))
    site.write_text(SITE.format(title=title.replace('"', "'"), schema=schema.as_posix()),
                    encoding="utf-8")
    made += [site, new_story(content, FIRST_STORY, today)]
    made.append(add_lines(folder / ".gitignore", GITIGNORE))
    workflow = folder / WORKFLOW_FILE
    if not workflow.exists():
        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_text(PAGES_WORKFLOW.format(version=__version__), encoding="utf-8")
        made.append(workflow)
    return made


def add_lines(path: Path, text: str) -> Path:
    """Append the lines of `text` that the file lacks (creating it if need be)."""
    have = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    missing = [line for line in text.splitlines() if line not in have]
    if missing:
        lead = "\n" if have and not path.read_text(encoding="utf-8").endswith("\n") else ""
        with path.open("a", encoding="utf-8") as file:
            file.write(lead + ("\n" if have else "") + "\n".join(missing) + "\n")
    return path


def copy_schemas(project: Path) -> Path:
    """The JSON Schemas that annotations.yaml and site.yaml name for editors, in the
    project's schemas/ (Glossator's own in its checkout; a copy anywhere else, kept up
    to date with the installed Glossator)."""
    target = project / "schemas"
    if target.is_dir() and os.path.samefile(target, SCHEMAS):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for schema in sorted(SCHEMAS.glob("*.schema.json")):
        copy = target / schema.name
        if not copy.exists() or not filecmp.cmp(schema, copy, shallow=False):
            shutil.copyfile(schema, copy)
    return target


def examples(today: dt.date) -> str:
    """A note of every built-in kind, each as its module gives it."""
    ratings = ", ".join(r.name for r in claim.RATINGS)
    return "\n".join(kind.example.format(today=today, ratings=ratings)
                     for kind in BUILTIN_KINDS)


def new_story(content: Path, slug: str, today: dt.date | None = None) -> Path:
    if not is_slug(slug) or slug in RESERVED_SLUGS:
        suggestion = suggest(slug)
        raise ScaffoldError(f"'{slug}' is not a usable story name: {RULE}"
                            + (f" (try '{suggestion}')" if suggestion else ""))
    folder = content / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; nothing was changed")
    today = today or dt.date.today()
    schemas = copy_schemas(content.absolute().parent)
    folder.mkdir(parents=True)
    schema = Path(os.path.relpath(schemas / "annotations.schema.json", folder.absolute()))
    (folder / ARTICLE_FILE).write_text(ARTICLE.format(today=today, year=today.year),
                                       encoding="utf-8")
    (folder / ANNOTATIONS_FILE).write_text(
        ANNOTATIONS.format(schema=schema.as_posix()) + examples(today), encoding="utf-8")
    return folder
