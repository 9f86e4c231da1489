"""What a story's Markdown says that would fail without a word on the page: links to
stories and notes of the site that are not there, and raw HTML, which the page shows
as text (the parser has raw HTML off, see commonmark.py)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..commonmark import markdown
from ..diagnostics import Diagnostics, Location, excerpt
from ..model import SiteLink, Story, StoryText
from ..outputs import RESERVED_SLUGS
from ..slugs import is_slug

# A tag as HTML writes one: <iframe src=…>, </figure>, <br/>, or a comment
HTML_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|!--)")
NOTE_FRAGMENT = "note-"


def site_link(href: str, slug: str) -> tuple[str, str | None] | None:
    """(the story, the note's id or None) that a link from the page of `slug` leads
    to, when it leads to a story or a note of the site; None for anything else (the
    web, a story's files, the index, tag pages)."""
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or parts.query:
        return None
    fragment = unquote(parts.fragment)
    note = fragment[len(NOTE_FRAGMENT):] if fragment.startswith(NOTE_FRAGMENT) else None
    path = unquote(parts.path)
    if path in ("", "./", "index.html", "./index.html"):
        return (slug, note) if note else None
    match = re.fullmatch(r"\.\./([^/]+)(?:/|/index\.html)?", path)
    if not match or not is_slug(match.group(1)) or match.group(1) in RESERVED_SLUGS:
        return None
    return match.group(1), note


def links_in(tokens) -> list[tuple[str, int]]:
    """Every link's address, with the 0-based line of its block."""
    found = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open" and (href := child.attrGet("href")):
                found.append((str(href), token.map[0] if token.map else 0))
    return found


def raw_html(tokens) -> list[tuple[str, int]]:
    """The HTML tags written in the text (not in code), with the 0-based line of
    their block."""
    found = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                if child.type == "text":
                    found += [(m.group(), token.map[0] if token.map else 0)
                              for m in HTML_TAG.finditer(child.content)]
    return found


def column_of(path: Path, line: int, needle: str, lines: list[str]) -> int:
    """The 1-based column where `needle` first stands on `line` (1-based) or after."""
    for number in range(line - 1, min(len(lines), line + 40)):
        at = lines[number].find(needle)
        if at >= 0:
            return at + 1
    return 1


def outbound_links(story: Story, text: StoryText) -> tuple[SiteLink, ...]:
    """The links from the story and its notes to the site's stories and notes."""
    lines = story.body.split("\n")
    links = []
    for href, line in links_in(text.tokens):
        if target := site_link(href, story.slug):
            first = next((n for n in range(line, min(len(lines), line + 40))
                          if href in lines[n]), line)
            links.append(SiteLink(href, *target, Location(
                story.article_path, story.body_line + first + 1,
                column_of(story.article_path, first + 1, href, lines))))
    for annotation in story.annotations:
        for source in (annotation.body, annotation.get("text")):
            # parsed again only when it may link within the site: most notes link to
            # the web, or not at all
            if not source or ("#note-" not in source and "../" not in source):
                continue
            for href, _ in links_in(markdown().parse(source)):
                if target := site_link(href, story.slug):
                    links.append(SiteLink(href, *target, annotation.location))
    return tuple(links)


def report_raw_html(story: Story, text: StoryText, diagnostics: Diagnostics) -> None:
    lines = story.body.split("\n")
    said: set[int] = set()
    for tag, line in raw_html(text.tokens):
        if line in said:        # once a block: an embed is many tags
            continue
        place = written_at(tag, line, lines)
        if place is None:       # written \<b>, to be shown as text
            continue
        said.add(line)
        diagnostics.warning(
            Location(story.article_path, story.body_line + place[0] + 1, place[1]),
            f"raw HTML ({excerpt(tag, 40)}) is not allowed in a story; the page shows it "
            "as text", hint="write it in Markdown (an image alone in its paragraph is a "
            "figure), or put a backslash before '<' to show the tag as text on purpose")


CODE_SPAN = re.compile(r"(`+).*?\1")


def written_at(tag: str, line: int, lines: list[str]) -> tuple[int, int] | None:
    """(0-based line, 1-based column) where a tag stands as written in the block
    from `line`, outside code spans and not escaped."""
    pattern = re.compile(r"(?<!\\)" + re.escape(tag))
    for number in range(line, min(len(lines), line + 200)):
        source = CODE_SPAN.sub(lambda m: " " * len(m.group()), lines[number])
        if match := pattern.search(source):
            return number, match.start() + 1
        if number > line and not lines[number].strip():    # the block ended
            break
    return None


def broken_links(links: list[SiteLink], notes: dict[str, tuple[str, ...]],
                 held: dict[str, str] | None = None) -> list:
    """A located error for each link to a story or a note that the site does not
    have; `notes`: every story built, by slug, with the ids of its notes; `held`:
    the stories left out of the build, as "draft" or "scheduled"."""
    from ..diagnostics import Diagnostic, did_you_mean

    errors = []
    for link in links:
        if link.slug not in notes and link.slug in (held or {}):
            why = ("a draft" if held[link.slug] == "draft"  # type: ignore[index]
                   else "not published yet")
            errors.append(Diagnostic(link.location, "error", f"the link '{excerpt(link.href)}' "
                                     f"leads to '{link.slug}', which is {why}, so this build "
                                     "has no page for it", "link to it once it is published"))
        elif link.slug not in notes:
            errors.append(Diagnostic(link.location, "error", f"the link '{excerpt(link.href)}' "
                                     f"leads to no story: there is no story '{link.slug}'",
                                     did_you_mean(link.slug, notes)
                                     or "link to a story by its folder's name: ../slug/"))
        elif link.note is not None and link.note not in notes[link.slug]:
            errors.append(Diagnostic(link.location, "error", f"the link '{excerpt(link.href)}' "
                                     f"leads to no note: {link.slug} has no note "
                                     f"'{excerpt(link.note)}'",
                                     did_you_mean(link.note, notes[link.slug])
                                     or "link to a note by its id: #note-id"))
    return errors
