"""Stage 3, render: the story's HTML with its highlights, and the notes' Markdown.

Highlighting extends markdown-it-py's renderer through its rules: the rules for
text-bearing tokens wrap the parts of their text that annotations cover in
`<mark data-ann="…">`, so the output is markdown-it-py's own HTML plus marks,
well nested by construction, since no mark ever spans two tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Sequence

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from ..commonmark import markdown
from ..model import QuotedText, StoryText


@dataclass(frozen=True)
class Highlight:
    """An anchored annotation as the renderer needs it."""

    id: str
    type: str
    start: int
    end: int
    number: int          # its place in reading order, from 1
    label: str           # its type as a reader reads it, e.g. "Legal context"
    symbol: str = ""     # its type's symbol, so kinds differ without colour
    name: str = ""       # what a screen reader calls its reference, in the page's language


@dataclass(frozen=True)
class Piece:
    text: str
    end: int                 # where the piece ends in the reader's text
    ids: tuple[str, ...]     # the annotations covering this piece, in reading order
    types: tuple[str, ...]


def split_leaves(story: StoryText, highlights: Sequence[Highlight],
                 ) -> dict[int, list[Piece]]:
    """For each text token (by id) that a highlight touches, its text cut into pieces
    wherever the set of covering annotations changes. One sweep through the leaves
    and the highlights in text order: the work is the leaves, the highlights and the
    pieces, not their product."""
    order = {h.id: k for k, h in enumerate(highlights)}
    boundaries = sorted({p for h in highlights for p in (h.start, h.end)})
    by_start = sorted(highlights, key=lambda h: h.start)
    pieces_by_token: dict[int, list[Piece]] = {}
    active: list[Highlight] = []        # begun before the leaf's end, by their order
    waiting = 0
    for leaf in story.leaves:
        if not leaf.markable:
            continue
        added = False
        while waiting < len(by_start) and by_start[waiting].start < leaf.end:
            active.append(by_start[waiting])
            waiting += 1
            added = True
        active = [h for h in active if h.end > leaf.start]
        if added:
            active.sort(key=lambda h: order[h.id])
        if not active:
            continue
        inside = boundaries[bisect_right(boundaries, leaf.start):
                            bisect_left(boundaries, leaf.end)]
        cuts = [leaf.start, *inside, leaf.end]
        pieces = []
        for start, end in zip(cuts, cuts[1:]):
            covering = [h for h in active if h.start <= start and h.end >= end]
            pieces.append(Piece(story.text[start:end], end,
                                tuple(h.id for h in covering),
                                tuple(dict.fromkeys(h.type for h in covering))))
        pieces_by_token[id(leaf.token)] = pieces
    return pieces_by_token


def note_refs(story: StoryText, highlights: Sequence[Highlight],
              ) -> dict[int, list[tuple[int | None, Highlight]]]:
    """Where each highlight's note reference goes, by token id: right after its last
    character (the offset), or, when that character is inside a link, after the
    link's closing token (None), since links cannot nest."""
    enclosing_link_close: dict[int, Token] = {}
    for token in story.tokens:
        depth, inside = 0, list[int]()
        for child in token.children or ():
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
                if depth == 0:
                    enclosing_link_close.update(dict.fromkeys(inside, child))
                    inside = []
            elif depth:
                inside.append(id(child))
    refs: dict[int, list[tuple[int | None, Highlight]]] = {}
    for highlight in sorted(highlights, key=lambda h: h.number):
        token = story.leaf_at(highlight.end - 1).token
        link_close = enclosing_link_close.get(id(token))
        if link_close is not None:
            refs.setdefault(id(link_close), []).append((None, highlight))
        else:
            refs.setdefault(id(token), []).append((highlight.end, highlight))
    return refs


class HighlightRenderer(RendererHTML):
    """markdown-it-py's HTML renderer, with marks around annotated text and a note
    reference after each annotation's last character. `env` carries what to mark:
    `pieces` (from `split_leaves`) and `refs` (from `note_refs`)."""

    def _marked(self, token: Token, env: dict) -> str | None:
        pieces = env["pieces"].get(id(token)) if env else None
        if pieces is None:
            return None
        refs_at: dict[int | None, list[Highlight]] = {}
        for offset, highlight in env["refs"].get(id(token), ()):
            refs_at.setdefault(offset, []).append(highlight)
        html = []
        mark = env.get("mark", annotation_mark)
        for piece in pieces:
            html.append(mark(piece))
            html.extend(note_ref(h) for h in refs_at.get(piece.end, ()))
        return "".join(html)

    def _refs_after(self, html: str, token: Token, env: dict) -> str:
        refs = env["refs"].get(id(token), ()) if env else ()
        return html + "".join(note_ref(h) for offset, h in refs if offset is None)

    def text(self, tokens, idx, options, env):
        html = self._marked(tokens[idx], env)
        return html if html is not None else escapeHtml(tokens[idx].content)

    def softbreak(self, tokens, idx, options, env):
        html = self._marked(tokens[idx], env)
        return html if html is not None else super().softbreak(tokens, idx, options, env)

    def code_inline(self, tokens, idx, options, env):
        token = tokens[idx]
        html = self._marked(token, env)
        if html is None:
            return super().code_inline(tokens, idx, options, env)
        return f"<code{self.renderAttrs(token)}>{html}</code>"

    def code_block(self, tokens, idx, options, env):
        token = tokens[idx]
        html = self._marked(token, env)
        if html is None:
            return super().code_block(tokens, idx, options, env)
        return f"<pre{self.renderAttrs(token)}><code>{html}</code></pre>\n"

    def fence(self, tokens, idx, options, env):
        html = self._marked(tokens[idx], env)
        if html is not None:
            # The fence rule puts a highlighter's output inside <pre><code>: give it ours.
            options = OptionsDict({**options, "highlight": lambda *_: html})
        return super().fence(tokens, idx, options, env)

    def link_close(self, tokens, idx, options, env):
        return self._refs_after(self.renderToken(tokens, idx, options, env), tokens[idx], env)


def annotation_mark(piece: Piece) -> str:
    text = escapeHtml(piece.text)
    if not piece.ids:
        return text
    return (f'<mark data-ann="{escapeHtml(" ".join(piece.ids))}" '
            f'data-kind="{escapeHtml(" ".join(piece.types))}">{text}</mark>')


def quoted_mark(piece: Piece) -> str:
    text = escapeHtml(piece.text)
    return f'<mark class="quoted">{text}</mark>' if piece.ids else text


def note_ref(highlight: Highlight) -> str:
    note_id = escapeHtml(highlight.id)
    # Named for a screen reader by the render stage, in the page's language: the
    # note, its kind and, for a rated claim, the verdict, so that a listener need not
    # open the note to hear it.
    label = f' aria-label="{escapeHtml(highlight.name)}"' if highlight.name else ""
    symbol = (f'<span class="kind-symbol" aria-hidden="true">{escapeHtml(highlight.symbol)}'
              f'</span>' if highlight.symbol else "")
    return (f'<sup data-ui class="note-ref"><a href="#note-{note_id}" id="ref-{note_id}"'
            f'{label}>{symbol}{highlight.number}</a></sup>')


_renderer = HighlightRenderer()


def render_story(story: StoryText, highlights: Sequence[Highlight]) -> str:
    env = {"pieces": split_leaves(story, highlights), "refs": note_refs(story, highlights)}
    return _renderer.render(list(story.tokens), markdown().options, env)


def render_markdown(source: str) -> str:
    """A note's CommonMark (annotation bodies, statute texts): raw HTML off, links
    only to the web, mail, or this site."""
    if PLAIN_PARAGRAPH.match(source):
        return plain_paragraph(source)
    md = markdown()
    if ONE_PARAGRAPH.match(source):
        html = simple_inline(source.rstrip("\n"))
        if html is None:
            html = md.renderer.render(md.parseInline(source.rstrip("\n")), md.options, {})
        return f"<p>{html}</p>\n"
    return md.renderer.render(md.parse(source), md.options, {})


# Most notes are a paragraph of plain sentences, for which markdown-it-py's whole
# pipeline (a tenth of a story's build, for twenty notes) makes just <p>…</p>. Such a
# paragraph: lines that begin with a letter (so start no list, heading, quote, fence
# or code block) and end in neither a space (no hard break) nor a backslash, with no
# character that means anything inline and no blank line. A property test holds it
# to markdown-it-py's output.
_ORDINARY = r"[^\\`*_\[\]<>&!~|\s\x00]"       # means nothing to CommonMark inline
_LINE = rf"[^\W\d_]{_ORDINARY}*(?: {_ORDINARY}+)*"     # begins with a letter; single spaces
PLAIN_PARAGRAPH = re.compile(rf"{_LINE}(?:\n{_LINE})*\n?\Z")


# A single paragraph, whatever is inside it: lines that begin with a letter (so none
# starts a block or ends the paragraph), and a last one that ends in no space (which
# the paragraph would strip). Only its inline content needs parsing.
ONE_PARAGRAPH = re.compile(r"[^\W\d_][^\n\r]*(?:\n[^\W\d_][^\n\r]*)*(?<!\s)\n?\Z")


def plain_paragraph(source: str) -> str:
    text = escapeHtml(source.rstrip("\n"))
    return f"<p>{text}</p>\n"


# The marks most notes use beyond plain words: *emphasis*, **strong** and
# [a link](https://…), each around words of ordinary characters that begin and end
# with a letter or digit, in a paragraph whose spaces are single and never beside a
# line break. In that shape no delimiter can be read two ways, so the HTML is the
# parser's without the parser, in a quarter of the time. Anything else in the paragraph
# (code, an image, an entity, a stray bracket or asterisk, a link to another kind of
# address) leaves it to markdown-it-py. A property test holds it to markdown-it-py.
_WORDS = rf"[^\W_](?:(?:{_ORDINARY}| (?! ))*[^\W_])?"
_DESTINATION = r"(?:[A-Za-z0-9\-._~:/?#@$+,;=']|%[0-9A-Fa-f]{2})+"
_SIMPLE_MARK = re.compile(
    rf"(?<![^\s(\"'])(?:\*\*(?P<strong>{_WORDS})\*\*|\*(?P<em>{_WORDS})\*)"
    rf"(?=[\s.,;:?'\")]|\Z)"
    rf"|\[(?P<text>{_WORDS})\]\((?P<href>{_DESTINATION})\)")
# The addresses most notes link to, which normalisation leaves as they are (a
# property test holds this): a web address with a plain host name, or a relative one;
# either with no ":" or "@" in its path.
KEPT_AS_WRITTEN = re.compile(r"(?:https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#][^:@]*)?"
                             r"|(?!//)[^:@]+)\Z")
_UNSIMPLE = re.compile(r"[\\`*_\[\]<>&!~|\t\r\x00]|  | \n|\n |[^\S \n]")


def simple_inline(source: str) -> str | None:
    """The inline HTML of a one-paragraph note made only of words, emphasis, strong
    emphasis and links as above; None for any other."""
    html, at = [], 0
    for found in _SIMPLE_MARK.finditer(source):
        between = source[at:found.start()]
        if _UNSIMPLE.search(between):
            return None
        html.append(escapeHtml(between))
        at = found.end()
        if found["em"] is not None:
            html.append(f"<em>{escapeHtml(found['em'])}</em>")
        elif found["strong"] is not None:
            html.append(f"<strong>{escapeHtml(found['strong'])}</strong>")
        else:
            # markdown-it-py's own normalisation, which is not always a no-op even on
            # these characters (an empty user part, a port, "::"), then its check.
            href = found["href"]
            if not KEPT_AS_WRITTEN.match(href):
                href = markdown().normalizeLink(href)
            if not markdown().validateLink(href):
                return None
            html.append(f'<a href="{escapeHtml(href)}">{escapeHtml(found["text"])}</a>')
    rest = source[at:]
    if _UNSIMPLE.search(rest):
        return None
    html.append(escapeHtml(rest))
    return "".join(html)


def render_with_quoted_passages(quoted: QuotedText) -> str:
    """A note's full text with the passages that the story quotes from it marked, as
    in a statute's full text beside a story that quotes a paragraph of it."""
    text = quoted.text
    highlights = [Highlight("quoted", "quoted", start, end, 0, "")
                  for start, end in quoted.passages]
    env = {"pieces": split_leaves(text, highlights), "refs": {}, "mark": quoted_mark}
    return _renderer.render(list(text.tokens), markdown().options, env)
