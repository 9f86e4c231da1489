"""The pure matching functions: normal forms, offsets back to the original, and the
evidence of prefix and suffix."""

from hypothesis import given
from hypothesis import strategies as st

from glossator.anchor.match import (anchor_quote, closest_passages, context,
                                 distinguishing_prefixes, find_all, normalize,
                                 search_quote)
from glossator.anchor.normalform import normalize_fragment

STORY = ("Spicer said the call took place \u201caround the same time\u201d as when "
         "the measures were announced \u2014 some time around 2 p.m.\u2026 and that "
         "it was \u201cdoubtful\u201d.\n\nHe said the 28th, then the 29th.")


def test_typographic_quotes_match_straight_ones():
    start, end = anchor_quote(STORY, '"around the same time"')
    assert STORY[start:end] == "\u201caround the same time\u201d"


def test_apostrophes_and_dashes_match_their_plain_forms():
    text = "Ignatius\u2019 version \u2013 and AP\u2019s"
    start, end = anchor_quote(text, "Ignatius' version - and AP's")
    assert (start, end) == (0, len(text))


def test_an_ellipsis_matches_three_dots():
    start, end = anchor_quote(STORY, "2 p.m.... and")
    assert STORY[start:end] == "2 p.m.\u2026 and"


def test_any_whitespace_run_matches_any_other():
    start, end = anchor_quote(STORY, "it was  \u201cdoubtful\u201d.   He said")
    assert STORY[start:end] == "it was \u201cdoubtful\u201d.\n\nHe said"


def test_a_quote_across_a_paragraph_break_keeps_both_ends():
    text = "end of one.\n\n\nStart of two"
    assert anchor_quote(text, "one. Start") == (7, 19)


def test_surrounding_whitespace_in_a_quote_is_ignored():
    assert anchor_quote("a word here", "  word \n") == (2, 6)


def test_matching_is_case_sensitive():
    assert anchor_quote("The Call", "the call") is None


def test_a_quote_not_in_the_text_is_none():
    assert anchor_quote(STORY, "the 30th") is None


def test_an_empty_quote_never_matches():
    assert anchor_quote(STORY, "   ") is None


def test_a_repeated_quote_without_evidence_is_none():
    assert anchor_quote("the day, the day", "the day") is None


def test_a_prefix_singles_out_one_occurrence():
    text = "on Dec. 29, the same day; until Dec. 29, the same day as"
    start, _ = anchor_quote(text, "Dec. 29", prefix="until ")
    assert start == text.index("until") + len("until ")


def test_a_suffix_singles_out_one_occurrence():
    text = "Dec. 29, the same day; until Dec. 29. Then"
    start, _ = anchor_quote(text, "Dec. 29", suffix=". Then")
    assert start == text.rindex("Dec. 29")


def test_prefix_and_suffix_tolerate_whitespace_where_they_meet_the_quote():
    text = "later that day,\nthe 28, meaning"
    assert anchor_quote(text, "the 28", prefix="later that day,") == (16, 22)
    assert anchor_quote(text, "the 28", prefix="that day, ", suffix=",meaning") == (16, 22)


def test_a_prefix_that_agrees_with_two_places_is_still_ambiguous():
    search = search_quote(normalize("a b x, a b x"), "x", prefix="b ")
    assert len(search.occurrences) == 2 and len(search.agreeing) == 2
    assert search.unique is None


def test_a_hint_picks_the_nearer_of_two_equal_places():
    filler = " and then more words" * 30
    text = "on the day" + filler + " on the day" + filler
    second = text.rindex("the day")
    assert anchor_quote(text, "the day", hint=second + 40) == (second, second + 7)
    assert anchor_quote(text, "the day", hint=10) == (3, 10)
    assert anchor_quote(text, "the day") is None


def test_overlapping_occurrences_are_all_found():
    assert find_all("aaaa", "aa") == [0, 1, 2]


def test_invisible_characters_are_ignored():
    text = "co\u00adop\u00aderation and\u200b more"
    start, end = anchor_quote(text, "cooperation and more")
    assert (start, end) == (0, len(text))


@given(st.text(alphabet=" \n\t\u00a0ab\u201c\u201d\u2014\u2026\u00ad'-.", max_size=60))
def test_a_quote_takes_the_normal_form_the_story_takes(text):
    assert normalize_fragment(text) == normalize(text).text


@given(st.text(alphabet=" \n\t\u00a0ab\u201c\u201d\u2014\u2026\u00ad'-.", max_size=60))
def test_offsets_map_back_inside_the_original(text):
    normal = normalize(text)
    for index in range(len(normal.text)):
        start, end = normal.original_start(index), normal.original_end(index)
        assert 0 <= start < end <= len(text)
        assert normalize(text[start:end]).text.strip() in (normal.text[index].strip(), "...")


@given(st.text(alphabet="ab \n\u201c\u201d\u2014-\u2026.", min_size=1, max_size=40),
       st.data())
def test_every_slice_of_a_text_is_found_again(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    search = search_quote(normalize(text), quote)
    if quote.strip() and not set(quote) & {"\u2026"}:
        found = [text[s:e] for s, e in search.occurrences]
        assert any(normalize(f).text == normalize(quote).text.strip() for f in found)


def test_the_closest_passage_is_shown_for_a_misquote():
    passage = closest_passages(normalize(STORY), "around the same hour")[0]
    assert "\u201caround the same time\u201d" in STORY[passage.start:passage.end]
    assert passage.similarity > 70


def test_context_brackets_the_match_with_words_around():
    text = "one two three four five six seven eight nine ten"
    start = text.index("five")
    assert context(text, start, start + 4, words=2) == "…three four [five] six seven…"


def test_distinguishing_prefixes_are_the_fewest_words_that_differ():
    text = "by phone on Dec. 29, and until the next day, Dec. 29, the same"
    spans = tuple((s, s + 7) for s in find_all(text, "Dec. 29"))
    assert distinguishing_prefixes(text, spans) == ["on ", "day, "]
