"""The rules that weigh whether a quote's own place survived an edit, each on small
hand-made texts: both sides of the context, the distance from where the quote was,
and the quote's words. (The benchmarks in bench/ measure them together.)"""

from glossator.anchor.match import (Candidate, StandingSides, anchor_quote, choose,
                                    kept_its_context, nearest,
                                    plausible, standing_sides, still_at_hint, vacated,
                                    one_edit_changed_its_words, splits_words,
                                    where_expected, words_kept)

FILLER = " ".join(f"Sentence {n} says something else entirely." for n in range(40))


def selector(text: str, words: str, occurrence: int = 0) -> dict:
    """A quote as a tool stores it: the words, 32 characters either side, the start."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    end = start + len(words)
    return dict(exact=words, prefix=text[max(0, start - 32):start],
                suffix=text[end:end + 32], hint=start)


def found(text: str, span) -> str | None:
    return text[span[0]:span[1]] if span else None


# -- An identical passage elsewhere, with other surroundings, is another passage ------

PROMISE = "the budget would be balanced by the spring of next year"     # 55 characters
BEFORE = (f"The minister said {PROMISE}. " + FILLER + " Critics doubted it. In a "
          f"statement, the office repeated that {PROMISE}, and declined to say how.")


def test_a_deleted_quote_is_not_moved_to_a_copy_with_other_surroundings():
    old = selector(BEFORE, PROMISE, occurrence=1)
    after = BEFORE.replace(f" In a statement, the office repeated that {PROMISE}, and "
                           "declined to say how.", "")
    assert PROMISE in after
    assert anchor_quote(after, **old) is None


def test_one_side_that_agrees_does_not_make_a_far_copy_the_quote():
    talks = "the talks would resume on Monday, at the latest,"
    text = (f"Officials said {talks} and no sooner than that, she said. " + FILLER +
            f" The envoy added that {talks} and no sooner than that, she said.")
    old = selector(text, talks, occurrence=1)
    # The envoy's sentence is cut; the copy far above has the same words after it.
    after = text.replace(f" The envoy added that {talks} and no sooner than that, she "
                         "said.", "")
    assert anchor_quote(after, **old) is None


def test_a_passage_moved_far_with_both_sides_is_followed():
    moving = ("Critics were not convinced at all, and for their part, doubted it from the "
              "first day on, as they told reporters.")
    text = "The minister spoke.\n\n" + FILLER + "\n\n" + moving + "\n\nThe end."
    old = selector(text, "for their part, doubted it")
    after = "The minister spoke.\n\n" + moving + "\n\n" + FILLER + "\n\nThe end."
    assert found(after, anchor_quote(after, **old)) == "for their part, doubted it"


# -- Near where it was, one side is enough if it stands as it was ---------------------

def test_a_sentence_put_in_right_before_the_quote_leaves_it_followed():
    old = selector(BEFORE, "Critics doubted it.")
    after = BEFORE.replace(" Critics", " Several economists were asked. Critics")
    assert found(after, anchor_quote(after, **old)) == "Critics doubted it."


def test_far_from_where_it_was_one_side_is_not_enough():
    text = "Alpha beta gamma. " + FILLER + " Critics doubted it. The end came soon."
    old = selector(text, "Critics doubted it.")
    # Its sentence before is rewritten and it moved far up: as likely another passage.
    after = "Critics doubted it. The end came soon. " + FILLER
    assert anchor_quote(after, **old) is None


# -- The quote's own place survived: the answer is there or nowhere -------------------

TWICE = ("The court ruled that the law was valid. " + FILLER + " On appeal, the judges "
         "found that the law was valid, but only in part.")


def test_one_word_changed_where_both_sides_stand_is_followed_not_the_copy():
    old = selector(TWICE, "the law was valid", occurrence=1)
    after = TWICE.replace("found that the law was valid", "found that the law was void")
    assert found(after, anchor_quote(after, **old)) == "the law was void"


def test_a_short_quote_with_one_word_changed_and_both_sides_standing_is_followed():
    text = FILLER + " He said it was the 28th, meaning a day earlier. " + FILLER
    old = selector(text, "the 28th, meaning")
    after = text.replace("the 28th, meaning", "the 29th, meaning")
    assert found(after, anchor_quote(after, **old)) == "the 29th, meaning"


def test_a_quote_rewritten_in_its_place_is_orphaned_rather_than_moved_to_its_old_words():
    old = selector(TWICE, "the law was valid", occurrence=1)
    after = TWICE.replace("found that the law was valid", "found that nothing stood")
    assert anchor_quote(after, **old) is None


def test_an_edited_quote_far_from_where_it_was_is_orphaned():
    text = FILLER + " The ministry confirmed the shipment had arrived on time. " + FILLER
    old = selector(text, "confirmed the shipment had arrived")
    after = ("The ministry confirmed the shipment had come on time. " +
             text.replace(" The ministry confirmed the shipment had arrived on time.", ""))
    assert anchor_quote(after, **old) is None


# -- Copies of one passage -----------------------------------------------------------

def twin(distance, prefix=1.0, suffix=1.0) -> Candidate:
    return Candidate(distance, distance + 20, 1.0, prefix, suffix, distance)


def test_of_two_copies_the_one_still_where_the_quote_was_wins():
    assert nearest([twin(0, suffix=0.5), twin(600)]) == twin(0, suffix=0.5)


def test_of_two_copies_away_from_it_the_clearly_better_surroundings_win():
    assert nearest([twin(80, suffix=0.9), twin(700)]) == twin(700)


def test_of_two_copies_alike_in_all_but_distance_none_is_chosen():
    assert nearest([twin(250), twin(1400)]) is None
    assert nearest([twin(30), twin(2000)]) == twin(30)     # ten times nearer


def test_a_copy_that_is_not_plausible_still_counts_against_another():
    # Two places with the same words and the same words after them, one near, one
    # just beyond: neither is clearly the quote's.
    near_one, far_one = twin(120, prefix=0.47), twin(330, prefix=0.47)
    assert plausible(near_one, 48) and not plausible(far_one, 48)
    assert choose([near_one, far_one], 48) is None


# -- The words ------------------------------------------------------------------------

def test_words_kept_counts_against_the_longer_of_quote_and_place():
    assert words_kept("the law was valid", "the law was void") == 0.75
    assert words_kept("the law", "the law and much more besides") == 2 / 6


def test_without_context_or_place_only_nearly_the_same_long_quote_is_followed():
    text = "The ministry confirmed that the shipment had arrived on time."
    assert found(text, anchor_quote(text, "confirmed that the shipment had arived")) \
        == "confirmed that the shipment had arrived"
    assert anchor_quote(text, "confirmed the cargo") is None


# -- A side of the context standing where the quote's words were taken out -------------

CLAUSES = ("You may follow that numbered version or any later version published by the "
           "Free Software Foundation. If the Program names no version of this License, you "
           "may choose any version ever published by the Free Software Foundation. If the "
           "Program says that a proxy can decide which later versions may be used, that "
           "proxy's statement of acceptance permanently authorizes you to choose it. ")


def test_a_deleted_clause_is_not_moved_to_the_near_copy_beside_it():
    # Legal boilerplate repeats a clause a sentence later; the second one's line is
    # cut, and the copy, 150 characters up, has much the same words on either side.
    text = FILLER + " " + CLAUSES + FILLER
    old = selector(text, "by the Free Software Foundation.", occurrence=1)
    after = text.replace("ever published by the Free Software Foundation. ", "")
    assert "by the Free Software Foundation." in after
    assert anchor_quote(after, **old) is None


def test_a_side_standing_where_the_quote_was_marks_its_place():
    text = "Alpha. " + CLAUSES
    old = selector(text, "by the Free Software Foundation.", occurrence=1)
    suffix = old["suffix"].strip()
    after = text.replace("ever published by the Free Software Foundation. ", "")
    standing = standing_sides(after, old["prefix"], old["suffix"], old["hint"],
                              len(old["exact"]))
    assert standing.suffix_starts == (after.index(suffix),)
    assert standing.prefix_ends == ()           # its last words went with the quote


def test_a_side_that_stands_twice_marks_no_place():
    text = "See the Public License for more. You have a copy of the Public License now."
    old = selector(text, "a copy of the")
    # A sentence put in before the quote moves it on; the suffix's words stand
    # earlier too, but they are a phrase of the text, not the quote's place.
    after = text.replace("You have", "Every user should know it. You have")
    assert standing_sides(after, "You have ", " Public License", old["hint"],
                          len(old["exact"])) == StandingSides()
    assert found(after, anchor_quote(after, **old)) == "a copy of the"


def test_a_place_with_the_quote_changed_between_its_sides_is_not_vacated():
    standing = StandingSides(prefix_ends=(100,), suffix_starts=(170,))
    # Its first and last words rewritten: the words found stand well inside its sides.
    changed = Candidate(120, 150, 0.8, 0.7, 0.7, 20, words=0.6)
    elsewhere = Candidate(400, 440, 1.0, 0.5, 1.0, 300)
    assert not vacated(standing, [changed, elsewhere])
    assert vacated(standing, [elsewhere])
    assert not vacated(StandingSides(), [elsewhere])


# -- Where it stood, with a word changed on either side --------------------------------

def test_a_word_changed_on_either_side_leaves_the_quote_followed_where_it_stood():
    ways = ("in one of these ways: a) Convey the object code in, or embodied in, a "
            "physical product, with the source. b) Convey the object code in, or embodied "
            "in, a physical product, with a written offer.")
    text = FILLER + " " + ways + " " + FILLER
    old = selector(text, "the object code in, or embodied in, a")
    # "of these ways" became "of the forms", "physical product" "durable thing": each
    # side reads 0.6 to 0.85 alike, neither as it was.
    after = text.replace("of these ways: a) Convey the", "of the forms: a) Convey the").replace(
        "a physical product, with the", "a durable thing, with the")
    assert found(after, anchor_quote(after, **old)) == "the object code in, or embodied in, a"
    assert after.index("the object code") == old["hint"] - 1


def test_still_at_hint_asks_for_something_of_both_sides():
    assert still_at_hint(Candidate(0, 20, 1.0, 0.56, 0.74, 4))
    assert not still_at_hint(Candidate(0, 20, 1.0, 0.4, 0.95, 4))     # one side only
    assert not still_at_hint(Candidate(0, 20, 1.0, 0.56, 0.74, 60))   # moved: not here
    assert not still_at_hint(Candidate(0, 20, 1.0, None, 0.74, 4))


def test_a_block_moved_whole_past_its_old_suffix_is_followed():
    block = ("See also the pages on the licence, the backward compatibility of releases, "
             "Python 2, contributing and the changelog.")
    rest = ("Full Table of Contents\n\nIndices and tables, the search page and the module "
            "index, as every project has them, with the glossary and its terms, in the "
            "order the project keeps them for its readers.")
    text = FILLER + "\n\n" + block + "\n\n" + rest + "\n\nThe end.\n\n" + FILLER
    old = selector(text, "contributing and the changelog.")
    # The block moves below the table of contents, whose heading, the quote's suffix,
    # now stands where the quote was: the quote took its prefix with it.
    after = FILLER + "\n\n" + rest + "\n\n" + block + "\n\nThe end.\n\n" + FILLER
    standing = standing_sides(after, old["prefix"], old["suffix"], old["hint"],
                              len(old["exact"]))
    assert standing.suffix_starts
    assert found(after, anchor_quote(after, **old)) == "contributing and the changelog."


# -- What anchors.json keeps beside the selector: the text's length then, and how many
# -- times the quote's words stood in it

def remembered(text: str, words: str, occurrence: int = 0) -> dict:
    """A selector with what a build records beside it."""
    return dict(selector(text, words, occurrence), length=len(text),
                occurrences=text.count(words), nth=occurrence + 1)


def placed(shift: int, grown: int | None, prefix: float = 0.3,
           suffix: float = 1.0) -> Candidate:
    return Candidate(0, 20, 1.0, prefix, suffix, abs(shift), shift=shift, grown=grown)


def test_words_are_expected_where_the_edit_could_have_moved_them():
    # A sentence of 80 characters taken out: the quote stays where it was (the edit
    # came after it) or moves back by 80 (before it), and not forward. Its suffix
    # stands as it was, so the edit may have come before it.
    assert where_expected(placed(0, -80), 20)
    assert where_expected(placed(-80, -80), 20)
    assert where_expected(placed(-40, -80), 20)         # several edits on either side
    assert not where_expected(placed(120, -80), 20)     # stood there before the edit
    assert not where_expected(placed(-200, -80), 20)
    # By as much as the text grew, however far: a long passage put in before it.
    assert where_expected(placed(3000, 3000), 20)
    assert not where_expected(placed(1500, 3000), 20)   # neither near nor the edit's size
    # The text's length then unknown (an older anchors.json): near where it was.
    assert where_expected(placed(120, None), 20)
    assert not where_expected(placed(600, None), 20)
    # Its prefix as it was and its suffix not: the edit came after it, so it stayed.
    assert where_expected(placed(4, -80, prefix=1.0, suffix=0.5), 20)
    assert not where_expected(placed(-80, -80, prefix=1.0, suffix=0.5), 20)


NOTICE = "the notice is kept intact"
RULES = ("Under the first rule, the notice is kept intact in every copy of the work and in "
         "every derived work. Under the second rule, which the board amended in May of that "
         "year, the notice is kept intact in every copy of the work and in every derived work.")


def without(old: dict, *names: str) -> dict:
    return {key: value for key, value in old.items() if key not in names}


def test_a_deleted_sentence_is_not_moved_to_a_like_one_the_edit_did_not_move():
    text = FILLER + " " + RULES + " " + FILLER
    old = remembered(text, NOTICE)          # the first rule's
    after = text.replace("Under the first rule, the notice is kept intact in every copy of "
                         "the work and in every derived work. ", "")
    # The second rule's words stand 47 characters on from where the quote was, with
    # its suffix: the selector alone cannot tell them from the quote's.
    assert anchor_quote(after, **without(old, "length", "occurrences")) is not None
    # But the text is 86 characters shorter: words after the cut moved back, and
    # these stood 133 characters on before it. Not the quote's.
    assert anchor_quote(after, **without(old, "occurrences")) is None
    assert anchor_quote(after, **old) is None


def test_when_the_words_stand_fewer_times_those_left_need_their_context_as_it_was():
    text = FILLER + " " + RULES + " " + FILLER
    old = remembered(text, NOTICE, occurrence=1)    # the second rule's
    assert old["occurrences"] == 2
    after = text.replace(" Under the second rule, which the board amended in May of that "
                         "year, the notice is kept intact in every copy of the work and in "
                         "every derived work.", "")
    # The first rule's words stand where a cut of the text before the quote would have
    # put them, with its suffix: length alone allows them.
    assert anchor_quote(after, **without(old, "occurrences")) is not None
    # But one of the two copies went, and they are not among the quote's context.
    assert anchor_quote(after, **old) is None
    # The first rule cut instead: the quote is where the cut put it, among its context.
    after = text.replace("Under the first rule, the notice is kept intact in every copy of "
                         "the work and in every derived work. ", "")
    assert found(after, anchor_quote(after, **old)) == NOTICE


def test_when_the_words_stand_fewer_times_a_word_changed_on_one_side_still_keeps_them():
    text = FILLER + " " + RULES + " " + FILLER
    old = remembered(text, NOTICE, occurrence=1)    # the second rule's
    # The first rule cut, and a word of the second's prefix changed: its suffix
    # stands as it was, its prefix nearly, where the cut put it.
    cut = "Under the first rule, the notice is kept intact in every copy of the work and " \
          "in every derived work. "
    after = text.replace(cut, "").replace("in May of that year", "in June of that year")
    assert found(after, anchor_quote(after, **old)) == NOTICE
    assert after.index(NOTICE) == text.rindex(NOTICE) - len(cut) + 1


def test_kept_its_context_asks_one_side_as_it_was_and_the_other_nearly_where_it_was():
    def copy(prefix: float, suffix: float, shift: int = 0, grown: int = -130) -> Candidate:
        return Candidate(0, 20, 1.0, prefix, suffix, abs(shift), shift=shift, grown=grown)

    assert kept_its_context(copy(0.95, 0.92))
    assert kept_its_context(copy(0.83, 1.0))
    # A parallel sentence's copy, a sentence away, has one side as alike: not enough.
    assert not kept_its_context(copy(0.74, 1.0))
    # Nor is a word changed on one side where no edit of the text's growth puts it.
    assert not kept_its_context(copy(0.83, 1.0, shift=400, grown=-130))
    assert not kept_its_context(copy(0.83, 0.85))
    assert not kept_its_context(Candidate(0, 20, 1.0, None, 1.0, 0, shift=0, grown=0))


def test_words_that_stood_once_and_stand_once_follow_a_move_with_one_side():
    moving = "Critics doubted the figures from the first day on, as they told reporters."
    text = "The minister spoke.\n\n" + FILLER + "\n\n" + moving + "\n\nThe end."
    old = remembered(text, "Critics doubted the figures")
    # The paragraph moves to the top: its prefix (the end of the filler) is gone, its
    # suffix stands as it was.
    after = "The minister spoke.\n\n" + moving + "\n\n" + FILLER + "\n\nThe end."
    assert found(after, anchor_quote(after, **old)) == "Critics doubted the figures"
    # Without the count, one side far from where the words were is not enough.
    assert anchor_quote(after, **selector(text, "Critics doubted the figures")) is None
    # Nor is it when nothing of its context came with it: an error, not a move.
    bare = "The minister spoke.\n\nCritics doubted the figures.\n\n" + FILLER + "\n\nThe end."
    assert anchor_quote(bare, **old) is None


def test_the_quote_inside_longer_words_is_not_its_words_as_they_were():
    text = FILLER + " Otherwise the reader falls back to a cat if the pager is missing. " + FILLER
    old = remembered(text, "a cat if the pager")
    # "a" became "página": "a cat if the pager" still stands, from the end of that word.
    after = text.replace("back to a cat", "back to página cat")
    assert splits_words(after, after.index("a cat if"), after.index("a cat if") + 18, " ", " ")
    assert found(after, anchor_quote(after, **old)) == "página cat if the pager"


def test_edited_words_are_where_one_edit_would_have_left_them():
    def edited(shift, prefix, suffix, length=20, grown=-250):
        return Candidate(0, length, 0.9, prefix, suffix, abs(shift), words=0.8, shift=shift,
                         grown=grown)
    assert one_edit_changed_its_words(edited(0, 1.0, 0.7), 20)       # its words, and on
    assert one_edit_changed_its_words(edited(-250, 0.5, 1.0), 20)    # the prefix with them
    # Both sides as they were: the text grew or shrank by what the words did.
    assert one_edit_changed_its_words(edited(0, 1.0, 1.0, length=26, grown=6), 20)
    # A like sentence a sentence away, with sides as alike as the quote's: the edit that
    # took 250 characters before the quote left its words as they were.
    assert not one_edit_changed_its_words(edited(-250, 1.0, 1.0), 20)
    # A like paragraph moved up into the place of one 250 characters long.
    assert not one_edit_changed_its_words(edited(4, 1.0, 1.0, length=24), 20)
    assert not one_edit_changed_its_words(edited(15, 1.0, 0.5), 20)  # on, though it shrank
    assert not one_edit_changed_its_words(edited(0, 0.75, 0.7), 20)  # neither side as it was
    assert one_edit_changed_its_words(Candidate(0, 20, 0.9, 1.0, 1.0, 250, shift=-250), 20)


OPTIONS = ("--confold: if a file was changed and its version in the package changed too, "
           "the old version is kept without asking, unless told. --confnew: if a file was "
           "changed and its version in the package changed too, the new version is kept "
           "without asking, unless told. --confask: if a file was changed and its version in "
           "the package changed too, you are asked what to do, unless told. ")


def test_a_like_sentence_a_sentence_away_does_not_take_a_deleted_ones_place():
    text = FILLER + " " + OPTIONS + FILLER
    old = remembered(text, "the new version is kept without asking")
    after = text.replace("--confnew: if a file was changed and its version in the package "
                         "changed too, the new version is kept without asking, unless told. ",
                         "")
    # --confold's words are the quote's but one, with the same 32 characters either
    # side, just where cutting a sentence before the quote would have put it.
    assert anchor_quote(after, **without(old, "length", "occurrences")) is not None
    assert anchor_quote(after, **old) is None


VOTE = "approved the plan by a narrow vote"


def test_words_that_stand_as_many_times_follow_an_edit_on_both_sides_of_them():
    text = (FILLER + f" In the end, the whole committee {VOTE} of five to four, officials "
            "said late on Tuesday. " + FILLER)
    old = remembered(text, VOTE)
    # The words before the quote rewritten, one word after it changed: neither side
    # stands as it was, only the suffix still reads as remembered.
    after = text.replace("In the end, the whole committee", "After a long debate the board")
    after = after.replace("five to four, officials", "five to three, the officials")
    assert found(after, anchor_quote(after, **old)) == VOTE
    # Without the count, the words could be a copy whose own place was rewritten.
    assert anchor_quote(after, **without(old, "occurrences")) is None


# -- Which of its copies the quote was (anchors.json's `nth`)

SAFE = "As long as no template was loaded it's safe to modify this dictionary."
HOOKS = ("Globals are shared by every template. " + SAFE + "\n\n" + FILLER + "\n\n"
         "Filters are functions a template calls. " + SAFE + "\n\n" + FILLER + "\n\n"
         "Tests are what a template checks with is. " + SAFE + "\n\nThe end.")
LOADED = "As long as no template was loaded"


def test_of_copies_that_all_still_stand_the_quote_is_the_one_in_its_turn():
    old = remembered(HOOKS, LOADED, occurrence=1)           # the filters'
    # Each section's first sentence rewritten, the text between shortened: every copy
    # has the quote's suffix, none its prefix, none stands where an edit put it.
    after = HOOKS.replace("Globals are shared by every template.",
                          "## Globals\n\nEvery template sees the globals of its environment.")
    after = after.replace("Filters are functions a template calls.",
                          "## Filters\n\nA filter is a Python function named in the "
                          "environment.")
    after = after.replace("Tests are what a template checks with is.",
                          "## Tests\n\nA test is what the is operator calls.")
    cut = after.rindex(FILLER)
    after = after[:cut] + FILLER[:800] + after[cut + len(FILLER):]
    second = after.index(LOADED, after.index(LOADED) + 1)
    assert anchor_quote(after, **old) == (second, second + len(LOADED))
    assert anchor_quote(after, **without(old, "nth")) is None


def test_a_section_moved_with_its_surroundings_is_followed_not_the_copy_in_its_turn():
    old = remembered(HOOKS, LOADED, occurrence=0)           # the globals'
    globals_, tests = HOOKS.split("\n\n")[0], HOOKS.split("\n\n")[-2]
    filters = "Filters, which a template calls, are functions of Python that take a value. "
    after = (filters + SAFE + "\n\n" + FILLER + "\n\n" + globals_ + "\n\n" + FILLER
             + "\n\n" + tests + "\n\nThe end.")
    # The first copy now is the filters': the globals' moved second, with its prefix.
    moved = after.index(LOADED, after.index(LOADED) + 1)
    assert anchor_quote(after, **old) == (moved, moved + len(LOADED))


def test_the_turn_says_nothing_once_a_copy_is_gone():
    old = remembered(HOOKS, LOADED, occurrence=2)           # the tests'
    after = HOOKS.replace("Tests are what a template checks with is. " + SAFE, "")
    # Two copies stand, neither in the third's turn nor among its context.
    assert anchor_quote(after, **old) is None


ATTRIBUTES = ("Globals are shared with other templates or the environment that loaded "
              "the template. .. attribute:: name\n\nThe loading name of the template. "
              + FILLER + " Blocks render the template. .. attribute:: blocks\n\n"
              "A dict of block functions. " + FILLER + " The end.")
ENDING = "the template. .. attribute::"


def test_rewritten_in_place_the_same_words_far_off_with_one_side_are_not_followed():
    old = remembered(ATTRIBUTES, ENDING, occurrence=0)
    # The globals' sentence rewritten where it stood (its suffix as it was); the text
    # shortened after it; and far on, where no edit put the quote, a new attribute
    # whose sentence ends in the quote's words, after the quote's prefix.
    after = ATTRIBUTES.replace(
        "Globals are shared with other templates or the environment that loaded the "
        "template. .. attribute:: name",
        "Globals hold data common to every render of the template. Data for one render "
        "is passed to render. .. attribute:: name")
    cut = after.rindex(FILLER)
    after = (after[:cut] + FILLER[:600] + " .. attribute:: environment\n\nThe environment "
             "that loaded the template. .. attribute:: exported\n\nNames it exports. The end.")
    assert after.count(ENDING) == ATTRIBUTES.count(ENDING) == 2   # as many as stood
    assert anchor_quote(after, **old) is None
