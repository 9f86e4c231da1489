"""Issue 17: the reader, where readers found it broken. Each test reads the example
story in Chromium at the widths where the defect showed: the words of an open note
stay legible with highlights off, the story starts on the first screen, `n` and deep
links keep the words in view, shared words reach every note on them, the margin
from 1024 px, an open note across the wide/narrow boundary, Back after a jump, what a
screen reader hears, the page without JavaScript, print, and the smaller points."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..tools import require
from .conftest import ARTIFACTS, screenshot, settle

STORY = "flynn-kislyak-call/"
SHARED = '#story mark[data-ann="spicer-doubtful post-sanctions-report"]'
SYMBOLS = "◆✎§✱↗"

# WCAG's contrast of an element's text with what is painted behind it, from the
# computed colours (the first ancestor with a background that is not transparent).
CONTRAST_JS = """el => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = el;
  while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
  const bg = rgb(getComputedStyle(back || document.documentElement).backgroundColor);
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

# Characters a line, from the story's longest paragraphs: their text (without what the
# page adds) over the number of lines they take, the last counted as half a line.
CHARS_PER_LINE_JS = """() => {
  const lengths = [];
  for (const p of document.querySelectorAll('#story > p')) {
    const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
    const text = p.cloneNode(true);
    text.querySelectorAll('[data-ui]').forEach(el => el.remove());
    if (lines >= 4) lengths.push(text.textContent.length / (lines - 0.5));
  }
  return Math.max(...lengths);
}"""

# An element's text as a screen reader reads it: without what is hidden from it.
NAME_JS = """el => { const copy = el.cloneNode(true);
  copy.querySelectorAll('[aria-hidden]').forEach(e => e.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim(); }"""

IN_VIEW_JS = """els => els.every(el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight; })"""


def new_page(browser, site_url, width, height, query="", **options):
    phone = width < 800
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=phone, is_mobile=phone, **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + STORY + query)
    page.errors = errors
    return page


@pytest.fixture
def opened(browser, site_url):
    """Opens pages, and closes them at the end with no script errors."""
    pages = []

    def opener(width, height, query="", **options):
        pages.append(new_page(browser, site_url, width, height, query, **options))
        return pages[-1]
    yield opener
    for page in pages:
        assert page.errors == []
        page.context.close()


def active_marks(page):
    return page.locator("#story mark.is-active")


def words_in_view(page, note_id):
    return page.locator(f'#story mark[data-ann~="{note_id}"]').evaluate_all(IN_VIEW_JS)


# 1. With highlights off, an open note's words stay legible

@pytest.mark.parametrize("width,height", [(1280, 800), (375, 667)])
def test_with_highlights_off_a_deep_linked_notes_words_stay_legible(opened, width, height):
    page = opened(width, height, "?highlights=off#note-call-date")
    expect(active_marks(page)).to_have_count(1)
    settle(page)
    mark = active_marks(page).first
    assert mark.inner_text() == "the 28"
    assert mark.evaluate(CONTRAST_JS) >= 4.5
    screenshot(page, f"issue17-{width}-highlights-off-note-open")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_with_highlights_off_n_opens_a_note_focuses_it_and_its_words_stay_legible(opened, scheme):
    page = opened(1280, 800, color_scheme=scheme)
    page.get_by_label("Show highlights").uncheck()
    page.locator("h1").click()
    page.keyboard.press("n")
    first = page.locator(".notes .note").first.get_attribute("data-ann")
    expect(page.locator(f"#note-{first}")).to_be_focused()
    for i in range(active_marks(page).count()):
        assert active_marks(page).nth(i).evaluate(CONTRAST_JS) >= 4.5


def test_with_highlights_off_escape_returns_focus_to_the_words_not_the_list(opened):
    page = opened(375, 667, "?highlights=off")
    page.locator("h1").click()
    page.keyboard.press("n")
    panel = page.locator("#story .inline-note")
    expect(panel).to_be_focused()
    settle(page)
    before = page.evaluate("scrollY")
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    first = page.locator(".notes .note").first.get_attribute("data-ann")
    assert page.evaluate("document.activeElement.closest('mark') && "
                         "document.activeElement.dataset.ann").split() [0] == first
    settle(page)
    assert abs(page.evaluate("scrollY") - before) < 400


def test_with_highlights_off_a_tap_on_plain_text_opens_nothing(opened):
    page = opened(375, 667, "?highlights=off")
    page.locator('#story mark[data-ann~="spicer-doubtful"]').first.tap()
    page.wait_for_timeout(600)
    assert page.locator("#story .inline-note").count() == 0
    assert page.locator('#story mark[data-ann~="spicer-doubtful"]').first.evaluate(
        "m => getComputedStyle(m).cursor") != "pointer"


# 2. The first screen shows the story

def test_on_a_phone_the_story_starts_on_the_first_screen(opened):
    page = opened(375, 667)
    first = page.locator("#story > p").first
    top = first.bounding_box()["y"]
    line = first.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)")
    assert top + 2 * line <= 667, f"the first paragraph starts at {top} px"
    # the corrections are still there before it, and the key folds under its summary
    assert page.locator(".corrections-box").bounding_box()["y"] < top
    expect(page.locator(".reader-key summary")).to_be_visible()
    assert not page.locator("#note-keys").is_visible(), "no keys on a touch screen"
    page.locator(".reader-key summary").click()
    expect(page.get_by_label("Show highlights")).to_be_visible()
    screenshot(page, "issue17-375-first-screen")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_laptop_the_story_starts_high_and_the_key_sits_in_the_margin(opened, scheme):
    page = opened(1280, 800, color_scheme=scheme)
    story = page.locator("#story").bounding_box()
    assert page.locator("#story > p").first.bounding_box()["y"] <= 800 * 0.75
    for furniture in (".corrections-box", ".reader-key"):
        assert page.locator(furniture).bounding_box()["x"] >= story["x"] + story["width"]
    expect(page.get_by_label("Show highlights")).to_be_visible()
    assert page.locator("#reader-key").evaluate("d => d.open")    # so screen readers hear it open
    assert page.locator("#note-keys").is_visible()
    assert Axe().run(page).violations_count == 0
    screenshot(page, f"issue17-1280-{scheme}-first-screen")


# 3. n, p and deep links keep the words in view

def test_n_through_every_note_keeps_its_words_and_reference_in_view(opened):
    page = opened(1280, 720)
    order = page.locator(".notes .note").evaluate_all("ns => ns.map(n => n.dataset.ann)")
    assert len(order) == 23
    page.locator("h1").click()
    out_of_view = []
    for note_id in order:
        page.keyboard.press("n")
        settle(page)
        assert page.evaluate("document.activeElement.id") == f"ref-{note_id}"
        if not words_in_view(page, note_id):
            out_of_view.append(note_id)
        if not page.locator(f"#ref-{note_id}").evaluate_all(IN_VIEW_JS):
            out_of_view.append(f"ref-{note_id}")
        note = page.locator(f"#note-{note_id}").bounding_box()
        assert note["y"] < 720 and note["y"] + note["height"] > 0, f"{note_id}: the note is off screen"
    assert out_of_view == []


def test_a_deep_link_shows_the_words_whole(opened):
    page = opened(1280, 720, "#note-fbi-interview")
    expect(page.locator("#note-fbi-interview")).to_have_class(re.compile(r"\bis-active\b"))
    settle(page)
    assert words_in_view(page, "fbi-interview")
    heading = page.locator("#note-fbi-interview .note-heading").bounding_box()
    assert 0 <= heading["y"] <= 720


def test_with_the_statute_open_n_shows_the_words_and_the_top_of_the_note(opened):
    page = opened(1280, 720)
    page.locator("#note-logan-act .note-toggle").click()
    page.locator("#note-logan-act summary").click()
    assert page.locator("#note-logan-act").bounding_box()["height"] > 720
    page.keyboard.press("p")
    settle(page)
    page.keyboard.press("n")
    settle(page)
    assert page.evaluate("document.activeElement.id") == "ref-logan-act"
    assert words_in_view(page, "logan-act")
    heading = page.locator("#note-logan-act .note-heading").bounding_box()
    assert 0 <= heading["y"] and heading["y"] + heading["height"] <= 720


# 4. Words two notes share

def test_shared_words_show_both_kinds(opened):
    page = opened(1280, 800)
    style = "m => [getComputedStyle(m).textDecorationStyle, getComputedStyle(m).borderBottomStyle]"
    assert page.locator(SHARED).evaluate(style) == ["wavy", "dotted"]      # claim and context
    page.get_by_role("checkbox", name="Context", exact=True).uncheck()
    assert page.locator(SHARED).evaluate(style) == ["wavy", "none"]
    page.get_by_role("checkbox", name="Context", exact=True).check()
    page.get_by_role("checkbox", name="Claim").uncheck()
    assert page.locator(SHARED).evaluate(style) == ["dotted", "none"]


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 667)])
def test_a_click_on_shared_words_opens_every_note_on_them(opened, width, height):
    page = opened(width, height)
    page.locator(SHARED).click()
    if width > 1000:
        for note_id in ("spicer-doubtful", "post-sanctions-report"):
            note = page.locator(f"#note-{note_id}")
            expect(note).to_have_class(re.compile(r"\bis-active\b"))
            expect(note.locator(".note-details")).to_be_visible()
    else:
        panel = page.locator("#story .inline-note")
        expect(panel).to_have_count(1)
        assert panel.locator(".note-heading").all_inner_texts() == [
            page.locator(f"#note-{i} .note-heading").inner_text()
            for i in ("spicer-doubtful", "post-sanctions-report")]
        assert re.fullmatch(r"Note \d+: Claim, rated false: The sanctions were discussed; "
                            r"Note \d+: Context: Reported within a month",
                            panel.get_attribute("aria-label"))
    settle(page)
    assert page.locator(SHARED).evaluate_all(IN_VIEW_JS)
    screenshot(page, f"issue17-{width}-shared-words-open")
    page.keyboard.press("Escape")
    expect(active_marks(page)).to_have_count(0)


# 5. Tablets: readable lines, and the margin from 1024 px

@pytest.mark.parametrize("width", [320, 768, 900, 1023, 1024, 1280, 1920])
def test_lines_stay_readable_and_the_margin_starts_at_1024(opened, width):
    page = opened(width, 800)
    assert page.evaluate(CHARS_PER_LINE_JS) <= 80
    story = page.locator("#story").bounding_box()
    note = page.locator(".notes .note").first.bounding_box()
    if width >= 1024:
        assert note["x"] >= story["x"] + story["width"], "the notes are not in the margin"
        assert note["x"] + note["width"] <= width
    else:
        assert note["y"] >= story["y"] + story["height"], "the notes are not after the story"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# 6. Across the wide/narrow boundary

def test_an_open_note_and_its_focus_survive_turning_a_tablet(opened):
    page = opened(1100, 800)
    page.locator("#ref-logan-act").click()
    expect(page.locator("#note-logan-act")).to_be_focused()
    page.set_viewport_size({"width": 800, "height": 1100})
    panel = page.locator("#story .inline-note")
    expect(panel).to_have_count(1)
    assert "The Logan Act" in panel.inner_text()
    assert panel.evaluate("p => p.contains(document.activeElement)")
    settle(page)
    assert panel.evaluate("p => { const r = p.getBoundingClientRect(); "
                          "return r.top < innerHeight && r.bottom > 0; }"), "the note is off screen"
    page.set_viewport_size({"width": 1100, "height": 800})
    expect(page.locator("#note-logan-act")).to_be_focused()
    expect(page.locator("#note-logan-act")).to_have_class(re.compile(r"\bis-active\b"))
    assert page.locator("#story .inline-note").count() == 0
    page.keyboard.press("Escape")
    expect(page.locator("#ref-logan-act")).to_be_focused()


def test_focus_on_a_reference_stays_there_across_the_boundary(opened):
    page = opened(800, 1100)
    page.locator("h1").click()
    page.keyboard.press("n")
    expect(page.locator("#story .inline-note")).to_have_count(1)
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("ref-")
    page.set_viewport_size({"width": 1100, "height": 800})
    assert page.evaluate("document.activeElement.id") == focused
    expect(page.locator(f"#note-{focused[4:]}")).to_have_class(re.compile(r"\bis-active\b"))


# 7. Back returns to where a jump started

@pytest.mark.parametrize("width,height", [(1280, 800), (375, 667)])
@pytest.mark.parametrize("start", [".timeline a", ".notes-index a", ".corrections-box a"])
def test_back_after_a_jump_returns_to_where_it_started(opened, site_url, width, height, start):
    page = opened(width, height)
    link = page.locator(start).last
    link.scroll_into_view_if_needed()
    settle(page)
    before = page.evaluate("scrollY")
    note_id = link.get_attribute("href")[len("#note-"):]
    link.click()
    expect(active_marks(page).first).to_have_attribute("data-ann", re.compile(note_id))
    settle(page)
    assert abs(page.evaluate("scrollY") - before) > 100, "the jump went nowhere"
    page.go_back()
    settle(page)
    assert page.url == site_url + STORY
    assert abs(page.evaluate("scrollY") - before) <= 2
    assert link.evaluate("a => a === document.activeElement")
    expect(active_marks(page)).to_have_count(0)
    page.go_forward()
    expect(active_marks(page).first).to_have_attribute("data-ann", re.compile(note_id))


# 8. What a screen reader hears

def ax_nodes(page):
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [(n.get("role", {}).get("value"), n.get("name", {}).get("value", ""))
            for n in nodes if not n.get("ignored")]


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 667)])
def test_names_are_not_in_capitals_and_carry_no_symbols(opened, width, height):
    page = opened(width, height)
    page.locator("#ref-spicer-doubtful").click()       # an open note, inline on a phone
    expect(active_marks(page).first).to_be_visible()
    names = [(role, name) for role, name in ax_nodes(page) if name]
    shouting = [name for _, name in names if re.search(r"\b[A-Z]{5,}\b", name)]
    assert shouting == []
    for role, name in names:
        if role in ("region", "article", "heading", "button", "checkbox", "navigation", "list") \
                or name.startswith("Note "):
            assert not set(name) & set(SYMBOLS), (role, name)
    assert ("region", "Story") in names
    if width < 1000:
        assert any(role == "region" and name.startswith("Note ") and name.endswith(
            "Claim, rated false: The sanctions were discussed") for role, name in names)


def test_every_note_has_a_heading_and_its_card_is_named_once(opened):
    page = opened(1280, 800)
    headings = [name for role, name in ax_nodes(page) if role == "heading"]
    notes = page.locator(".notes .note")
    for i in range(notes.count()):
        heading = notes.nth(i).locator("h3.note-heading")
        expect(heading).to_have_count(1)
        name = heading.evaluate(NAME_JS)
        assert re.match(r"Note \d+: ", name), name
        title = notes.nth(i).locator(".note-title").inner_text()
        label = notes.nth(i).locator("article").get_attribute("aria-labelledby")
        assert label == heading.get_attribute("id")
        assert name.count(title) == 1
    assert sum(1 for h in headings if h.startswith("Note ")) == 23
    articles = [name for role, name in ax_nodes(page) if role == "article" and name]
    assert len(articles) == 23
    for name in articles:     # read as written: no stray space before a colon or comma
        assert re.fullmatch(r"Note \d+: [A-Z][a-z ]+(, rated [a-z ]+)?: \S.*", name), name
        assert not re.search(r" [:,]", name), name


def test_a_rated_claim_says_its_rating_and_where_it_begins(opened):
    page = opened(1280, 800)
    number = page.locator("#note-spicer-doubtful .note-number").inner_text()
    expected = f"Note {number}: Claim, rated false"
    assert page.locator("#ref-spicer-doubtful").get_attribute("aria-label") == expected
    assert page.locator("#ref-multiple-calls").get_attribute("aria-label").endswith(
        "Claim, rated mostly true")
    start = page.locator('#story mark[data-ann~="spicer-doubtful"]').first.evaluate(
        "m => m.previousElementSibling && [m.previousElementSibling.dataset.ui, "
        "m.previousElementSibling.textContent.trim()]")
    assert start == ["", f"Start of note {number}: Claim, rated false"]
    assert ("StaticText", f"Start of note {number}: Claim, rated false ") in ax_nodes(page) or any(
        name.strip() == f"Start of note {number}: Claim, rated false" for _, name in ax_nodes(page))


def test_filter_changes_are_announced(opened):
    page = opened(1280, 800)
    status = page.locator("[data-status]")
    assert status.get_attribute("role") == "status"
    page.get_by_role("checkbox", name="Claim").uncheck()
    expect(status).to_have_text("18 of 23 notes shown")
    page.get_by_label("Show highlights").uncheck()
    expect(status).to_have_text("Highlights hidden")


# 9. Without JavaScript at wide widths

@pytest.mark.parametrize("width", [1280, 1920])
def test_without_javascript_the_notes_follow_the_story_at_its_width(opened, width):
    page = opened(width, 900, java_script_enabled=False)
    story = page.locator("#story").bounding_box()
    notes = page.locator("#notes").bounding_box()
    assert notes["y"] >= story["y"] + story["height"]
    assert abs(notes["x"] - story["x"]) < 1 and abs(notes["width"] - story["width"]) < 1
    assert page.locator(".reader-key .legend").is_visible()
    assert page.locator(".reader-key input").evaluate_all(
        "inputs => inputs.every(i => i.getBoundingClientRect().width === 0)")
    assert page.locator(".switches").bounding_box() is None    # no blank gaps
    for i in range(page.locator(".notes .note").count()):
        assert page.locator(".notes .note").nth(i).is_visible()
    screenshot(page, f"issue17-{width}-no-javascript")


# 10. Print keeps every note

def test_a_filtered_view_prints_every_note_with_its_numbers(opened):
    page = opened(1280, 900, "?show=claim,correction")
    assert page.locator(".notes .note:visible").count() < 23
    page.emulate_media(media="print")
    assert page.locator(".notes .note:visible").count() == 23
    assert page.locator("#story .note-ref:visible").count() == 23
    assert page.locator("#notes-heading").evaluate("h => getComputedStyle(h).breakAfter") == "avoid"
    entries = page.locator(".timeline li").all_inner_texts()
    assert entries and all(re.search(r"\(note \d+\)", e) for e in entries)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "issue17-filtered-print.pdf"
    page.pdf(path=str(pdf))
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert not lines or lines[-1] not in ("Notes", "Timeline"), "a heading at a page's foot"
    printed = "".join(pages)
    for note_id in ("logan-act", "senate-inquiry", "fbi-interview"):     # filtered out on screen
        title = page.locator(f"#note-{note_id} .note-title").inner_text()
        assert " ".join(title.split()) in " ".join(printed.split())


# 11. The smaller points

def test_a_double_click_selects_a_word_and_opens_nothing(opened):
    page = opened(1280, 800)
    mark = page.locator('#story mark[data-ann="same-time"]')
    mark.dblclick(position={"x": 20, "y": 8})     # on "around"
    page.wait_for_timeout(600)
    assert active_marks(page).count() == 0
    assert page.evaluate("getSelection().toString().trim()") != ""
    assert mark.evaluate("m => getComputedStyle(m).cursor") == "pointer"


def test_hovering_a_highlight_marks_its_margin_note_and_the_reverse(opened):
    page = opened(1280, 800)
    note = page.locator("#note-sanctions")
    page.locator('#story mark[data-ann~="sanctions"]').first.hover()
    assert note.locator(".note-card").evaluate("c => getComputedStyle(c).outlineStyle") == "dashed"
    page.locator("h1").hover()
    assert note.locator(".note-card").evaluate("c => getComputedStyle(c).outlineStyle") == "none"
    note.hover()
    mark = page.locator('#story mark[data-ann~="sanctions"]').first
    assert mark.evaluate("m => getComputedStyle(m).boxShadow") != "none"


def test_in_forced_colours_kinds_and_the_open_note_still_differ(opened):
    page = opened(1280, 800, forced_colors="active")
    # each kind's line: an underline, or on words it shares (all a correction's are
    # shared here), the line below it
    drawn = set(page.locator("#story mark[data-kind]").evaluate_all(
        "ms => ms.flatMap(m => [getComputedStyle(m).textDecorationStyle, getComputedStyle(m).borderBottomStyle])"))
    assert {"wavy", "double", "solid", "dotted", "dashed"} <= drawn, drawn
    page.locator("#ref-logan-act").click()
    background = "m => getComputedStyle(m).backgroundColor"
    active = active_marks(page).first.evaluate(background)
    other = page.locator('#story mark[data-kind="claim"]:not(.is-active)').first.evaluate(background)
    assert active != other
    screenshot(page, "issue17-1280-forced-colours")


def test_the_keys_are_told_and_a_wrap_is_announced(opened):
    page = opened(1280, 800)
    label = page.locator("label:has(#note-keys)").inner_text()
    assert all(key in label.split() for key in ("n", "j", "p", "k"))
    page.locator("h1").click()
    page.keyboard.press("p")        # from no note, p goes to the last
    last = page.locator(".notes .note").last.get_attribute("data-ann")
    expect(page.locator(f"#ref-{last}")).to_be_focused()
    page.keyboard.press("n")
    expect(page.locator("[data-status]")).to_have_text("Back to the first note")
    page.keyboard.press("k")
    expect(page.locator("[data-status]")).to_have_text("On to the last note")


# What works stays: no layout shift and no axe violations in the new states

NO_LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("width,height", [(375, 667), (768, 1024), (1024, 768), (1920, 1080)])
def test_the_page_shifts_no_layout_as_it_loads(opened, width, height):
    page = opened(width, height)
    assert page.evaluate(NO_LAYOUT_SHIFT_JS) == 0


@pytest.mark.parametrize("width,height,query,scheme", [
    (375, 667, "?highlights=off#note-spicer-doubtful", "dark"),
    (1024, 768, "?highlights=off#note-spicer-doubtful", "light"),
    (320, 640, "", "light"),
    (1920, 1080, "?show=claim,legal", "dark"),
])
def test_no_axe_violations_in_the_new_states(opened, width, height, query, scheme):
    page = opened(width, height, query, color_scheme=scheme)
    if width < 1024:
        page.locator(".reader-key summary").click()
    if "#" in query:
        expect(active_marks(page).first).to_be_visible()
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
