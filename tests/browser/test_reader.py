"""The interactive reader on the example story, in Chromium at 1280 px and 375 px:
mouse, touch, keyboard, deep links, filters, print, dark mode, no JavaScript."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import ARTIFACTS, screenshot, settle

STORY = "flynn-kislyak-call/"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

NO_LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture
def wide(browser, site_url):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + STORY)
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def phone(browser, site_url):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + STORY)
    yield page
    context.close()
    assert errors == []


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def decoration(page, selector):
    return page.locator(selector).first.evaluate(
        "el => getComputedStyle(el).textDecorationStyle + ' ' + getComputedStyle(el).textDecorationLine")


# 1. Kinds told apart without colour, a legend, a switch for all highlights

def test_each_kind_has_its_own_underline_style_and_symbol(wide):
    kinds = ("claim", "correction", "legal", "context", "source")
    styles = {kind: decoration(wide, f'.legend .kind-sample[data-kind="{kind}"]') for kind in kinds}
    assert len(set(styles.values())) == 5, styles
    assert all("underline" in style for style in styles.values())
    for kind in kinds:   # a highlight looks like its kind in the legend
        assert decoration(wide, f'#story mark[data-kind~="{kind}"]:not(.x)') in styles.values()
    symbols = {wide.locator(f'#ref-{id} .kind-symbol').inner_text()
               for id in ("call-date", "logan-act", "ignatius", "spicer-doubtful", "obama-interview")}
    assert len(symbols) == 5


def test_the_legend_names_every_kind_and_the_switch_hides_all_highlights(wide):
    legend = wide.locator(".legend").inner_text()
    for label in ("Claim", "Correction", "Legal context", "Context", "Source"):
        assert label in legend
    mark = '#story mark[data-ann="logan-act"]'
    assert decoration(wide, mark) != "solid none"
    wide.get_by_label("Show highlights").uncheck()
    assert decoration(wide, mark).endswith("none")
    assert wide.locator(mark).first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert "highlights=off" in wide.url
    wide.get_by_label("Show highlights").check()
    assert "highlights=off" not in wide.url


# 2. Wide: notes in the margin beside their words; phone: the note under its paragraph

def test_on_wide_screens_notes_sit_beside_their_highlight_and_never_overlap(wide):
    notes = wide.locator(".notes .note")
    boxes = []
    for i in range(notes.count()):
        note = notes.nth(i)
        note_id = note.get_attribute("data-ann")
        note_box, mark_box = note.bounding_box(), box(wide, f'#story mark[data-ann~="{note_id}"]')
        story_box = box(wide, "#story")
        assert note_box["x"] >= story_box["x"] + story_box["width"], "not in the margin"
        assert note_box["y"] >= mark_box["y"] - 2, f"{note_id} sits above its words"
        boxes.append((note_box["y"], note_box["y"] + note_box["height"]))
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(boxes, boxes[1:]))
    first_id = notes.first.get_attribute("data-ann")
    assert abs(boxes[0][0] - box(wide, f'#story mark[data-ann~="{first_id}"]')["y"]) < 4


def test_placing_the_notes_shifts_no_layout(wide):
    assert wide.evaluate(NO_LAYOUT_SHIFT_JS) == 0


def test_clicking_a_highlight_on_a_wide_screen_marks_its_note(wide):
    wide.locator('#story mark[data-ann="same-time"]').click()
    note = wide.locator("#note-same-time")
    expect(note).to_have_class(re.compile(r"\bis-active\b"))
    assert note.evaluate("n => n === document.activeElement")
    assert wide.url.endswith("#note-same-time")
    wide.keyboard.press("Escape")
    assert wide.evaluate("document.activeElement.id") == "ref-same-time"
    assert "is-active" not in note.get_attribute("class")


def test_on_a_phone_a_tapped_highlight_opens_its_note_under_the_paragraph(phone):
    mark = phone.locator('#story mark[data-ann="spicer-doubtful"]').last
    mark.tap()
    panel = phone.locator("#story .inline-note")
    expect(panel).to_have_count(1)
    settle(phone)
    paragraph = mark.evaluate_handle("m => m.closest('#story > *')")
    assert paragraph.evaluate("p => p.nextElementSibling.classList.contains('inline-note')")
    mark_box, panel_box = mark.bounding_box(), panel.bounding_box()
    assert mark_box["y"] + mark_box["height"] <= panel_box["y"], "the note covers the words"
    assert 0 <= mark_box["y"] and mark_box["y"] + mark_box["height"] <= PHONE["height"]
    assert "Sean Spicer" in panel.inner_text()
    screenshot(phone, "reader-375-note-open")
    panel.get_by_role("button", name="Close note").tap()
    assert phone.locator("#story .inline-note").count() == 0


def test_on_a_phone_nothing_opens_on_hover_alone(phone):
    phone.locator('#story mark[data-ann="logan-act"]').first.hover()
    assert phone.locator("#story .inline-note").count() == 0


# 3. Keyboard and screen reader

def test_tab_reaches_every_highlight_and_its_name_says_the_kind(wide):
    names = []
    for _ in range(60):
        wide.keyboard.press("Tab")
        focused = wide.evaluate("[document.activeElement.id, document.activeElement.getAttribute('aria-label')]")
        if focused[0].startswith("ref-"):
            if focused in names:
                break          # round the page and back to the start
            names.append(focused)
    ids = [i for i, _ in names]
    assert ids == [f"ref-{a}" for a in wide.locator(".notes .note").evaluate_all(
        "ns => ns.map(n => n.dataset.ann)")]
    assert all(re.fullmatch(r"Note \d+: (Claim|Correction|Legal context|Context|Source)"
                            r"(, rated [a-z ]+)?", label)
               for _, label in names)


def test_enter_opens_the_note_and_escape_returns_focus(phone):
    phone.locator("#ref-logan-act").focus()
    phone.keyboard.press("Enter")
    panel = phone.locator("#story .inline-note")
    assert panel.evaluate("p => p === document.activeElement")
    assert panel.get_attribute("role") == "region"
    assert re.search(r"Legal context", panel.get_attribute("aria-label"))
    phone.keyboard.press("Escape")
    assert phone.locator("#story .inline-note").count() == 0
    assert phone.evaluate("document.activeElement.id") == "ref-logan-act"


def test_n_and_p_move_between_notes_and_can_be_turned_off(wide):
    order = wide.locator(".notes .note").evaluate_all("ns => ns.map(n => n.dataset.ann)")
    wide.locator("body").press("n")
    settle(wide)
    assert wide.evaluate("document.activeElement.id") == f"ref-{order[0]}"
    wide.keyboard.press("n")
    assert wide.evaluate("document.activeElement.id") == f"ref-{order[1]}"
    assert "is-active" in wide.locator(f"#note-{order[1]}").get_attribute("class")
    wide.keyboard.press("p")
    assert wide.evaluate("document.activeElement.id") == f"ref-{order[0]}"
    wide.get_by_label(re.compile("Keys: n or j next note")).uncheck()
    wide.locator("h1").click()
    wide.keyboard.press("n")
    assert wide.evaluate("document.activeElement.id") != f"ref-{order[1]}"


def test_notes_have_roles_and_labels(wide):
    card = wide.locator("#note-spicer-doubtful article.note-card")
    label_id = card.get_attribute("aria-labelledby")
    number = wide.locator("#note-spicer-doubtful .note-number").inner_text()
    assert re.search(rf"{number}\W+Claim", wide.locator(f"#{label_id}").inner_text(), re.I)
    assert wide.locator(".notes").get_attribute("aria-labelledby") == "notes-heading"


# 4. Deep links, copy-link, filters in the address

@pytest.mark.parametrize("viewport", [WIDE, PHONE])
def test_a_deep_link_opens_and_scrolls_to_the_note(browser, site_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + STORY + "#note-senate-inquiry")
    settle(page)
    target = "#note-senate-inquiry" if viewport is WIDE else "#story .inline-note"
    note_box = page.locator(target).bounding_box()
    assert 0 <= note_box["y"] < viewport["height"]
    assert "Richard Burr" in page.locator(target).inner_text()
    context.close()


def test_copy_link_puts_the_notes_address_on_the_clipboard(browser, site_url):
    context = browser.new_context(viewport=WIDE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + STORY)
    page.locator('#note-ignatius .note-toggle').click()
    page.locator("#note-ignatius .permalink").click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + STORY + "#note-ignatius"
    assert "copied" in page.locator("[data-status]").inner_text()
    context.close()


def test_filtering_by_kind_is_kept_in_the_address(wide, site_url):
    wide.get_by_role("checkbox", name="Claim").uncheck()
    assert "?show=correction,legal,context,source" in wide.url   # as the README writes it
    assert wide.locator("#note-spicer-doubtful").is_hidden()
    assert wide.locator("#ref-spicer-doubtful").is_hidden()
    assert wide.locator("#note-logan-act").is_visible()
    shared = wide.url
    wide.goto("about:blank")
    wide.goto(shared)
    assert wide.locator("#note-spicer-doubtful").is_hidden()
    assert not wide.get_by_role("checkbox", name="Claim").is_checked()


# 5. What each kind shows

def test_each_kind_shows_what_a_reader_needs(wide):
    wide.locator("#note-spicer-doubtful").click()
    claim = wide.locator("#note-spicer-doubtful").inner_text()
    assert "Sean Spicer" in claim and "FALSE" in claim.upper() and "pleaded guilty" in claim
    correction = wide.locator("#note-call-date")
    correction.click()
    assert "Flynn and Kislyak spoke by phone on Dec. 28" in correction.locator("del").inner_text()
    assert "Dec. 29" in correction.locator("ins").inner_text()
    assert "January 13, 2017" in correction.inner_text()
    legal = wide.locator("#note-logan-act")
    legal.click()
    assert legal.get_by_role("link", name="18 U.S.C. § 953").get_attribute("href").startswith("https://")
    legal.locator("summary").click()
    quoted = legal.locator("mark.quoted").all_inner_texts()
    assert any(q.startswith("Any citizen of the United States") for q in quoted)
    assert not any("This section shall not abridge" in q for q in quoted)
    sources = wide.locator("#note-logan-act .sources li").first.inner_text()
    assert "Congressional Research Service" in sources and "March 11, 2015" in sources


# 6. Around the story

def test_corrections_box_timeline_and_index(wide):
    box_text = wide.locator(".corrections-box").inner_text()
    assert "Dec. 28" in box_text and "Dec. 29" in box_text
    assert box(wide, ".corrections-box")["y"] < box(wide, "#story")["y"]
    dates = wide.locator(".timeline time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates) and len(dates) >= 5
    wide.locator(".timeline a").first.click()
    assert wide.url.endswith("#note-obama-interview")
    index = wide.locator(".notes-index a").evaluate_all("as => as.map(a => a.hash)")
    order = wide.locator(".notes .note").evaluate_all("ns => ns.map(n => '#note-' + n.id.slice(5))")
    assert index == order


# 7. Print, dark mode, reduced motion

def test_in_print_notes_are_numbered_notes_after_the_story(wide):
    wide.emulate_media(media="print")
    first = wide.locator(".notes .note").first
    assert first.evaluate("n => getComputedStyle(n).position") == "static"
    assert wide.locator(".reader-key").is_hidden()
    story, notes = box(wide, "#story"), box(wide, ".notes")
    assert notes["y"] >= story["y"] + story["height"]
    assert wide.locator("#note-logan-act blockquote").is_visible()
    assert re.match(r"\W*1\b", first.locator(".note-kind").inner_text())
    ARTIFACTS.mkdir(exist_ok=True)
    wide.pdf(path=str(ARTIFACTS / "article-print.pdf"))


def test_dark_mode_and_reduced_motion_are_respected(browser, site_url):
    context = browser.new_context(viewport=WIDE, color_scheme="dark", reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + STORY)
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", background)[:3])) < 100
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert Axe().run(page).violations_count == 0
    screenshot(page, "article-1280-dark")
    context.close()


def test_no_axe_violations_with_a_note_open(phone, wide):
    phone.locator('#story mark[data-ann~="call-date"]').first.tap()
    expect(phone.locator("#story .inline-note")).to_have_count(1)
    assert Axe().run(phone).violations_count == 0
    wide.locator('#story mark[data-ann~="call-date"]').first.click()
    expect(wide.locator("#note-call-date")).to_have_class(re.compile(r"\bis-active\b"))
    result = Axe().run(wide)
    assert result.violations_count == 0, result.generate_report()


def test_margin_notes_open_in_place_and_still_never_overlap(wide):
    legal = wide.locator("#note-logan-act")
    number = legal.locator(".note-number").inner_text()
    assert legal.locator(".note-details").is_hidden()
    legal.get_by_role("button", name=f"Show note {number}", exact=True).click()
    assert legal.locator(".note-details").is_visible()
    hide = legal.get_by_role("button", name=f"Hide note {number}", exact=True)
    assert hide.get_attribute("aria-expanded") == "true"
    legal.locator("summary").click()
    assert legal.locator("mark.quoted").first.is_visible()
    notes = wide.locator(".notes .note")
    boxes = [notes.nth(i).bounding_box() for i in range(notes.count())]
    spans = sorted((b["y"], b["y"] + b["height"]) for b in boxes)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    screenshot(wide, "reader-1280-legal-note-open")


def test_a_kind_declared_in_site_yaml_has_its_legend_symbol_and_filter(browser, custom_site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(custom_site_url + "with-analysis/")
    page.get_by_text("Highlights and filters").click()    # folded on a phone
    assert "▲ Analysis" in page.locator(".legend").inner_text()
    assert page.locator("#ref-analysis-one .kind-symbol").inner_text() == "▲"
    assert page.locator("#ref-analysis-one").get_attribute("aria-label") == "Note 1: Analysis"
    assert decoration(page, '#story mark[data-kind="analysis"]') != decoration(
        page, '#story mark[data-kind="claim"]')
    page.get_by_role("checkbox", name="Analysis").uncheck()
    assert "show=claim" in page.url
    assert page.locator("#ref-analysis-one").is_hidden()
    context.close()


def test_without_javascript_on_a_phone_every_note_is_in_the_list(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + STORY)
    refs = page.locator("#story .note-ref a")
    notes = page.locator(".notes .note")
    assert refs.count() == notes.count() > 0
    for i in range(notes.count()):
        assert notes.nth(i).locator(".note-details").is_visible()
    refs.last.click()
    settle(page)
    target = page.locator(".notes .note").last
    box_ = target.bounding_box()
    assert 0 <= box_["y"] < PHONE["height"]
    screenshot(page, "article-375-no-javascript")
    context.close()
