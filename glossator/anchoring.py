"""Finding a quoted passage in the reader's text: small pure functions, no I/O.

A quote is matched on a normalised form of both texts, in which every run of
whitespace is one space and typographic quotes, apostrophes, dashes and ellipses are
their plain forms, so an author can type `"doubtful"` for `“doubtful”`. Offsets are
mapped back to the original text, which is what the page highlights.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

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


def normalize(text: str) -> NormalizedText:
    translated = text.translate(_ONE_FOR_ONE)
    parts: list[str] = []
    resized: list[tuple[int, int, int, int]] = []
    shift = 0      # normal offset minus original offset, so far
    last = 0
    for match in _RESIZED.finditer(translated):
        found = match.group()
        replacement = " " if found[0] == " " else "..." if found == "\u2026" else ""
        parts.append(translated[last:match.start()])
        parts.append(replacement)
        resized.append((match.start() + shift, len(replacement), match.start(), len(found)))
        shift += len(replacement) - len(found)
        last = match.end()
    parts.append(translated[last:])
    return NormalizedText(text, "".join(parts), tuple(resized),
                          tuple(r[0] for r in resized))


def normalize_fragment(text: str) -> str:
    """The normal form of a quote, prefix or suffix (no offsets needed)."""
    return normalize(text).text


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start of `needle` in `haystack`, overlapping ones included."""
    found = []
    start = haystack.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def prefix_agrees(text: str, start: int, prefix: str) -> bool:
    """Whether `prefix` (normal form) ends right where a match at `start` begins;
    whitespace where the two meet does not count."""
    wanted = prefix.rstrip()
    if not wanted:
        return True
    return text[max(0, start - len(wanted) - 1):start].rstrip().endswith(wanted)


def suffix_agrees(text: str, end: int, suffix: str) -> bool:
    wanted = suffix.lstrip()
    if not wanted:
        return True
    return text[end:end + len(wanted) + 1].lstrip().startswith(wanted)


@dataclass(frozen=True)
class QuoteSearch:
    """Every place a quote occurs, and those its prefix and suffix agree with.

    Spans are offsets in the original text."""

    occurrences: tuple[tuple[int, int], ...]
    agreeing: tuple[tuple[int, int], ...]

    @property
    def unique(self) -> tuple[int, int] | None:
        """The one place the quote sits, if the evidence singles one out."""
        if len(self.agreeing) == 1:
            return self.agreeing[0]
        return None


def search_quote(text: NormalizedText, exact: str, prefix: str = "",
                 suffix: str = "") -> QuoteSearch:
    quote = normalize_fragment(exact).strip()
    if not quote:
        return QuoteSearch((), ())
    prefix_n, suffix_n = normalize_fragment(prefix), normalize_fragment(suffix)
    occurrences, agreeing = [], []
    for start in find_all(text.text, quote):
        end = start + len(quote)
        span = text.original_span(start, end)
        occurrences.append(span)
        if prefix_agrees(text.text, start, prefix_n) and suffix_agrees(text.text, end, suffix_n):
            agreeing.append(span)
    return QuoteSearch(tuple(occurrences), tuple(agreeing))


def anchor_quote(text: str, exact: str, prefix: str = "", suffix: str = "",
                 hint: int | None = None) -> tuple[int, int] | None:
    """The (start, end) offsets in `text` of a W3C TextQuoteSelector's match, or None
    when no single place is good enough.

    `hint` (the previous start offset) breaks a tie between equally good places, the
    way a reader would: the one nearest to where the words were before."""
    search = search_quote(normalize(text), exact, prefix, suffix)
    if search.unique:
        return search.unique
    candidates = search.agreeing or (search.occurrences if len(search.occurrences) == 1 else ())
    if len(candidates) == 1:
        return candidates[0]
    if hint is not None and candidates:
        by_distance = sorted(candidates, key=lambda span: abs(span[0] - hint))
        if abs(by_distance[0][0] - hint) < abs(by_distance[1][0] - hint):
            return by_distance[0]
    return None


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    similarity: float   # 0 to 100


def closest_passage(text: NormalizedText, exact: str) -> Passage | None:
    """The passage of `text` most like a quote that is not in it, for the error."""
    quote = normalize_fragment(exact).strip()
    if not quote or not text.text.strip():
        return None
    alignment = fuzz.partial_ratio_alignment(quote.casefold(), text.text.casefold())
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    start, end = widen_to_words(text.text, alignment.dest_start, alignment.dest_end)
    return Passage(*text.original_span(start, end), similarity=alignment.score)


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def context(text: str, start: int, end: int, words: int = 5) -> str:
    """The match in brackets with a few words either side, on one line."""
    before = " ".join(text[:start].split()[-words:])
    after = " ".join(text[end:].split()[:words])
    match = " ".join(text[start:end].split())
    lead = "…" if text[:start].split()[:-words] else ""
    trail = "…" if text[end:].split()[words:] else ""
    joint_before = " " if start > 0 and text[start - 1].isspace() else ""
    joint_after = " " if end < len(text) and text[end].isspace() else ""
    return f"{lead}{before}{joint_before}[{match}]{joint_after}{after}{trail}"


def distinguishing_prefixes(text: str, spans: tuple[tuple[int, int], ...],
                            max_words: int = 8) -> list[str | None]:
    """For each span, the fewest words before it that no other span shares; None
    where no such prefix exists within `max_words`."""
    befores = [text[:start].split() for start, _ in spans]
    found: list[str | None] = []
    for i, words in enumerate(befores):
        choice = None
        for n in range(1, min(max_words, len(words)) + 1):
            candidate = words[-n:]
            if all(other[-n:] != candidate for j, other in enumerate(befores) if j != i):
                choice = " ".join(candidate) + " "
                break
        found.append(choice)
    return found


_WORD = re.compile(r"\S+")
_PUNCTUATION = "\"'()[]{}.,;:!?-*_"


def shared_passages(text: NormalizedText, other: NormalizedText,
                    min_words: int = 6) -> list[tuple[int, int]]:
    """The runs of at least `min_words` words of `text` that `other` also contains,
    as spans of the original `text`: the words one text quotes from the other."""
    def words(normal: NormalizedText) -> list[re.Match]:
        return list(_WORD.finditer(normal.text))

    def key(run: list[re.Match]) -> tuple[str, ...]:
        # A quotation adds its own marks and punctuation around the words it quotes.
        return tuple(m.group().strip(_PUNCTUATION).casefold() for m in run)

    ours, theirs = words(text), words(other)
    their_runs = {key(theirs[i:i + min_words]) for i in range(len(theirs) - min_words + 1)}
    covered = [False] * len(ours)
    for i in range(len(ours) - min_words + 1):
        if key(ours[i:i + min_words]) in their_runs:
            covered[i:i + min_words] = [True] * min_words
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(ours):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(ours) and covered[j + 1]:
            j += 1
        spans.append(text.original_span(ours[i].start(), ours[j].end()))
        i = j + 1
    return spans
