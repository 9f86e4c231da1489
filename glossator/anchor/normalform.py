"""The normal form in which quotes are matched, with the way back to the original.

In the normal form every run of whitespace is one space, and typographic quotes,
apostrophes, dashes and ellipses are their plain forms, so an author can type
`"doubtful"` for `“doubtful”`, and re-wrapped lines or curled quotes do not move a
quote's words. Offsets found in the normal form are mapped back to the original,
which is what the page highlights.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# One character for one: these keep every offset where it was.
_ONE_FOR_ONE = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002"
                    "\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029"
                    "\u202f\u205f\u3000", " "),
})
# Characters whose normal form has another length: runs of spaces become one,
# an ellipsis three dots, and invisible characters (soft hyphens, zero-width spaces)
# nothing at all.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_RESIZED = re.compile(f" {{2,}}|\u2026|[{_INVISIBLE}]")


@dataclass(frozen=True)
class NormalizedText:
    """A text in normal form, with the way back to offsets in the original.

    `resized` lists, in order, each place where the normal form's length differs from
    the original's: (normal start, normal length, original start, original length).
    Everywhere else a character maps to exactly one character.
    """

    original: str
    text: str
    resized: tuple[tuple[int, int, int, int], ...]
    _starts: tuple[int, ...]

    def original_start(self, index: int) -> int:
        """Where the character at `index` of the normal form begins in the original."""
        k = bisect_right(self._starts, index) - 1
        if k < 0:
            return index
        norm_start, norm_len, orig_start, orig_len = self.resized[k]
        if index < norm_start + norm_len:
            return orig_start
        return orig_start + orig_len + (index - norm_start - norm_len)

    def original_end(self, index: int) -> int:
        """Where the character at `index` of the normal form ends in the original."""
        k = bisect_right(self._starts, index) - 1
        if k >= 0:
            norm_start, norm_len, orig_start, orig_len = self.resized[k]
            if index < norm_start + norm_len:
                return orig_start + orig_len
        return self.original_start(index) + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normal form's [start, end), end > start."""
        return self.original_start(start), self.original_end(end - 1)

    def normal_index(self, original: int) -> int:
        """Where an offset of the original falls in the normal form."""
        shift = 0
        for norm_start, norm_len, orig_start, orig_len in self.resized:
            if orig_start >= original:
                break
            if original < orig_start + orig_len:
                return norm_start
            shift += norm_len - orig_len
        return min(max(original + shift, 0), len(self.text))


def normalize(text: str) -> NormalizedText:
    translated = text.translate(_ONE_FOR_ONE)
    parts: list[str] = []
    resized: list[tuple[int, int, int, int]] = []
    shift = 0      # normal offset minus original offset, so far
    last = 0
    for match in _RESIZED.finditer(translated):
        found = match.group()
        replacement = resized_form(found)
        parts.append(translated[last:match.start()])
        parts.append(replacement)
        resized.append((match.start() + shift, len(replacement), match.start(), len(found)))
        shift += len(replacement) - len(found)
        last = match.end()
    parts.append(translated[last:])
    return NormalizedText(text, "".join(parts), tuple(resized),
                          tuple(r[0] for r in resized))


def resized_form(found: str) -> str:
    return " " if found[0] == " " else "..." if found == "\u2026" else ""


def normalize_fragment(text: str) -> str:
    """The normal form of a quote, prefix or suffix (no offsets needed)."""
    return _RESIZED.sub(lambda match: resized_form(match.group()),
                        text.translate(_ONE_FOR_ONE)) if text else ""
