"""Every newsroom's language, read in Chromium with the script running: a site in each
shipped language shows and speaks no English interface word on its story page, index,
tag page and 404 page, and writes its dates as the language does; Arabic runs right to
left with the notes in the left margin, each reference after its words, at 1280 and
375 px, and axe finds nothing; a story can set its own language; a built-in kind
relabelled in site.yaml is shown as written; a site rewords a message, or adds a
language, with one file; the preview's errors page speaks the site's language."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from playwright.sync_api import expect

from glossator.wording import shorten
from glossator.diagnostics import Diagnostics
from glossator.load.story import load_stories

from ..conftest import ROOT, example_authors, glossator, write_story
from .conftest import screenshot, serve, settle

TRANSLATED = ("es", "fr", "de", "uk", "ar")
STORY = "flynn-kislyak-call/"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# Everything the page says that is not the author's: its text, with the story's own
# text, the notes' bodies and a law's text taken out (what the page adds inside
# them, data-ui and visually hidden words, stays), text node by text node; the names
# and descriptions it gives elements; and what the script said in the status line.
INTERFACE_JS = """() => {
  const clone = document.documentElement.cloneNode(true);
  for (const el of clone.querySelectorAll('#story, .note-body, .law-text blockquote')) {
    const added = [...el.querySelectorAll('[data-ui], .visually-hidden')]
      .filter((e) => !e.parentElement.closest('[data-ui], .visually-hidden'));
    el.replaceChildren(...added);
  }
  clone.querySelectorAll('script, style').forEach((el) => el.remove());
  const texts = [];
  const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [data-start]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder', 'data-start']) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  const notes = document.getElementById('notes');
  if (notes && notes.dataset.words) texts.push(...Object.values(JSON.parse(notes.dataset.words)));
  const description = document.querySelector('meta[name="description"]');
  if (description) texts.push(description.content);
  return [...texts, ...(window.__said || [])];
}"""

# What the status line says, as it says it.
LISTEN_JS = """
window.__said = [];
document.addEventListener('DOMContentLoaded', () => {
  const status = document.querySelector('[data-status]');
  if (status) new MutationObserver(() => { if (status.textContent) window.__said.push(status.textContent); })
    .observe(status, {childList: true, characterData: true, subtree: true});
});"""

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


def flat(text: str) -> str:
    return " ".join(text.split())


def ax_names(page) -> list[str]:
    """The names Chromium's accessibility tree gives, as a screen reader hears them."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [n.get("name", {}).get("value", "") for n in nodes if not n.get("ignored")
            and n.get("role", {}).get("value") not in ("StaticText", "InlineTextBox")]


def author_strings(content: Path) -> list[str]:
    """What the author wrote, as a page can show it: longest first, so that a title is
    taken out before a tag inside it."""
    config, stories = load_stories(content, Diagnostics())
    found = {config.title}
    for author in config.authors:       # site.yaml's people, who sign stories and notes
        found.update(filter(None, (author.name, author.role)))
    for story in stories:
        found.update(filter(None, (story.title, story.dek, story.byline, story.copyright,
                                   story.source and story.source.name, *story.tags)))
        for note in story.annotations:
            quote = flat(note.quote)
            found.update(filter(None, (note.title, quote, shorten(note.quote, 70),
                                       *(str(v) for v in note.fields.values() if v))))
            for source in note.sources:
                found.update(filter(None, (source.title, source.publisher)))
    return sorted((flat(s) for s in found if flat(s)), key=len, reverse=True)


def english_words(language: str) -> list[str]:
    """The English of every message the language's catalog translates otherwise: each
    run of words between its placeholders, unless the language itself uses it (French
    'Notes')."""
    with open(ROOT / "templates" / "locales" / f"{language}.po", "rb") as file:
        catalog = read_po(file)
    translations = " \n ".join(s for m in catalog if m.id for s in
                               (m.string if isinstance(m.string, tuple) else (m.string,)))
    found = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or set(strings) <= set(ids):
            continue
        for text in ids:
            for run in re.split(r"%\(\w+\)s", text):
                run = run.strip(" .,:;()“”\"'…·\u00a0")
                if re.search(r"[A-Za-z]{2}", run) and not word_in(run, translations):
                    found.add(run)
    return sorted(found)


def word_in(words: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE) is not None


def english_on(texts: list[str], language: str, authors: list[str]) -> list[str]:
    """The English interface words in what the page says, with the author's own taken out."""
    said = []
    for text in texts:
        text = flat(text)
        for author in authors:
            text = text.replace(author, "\n")
        said.append(text)
    everything = "\n".join(said)
    found = [words for words in english_words(language) if word_in(words, everything)]
    own = " ".join(Locale.parse(language).months["format"]["wide"].values())   # de: November
    found += [month for month in ENGLISH_MONTHS
              if word_in(month, everything) and not word_in(month, own)]
    return [f"{words!r} in …{context(everything, words)}…" for words in found]


def context(text: str, words: str) -> str:
    at = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE).start()
    return text[max(0, at - 40):at + len(words) + 40].replace("\n", " | ")


@pytest.fixture(scope="module", params=TRANSLATED)
def language_site(request, tmp_path_factory):
    """The example story on a site whose site.yaml sets the language; (language, its
    address, its content folder)."""
    language = request.param
    root = tmp_path_factory.mktemp(f"site-{language}")
    content = root / "content"
    shutil.copytree(ROOT / "content" / "flynn-kislyak-call", content / "flynn-kislyak-call")
    (content / "site.yaml").write_text(f"title: The Ledger\nlanguage: {language}\n"
                                       + example_authors())

    def build(url):
        result = glossator("build", "--strict", "--content", str(content), "--out",
                           str(root / "site"), "--base-url", url)
        assert result.returncode == 0, result.stderr
    for url in serve(root / "site", build):
        yield language, url, content


def listening_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.add_init_script(LISTEN_JS)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


def used_wide(page):
    """Open a note, filter, switch the highlights, go round with n and p, copy a link:
    everything that makes the script speak."""
    page.locator("#story mark[data-ann]").first.click()
    expect(page.locator(".notes .note.is-active").first).to_be_visible()
    page.locator('input[name="kind"]').first.uncheck()
    page.locator("#show-highlights").uncheck()
    page.locator("#show-highlights").check()
    page.locator('input[name="kind"]').first.check()
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    page.keyboard.press("p")
    page.keyboard.press("n")
    page.locator(".note.is-active .permalink").first.click()
    page.wait_for_timeout(300)


def test_a_site_in_each_language_shows_and_speaks_no_english_interface_word(
        browser, language_site):
    language, url, content = language_site
    authors = author_strings(content)
    heard = []
    wide = listening_page(browser, WIDE)
    wide.goto(url + STORY)
    assert wide.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        [language, "rtl" if language == "ar" else ""]
    used_wide(wide)
    assert len(wide.evaluate("window.__said")) >= 5, "the script said too little"
    heard += wide.evaluate(INTERFACE_JS) + ax_names(wide)

    # Dates, as Babel's locale data writes them
    times = wide.locator("time").evaluate_all("els => els.map(t => [t.dateTime, t.textContent])")
    assert times
    for stamp, shown in times:
        assert shown == format_date(dt.date.fromisoformat(stamp), "long", locale=language)

    phone = listening_page(browser, PHONE, has_touch=True, is_mobile=True)
    phone.goto(url + STORY)
    phone.locator("#story mark[data-ann]").first.tap()
    expect(phone.locator(".inline-note .close-note")).to_be_visible()
    heard += phone.evaluate(INTERFACE_JS) + ax_names(phone)

    for path in ("", "tags/russia/", "404.html"):
        wide.goto(url + path)
        heard += wide.evaluate(INTERFACE_JS) + ax_names(wide)
    assert english_on(heard, language, authors) == []
    assert wide.errors == [] and phone.errors == []
    wide.context.close()
    phone.context.close()


def test_the_english_check_finds_an_english_word_left_in_a_page(browser, language_site):
    """The test above can fail: an English word put into a page is found."""
    language, url, content = language_site
    page = listening_page(browser, WIDE)
    page.goto(url + STORY)
    page.evaluate("document.querySelector('.back-link').prepend('Back to the story ')")
    found = english_on(page.evaluate(INTERFACE_JS), language, author_strings(content))
    assert any(f.startswith("'Back to the story'") for f in found), found
    page.context.close()


def test_every_interface_word_comes_from_a_catalog(browser, tmp_path):
    """With every message translated to itself in brackets, the pages say nothing
    but the author's words, dates, numbers and bracketed messages: no word reaches
    them from a template, the script or the code without a catalog."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "flynn-kislyak-call", content / "flynn-kislyak-call")
    (content / "site.yaml").write_text("title: The Ledger\nlanguage: eo\n" + example_authors())
    with open(ROOT / "templates" / "locales" / "en.po", "rb") as file:
        english = read_po(file)
    pseudo = Catalog(locale="eo")
    for message in english:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = tuple(f"⟦{text}⟧" for text in ids)
            pseudo.add(message.id, strings if len(strings) > 1 else strings[0],
                       flags=message.flags, context=message.context)
    (tmp_path / "templates" / "locales").mkdir(parents=True)
    with open(tmp_path / "templates" / "locales" / "eo.po", "wb") as file:
        write_po(file, pseudo)
    authors = author_strings(content)
    months = Locale.parse("eo").months["format"]["wide"].values()

    def build(url):
        result = glossator("build", "--strict", "--no-search", "--content", str(content),
                           "--out", str(tmp_path / "site"), "--base-url", url)
        assert result.returncode == 0, result.stderr
    for url in serve(tmp_path / "site", build):
        heard = []
        for path, viewport in ((STORY, WIDE), (STORY, PHONE), ("", WIDE),
                               ("tags/russia/", WIDE), ("404.html", WIDE)):
            page = listening_page(browser, viewport, has_touch=viewport is PHONE)
            page.goto(url + path)
            if path == STORY and viewport is WIDE:
                used_wide(page)
            elif path == STORY:
                page.locator("#story mark[data-ann]").first.tap()
            heard += page.evaluate(INTERFACE_JS) + ax_names(page)
            assert page.errors == []
            page.context.close()
    # A message may hold markup (a link) and so run over several text nodes
    said = "\n".join(flat(text) for text in heard)
    for author in authors:
        said = said.replace(author, " ")
    while re.search(r"⟦[^⟦⟧]*⟧", said):
        said = re.sub(r"⟦[^⟦⟧]*⟧", " ", said)
    for month in months:
        said = said.replace(month, " ")
    unmarked = {line for line in said.split("\n") if re.search(r"[^\W\d_]{2}", line)}
    assert unmarked == set()


ARABIC_ARTICLE = """\
---
title: المجلس البلدي يؤجل التصويت على ميزانية الجسر
published: 2024-03-04
dek: طالب الأعضاء بتقرير مفصّل عن تكلفة الإصلاحات قبل أي تصويت.
byline: سلمى حداد
tags: [البلدية, الجسور]
---

قال رئيس البلدية يوم الاثنين إن الجسر القديم سيُعاد فتحه قبل نهاية الشهر، لكن المهندسين وجدوا شقوقًا في اثنتين من الركائز خلال فحص الأسبوع الماضي.

وأجّل المجلس البلدي التصويت على الميزانية إلى الأسبوع المقبل، بعد أن طالب الأعضاء بتقرير مفصّل عن تكلفة الإصلاحات ومدتها.

ويقول معارضو التأجيل إن قانون الاجتماعات المفتوحة يُلزم المجلس بنشر جدول أعماله قبل ثلاثة أيام من كل جلسة، وهو ما لم يحدث هذه المرة.
"""

ARABIC_NOTES = """\
annotations:
  - id: reopening
    type: claim
    quote: سيُعاد فتحه قبل نهاية الشهر
    title: موعد إعادة الفتح
    claimant: رئيس البلدية
    rating: unproven
    rating_note: لم تنشر البلدية جدولًا زمنيًا للإصلاحات.
  - id: monday
    type: correction
    quote: يوم الاثنين
    original: ذكر الخبر أولًا أن التصريح كان يوم الأحد.
    corrected: صدر التصريح يوم الاثنين.
    corrected_on: 2024-03-05
  - id: cracks
    type: context
    quote: شقوقًا في اثنتين من الركائز
    title: ما وجده المهندسون
    body: أظهر تقرير الفحص شقوقًا بعرض ثلاثة مليمترات في الركيزتين الثانية والثالثة.
    date: 2024-02-26
  - id: open-meetings
    type: legal
    quote: قانون الاجتماعات المفتوحة
    citation: المادة 12 من قانون البلديات
    text: |
      تنشر المجالس البلدية جدول أعمال كل جلسة قبل ثلاثة أيام على الأقل من انعقادها.
  - id: report
    type: source
    quote: بتقرير مفصّل عن تكلفة الإصلاحات
    sources:
      - {title: "تقرير لجنة الأشغال", publisher: المجلس البلدي, date: 2024-03-01}
"""


@pytest.fixture(scope="module")
def arabic_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("arabic")
    write_story(root / "content", "bridge-budget", ARABIC_ARTICLE, ARABIC_NOTES)
    (root / "content" / "site.yaml").write_text("title: الجريدة\nlanguage: ar\n")

    def build(url):
        result = glossator("build", "--strict", "--content", str(root / "content"),
                           "--out", str(root / "site"), "--base-url", url)
        assert result.returncode == 0, result.stderr
    yield from serve(root / "site", build)


# For each note reference in the story, where it stands beside the last line of its
# words: in a right-to-left line, 'after' is to the left.
REFERENCES_JS = """() => [...document.querySelectorAll('#story .note-ref a')].map((a) => {
  const id = a.getAttribute('href').slice(6);
  const marks = [...document.querySelectorAll(`#story mark[data-ann~="${id}"]`)];
  const words = [...marks.at(-1).getClientRects()].at(-1);
  const ref = a.getBoundingClientRect();
  const sameLine = ref.top < words.bottom && ref.bottom > words.top;
  return {id, sameLine, refRight: ref.right, refLeft: ref.left, wordsLeft: words.left, wordsRight: words.right};
})"""


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "375"])
def test_arabic_runs_right_to_left_with_the_notes_on_the_left(browser, arabic_url, viewport):
    phone = viewport["width"] < 800
    page = listening_page(browser, viewport, has_touch=phone, is_mobile=phone)
    page.goto(arabic_url + "bridge-budget/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        ["ar", "rtl"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), \
        "the page scrolls sideways"
    story = page.locator("#story").bounding_box()
    assert story["x"] + story["width"] == pytest.approx(
        page.locator("h1").bounding_box()["x"] + page.locator("h1").bounding_box()["width"],
        abs=2), "the story and its headline start on the right"
    references = page.evaluate(REFERENCES_JS)
    assert len(references) == 5
    for ref in references:
        assert ref["sameLine"], ref
        assert ref["refRight"] <= ref["wordsLeft"] + 1, f"{ref['id']}: not after its words"
    if not phone:
        expect(page.locator(".notes.is-placed")).to_be_attached()
        for note in page.locator(".notes .note").all():
            box = note.bounding_box()
            assert box["x"] + box["width"] <= story["x"] - 16, "a margin note is not on the left"
        toggle = page.locator(".note-toggle").first.bounding_box()
        card = page.locator(".note-card").first.bounding_box()
        assert toggle["x"] == pytest.approx(card["x"], abs=2), "the toggle is not at the end"
    screenshot(page, f"arabic-{viewport['width']}")
    assert Axe().run(page).violations_count == 0
    page.locator('#story mark[data-ann="cracks"]').first.click()
    target = ".inline-note" if phone else ".notes .note.is-active"
    expect(page.locator(target).first).to_be_visible()
    settle(page)
    screenshot(page, f"arabic-{viewport['width']}-open")
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()
    assert page.errors == []
    page.context.close()


def test_the_arabic_tag_page_index_and_404_run_right_to_left_cleanly(browser, arabic_url):
    page = listening_page(browser, WIDE)
    page.goto(arabic_url)
    tag = page.locator(".tag-index a").first
    assert re.fullmatch(r"tags/[a-z0-9-]+/", tag.get_attribute("href"))
    for path in ("", tag.get_attribute("href"), "404.html"):
        page.goto(arabic_url + path)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        result = Axe().run(page)
        assert result.violations_count == 0, (path, result.generate_report())
    assert page.errors == []
    page.context.close()


def test_a_keyboard_set_to_ukrainian_still_moves_between_notes(browser, tmp_path):
    write_story(tmp_path / "content")
    (tmp_path / "content" / "site.yaml").write_text("language: uk\n")

    def build(url):
        assert glossator("build", "--no-search", "--content", str(tmp_path / "content"),
                         "--out", str(tmp_path / "site")).returncode == 0
    for url in serve(tmp_path / "site", build):
        page = listening_page(browser, WIDE)
        page.goto(url + "story/")
        page.evaluate("document.body.dispatchEvent(new KeyboardEvent('keydown', "
                      "{key: 'т', code: 'KeyN', bubbles: true}))")
        expect(page.locator(".notes .note.is-active")).to_have_count(1)
        page.context.close()


def built_and_served(tmp_path, site_yaml: str, stories: dict[str, tuple[str, str | None]],
                     templates: dict[str, str] | None = None):
    """A small site: its site.yaml, its stories (slug: article, annotations), its own
    templates' files; yields its address."""
    content = tmp_path / "content"
    for slug, (article, annotations) in stories.items():
        write_story(content, slug, article, annotations)
    (content / "site.yaml").write_text(textwrap.dedent(site_yaml))
    for name, text in (templates or {}).items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def build(url):
        result = glossator("build", "--strict", "--no-search", "--content", str(content),
                           "--out", str(tmp_path / "site"))
        assert result.returncode == 0, result.stderr
    yield from serve(tmp_path / "site", build)


GERMAN = """\
---
title: Die Brücke
published: 2017-01-13
language: de
tags: [Verkehr]
---

Der Bürgermeister sagte, die Brücke werde bis Ende des Monats wieder geöffnet.

Prüfer fanden Risse in zwei der Pfeiler.
"""

GERMAN_NOTES = """\
annotations:
  - id: reopening
    type: claim
    quote: bis Ende des Monats wieder geöffnet
    claimant: Der Bürgermeister
    rating: "false"
  - id: cracks
    type: context
    quote: Risse in zwei der Pfeiler
    body: Der Prüfbericht nennt drei Millimeter breite Risse.
"""


def test_a_story_sets_its_own_language_over_the_sites(browser, tmp_path):
    english = ("---\ntitle: The bridge\npublished: 2017-01-12\n---\n\nThe bridge is shut.\n",
               None)
    for url in built_and_served(tmp_path, "title: The Ledger\nlanguage: en\n",
                                {"die-bruecke": (GERMAN, GERMAN_NOTES), "bridge": english}):
        page = listening_page(browser, WIDE)
        page.goto(url + "die-bruecke/")
        assert page.evaluate("document.documentElement.lang") == "de"
        expect(page.locator("#notes-heading")).to_have_text("Anmerkungen")
        expect(page.locator(".story-meta time")).to_have_text("13. Januar 2017")
        expect(page.locator("#ref-reopening")).to_have_attribute(
            "aria-label", "Anmerkung 1: Behauptung, Bewertung: falsch")
        expect(page.locator(".key-summary")).to_have_text("Markierungen und Filter")
        page.goto(url)          # the site's own pages stay in the site's language
        assert page.evaluate("document.documentElement.lang") == "en"
        expect(page.locator(".counts-heading").first).to_have_text("2 notes:")
        expect(page.locator(".story-meta time").first).to_have_text("January 13, 2017")
        expect(page.locator(".counts li").first).to_contain_text("Claim")
        page.context.close()


RELABELLED = """\
title: Der Kurier
language: de
types:
  - name: claim
    label: Faktencheck
    ratings:
      - {name: "false", value: 1}
      - {name: erfunden, label: Frei erfunden, value: 1}
"""


def test_a_kind_relabelled_in_site_yaml_is_shown_as_written_the_rest_translated(
        browser, tmp_path):
    notes = GERMAN_NOTES + """\
  - id: piers
    type: claim
    quote: Prüfer fanden
    rating: erfunden
"""
    article = GERMAN.replace("language: de\n", "")
    for url in built_and_served(tmp_path, RELABELLED, {"die-bruecke": (article, notes)}):
        page = listening_page(browser, WIDE)
        page.goto(url + "die-bruecke/")
        legend = page.locator(".legend li")
        expect(legend.nth(0)).to_contain_text("Faktencheck")
        expect(legend.nth(1)).to_contain_text("Kontext")
        expect(page.locator("#note-reopening .rating")).to_contain_text("Falsch")
        expect(page.locator("#note-piers .rating")).to_contain_text("Frei erfunden")
        expect(page.locator("#ref-piers")).to_have_attribute(
            "aria-label", "Anmerkung 2: Faktencheck, Bewertung: frei erfunden")
        page.context.close()


def test_a_site_rewords_one_message_with_one_file_of_its_own(browser, tmp_path):
    catalog = 'msgid "Notes"\nmsgstr "Anotaciones"\n'
    for url in built_and_served(tmp_path, "language: es\n", {"story": (GERMAN.replace(
            "language: de\n", ""), GERMAN_NOTES)}, {"locales/es.po": catalog}):
        page = listening_page(browser, WIDE)
        page.goto(url + "story/")
        expect(page.locator("#notes-heading")).to_have_text("Anotaciones")
        expect(page.locator("label:has(#show-highlights)")).to_have_text("Mostrar resaltados")
        page.context.close()


def test_a_language_glossator_does_not_ship_is_one_file(browser, tmp_path):
    subprocess.run([sys.executable, "-m", "glossator.commands.catalogs", "--templates",
                    str(tmp_path / "templates"), "--add", "pt"], check=True, cwd=ROOT,
                   capture_output=True, timeout=120)
    made = tmp_path / "templates" / "locales" / "pt.po"
    made.write_text(made.read_text(encoding="utf-8").replace(
        'msgid "Show highlights"\nmsgstr ""', 'msgid "Show highlights"\nmsgstr "Mostrar destaques"'),
        encoding="utf-8")
    for url in built_and_served(tmp_path, "language: pt\n", {"story": (GERMAN.replace(
            "language: de\n", ""), GERMAN_NOTES)}):
        page = listening_page(browser, WIDE)
        page.goto(url + "story/")
        expect(page.locator("label:has(#show-highlights)")).to_have_text("Mostrar destaques")
        expect(page.locator("#notes-heading")).to_have_text("Notes")      # not yet translated
        expect(page.locator(".story-meta time")).to_have_text("13 de janeiro de 2017")
        page.context.close()


def test_the_previews_errors_page_speaks_the_sites_language(browser, tmp_path):
    from ..commands.test_serve import SERVE, started_preview

    write_story(tmp_path / "content", annotations="annotations:\n  - id: x\n    type: nope\n")
    (tmp_path / "content" / "site.yaml").write_text("language: ar\n")
    with started_preview(SERVE, tmp_path, tmp_path / "cache") as url:
        page = listening_page(browser, WIDE)
        page.goto(url + "story/")
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
            ["ar", "rtl"]
        expect(page.locator("h1")).to_have_text("في المحتوى أخطاء")
        expect(page.locator("ol")).to_contain_text("unknown annotation type 'nope'")
        assert page.locator("ol").evaluate("ol => getComputedStyle(ol).direction") == "ltr"
        page.context.close()
