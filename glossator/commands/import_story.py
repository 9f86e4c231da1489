"""`import`: a captured story (a saved web page, or its text) into content/<slug>/,
keeping title, dek, byline, date and the story's paragraphs, quotes and block quotes,
and dropping the page's furniture (navigation, share lines, copyright and "to see
more" lines, lists of other stories).

Saved pages are read with trafilatura (`pip install 'glossator[import]'`), which finds
a page's main text and metadata; plain text is read by the rules below.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..load.story import ARTICLE_FILE
from ..outputs import RESERVED_SLUGS
from ..slugs import is_slug, suggest

# Lines that belong to the page around a story, not to the story.
FURNITURE = [re.compile(p, re.I) for p in (
    r"^your .{0,40} news source$", r"^share\b", r"^copyright \d{4}\b.*", r"^©",
    r"^to see more, visit", r"^(advertisement|sponsor message|skip to (main )?content)$",
    r"^(listen|download|embed|transcript|play live radio|next up:?)$",
    r"^(related|more stories|read more|you may also like)\b.{0,30}$",
)]
# A list of other stories ends the story: everything from such a heading is dropped.
END_OF_STORY = re.compile(r"^(the latest|related stories|more from .{1,40}|recommended)$", re.I)


class CaptureError(Exception):
    pass


@dataclass
class Captured:
    title: str
    body: str                         # CommonMark
    dek: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    notes: list[str] = field(default_factory=list)   # what the author should check


def read_capture(path: Path) -> Captured:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaptureError(f"cannot read {path}: {exc}") from exc
    if path.suffix.lower() in (".html", ".htm") or raw.lstrip()[:1] == "<":
        return from_html(raw)
    return from_text(raw)


def from_text(raw: str) -> Captured:
    kept: list[str] = []
    for raw_paragraph in re.split(r"\n\s*\n", raw.replace("\r\n", "\n")):
        paragraph = " ".join(raw_paragraph.split())
        if not paragraph:
            continue
        if END_OF_STORY.match(raw_paragraph.strip().split("\n")[0].strip()):
            break
        if any(rule.match(paragraph) for rule in FURNITURE):
            continue
        kept.append(paragraph)
    if not kept:
        raise CaptureError("no story text found")
    title, rest = kept[0], kept[1:]
    dek = None
    if len(rest) > 1 and len(rest[0]) <= 300:
        dek, rest = rest[0], rest[1:]
    blocks = []
    for index, paragraph in enumerate(rest):
        text = escape(paragraph)
        quoted = paragraph[:1] in "“\"" and paragraph[-1:] in "”\""
        if quoted and index and rest[index - 1].endswith(":"):
            text = "> " + text            # a quotation introduced by a colon
        blocks.append(text)
    return Captured(title, "\n\n".join(blocks) + "\n", dek,
                    notes=["the capture gives no date: set 'published'"])


def from_html(raw: str) -> Captured:
    try:
        import trafilatura
    except ImportError as exc:
        raise CaptureError("reading saved web pages needs trafilatura: "
                           "pip install 'glossator[import]'") from exc
    document = trafilatura.extract(raw, output_format="xml", include_formatting=True,
                                   include_links=True, include_comments=False)
    if not document:
        raise CaptureError("no story text found in the page")
    blocks = xml_blocks(ET.fromstring(document).find("main"))
    if not blocks:
        raise CaptureError("no story text found in the page")
    meta = trafilatura.extract_metadata(raw)
    title = (meta.title if meta else None) or blocks[0].lstrip("# ")
    lines = blocks
    if lines and lines[0].lstrip("# ").strip() == title.strip():
        lines = lines[1:]
    published = None
    if meta and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            pass
    captured = Captured(title.strip(), "\n\n".join(lines).strip() + "\n",
                        meta.description if meta else None, meta.author if meta else None,
                        published)
    if published is None:
        captured.notes.append("the page gives no date: set 'published'")
    return captured


def xml_blocks(main) -> list[str]:
    """trafilatura's document as CommonMark blocks: headings, paragraphs, block quotes
    and lists, with emphasis and links kept."""
    blocks = []
    for element in main if main is not None else ():
        text = inline(element).strip()
        if not text:
            continue
        if element.tag == "head":
            blocks.append("## " + text)
        elif element.tag == "quote":
            paragraphs = [inline(p).strip() for p in element] or [text]
            blocks.append("\n>\n".join("> " + p for p in paragraphs if p))
        elif element.tag == "list":
            blocks.append("\n".join("- " + inline(item).strip() for item in element))
        else:
            blocks.append(text)
    return blocks


def inline(element) -> str:
    """An element's text as CommonMark, its words escaped, emphasis and links kept."""
    parts = [escape(element.text or "")]
    for child in element:
        inner = inline(child)
        if child.tag == "hi":
            parts.append(f"**{inner}**" if "b" in (child.get("rend") or "") else f"*{inner}*")
        elif child.tag == "ref" and child.get("target", "").strip().startswith(
                ("http://", "https://")):
            parts.append(f"[{inner}]({destination(child.get('target'))})")
        elif child.tag == "lb":
            parts.append("\\\n")
        else:
            parts.append(inner)
        parts.append(escape(child.tail or ""))
    return " ".join("".join(parts).split())


def destination(url: str) -> str:
    """A link's address as a CommonMark destination that reads back as the same
    address, whatever it holds: in angle brackets (so spaces and parentheses end
    nothing), with the characters that would end it or be read as an escape or an
    entity escaped, and control characters and white space percent-encoded, as the
    parser encodes them (line ends could not stand there, nor white space survive
    the joining of the paragraph's lines); space around it is dropped, as the
    parser and browsers drop it."""
    url = "".join(quote(c) if c.isspace() or c < " " or c == "\x7f" else c for c in url.strip())
    return "<" + re.sub(r"([\\<>&])", r"\\\1", url) + ">"


def escape(text: str) -> str:
    """Plain text as CommonMark that reads back as the same words."""
    text = re.sub(r"([\\`*_\[\]<>&])", r"\\\1", text)
    text = re.sub(r"^(#{1,6}|[-+=]|\d{1,9}(?=[.)]))", r"\\\1", text)
    return text


def slug_for(title: str) -> str:
    return suggest(title) or "story"


def write_story(content: Path, captured: Captured, slug: str | None) -> Path:
    slug = slug or slug_for(captured.title)
    if slug in RESERVED_SLUGS or not is_slug(slug):
        raise CaptureError(f"'{slug}' is not a usable story name")
    folder = content / slug
    if folder.exists():
        raise CaptureError(f"{folder} already exists; nothing was changed")
    front = {"title": captured.title}
    if captured.dek:
        front["dek"] = captured.dek
    if captured.byline:
        front["byline"] = captured.byline
    front["published"] = (captured.published or dt.date.today()).isoformat()
    lines = ["---"] + [f"{key}: {value if key == 'published' else json.dumps(value, ensure_ascii=False)}"
                       for key, value in front.items()]
    lines += [f"# check: {note}" for note in captured.notes] + ["---", "", captured.body]
    folder.mkdir(parents=True)
    (folder / ARTICLE_FILE).write_text("\n".join(lines), encoding="utf-8")
    (folder / "annotations.yaml").write_text("annotations: []\n", encoding="utf-8")
    return folder
