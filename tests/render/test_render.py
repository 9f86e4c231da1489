"""The story's HTML is markdown-it-py's own (with each image alone in its paragraph
made a figure), plus marks and note references, on generated stories with random
highlights."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossator.render.highlight import (KEPT_AS_WRITTEN, PLAIN_PARAGRAPH, Highlight, render_markdown,
                              render_story, simple_inline)
from glossator.anchor.text import figures, parse_story
from glossator.commonmark import markdown

from ..htmlwalk import walk_html, without_highlights
from ..markdown_strategies import stories

MANY = settings(max_examples=2000, deadline=None)


def commonmark_html(source: str) -> str:
    """A story as the parser makes it, with the one thing Glossator adds: an image
    alone in its paragraph becomes a figure."""
    md = markdown()
    return md.renderer.render(figures(md.parse(source)), md.options, {})


def note_html(source: str) -> str:
    """A note as the parser makes it: notes are plain CommonMark, no figures."""
    return markdown().render(source)


def test_an_image_alone_in_its_paragraph_is_a_figure_and_others_are_not():
    assert commonmark_html('![A *big* span](span.png "Photo: A & B")\n') == (
        '<figure><img src="span.png" alt="" /><figcaption>A <em>big</em> span '
        '<span class="credit">Photo: A &amp; B</span></figcaption></figure>\n')
    assert commonmark_html("Words ![a](a.png)\n") == markdown().render("Words ![a](a.png)\n")
    assert commonmark_html("![](bare.png)\n") == '<figure><img src="bare.png" alt="" /></figure>\n'


@MANY
@given(stories)
def test_the_reader_text_is_the_text_content_of_the_html(source):
    assert parse_story(source).text == walk_html(commonmark_html(source)).text


@st.composite
def story_with_highlights(draw):
    source = draw(stories)
    story = parse_story(source)
    visible = [i for i, c in enumerate(story.text) if not c.isspace()]
    highlights = []
    if visible:
        for n in range(draw(st.integers(0, 6))):
            start = draw(st.sampled_from(visible))
            last = draw(st.sampled_from([i for i in visible if i >= start]))
            highlights.append(Highlight(f"a{n}", draw(st.sampled_from(["claim", "legal"])),
                                        start, last + 1, n + 1, "Label"))
    return source, story, highlights


@MANY
@given(story_with_highlights())
def test_removing_the_marks_gives_back_markdown_it_html(case):
    source, story, highlights = case
    html = render_story(story, highlights)
    assert without_highlights(html) == commonmark_html(source)


@MANY
@given(story_with_highlights())
def test_each_annotation_marks_exactly_its_quote(case):
    _, story, highlights = case
    walk = walk_html(render_story(story, highlights))
    assert walk.problems == []
    for h in highlights:
        quote = story.text[h.start:h.end]
        # Only whitespace between blocks and at <br> lies outside every mark.
        assert "".join(walk.marked.get(h.id, "").split()) == "".join(quote.split())
        assert walk.text == story.text


@MANY
@given(story_with_highlights())
def test_each_annotation_has_one_note_reference_and_no_link_inside_a_link(case):
    _, story, highlights = case
    html = render_story(story, highlights)
    for h in highlights:
        assert html.count(f'id="ref-{h.id}"') == 1
    assert not [p for p in walk_html(html).problems if p.startswith("<a>")]


def test_marks_split_at_element_boundaries_and_overlaps():
    source = "Alpha *beta gamma* delta [epsilon](https://example.org) zeta"
    story = parse_story(source)
    text = story.text
    one = Highlight("one", "claim", text.index("beta"), text.index("delta") + 5, 1, "Claim")
    two = Highlight("two", "context", text.index("gamma"), text.index("zeta") + 4, 2, "Context",
                    name="Note 2: Context")
    html = render_story(story, [one, two])
    assert ('<em><mark data-ann="one" data-kind="claim">beta </mark>'
            '<mark data-ann="one two" data-kind="claim context">gamma</mark></em>') in html
    assert '<a href="https://example.org"><mark data-ann="two" data-kind="context">epsilon</mark></a>' in html
    # the note reference of "two" closes its quote; of "one", right after "delta"
    assert re.search(r'delta</mark><sup data-ui[^>]*><a href="#note-one"', html)
    assert html.rstrip().endswith('zeta</mark><sup data-ui class="note-ref"><a href="#note-two" '
                                  'id="ref-two" aria-label="Note 2: Context">2</a></sup></p>')


def test_a_reference_for_a_quote_ending_inside_a_link_follows_the_link():
    story = parse_story("See [the report](https://example.org) now")
    start = story.text.index("the")
    html = render_story(story, [Highlight("r", "source", start, start + 3, 1, "Source")])
    assert re.search(r'report</a><sup data-ui class="note-ref"><a href="#note-r"', html)


def test_note_markdown_has_no_raw_html_and_no_script_links():
    html = render_markdown('<script>alert(1)</script> [x](javascript:alert(1)) '
                           '[y](https://ok.example) [z](JAVASCRIPT:alert(1)) '
                           '[w](data:text/html,hi) [m](mailto:a@b.c) [r](../r)')
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert "<script" not in html
    assert hrefs == ["https://ok.example", "mailto:a@b.c", "../r"]


# Plain paragraphs: lines that begin with a letter, of words of letters, digits and
# the punctuation that means nothing inline, one space apart. Then the near misses:
# the same with one mark that means something, or other spacing, put in anywhere.
PLAIN_CHARACTERS = "abcXYZé1.,;:'\"?()/-#=+%$@{}^\u2019\u200b"
plain_words = st.text(st.sampled_from(PLAIN_CHARACTERS), min_size=1, max_size=6)
plain_lines = st.tuples(st.sampled_from("abXYéß"), st.lists(plain_words, max_size=6)).map(
    lambda t: " ".join([t[0] + (t[1][0] if t[1] else "")] + t[1][1:]))
plain_bodies = st.tuples(st.lists(plain_lines, min_size=1, max_size=4), st.booleans()).map(
    lambda t: "\n".join(t[0]) + ("\n" if t[1] else ""))
INTRUDERS = list("*_[]<>&!~|`\\\t\x00\u00a0") + [
    "  ", "\n\n", " \n", "\n ", "1. ", "- ", "# ", "> ", "    ", "\n===", "\n---", "&amp;",
    " *a* ", "**b**", " _c_ ", "`d`", "[e](f)", "[g]", "![h](i)", "<http://j.k>", "\\*", "a\\\n"]
near_misses = st.tuples(plain_bodies, st.integers(0, 400), st.sampled_from(INTRUDERS)).map(
    lambda t: t[0][:t[1] % (len(t[0]) + 1)] + t[2] + t[0][t[1] % (len(t[0]) + 1):])


@MANY
@given(plain_bodies)
def test_plain_notes_skip_the_parser_and_come_out_the_same(source):
    assert PLAIN_PARAGRAPH.match(source)
    assert render_markdown(source) == note_html(source)


@MANY
@given(near_misses)
def test_notes_that_are_nearly_plain_come_out_as_the_parser_makes_them(source):
    assert render_markdown(source) == note_html(source)


def with_intruders(body: str, picks: list[tuple[int, str]]) -> str:
    for at, intruder in picks:
        at %= len(body) + 1
        body = body[:at] + intruder + body[at:]
    return body


marked_up = st.builds(with_intruders, plain_bodies,
                      st.lists(st.tuples(st.integers(0, 400), st.sampled_from(INTRUDERS)),
                               min_size=2, max_size=6))


@MANY
@given(marked_up)
@example("![h](i)\n\na1")     # an image alone in a note's paragraph stays an image
def test_notes_with_inline_markup_come_out_as_the_parser_makes_them(source):
    assert render_markdown(source) == note_html(source)


def test_the_plain_shortcut_is_taken_for_plain_sentences():
    assert PLAIN_PARAGRAPH.match("Flynn resigned on Feb. 13, 2017, after \"misleading\" the\n"
                                 "vice president (see the letter).\n")
    for not_plain in ("1. A list", "A *stressed* word", "A [link](x)", "Two\n\nparagraphs",
                      "Hard break  \nhere", "- item", "Ends in a backslash\\"):
        assert not PLAIN_PARAGRAPH.match(not_plain), not_plain


# The marks most notes use: emphasis, strong emphasis and links, with words that vary
# in what they begin and end with, and addresses of every kind, put anywhere in a
# plain paragraph, so that what stands beside each mark varies too.
word_like = st.from_regex(r"[a-zXé1](?:[a-zé1.,'()\u2019/#-]{0,5}[a-zé1])?", fullmatch=True)
mark_words = st.lists(st.one_of(word_like, word_like, plain_words), min_size=1,
                      max_size=3).map(" ".join)
addresses = st.sampled_from(["https://example.org/a?b=c&d=e#f", "http://X.ORG/A%20b", "../r",
                             "mailto:a@b.c", "javascript:alert(1)", "data:x", "a:b", "%zz",
                             "#note-1", "https://é.org", "u'v", "x y", "", "<u>", "/a(b)c",
                             "?a=1&amp;b=2", "a\\)b", "https://@example.org/r",
                             "https://example.org::8080/x", "http://a,b:80/", "mailto:a::80",
                             "//@x", "http://x$:8/y"])
simple_marks = st.one_of(
    st.builds("*{}*".format, mark_words), st.builds("**{}**".format, mark_words),
    st.builds("_{}_".format, mark_words),
    st.builds("[{}]({})".format, mark_words, addresses),
    st.builds("[{}]({} \"t\")".format, mark_words, addresses))
inside_words = st.builds(with_intruders, plain_bodies,
                         st.lists(st.tuples(st.integers(0, 400), simple_marks),
                                  min_size=1, max_size=5))
punctuation = st.sampled_from(["", "", "(", ")", '"', "'", ".", ",", ":", "?", "'s", "-"])
between_words = st.lists(st.one_of(plain_words, st.builds(
    "{}{}{}".format, punctuation, simple_marks, punctuation)), min_size=1, max_size=8).map(
    lambda words: "A " + " ".join(words))
with_marks = st.one_of(inside_words, between_words)


@MANY
@given(with_marks)
def test_notes_with_emphasis_and_links_come_out_as_the_parser_makes_them(source):
    assert render_markdown(source) == note_html(source)


# And the shape the shortcut is for, which it must take: marks around words of letters,
# with the punctuation that usually stands beside them.
letter_words = st.lists(st.from_regex(r"[a-zA-Zé1](?:[a-zé1'’-]{0,4}[a-zé1])?", fullmatch=True),
                        min_size=1, max_size=3).map(" ".join)
web_addresses = st.sampled_from(["https://example.org/a?b=c#f", "http://X.ORG/A%20b", "../r",
                                 "mailto:a@b.c", "#note-1", "u'v", "/a/b-c_d~e;f,g=h"])
usual_marks = st.one_of(st.builds("*{}*".format, letter_words),
                        st.builds("**{}**".format, letter_words),
                        st.builds("[{}]({})".format, letter_words, web_addresses))
usual_notes = st.lists(st.one_of(letter_words, st.builds(
    "{}{}{}".format, st.sampled_from(["", "(", '"']), usual_marks,
    st.sampled_from(["", ")", '"', ".", ",", ":", "?", "'s", ").", '",']))),
    min_size=1, max_size=6).map(lambda words: "A " + " ".join(words))


@MANY
@given(usual_notes)
def test_notes_in_the_usual_shape_skip_the_parser_and_come_out_the_same(source):
    assert simple_inline(source) is not None
    assert render_markdown(source) == note_html(source)


address_parts = st.text(st.sampled_from("aZ09-._~/?#$+,;='%:@"), max_size=14)


@MANY
@given(st.one_of(address_parts, st.builds("https://{}".format, address_parts),
                 st.builds("http://ex.org{}".format, address_parts)))
def test_addresses_kept_as_written_are_what_normalisation_makes_of_them(address):
    if KEPT_AS_WRITTEN.match(address) and re.fullmatch(r"(?:[^%]|%[0-9A-Fa-f]{2})+", address):
        assert markdown().normalizeLink(address) == address


def test_the_marks_most_notes_use_skip_the_parser():
    for note in ("See [the record](https://example.org/record/7) for note 7.",
                 "What was *said* here, and what was *meant*: note 8.",
                 "The **final** report (*see* [page 4](../report/#p4)) says so.\nIt "
                 "was \"*denied*\", then [confirmed](mailto:desk@example.org)."):
        assert simple_inline(note) is not None, note
        assert render_markdown(note) == note_html(note)
    for other in ("a*b*c", "*a*b", "[a](javascript:alert(1))", "[a](x y)", "A  *b*",
                  "A `code` span", "[a][b]", "An ![image](i.png)", "A [link](u \"title\")"):
        assert simple_inline(other) is None, other
