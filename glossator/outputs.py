"""What a build makes: the files of each story and the pages of the whole site, each
an entry here naming the addresses it takes, as Pelican's generators each make one
kind of page. A new output is one entry and the function that makes it; the names
it takes are kept from stories' folders and files (`RESERVED_SLUGS`, `STORY_OUTPUTS`).

The functions are named, not imported, so that what needs only the addresses (the
loader, checking a folder's name) does not load the template library."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Output:
    name: str                   # what it is, for people reading this list
    takes: tuple[str, ...]      # addresses, in the site (or a story's folder); a folder ends in /
    maker: str                  # "module:function" under glossator.render

    @property
    def make(self) -> Callable[..., dict[str, bytes]]:
        module, function = self.maker.split(":")
        return getattr(importlib.import_module(f"glossator.render.{module}"), function)


# Each story's, made from its anchored story and notes (pages.StoryView)
STORY = (
    Output("the story's page, with its notes", ("index.html",), "pages:story_page"),
    Output("its notes as a W3C Web Annotation collection", ("annotations.jsonld",),
           "pages:annotations_file"),
)

# The whole site's, made from every story's summary (pages.SiteView)
SITE = (
    Output("the index of stories, its older pages under page/", ("index.html", "page/"),
           "pages:index_output"),
    Output("a page of the stories of each tag", ("tags/",), "pages:tags_output"),
    Output("Atom feeds of the stories and of their corrections",
           ("feeds/stories.xml", "feeds/corrections.xml"), "pages:feeds_output"),
    Output("an Atom feed of the notes added or updated after their story",
           ("feeds/updates.xml",), "pages:updates_output"),
    Output("the kinds of note's stylesheet", ("static/kinds.css",), "stylesheet:kinds_output"),
    Output("the page a host shows for an address not found", ("404.html",),
           "pages:not_found_output"),
    Output("robots.txt, naming the sitemap", ("robots.txt",), "pages:robots_output"),
    Output("the sitemap, given a base URL", ("sitemap.xml",), "pages:sitemap_output"),
)

# What a story's folder cannot be called: what the site's own outputs take at its top
# level (a folder, or a page by its name), the theme's static files and the search
# index, and the words for them a reader might type.
TOP_LEVEL = {address.split("/")[0].split(".")[0] for output in SITE for address in output.takes}
# (authors/ holds the pictures of site.yaml's authors, published as they are)
RESERVED_SLUGS = frozenset(TOP_LEVEL | {"static", "pagefind", "tag", "feed", "authors"})
AUTHOR_IMAGES = "authors/"
# What no file of a story's folder may be called, being what the build makes there
STORY_OUTPUTS = frozenset(address for output in STORY for address in output.takes)


def made(outputs: tuple[Output, ...], view: Any) -> dict[str, Any]:
    """Every file the outputs make of `view`, by address: its bytes, or a list page
    to make when it is needed (pages.Deferred)."""
    files: dict[str, Any] = {}
    for output in outputs:
        files.update(output.make(view))
    return files
