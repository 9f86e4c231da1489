"""Finding a quoted passage in the reader's text: small pure functions, no I/O.

Quotes are matched in the normal form of `normalform`. An exact match is found with
plain string search; when the words were edited, `anchor_quote` looks for places
that are nearly the quote and weighs each by how alike its words are, whether the
text around it still reads like the remembered prefix and suffix, and how near it
is to where the words were before. It answers None (orphaned) rather than guess
when no place is good enough or two are about as good: attaching a note to the
wrong words is worse than reporting that it lost them.

The rules (`plausible`, `choose`, `own_place`, `nearest`), each tested on its own:
- where the quote's own place survived (near where it was, both sides of its context
  as they were), the answer is there, whatever its words became, or nowhere;
- the same words far from where they were are the quote only if both sides of their
  context still read as remembered: one side is what a copy shares with its passage;
- near where they were, one side is enough if it stands as it was (an edit beside
  the quote changed the other);
- edited words must be near where the quote was, with its context;
- of copies of one passage, the one still where the quote was, else the one with
  clearly more of its surroundings, else none.

With what anchors.json keeps beside the selector (the text's length then, how many
times the quote's words stood in it and which of them it was), the place must also be
one the edit could have moved the quote to (`where_expected`,
`one_edit_changed_its_words`); words that stand fewer times than they stood are the
quote only among its context as it was; words that stand as many times follow an edit
or a move with one side of their context, and of their copies the one in the quote's
turn is the quote, unless another moved with both sides of its context (`nearest`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace

import ahocorasick
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein, ScoreAlignment

from .normalform import NormalizedText, normalize, normalize_fragment

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
                 suffix: str = "", starts: list[int] | None = None) -> QuoteSearch:
    """Where the quote stands as written; `starts`, when given, are where it stands
    in the normal form (from `find_every`, which finds every quote in one pass)."""
    quote = normalize_fragment(exact).strip()
    if not quote:
        return QuoteSearch((), ())
    prefix_n, suffix_n = normalize_fragment(prefix), normalize_fragment(suffix)
    occurrences, agreeing = [], []
    for start in find_all(text.text, quote) if starts is None else starts:
        end = start + len(quote)
        span = text.original_span(start, end)
        occurrences.append(span)
        if prefix_agrees(text.text, start, prefix_n) and suffix_agrees(text.text, end, suffix_n):
            agreeing.append(span)
    return QuoteSearch(tuple(occurrences), tuple(agreeing))


def anchor_quote(text: str, exact: str, prefix: str = "", suffix: str = "",
                 hint: int | None = None, length: int | None = None,
                 occurrences: int | None = None, nth: int | None = None,
                 ) -> tuple[int, int] | None:
    """The (start, end) offsets in `text` of the best match of a W3C
    TextQuoteSelector (exact, prefix, suffix), or None when no match is good enough.

    `hint` is where the quote started before (an offset in `text`'s previous
    version), evidence for the place nearest to it; `length` is that version's
    length, `occurrences` how many times the quote's words stood in it and `nth`
    which of them was the quote (1 the first), evidence of what the edit did."""
    found = anchor_quotes(text, [Selector(exact, prefix, suffix, hint, length,
                                          occurrences, nth)])[0]
    return (found.start, found.end) if found else None


@dataclass(frozen=True)
class Selector:
    """A W3C TextQuoteSelector, with where the quote started before, if known."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    hint: int | None = None
    length: int | None = None         # of the text the quote was found in before
    occurrences: int | None = None    # of the quote's words in that text
    nth: int | None = None            # which of them was the quote, 1 the first


def anchor_quotes(text: str | NormalizedText, selectors: list[Selector],
                  ) -> list[Found | None]:
    """`anchor_quote` for many quotes at once: the text is searched once for all of
    them, so a story's annotations cost one pass however many there are."""
    normal = text if isinstance(text, NormalizedText) else normalize(text)
    quotes = [normalize_fragment(s.exact).strip() for s in selectors]
    hits = find_every(normal.text, quotes)
    return [find_quote(normal, s.exact, s.prefix, s.suffix, s.hint, starts=hits.get(q, []),
                       length=s.length, occurrences=s.occurrences, nth=s.nth)
            for s, q in zip(selectors, quotes)]


def find_every(text: str, needles: list[str]) -> dict[str, list[int]]:
    """Every start of each needle in `text`, overlapping ones included (Aho-Corasick)."""
    automaton = ahocorasick.Automaton()
    for needle in set(needles):
        if needle:
            automaton.add_word(needle, needle)
    if not len(automaton):
        return {}
    automaton.make_automaton()
    found: dict[str, list[int]] = {}
    for last, needle in automaton.iter(text):
        found.setdefault(needle, []).append(last - len(needle) + 1)
    return found


@dataclass(frozen=True)
class Found:
    """Where a quote was found: offsets in the original text, and how."""

    start: int
    end: int
    exact: bool          # the quote's words are there as given (after normalising)


@dataclass(frozen=True)
class Candidate:
    """A place the quote may be, in the normal form, with its evidence: how alike
    the words there are to the quote, and the text before and after to the remembered
    prefix and suffix (0 to 1, None when not given); how far it is from where the
    quote was (characters, None when not known)."""

    start: int
    end: int
    quote: float
    prefix: float | None
    suffix: float | None
    distance: int | None
    words: float = 1.0       # the share of the quote's words that stand there
    shift: int | None = None     # how far it is from where the quote was, forward or back
    grown: int | None = None     # how much longer the text is than it was, if known
    counted: bool = False    # the quote's words, which stand as many times as they stood
    in_turn: bool = False    # counted, and the nth of them as the quote was

    @property
    def position(self) -> float | None:
        return None if self.distance is None else 1 / (1 + self.distance / POSITION_SCALE)

    @property
    def sides(self) -> tuple[float, ...]:
        return tuple(v for v in (self.prefix, self.suffix) if v is not None)

    @property
    def score(self) -> float:
        parts = [(WEIGHTS["quote"], self.quote)]
        parts += [(WEIGHTS[name], value) for name, value in
                  (("prefix", self.prefix), ("suffix", self.suffix), ("position", self.position))
                  if value is not None]
        return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


WEIGHTS = {"quote": 0.45, "prefix": 0.2, "suffix": 0.2, "position": 0.15}
AGREE = 0.65            # a side of the context that still reads as remembered: a word or
                        # two changed in 32 characters scores 0.6 to 1, unrelated text 0.1
                        # to 0.6 (0.47 at the 95th percentile)
STRONG = 0.85           # both sides on average, for the same words far from where they
                        # were: what stood around them still stands around them
SAME = 0.9              # a side of the context as it was, but for a character or two
NEARLY = 0.8            # a side with a word of it changed (0.83 in the real revisions);
                        # a parallel sentence's side, a sentence away, scored 0.74
PART_OF_A_SIDE = 0.5    # a side of the context with a word or two of it changed, at
                        # least (unrelated text scores 0.3 to 0.4 on average)
MIN_FUZZY_SIMILARITY = 0.75     # of the words found to the quote, for an edited quote
MIN_WORDS_KEPT = 0.5    # of the quote's words, where both sides of its context stand
MARGIN = 0.04           # a runner-up within this of the best makes it a guess
SHORT = 12              # characters: shorter quotes are matched only exactly
TOO_SHORT = 3           # characters: fewer are not a quote anything can place
LONG_NEEDLE = 256       # characters: longer quotes are aligned without partial_ratio
MAX_LONG_PLACES = 4     # places a long quote is aligned at, at most
MAX_PAIRS = 400         # (start, end) pairs a quote's span is refined over, at most
POSITION_SCALE = 500    # characters of drift that halve the position evidence
AT_HINT = 16            # characters: still where the quote was, give or take a small edit
JOINT = 2               # characters: spaces where a side meets the quote, counted or not
TWIN_MARGIN = 0.05      # of context, for one copy of a passage to be the quote's
NEAR = 250              # characters beyond the quote's length: how far an edit right
                        # beside a quote (a sentence put in or taken out) moves it
MIN_STANDING_SIDE = 16  # characters: a shorter side of the context may stand by chance
PHRASE_REACH = 4000     # characters either side: a side of the context standing again
                        # within them is a phrase of the text, not a mark of a place


def find_quote(text: NormalizedText, exact: str, prefix: str = "", suffix: str = "",
               hint: int | None = None, starts: list[int] | None = None,
               length: int | None = None, occurrences: int | None = None,
               nth: int | None = None) -> Found | None:
    """One quote, given where it stands exactly when that is known (`starts`), and
    what is known of the text it was found in before (`anchor_quote`)."""
    quote = normalize_fragment(exact).strip()
    if not quote:
        return None
    prefix_n, suffix_n = normalize_fragment(prefix), normalize_fragment(suffix)
    near = text.normal_index(hint) if hint is not None else None
    grown = len(text.original) - length if length is not None else None

    def weighed(spans):
        return [weigh(text.text, start, end, similarity, prefix_n, suffix_n, near, quote,
                      grown) for start, end, similarity in spans]

    if starts is None:
        starts = find_all(text.text, quote)
    # The quote's words inside longer words ("a cat" in "página cat") are not its words
    # as they were; the search for edited words finds the whole words there.
    candidates = weighed((start, start + len(quote), 1.0) for start in starts
                         if not splits_words(text.text, start, start + len(quote),
                                             prefix_n, suffix_n))
    if occurrences == len(starts):
        turn = sorted(starts)[nth - 1] if nth is not None and 0 < nth <= len(starts) else None
        candidates = [replace(c, counted=True, in_turn=c.start == turn) for c in candidates]
    if len(candidates) == 1 and in_place(candidates[0], len(quote)):
        only = candidates[0]        # the common case: nothing moved, nothing to weigh
        return Found(*text.original_span(only.start, only.end), True)
    # The same words elsewhere do not settle it unless both sides of their context
    # still read as remembered, where the quote was: the quote's own place may have
    # been edited, and the words found be a copy. Look for nearly-matching places too.
    if not any(in_place(c, len(quote)) for c in candidates):
        taken = {(c.start, c.end) for c in candidates}
        spans = approximate_spans(text.text, quote, prefix_n, suffix_n)
        spans += bracketed_spans(text.text, quote, prefix_n, suffix_n)
        candidates += weighed(span for span in spans if span[:2] not in taken)
    if occurrences is not None and len(starts) < occurrences:
        # Words that stood more than once stand fewer times: those that went may be
        # the quote's own, so the ones left are the quote only among its context as it
        # was.
        candidates = [c for c in candidates if c.quote < 1.0 or kept_its_context(c)]
    if vacated(standing_sides(text.text, prefix_n, suffix_n, near, len(quote), grown),
               candidates):
        # Only the words that took a side of their context with them (a block moved
        # whole) may be the quote's; a copy with other words on both sides is not.
        candidates = [c for c in candidates if c.sides and max(c.sides) >= SAME]
    if any(rewritten_in_place(c) for c in candidates):
        # The quote's place stands, its words rewritten: the same words far off, where
        # no edit of the text's growth would have put them, with one side alike, are
        # another passage's.
        candidates = [c for c in candidates if c.quote < 1.0 or within_growth(c)
                      or moved_with_surroundings(c)]
    best = choose(candidates, quote_length=len(quote))
    if best is None:
        return None
    start, end = text.original_span(best.start, best.end)
    return Found(start, end, best.quote == 1.0)


def splits_words(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether [start, end) begins or ends inside a word where the quote, as it stood
    between its prefix and suffix, did not."""
    def inside(i: int) -> bool:
        return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()

    return ((inside(start) and not prefix[-1:].isalnum())
            or (inside(end) and not suffix[:1].isalnum()))


def in_place(candidate: Candidate, quote_length: int) -> bool:
    """The quote's words, as they were, with what stood around them: nothing to look
    further for."""
    return (candidate.quote == 1.0 and all(v >= SAME for v in candidate.sides)
            and is_near(candidate, quote_length))


@dataclass(frozen=True)
class StandingSides:
    """Where the remembered prefix ends and the remembered suffix begins, each whole and
    as it was, where an edit that took the quote away would have left it (offsets in
    the normal form; `standing_sides`)."""

    prefix_ends: tuple[int, ...] = ()
    suffix_starts: tuple[int, ...] = ()

    def beside(self, start: int, end: int) -> bool:
        """Whether a place [start, end) is beside one of the sides (a word or so
        between, as where the quote's first or last word was changed), or between
        them."""
        return (any(0 <= start - e <= AT_HINT for e in self.prefix_ends)
                or any(0 <= s - end <= AT_HINT for s in self.suffix_starts)
                or any(e <= start and end <= s
                       for e in self.prefix_ends for s in self.suffix_starts))


def standing_sides(text: str, prefix: str, suffix: str, near: int | None,
                   quote_length: int, grown: int | None = None) -> StandingSides:
    """The sides of the quote's context that still stand whole, as they were, and once
    in their neighbourhood, where an edit that took the quote's words away would have
    left them: the prefix still ending where the quote began; the suffix beginning
    where the quote ended, or before (the text before it was taken out, the quote's
    length or more). A side that stands again nearby is a phrase of the text, not a
    mark of a place. When it is known how much the text grew (`grown`), the suffix
    must begin where an edit of the quote's own words would have put it: the quote's
    length and the growth on from where it began."""
    if near is None:
        return StandingSides()

    def once(side: str, lo: int, hi: int) -> list[int]:
        if len(side) < MIN_STANDING_SIDE:
            return []
        at = text.find(side, max(0, lo), max(0, hi))
        # Once in its neighbourhood: looking through the whole text for each quote
        # would cost more than all the rest of anchoring a long story.
        around = max(0, at - PHRASE_REACH), at + len(side) + PHRASE_REACH
        if at == -1 or text.find(side, around[0], at) != -1 or text.find(
                side, at + 1, around[1]) != -1:
            return []
        return [at]

    wanted_prefix, wanted_suffix = prefix.strip(), suffix.strip()
    prefix_ends = tuple(at + len(wanted_prefix) for at in once(
        wanted_prefix, near - AT_HINT - len(wanted_prefix), near + AT_HINT))
    if grown is None:
        lo, hi = near - NEAR, near + quote_length + AT_HINT
    else:
        at = near + quote_length + grown
        lo, hi = at - slack(grown), at + slack(grown)
    suffix_starts = tuple(once(wanted_suffix, lo, hi + len(wanted_suffix)))
    return StandingSides(prefix_ends, suffix_starts)


def vacated(standing: StandingSides, candidates: list[Candidate]) -> bool:
    """Whether the quote's own place is marked by a side of its context standing as
    it was, with nothing like the quote beside it: the edit took the quote's words
    from there, and its words elsewhere are the quote only if they took the other
    side of their context with them."""
    if not (standing.prefix_ends or standing.suffix_starts):
        return False
    return not any(standing.beside(c.start, c.end) for c in candidates
                   if c.quote >= MIN_FUZZY_SIMILARITY or c.words >= MIN_WORDS_KEPT)


def weigh(text: str, start: int, end: int, similarity: float, prefix: str, suffix: str,
          near: int | None, quote: str = "", grown: int | None = None) -> Candidate:
    prefix_score = suffix_score = distance = shift = None
    if prefix.strip():
        before = text[max(0, start - len(prefix)):start]
        prefix_score = Indel.normalized_similarity(prefix.strip(), before.strip())
    if suffix.strip():
        after = text[end:end + len(suffix)]
        suffix_score = Indel.normalized_similarity(suffix.strip(), after.strip())
    if near is not None:
        shift = start - near
        distance = abs(shift)
    words = 1.0 if similarity == 1.0 else words_kept(quote, text[start:end])
    return Candidate(start, end, similarity, prefix_score, suffix_score, distance, words,
                     shift=shift, grown=grown)


def within_growth(c: Candidate) -> bool:
    """Where edits before and after the quote, adding up to the text's growth, could
    have put it (or nothing says what that is)."""
    if c.shift is None or c.grown is None:
        return True
    return min(0, c.grown) - slack(c.grown) <= c.shift <= max(0, c.grown) + slack(c.grown)


def rewritten_in_place(c: Candidate) -> bool:
    """Half the quote's words or more, edited, with one side of its context as it
    was, where edits could have put it: the quote's own place, its words rewritten."""
    return (c.quote < 1.0 and c.words >= MIN_WORDS_KEPT and bool(c.sides)
            and max(c.sides) >= SAME and c.shift is not None and within_growth(c))


def kept_its_context(c: Candidate) -> bool:
    """Both sides of the context as they were; or one as it was and the other with a
    word of it changed, where the edits' growth could have put the words."""
    if len(c.sides) != 2:
        return False
    return min(c.sides) >= SAME or (max(c.sides) >= SAME and min(c.sides) >= NEARLY
                                    and within_growth(c))


def words_kept(quote: str, found: str) -> float:
    """The share of the quote's words that stand, as they were, in `found` (of the
    longer of the two, so that a span much longer than the quote keeps less)."""
    wanted = quote.split()
    if not wanted:
        return 0.0
    there = Counter(found.split())
    kept = 0
    for word in wanted:
        if there[word]:
            there[word] -= 1
            kept += 1
    return kept / max(len(wanted), len(found.split()))


def where_expected(candidate: Candidate, quote_length: int) -> bool:
    """Where the edit would have put the quote: near where it was, and, if the text's
    length before the edit is known, moved by no more than the edit could: not at
    all, if the edit came after the quote; by what it added or took away, if before
    (then perhaps far); in between, if several edits of one kind came on either side.
    Words on the other side, or further away, were not moved there by the edit:
    they stood there before it. Where the text before the quote stands as it was and
    the text after it does not, the edit came after it: then it did not move."""
    c = candidate
    if c.shift is None or c.grown is None:
        return is_near(c, quote_length)
    if c.prefix is not None and c.suffix is not None and c.prefix >= SAME > c.suffix:
        return abs(c.shift) <= AT_HINT
    if abs(c.shift - c.grown) <= slack(c.grown):
        return True
    return is_near(c, quote_length) and within_growth(c)


def slack(grown: int) -> int:
    """Characters of give in where an edit puts the text after it: shifts are counted
    in the normal form, where a run of spaces is one."""
    return AT_HINT + abs(grown) // 50


def is_near(candidate: Candidate, quote_length: int) -> bool:
    """Near where the quote was, or nothing says where that was."""
    return candidate.distance is None or candidate.distance <= NEAR + quote_length


def far_from(text: NormalizedText, start: int, hint: int, quote_length: int) -> bool:
    """Whether an offset of the original text is too far from where a quote stood
    (`hint`) for an edit beside the quote to have moved it there."""
    return abs(text.normal_index(start) - text.normal_index(hint)) > NEAR + quote_length


def agreeing_sides(candidate: Candidate) -> int | None:
    """How many sides of the context given still read as remembered; None when no
    side was given."""
    if not candidate.sides:
        return None
    return sum(v >= AGREE for v in candidate.sides)


def plausible(candidate: Candidate, quote_length: int) -> bool:
    """Whether the evidence says this is the quote's own place: its words, both sides
    of its context, where the edit would have put it (`where_expected`). An identical
    passage with other words around it, elsewhere, is another passage."""
    c = candidate
    given = len(c.sides)
    agreeing = agreeing_sides(c)
    expected = where_expected(c, quote_length)
    if c.quote == 1.0:
        if agreeing is None:
            return expected
        if expected:
            # Perhaps an edit right beside it: then the other side stands as it was;
            # or words that stand as many times as they stood, with a side of theirs.
            return (agreeing == given or max(c.sides) >= SAME or still_at_hint(c)
                    or (c.counted and max(c.sides) >= AGREE))
        # Moved further than the edit explains (a passage moved, or several edits):
        # what stood around it still stands around it, on both sides. One side is
        # not enough: a passage quoted twice, or boilerplate, has one side in common
        # with its copies; unless it has none (the words stand as many times as
        # they stood: once, or each copy where the edit put it).
        return moved_with_surroundings(c) or (c.counted and max(c.sides) >= AGREE)
    # Edited words are the quote only near where it was: far off, even where the edit
    # would have moved it, they are as likely a passage much like it.
    expected = expected and is_near(c, quote_length)
    if agreeing is None:
        # Nothing but the words to go on (and perhaps the place): a changed word or
        # two in a short quote makes other words.
        return quote_length >= 24 and c.quote >= 0.9 and expected
    if not expected or not one_edit_changed_its_words(c, quote_length):
        return False
    if agreeing == given == 2 and c.distance is not None:
        # Where it stood, between both sides of its context: its place survived.
        return c.words >= MIN_WORDS_KEPT or c.quote >= MIN_FUZZY_SIMILARITY
    if agreeing == given:
        # One side, or an author's prefix or suffix with nothing saying where the quote
        # stood: that is little to go on, so the words must be nearly the same.
        return c.quote >= (MIN_FUZZY_SIMILARITY if quote_length >= 24 else 0.9)
    if agreeing:
        return quote_length >= 24 and c.quote >= 0.85 or c.quote >= 0.9
    return False


def one_edit_changed_its_words(c: Candidate, quote_length: int) -> bool:
    """Whether one edit could have made the quote's words these, here, when the text's
    length before it is known. An edit that left the prefix as it was began after it:
    the words begin where they began (the text grew or shrank after them, not
    before); if it left the suffix too, the text grew by what the words did. One that
    took the end of the prefix with the words left the suffix, which moved by all the
    edit did. (Near-copies of a deleted sentence in a list of like ones stand a
    sentence away, with sides as alike as the quote's.)"""
    if c.grown is None or c.shift is None:
        return True
    moved_end = c.shift + (c.end - c.start) - quote_length
    if c.prefix is not None and c.prefix >= SAME:
        if (not min(0, c.grown) - JOINT <= c.shift <= max(0, c.grown) + JOINT
                or abs(c.shift) > AT_HINT):
            return False
        return c.suffix is None or c.suffix < SAME or abs(moved_end - c.grown) <= slack(c.grown)
    return c.suffix is not None and c.suffix >= SAME and abs(moved_end - c.grown) <= slack(c.grown)


def still_at_hint(c: Candidate) -> bool:
    """The quote's words where they stood, give or take a word, with something of both
    sides of their context: a word or two changed on either side of them. (A copy
    lands there only if an edit moved it exactly into the quote's place.)"""
    return (c.distance is not None and c.distance <= AT_HINT and len(c.sides) == 2
            and min(c.sides) >= PART_OF_A_SIDE and sum(c.sides) / 2 >= AGREE)


def moved_with_surroundings(c: Candidate) -> bool:
    return min(c.sides) >= AGREE and sum(c.sides) / len(c.sides) >= STRONG


def choose(candidates: list[Candidate], quote_length: int) -> Candidate | None:
    """The one plausible candidate clearly better than the other plausible ones, or
    None. Where the quote's own place survived, the answer is there or nowhere."""
    own = own_place(candidates, quote_length)
    if own is not None:
        # The quote's words as they were, inside its own place, are its words.
        exact = [c for c in candidates if c.quote == 1.0 and intersect(c, own)
                 and plausible(c, quote_length)]
        own = min(exact, key=lambda c: (c.distance, -c.score), default=own)
        # A copy of the passage next to it (a duplicated paragraph) may have taken
        # one side of its context; where the quote was tells them apart.
        twins = [c for c in candidates if is_twin(c, own)]
        if len(twins) > 1:
            return plausible_twin(nearest(twins), quote_length)
        return own if plausible(own, quote_length) else None
    ranked = sorted((c for c in candidates if plausible(c, quote_length)),
                    key=lambda c: c.score, reverse=True)
    if not ranked:
        return None
    best = ranked[0]
    # Copies of the passage count against it even where they are not plausible
    # themselves: the same words with the same words on one side, twice.
    twins = [c for c in candidates if is_twin(c, best)]
    if len(twins) > 1:
        return plausible_twin(nearest(twins), quote_length)
    rivals = [c for c in ranked[1:] if not overlap(best, c)]
    if rivals and best.score - rivals[0].score < MARGIN:
        # About as good: the one that is, as the quote was, the nth of its words.
        close = [best] + [c for c in rivals if best.score - c.score < MARGIN]
        return next((c for c in close if c.in_turn), None)
    return best


def plausible_twin(chosen: Candidate | None, quote_length: int) -> Candidate | None:
    """The copy chosen of a passage that stands more than once, if it may be the
    quote's: far from where the quote was, one side as it was is not enough when
    another copy has that side too."""
    if chosen is None or not plausible(chosen, quote_length):
        return None
    if (not where_expected(chosen, quote_length) and not moved_with_surroundings(chosen)
            and not chosen.in_turn):
        return None
    return chosen


def own_place(candidates: list[Candidate], quote_length: int) -> Candidate | None:
    """The quote's own place, if it survived the edit: near where the quote was, with
    both sides of its context as they were, whatever words now stand between them.
    Then the same words elsewhere are a copy, however alike their surroundings."""
    surviving = [c for c in candidates if c.distance is not None and len(c.sides) == 2
                 and min(c.sides) >= SAME and where_expected(c, quote_length)]
    # Of readings of one place, the one between its sides as they were.
    return min(surviving, key=lambda c: (c.distance, -sum(c.sides), -c.score), default=None)


def intersect(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def is_twin(a: Candidate, b: Candidate) -> bool:
    """The same words with the same words before them, or after: a copied passage."""
    if a.quote != 1.0 or b.quote != 1.0:
        return False
    return any(x is not None and y is not None and x >= SAME and y >= SAME
               for x, y in ((a.prefix, b.prefix), (a.suffix, b.suffix)))


def nearest(twins: list[Candidate]) -> Candidate | None:
    """Of copies of one passage: the one still where the quote was; failing that,
    the one whose surroundings are clearly more as they were; failing that, one ten
    times nearer to where the quote was than any other; failing that, none (a copy
    merely nearer is as likely the new one)."""
    distances = sorted((c.distance, n) for n, c in enumerate(twins) if c.distance is not None)
    known = len(distances) == len(twins)
    if known and distances[0][0] <= AT_HINT < distances[1][0]:
        return twins[distances[0][1]]
    by_context = sorted(twins, key=lambda c: sum(c.sides), reverse=True)
    clearly_more = sum(by_context[0].sides) - sum(by_context[1].sides) > TWIN_MARGIN
    if clearly_more and moved_with_surroundings(by_context[0]):
        return by_context[0]
    # A copy's order among copies that all still stand says more than a word or two
    # more of a side it shares with them (sections moved keep their surroundings).
    in_turn = [c for c in twins if c.in_turn]
    if in_turn:
        return in_turn[0]
    if clearly_more:
        return by_context[0]
    if known and distances[0][0] * 10 <= distances[1][0]:
        return twins[distances[0][1]]
    return None


def overlap(a: Candidate, b: Candidate) -> bool:
    """Two readings of the same place (a word more or less at an end)."""
    return min(a.end, b.end) - max(a.start, b.start) > 0.8 * max(a.end - a.start, b.end - b.start)


def bracketed_spans(text: str, quote: str, prefix: str, suffix: str,
                    ) -> list[tuple[int, int, float]]:
    """The words between where the remembered prefix still ends and the remembered
    suffix still begins: the quote's place, whatever its words have become."""
    if len(prefix.strip()) < 8 or len(suffix.strip()) < 8:
        return []
    tail, tail_hits = telling_piece(text, prefix, from_end=True)
    _, begins = telling_piece(text, suffix, from_end=False)
    ends = [h + len(tail) for h in tail_hits]
    spans = []
    longest = 2 * len(quote) + 16
    for end_of_prefix in ends:
        # Every place the suffix may begin within reach: its first words may stand
        # inside the quote too, or just before where it now begins.
        at = bisect_left(begins, end_of_prefix)
        while at < len(begins) and begins[at] - end_of_prefix <= longest:
            between = text[end_of_prefix:begins[at]]
            start = end_of_prefix + len(between) - len(between.lstrip())
            end = end_of_prefix + len(between.rstrip())
            if end > start:
                spans.append((start, end,
                              Levenshtein.normalized_similarity(quote, text[start:end])))
            at += 1
    return spans


def telling_piece(text: str, side: str, from_end: bool) -> tuple[str, list[int]]:
    """The end of a prefix (or the start of a suffix) that stands rarely enough in the
    text to mark a place, and where it stands: 12 characters, or more where those
    stand everywhere ("the Library" in a licence)."""
    for size in (12, 20, 32):
        piece = side[-size:] if from_end else side[:size]
        hits = limited_hits(text, piece)
        if hits or size >= len(side):
            break
    return piece, hits


def approximate_spans(text: str, quote: str, prefix: str, suffix: str,
                      ) -> list[tuple[int, int, float]]:
    """Places where the quote nearly stands, found from pieces of it (and of its
    context) that still stand exactly, each refined to whole words."""
    if len(quote) < SHORT and not (prefix.strip() or suffix.strip()):
        return []
    words = quote.split(" ")
    offsets = [m.start() for m in re.finditer(r"\S+", quote)]
    pair_seeds = []                          # with repeats: how many pieces agree
    for i in range(len(words) - 1):          # each pair of neighbouring words
        piece = f"{words[i]} {words[i + 1]}"
        if len(piece) >= 6:
            pair_seeds += [h - offsets[i] for h in limited_hits(text, piece)]
    seeds = set(pair_seeds)
    if len(words) < 3:
        for word, offset in zip(words, offsets):
            if len(word) >= 5:
                seeds.update(h - offset for h in limited_hits(text, word))
    if len(prefix.strip()) >= 8:
        tail = prefix[-12:]
        seeds.update(h + len(tail) for h in limited_hits(text, tail))
    if len(suffix.strip()) >= 8:
        head = suffix[:12]
        seeds.update(h - len(quote) for h in limited_hits(text, head))
    spans: dict[tuple[int, int], float] = {}
    places = cluster(sorted(seeds), len(quote) // 4 + 4)
    if len(quote) > LONG_NEEDLE and places:
        # Each place costs a long quote's alignments: try those where most of its
        # pieces still stand, and only where a fair share of them does.
        support: Counter[int] = Counter()
        for seed in pair_seeds:
            at = bisect_left(places, seed)
            support[min(places[max(0, at - 1):at + 1], key=lambda p: abs(p - seed))] += 1
        places = [p for p, n in support.most_common(MAX_LONG_PLACES)
                  if n >= len(words) / 10]
    for seed in places:
        found = align(text, quote, seed)
        if found:
            spans[found[:2]] = max(spans.get(found[:2], 0), found[2])
    return [(start, end, similarity) for (start, end), similarity in spans.items()]


def limited_hits(text: str, piece: str, limit: int = 64) -> list[int]:
    """Where `piece` stands, unless it stands so often that it says nothing."""
    hits = []
    at = text.find(piece)
    while at != -1:
        hits.append(at)
        if len(hits) > limit:
            return []
        at = text.find(piece, at + 1)
    return hits


def cluster(points: list[int], gap: int) -> list[int]:
    """One representative (the median) of each run of points closer than `gap`."""
    groups: list[list[int]] = []
    for point in points:
        if groups and point - groups[-1][-1] <= gap:
            groups[-1].append(point)
        else:
            groups.append([point])
    return [group[len(group) // 2] for group in groups]


def align(text: str, quote: str, seed: int) -> tuple[int, int, float] | None:
    """The span of whole words near `seed` most like the quote, with its similarity."""
    slack = len(quote) // 3 + 8
    lo, hi = max(0, seed - slack), min(len(text), seed + len(quote) + slack)
    if len(quote) > LONG_NEEDLE:
        # partial_ratio's work grows with the square of the quote and the window
        # (a second for 3,000 characters): a long quote is placed by its seed.
        start0, end0 = seed, min(len(text), seed + len(quote))
        if start0 < 0 or end0 <= start0:
            return None
    else:
        rough = fuzz.partial_ratio_alignment(quote, text[lo:hi])
        if rough is None or rough.dest_end <= rough.dest_start:
            return None
        start0, end0 = lo + rough.dest_start, lo + rough.dest_end
    reach = max(6, min(len(quote) // 3, LONG_NEEDLE))
    starts = [i for i in range(max(lo, start0 - reach), min(hi, start0 + reach) + 1)
              if is_word_start(text, i)] or [start0]
    ends = [i for i in range(max(lo, end0 - reach), min(hi, end0 + reach) + 1)
            if is_word_end(text, i)] or [end0]
    if len(starts) * len(ends) > MAX_PAIRS:
        # A long quote: its ends are found one after the other, so the work stays
        # linear in the number of word boundaries, each comparison the quote's length.
        start = max(starts, key=lambda s: Levenshtein.normalized_similarity(
            quote, text[s:max(end0, s + 1)]))
        starts = [start]
    best = max(((Levenshtein.normalized_similarity(quote, text[s:e]), s, e)
                for s in starts for e in ends if e > s), default=None)
    if best is None:
        return None
    similarity, start, end = best
    return start, end, similarity


def is_word_start(text: str, i: int) -> bool:
    return 0 <= i < len(text) and not text[i].isspace() and (i == 0 or text[i - 1].isspace()
                                                             or not text[i - 1].isalnum()
                                                             or not text[i].isalnum())


def is_word_end(text: str, i: int) -> bool:
    return 0 < i <= len(text) and not text[i - 1].isspace() and (
        i == len(text) or text[i].isspace() or not text[i].isalnum()
        or not text[i - 1].isalnum())


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    similarity: float   # 0 to 100


def closest_passages(text: NormalizedText, exact: str, count: int = 3,
                     min_similarity: float = 60) -> list[Passage]:
    """The passages of `text` most like a quote that is not in it, best first, for the
    error: each found, then blanked out so the next search finds another."""
    quote = normalize_fragment(exact).strip()
    if not quote or not text.text.strip():
        return []
    haystack = text.text.casefold()
    passages: list[Passage] = []
    while len(passages) < count:
        alignment: Window | ScoreAlignment | None
        if len(quote) > LONG_NEEDLE:
            alignment = closest_window(quote.casefold(), haystack)
        else:
            alignment = fuzz.partial_ratio_alignment(quote.casefold(), haystack)
        if (alignment is None or alignment.dest_end <= alignment.dest_start
                or (passages and alignment.score < min_similarity)):
            break
        start, end = widen_to_words(text.text, alignment.dest_start, alignment.dest_end)
        passages.append(Passage(*text.original_span(start, end), similarity=alignment.score))
        haystack = haystack[:start] + "\0" * (end - start) + haystack[end:]
    return passages


@dataclass(frozen=True)
class Window:
    dest_start: int
    dest_end: int
    score: float


def closest_window(quote: str, haystack: str) -> Window | None:
    """The stretch of the quote's length, at half-length steps, most like a long quote:
    linear in the text, where partial_ratio would be quadratic in the quote."""
    step = max(1, len(quote) // 2)
    best = None
    for start in range(0, max(1, len(haystack) - len(quote) + step), step):
        end = min(len(haystack), start + len(quote))
        score = Indel.normalized_similarity(quote, haystack[start:end]) * 100
        if best is None or score > best.score:
            best = Window(start, end, score)
    return best


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


def distinguishing_suffixes(text: str, spans: tuple[tuple[int, int], ...],
                            max_words: int = 8, among: tuple[tuple[int, int], ...] = (),
                            ) -> list[str | None]:
    """For each span, the shortest run of words right after it, as the text has them,
    that follows no other span (of `spans` and `among`). Linear in the spans: the
    words after each are read once, and each run length counted once."""
    def runs(end: int) -> list[str]:
        found = list(re.finditer(r"\S+", text[end:end + 400]))[:max_words]
        return [text[end:end + m.end()] for m in found]

    return shortest_unique([runs(end) for _, end in spans],
                           [runs(end) for _, end in among], max_words)


def distinguishing_prefixes(text: str, spans: tuple[tuple[int, int], ...],
                            max_words: int = 8, among: tuple[tuple[int, int], ...] = (),
                            ) -> list[str | None]:
    """For each span, the fewest words before it that no other span (of `spans` and
    `among`) shares; None where no such prefix exists within `max_words`."""
    def runs(start: int) -> list[str]:
        words = text[max(0, start - 400):start].split()
        if start > 400 and text[start - 401:start - 400].strip():
            words = words[1:]           # cut in the middle of a word
        return [" ".join(words[-n:]) + " " for n in range(1, min(max_words, len(words)) + 1)]

    return shortest_unique([runs(start) for start, _ in spans],
                           [runs(start) for start, _ in among], max_words)


def shortest_unique(mine: list[list[str]], others: list[list[str]],
                    max_words: int) -> list[str | None]:
    """For each list of growing runs in `mine`, the first run no other list has at
    the same length."""
    counts = [Counter(runs[n] for runs in mine + others if len(runs) > n)
              for n in range(max_words)]
    return [next((run for n, run in enumerate(runs) if counts[n][run] == 1), None)
            for runs in mine]


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
