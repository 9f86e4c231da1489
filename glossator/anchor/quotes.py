"""Stage 2, anchor: find where each annotation's quote sits in the reader's text.

The matching itself is `anchoring`'s pure functions; this stage turns their answers
into spans and into the author's error messages, which point at the quote in
annotations.yaml and at the places in article.md.
"""

from __future__ import annotations

import json

from .match import (TOO_SHORT, NormalizedText, QuoteSearch, closest_passages, shared_passages,
                        context, distinguishing_prefixes, distinguishing_suffixes, far_from,
                        find_all, find_every, find_quote, normalize, search_quote)
from .normalform import normalize_fragment
from ..memory import remember
from ..diagnostics import Diagnostics, Location, display_path
from ..commonmark import markdown
from .links import report_raw_html
from ..model import (AnchoredStory, Annotation, Followed, QuotedText, Remembered, Span, Story,
                     StoryText)
from ..wording import shorten
from .text import parse_story, remote_images


def anchor_story(story: Story, diagnostics: Diagnostics) -> AnchoredStory:
    text = parse_story(story.body)
    report_remote_images(story, text, diagnostics)
    if "<" in story.body:
        report_raw_html(story, text, diagnostics)
    normalized = normalize(text.text)
    spans, followed = {}, {}
    ids = {annotation.id for annotation in story.annotations}
    memory = {key: value for key, value in story.remembered.items() if key in ids}
    quotes = {a.id: normalize_fragment(a.quote).strip() for a in story.annotations}
    # Every quote found in one pass over the text, however many there are.
    hits = find_every(normalized.text, [q for q in quotes.values() if len(q) >= TOO_SHORT])
    for annotation in story.annotations:
        if len(quotes[annotation.id].replace(" ", "")) < TOO_SHORT:
            report_too_short(annotation, diagnostics)
            continue
        span, was_followed = anchor_annotation(annotation, story, text, normalized,
                                               diagnostics, hits.get(quotes[annotation.id], []))
        if span is None:
            continue
        spans[annotation.id] = span
        if was_followed:
            followed[annotation.id] = Followed(annotation, span, text.text[span.start:span.end])
        else:
            starts = hits.get(quotes[annotation.id], [])
            memory[annotation.id] = remember(text.text, span.start, span.end, len(starts),
                                             turn(starts, normalized.normal_index(span.start)))
    return AnchoredStory(story, text, spans, followed, memory, quoted_texts(story, normalized))


def quoted_texts(story: Story, normalized: NormalizedText) -> dict[str, QuotedText]:
    """The passages the story quotes from each note's full text (a law's), found as
    runs of words the two share."""
    quoted = {}
    for annotation in story.annotations:
        source = annotation.get("text")
        if source:
            text = parse_story(source)
            quoted[annotation.id] = QuotedText(
                text, tuple(shared_passages(normalize(text.text), normalized)))
    return quoted


def anchor_annotation(annotation: Annotation, story: Story, text: StoryText,
                      normalized: NormalizedText, diagnostics: Diagnostics,
                      starts: list[int] | None = None) -> tuple[Span | None, bool]:
    """Where the annotation's quote stands, and whether it only followed an edit;
    `starts` are where the quote stands in the normal form, if already known."""
    if starts is None:
        starts = find_all(normalized.text, normalize_fragment(annotation.quote).strip())
    search = search_quote(normalized, annotation.quote, annotation.prefix, annotation.suffix,
                          starts)
    remembered = story.remembered.get(annotation.id)
    if remembered is not None and not same_words(remembered.exact, annotation.quote):
        remembered = None       # the author changed the quote: where the old one stood
                                # says nothing of the new one
    where = annotation.quote_location
    short = shorten(annotation.quote)
    if len(search.agreeing) > 1 or (not search.agreeing and len(search.occurrences) > 1):
        if remembered is None:
            report_ambiguous(annotation, story, text, search, diagnostics)
            return None, False
        found = find_quote(normalized, annotation.quote, remembered.prefix,
                           remembered.suffix, remembered.start, starts, **earlier(remembered))
        if found is None or not found.exact:
            report_ambiguous(annotation, story, text, search, diagnostics)
            return None, False
        diagnostics.warning(where, f"the quote “{short}” occurs {len(search.occurrences)} "
                            f"times; {place(story, text, found.start)} was chosen, where "
                            "it stood before", hint="add a prefix or suffix to say which")
        return Span(found.start, found.end), False
    if not search.occurrences:
        found = find_quote(normalized, annotation.quote,
                           annotation.prefix or (remembered.prefix if remembered else ""),
                           annotation.suffix or (remembered.suffix if remembered else ""),
                           remembered.start if remembered else None, starts=[],
                           **earlier(remembered))
        if found is None:
            report_not_found(annotation, story, text, normalized, diagnostics,
                             edited=remembered is not None)
            return None, False
        report_followed(annotation, story, text, found, diagnostics)
        return Span(found.start, found.end), True
    if search.agreeing:
        start, end = search.agreeing[0]
    else:
        start, end = search.occurrences[0]
    placed_by_author = search.agreeing and (annotation.prefix or annotation.suffix)
    if (remembered is not None and not placed_by_author
            and not stands_as_remembered(text.text, start, end, remembered)):
        # The words stand once, and nothing but anchors.json says where they belong:
        # are they where they stood, or a copy of a passage since deleted or rewritten?
        found = find_quote(normalized, annotation.quote, remembered.prefix,
                           remembered.suffix, remembered.start, starts, **earlier(remembered))
        if found is None and far_from(normalized, start, remembered.start,
                                      len(annotation.quote)):
            report_moved_far(annotation, story, text, remembered, (start, end), diagnostics)
            return None, False
        if found is not None and (found.start, found.end) != (start, end):
            report_followed(annotation, story, text, found, diagnostics)
            return Span(found.start, found.end), True
    if not search.agreeing:
        diagnostics.warning(where, f"the prefix or suffix of '{annotation.id}' does not "
                            "match the words around its quote in the story",
                            hint="the story reads: " + context(text.text, start, end))
    found_text = text.text[start:end]
    if " ".join(found_text.split()) != " ".join(annotation.quote.split()):
        diagnostics.warning(where, f"the quote “{short}” matched only after normalising "
                            "quotation marks, dashes or ellipses",
                            hint=f"the story has: {' '.join(found_text.split())}")
    return Span(start, end), False


def earlier(remembered: Remembered | None) -> dict[str, int | None]:
    """What anchors.json knows of the text the quote was last found in."""
    if remembered is None:
        return {}
    return {"length": remembered.length, "occurrences": remembered.occurrences,
            "nth": remembered.nth}


def turn(starts: list[int], start: int) -> int | None:
    """Which of the places a quote's words stand (`starts`, in the normal form, in
    the text's order) is the one at `start`, 1 the first."""
    return starts.index(start) + 1 if start in starts else None


def stands_as_remembered(text: str, start: int, end: int, remembered: Remembered) -> bool:
    """The quote where anchors.json has it, among the same words: nothing to weigh."""
    return (text[start:end] == remembered.exact
            and text[max(0, start - len(remembered.prefix)):start] == remembered.prefix
            and text[end:end + len(remembered.suffix)] == remembered.suffix)


def same_words(a: str, b: str) -> bool:
    return normalize_fragment(a).split() == normalize_fragment(b).split()


def report_followed(annotation: Annotation, story: Story, text: StoryText, found,
                    diagnostics: Diagnostics) -> None:
    wording = " ".join(text.text[found.start:found.end].split())
    diagnostics.warning(annotation.quote_location, f"the quote of '{annotation.id}' is no "
                        "longer in the story as written; it followed an edit",
                        details=[f"was: “{' '.join(annotation.quote.split())}”",
                                 f"now: “{wording}” ({place(story, text, found.start)})"],
                        hint="if that is still the passage, run `glossator reanchor` "
                             "to write the new wording into annotations.yaml")


def report_moved_far(annotation: Annotation, story: Story, text: StoryText,
                     remembered: Remembered, span: tuple[int, int],
                     diagnostics: Diagnostics) -> None:
    """The quote's own place is gone, and its words stand only far from it, among
    other words: an error, as an orphan is, never a silent move to the copy."""
    start, end = span
    flat = lambda s: " ".join(s.split())
    diagnostics.error(
        annotation.quote_location,
        f"the quote “{shorten(annotation.quote)}” no longer stands where it stood; its "
        f"words stand only at {place(story, text, start)}, far from there and among other "
        "words (the annotation is orphaned rather than moved)",
        details=[f"where it stood, before the edit: "
                 f"…{flat(remembered.prefix)} [{flat(remembered.exact)}] "
                 f"{flat(remembered.suffix)}…",
                 f"where its words stand now ({place(story, text, start)}): "
                 + context(text.text, start, end)],
        hint="its passage was deleted or rewritten: quote the passage as it reads now, or "
             "remove the annotation; if the note belongs with the words at "
             f"{place(story, text, start)}, add a prefix or suffix from there")


def report_too_short(annotation: Annotation, diagnostics: Diagnostics) -> None:
    diagnostics.error(annotation.quote_location,
                      f"the quote “{' '.join(annotation.quote.split())}” is too short to "
                      f"place (fewer than {TOO_SHORT} characters)",
                      hint="quote a few words, with a prefix or suffix if they stand more "
                           "than once")


def report_remote_images(story: Story, text: StoryText, diagnostics: Diagnostics) -> None:
    """A page loads nothing from another origin: images must be files beside the story."""
    hint = "save the image in the story's folder and link to it by its file name"
    for src, line in remote_images(text.tokens):
        diagnostics.error(Location(story.article_path, story.body_line + line + 1),
                          f"the image {src} would load from another site", hint=hint)
    for annotation in story.annotations:
        for source in (annotation.body, annotation.get("text")):
            if not source or "![" not in source:     # every image, inline or referenced
                continue
            for src, _ in remote_images(markdown().parse(source)):
                diagnostics.error(annotation.location, f"the image {src} in the note of "
                                  f"'{annotation.id}' would load from another site", hint=hint)


def report_not_found(annotation: Annotation, story: Story, text: StoryText,
                     normalized: NormalizedText, diagnostics: Diagnostics,
                     edited: bool = False) -> None:
    details = [f"{'closest passage' if n == 0 else 'or'} ({place(story, text, p.start)}, "
               f"{p.similarity:.0f}% alike): " + " ".join(text.text[p.start:p.end].split())
               for n, p in enumerate(closest_passages(normalized, annotation.quote))]
    diagnostics.error(annotation.quote_location,
                      f"the quote “{shorten(annotation.quote)}” is not in the story "
                      "(the annotation is orphaned)",
                      hint=("its words were deleted or rewritten since the last build: "
                            "quote the passage as it reads now, or remove the annotation"
                            if edited else "quote the words as a reader sees them on the "
                            "page, not the Markdown source"), details=details)


def report_ambiguous(annotation: Annotation, story: Story, text: StoryText,
                     search: QuoteSearch, diagnostics: Diagnostics) -> None:
    every = search.agreeing or search.occurrences
    spans, rest = every[:MAX_PLACES], every[MAX_PLACES:]
    prefixes = distinguishing_prefixes(text.text, spans, among=rest)
    suffixes = distinguishing_suffixes(text.text, spans, among=rest)
    details = []
    for (start, end), prefix, suffix in zip(spans, prefixes, suffixes):
        pick = (f"prefix: {json.dumps(prefix, ensure_ascii=False)}" if prefix
                else f"suffix: {json.dumps(suffix, ensure_ascii=False)}" if suffix else "")
        details.append(f"{place(story, text, start)}: {context(text.text, start, end)}"
                       + (f"   → {pick}" if pick else ""))
    if rest:
        details.append(f"and {len(rest)} more")
    hint = ("add the prefix (or suffix) shown beside the place you mean"
            if any(prefixes) or any(suffixes) else "quote more words, to make the quote unique")
    why = ("its prefix and suffix match none of them" if not search.agreeing
           else "add a prefix or suffix to say which")
    diagnostics.error(annotation.quote_location,
                      f"the quote “{shorten(annotation.quote)}” occurs {len(every)} times "
                      f"in the story; {why}", hint=hint, details=details)


MAX_PLACES = 10         # an ambiguous quote's places listed in its error, at most


def place(story: Story, text: StoryText, offset: int) -> str:
    line = story.body_line + text.line_at(offset) + 1
    return f"{display_path(story.article_path)}:{line}"
