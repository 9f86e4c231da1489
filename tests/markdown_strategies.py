"""Hypothesis strategies for stories: CommonMark built from the constructs stories use,
plus arbitrary text, so rendering and anchoring meet both the usual and the odd."""

from hypothesis import strategies as st

WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABC0123456789&<>\"'’“”—–…-.,;:!?()#"

words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=8)
url = st.sampled_from(["https://example.org/a?b=1&c=2", "/local", "#frag", "mailto:x@y.z",
                       "javascript:alert(1)", "data:text/html,x", "notes.html"])


def phrase(max_words=6):
    return st.lists(words, min_size=1, max_size=max_words).map(" ".join)


inline_atom = st.one_of(
    phrase(),
    phrase(3).map(lambda s: f"*{s}*"),
    phrase(3).map(lambda s: f"**{s}**"),
    phrase(3).map(lambda s: f"_{s}_"),
    phrase(3).map(lambda s: f"`{s}`"),
    st.tuples(phrase(3), url).map(lambda p: f"[{p[0]}]({p[1]})"),
    st.tuples(phrase(2), url).map(lambda p: f"![{p[0]}]({p[1]})"),
    phrase(2).map(lambda s: f"*{s} [{s}](https://example.org) {s}*"),
    st.sampled_from(["&amp;", "&copy;", "&#35;", "\\*", "\\\n", "  \n", "\n", "<b>raw</b>"]),
)

inline = st.lists(inline_atom, min_size=1, max_size=8).map(" ".join)

block = st.one_of(
    inline,
    inline.map(lambda s: "# " + s.replace("\n", " ")),
    inline.map(lambda s: "> " + s.replace("\n", "\n> ")),
    st.lists(inline.map(lambda s: s.replace("\n", " ")), min_size=1, max_size=3)
      .map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(inline.map(lambda s: s.replace("\n", " ")), min_size=1, max_size=3)
      .map(lambda items: "\n\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
    phrase().map(lambda s: f"```\n{s}\n{s}\n```"),
    phrase().map(lambda s: "    " + s),
    st.just("---"),
)

stories = st.one_of(
    st.lists(block, min_size=1, max_size=6).map("\n\n".join),
    st.text(max_size=200),
)
