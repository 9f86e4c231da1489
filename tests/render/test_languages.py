"""Every newsroom's language, outside the browser: the shipped catalogs hold every
message the templates and the code show, translated; a site adds a language or
rewords a message with one file; a language with no catalog is a located warning, a
broken catalog a located error; tags in any script get readable addresses, never two
tags one; feeds and structured data speak the site's language. (What readers see is
read in Chromium: tests/browser/test_languages.py.)"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jinja2.ext
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from ..conftest import ROOT, example_authors, glossator, snapshot, write_story

SHIPPED = ("en", "es", "fr", "de", "uk", "ar")
LOCALES = ROOT / "templates" / "locales"
# How the pages' Jinja environment reads the templates: {% trans %} text trimmed.
JINJA = {"trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true",
         "keep_trailing_newline": "true", "newstyle_gettext": "true", "silent": "false"}
PYTHON = {"N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def key(message_id, context) -> tuple:
    return (context, message_id[0] if isinstance(message_id, (tuple, list)) else message_id)


@pytest.fixture(scope="module")
def messages() -> dict[tuple, object]:
    """Every msgid of the interface, as Babel's extractors find them in the default
    theme's templates and in Glossator's Python sources."""
    found = {}
    sources = [(p, jinja2.ext.babel_extract, DEFAULT_KEYWORDS, JINJA)
               for p in sorted((ROOT / "templates").rglob("*"))
               if p.suffix in (".html", ".xml") and "static" not in p.parts]
    sources += [(p, "python", PYTHON, {}) for p in sorted((ROOT / "glossator").rglob("*.py"))]
    for path, method, keywords, options in sources:
        with open(path, "rb") as file:
            for _, message, _, context in extract(method, file, keywords, options=options):
                found[key(message, context)] = message
    return found


def problems(path: Path, messages: dict) -> list[str]:
    """What is wrong with a catalog: messages missing, left over, obsolete, fuzzy,
    empty, or translated with other placeholders, and plural forms other than CLDR's."""
    with open(path, "rb") as file:
        catalog = read_po(file)
    found = []
    held = {key(m.id, m.context): m for m in catalog if m.id}
    found += [f"missing {k[1]!r}" for k in messages if k not in held]
    found += [f"not used {k[1]!r}" for k in held if k not in messages]
    found += [f"obsolete {m.id!r}" for m in catalog.obsolete.values()]
    for k, message in held.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy {k[1]!r}")
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            found.append(f"{len(strings)} plural forms for {k[1]!r}")
        if not all(strings):
            found.append(f"empty {k[1]!r}")
    found += [f"{m.id!r}: {errors}" for m, errors in catalog.check()]
    for k, message in held.items():     # as a page fills it in: always with %
        values = {name: "" for text in (message.id if isinstance(message.id, tuple)
                                         else (message.id,))
                  for name in re.findall(r"%\((\w+)\)s", text)}
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        try:
            [text % {"num": 1, **values} for text in strings]
        except (KeyError, ValueError, TypeError) as exc:
            found.append(f"{k[1]!r}: a placeholder it cannot fill ({exc!r})")
    language = path.stem
    if catalog.plural_forms != "nplurals={}; plural={};".format(*get_plural(language)):
        found.append(f"plural forms {catalog.plural_forms!r}, not CLDR's for {language}")
    return found


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_holds_every_message_translated(language, messages):
    assert {path.stem for path in LOCALES.glob("*.po")} == set(SHIPPED)
    assert len(messages) > 80
    assert problems(LOCALES / f"{language}.po", messages) == []


def test_a_catalog_missing_or_doubting_a_message_is_found_out(messages, tmp_path):
    with open(LOCALES / "uk.po", "rb") as file:
        catalog = read_po(file)
    catalog.delete("Show highlights")
    catalog["Notes"].flags.add("fuzzy")
    catalog[("%(count)s note:", "%(count)s notes:")].string = ("%(count)s примітка:", "", "")
    catalog["Hide note"].string = "Сховати %(what)s"
    broken = tmp_path / "uk.po"
    with open(broken, "wb") as file:
        write_po(file, catalog)
    found = problems(broken, messages)
    assert "missing 'Show highlights'" in found
    assert "fuzzy 'Notes'" in found
    assert "empty '%(count)s note:'" in found
    assert any("'Hide note'" in p and "placeholder" in p for p in found), found


def test_no_shipped_catalog_leaves_english_where_its_language_has_words():
    """Words left as the msgid are English; only a few may rightly stay so."""
    allowed = {"fr": {"Notes", "Sources", "Source", "Correction", "corrections",
                      "(note %(number)s)", ", note %(number)s", "Note %(number)s"}}
    for language in ("es", "fr", "de", "uk", "ar"):
        with open(LOCALES / f"{language}.po", "rb") as file:
            catalog = read_po(file)
        same = {m.id for m in catalog if m.id and not isinstance(m.id, tuple)
                and m.string == m.id and re.search(r"[A-Za-z]{3}", re.sub(r"%\(\w+\)s", "", m.id))}
        assert same <= allowed.get(language, set()), (language, same - allowed.get(language, set()))


def test_a_new_language_is_one_file_started_by_the_catalogs_command(tmp_path):
    project = tmp_path / "newsroom"
    write_story(project / "content")
    done = glossator("catalogs", "--add", "pt-BR", cwd=project)
    assert done.returncode == 0, done.stderr
    made = project / "templates" / "locales" / "pt-BR.po"
    assert sorted(p.name for p in (project / "templates").rglob("*") if p.is_file()) == \
        ["pt-BR.po"]
    with open(made, "rb") as file:
        catalog = read_po(file)
    assert catalog.plural_forms == "nplurals={}; plural={};".format(*get_plural("pt_BR"))
    assert "Show highlights" in catalog and catalog["Show highlights"].string == ""
    refused = glossator("catalogs", "--add", "../evil", cwd=project)
    assert refused.returncode == 2 and "not a language tag" in refused.stderr
    again = glossator("catalogs", cwd=project)         # up to date: the same file
    assert again.returncode == 0 and again.stdout.split() == ["templates/locales/pt-BR.po"]
    assert read_po(open(made, "rb")).plural_forms == catalog.plural_forms


def test_a_language_with_no_catalog_is_a_located_warning(content, tmp_path):
    (content / "site.yaml").write_text("title: Ledger\nlanguage: pt-BR\n")
    write_story(content, "nowhere", article="""\
        ---
        title: Nowhere
        published: 2024-03-04
        language: xq
        ---

        Words.
        """, annotations=None)
    write_story(content, "madrid", article="""\
        ---
        title: Madrid
        published: 2024-03-04
        language: es-ES
        ---

        Palabras.
        """, annotations=None)
    result = glossator("check", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert re.search(r"content/site\.yaml:2:11: warning: no catalog for 'pt-BR'; the "
                     r"interface will be English\n", result.stderr), result.stderr
    assert re.search(r"nowhere/article\.md:4:11: warning: no catalog for 'xq'; the interface "
                     r"will be English, and its dates too", result.stderr), result.stderr
    assert "madrid" not in result.stderr        # Spanish speaks for es-ES
    assert "glossator catalogs --add pt-BR" in result.stderr
    strict = glossator("check", "--strict", "--content", str(content))
    assert strict.returncode == 1


def test_a_broken_catalog_of_a_site_is_a_located_error(content, tmp_path):
    (content / "site.yaml").write_text("language: es\n")
    write_story(content)
    locales = tmp_path / "templates" / "locales"
    locales.mkdir(parents=True)
    catalog = locales / "es.po"
    catalog.write_text('msgid "Notes"\nmsgstr "Notas"\n\nmsgid "Hide note"\n'
                       'msgstr "Ocultar %(que)s"\n', encoding="utf-8")
    site = tmp_path / "site"
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 1
    assert re.search(r"templates/locales/es\.po:4:1: error: catalog error: the translation "
                     r"of 'Hide note' does not fit it: .*placeholder", result.stderr), result.stderr
    assert not site.exists()
    catalog.write_text('msgid "Notes"\nmsgstr "Notas\n', encoding="utf-8")
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 1
    assert re.search(r"templates/locales/es\.po:\d+:1: error: catalog error: not a PO file",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_a_catalog_kept_compiled_by_one_build_never_hides_a_broken_one(content, tmp_path):
    (content / "site.yaml").write_text("language: es\n")
    write_story(content)
    locales = tmp_path / "templates" / "locales"
    locales.mkdir(parents=True)
    catalog = locales / "es.po"
    good = 'msgid "Notes"\nmsgstr "Anotaciones"\n'
    catalog.write_text(good, encoding="utf-8")
    site = tmp_path / "site"
    build = ["build", "--no-search", "--content", str(content), "--out", str(site)]
    assert glossator(*build, cwd=tmp_path).returncode == 0
    catalog.write_text(good + '\nmsgid "Hide note"\nmsgstr "Ocultar %(que)s"\n',
                       encoding="utf-8")
    broken = glossator(*build, cwd=tmp_path)
    assert broken.returncode == 1
    assert "es.po:4:1: error: catalog error" in broken.stderr, broken.stderr
    catalog.write_text(good, encoding="utf-8")
    assert glossator(*build, cwd=tmp_path).returncode == 0
    assert "Anotaciones" in (site / "story" / "index.html").read_text()


def test_editing_a_catalog_rebuilds_the_pages_it_words(content, tmp_path):
    (content / "site.yaml").write_text("language: es\n")
    write_story(content)
    locales = tmp_path / "templates" / "locales"
    locales.mkdir(parents=True)
    (locales / "es.po").write_text('msgid "Notes"\nmsgstr "Anotaciones"\n', encoding="utf-8")
    site = tmp_path / "site"
    assert glossator("build", "--no-search", "--content", str(content), "--out",
                     str(site)).returncode == 0
    before = (site / "story" / "index.html").read_bytes()
    (locales / "es.po").write_text('msgid "Notes"\nmsgstr "Apuntes"\n', encoding="utf-8")
    again = glossator("build", "--no-search", "--content", str(content), "--out", str(site))
    assert "(1 built, 0 reused)" in again.stdout, again.stdout
    after = (site / "story" / "index.html").read_bytes()
    assert after != before and "Apuntes".encode() in after


TAGGED = """\
---
title: {title}
published: 2024-03-0{day}
tags: [{tags}]
---

Words of story {title}.
"""


def test_tags_in_any_script_get_distinct_readable_addresses(content, tmp_path):
    write_story(content, "one", TAGGED.format(title="One", day=4, tags="Україна, Росія"), None)
    write_story(content, "two", TAGGED.format(title="Two", day=5, tags="Política, україна"),
                None)
    site = tmp_path / "site"
    result = glossator("build", "--no-search", "--content", str(content), "--out", str(site))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "tags").iterdir()) == ["politica", "rosiia", "ukraina"]


def test_a_tag_is_plain_text_so_an_entity_in_it_is_not_decoded(content, tmp_path):
    write_story(content, "one", TAGGED.format(title="One", day=4, tags='"AT&T"'), None)
    write_story(content, "two", TAGGED.format(title="Two", day=5, tags='"AT&amp;T"'), None)
    site = tmp_path / "site"
    result = glossator("build", "--no-search", "--content", str(content), "--out", str(site))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "tags").iterdir()) == ["at-amp-t", "at-t"]


def test_two_tags_on_one_address_are_an_error_naming_both(content, tmp_path):
    write_story(content, "one", TAGGED.format(title="One", day=4, tags="Україна, Росія"), None)
    site = tmp_path / "site"
    assert glossator("build", "--no-search", "--content", str(content),
                     "--out", str(site)).returncode == 0
    kept = snapshot(site)
    write_story(content, "two", TAGGED.format(title="Two", day=5, tags="Trade, Rosiia"), None)
    result = glossator("build", "--no-search", "--content", str(content), "--out", str(site))
    assert result.returncode == 1
    assert re.search(r"two/article\.md:4:15: error: the tags 'Rosiia' and 'Росія' would share "
                     r"one page, tags/rosiia/ \('Росія' is a tag of one, at \S*one/article\.md"
                     r":4:17\)\n  hint: rename one of them", result.stderr), result.stderr
    assert snapshot(site) == kept
    checked = glossator("check", "--content", str(content))
    assert checked.returncode == 1 and "would share one page" in checked.stderr


CORRECTED = """\
annotations:
  - id: doubtful
    type: claim
    quote: called it “doubtful”
    claimant: Sean Spicer
    rating: "false"
  - id: day
    type: correction
    quote: Dec. 29
    original: The story said Dec. 28.
    corrected: The call was on Dec. 29.
"""


def test_feeds_and_structured_data_speak_the_sites_language(content, tmp_path):
    (content / "site.yaml").write_text("title: La Gaceta\nlanguage: es\n")
    write_story(content, annotations=CORRECTED)
    site = tmp_path / "site"
    assert glossator("build", "--no-search", "--content", str(content),
                     "--out", str(site)).returncode == 0
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site / "feeds" / "corrections.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert feed.find(f"{atom}title").text == "La Gaceta: correcciones"
    entry = feed.find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == \
        "Corrección a «A test story»: The call was on Dec. 29."
    assert entry.find(f"{atom}summary").text == \
        "Publicado inicialmente: The story said Dec. 28. Corregido: The call was on Dec. 29."
    assert entry.find(f"{atom}published").text == "2017-01-13T00:00:00Z"     # ISO, always
    page = (site / "story" / "index.html").read_text()
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                 page, re.S).group(1))["@graph"]
    review = next(node for node in graph if node["@type"] == "ClaimReview")
    assert review["reviewRating"]["alternateName"] == "Falso"
    collection = json.loads((site / "story" / "annotations.jsonld").read_text())
    assert collection["label"] == "Notas sobre «A test story»"



def test_the_example_site_in_every_language_is_valid_html(tmp_path):
    from .test_validity import nu_errors

    pages = []
    for language in SHIPPED[1:]:
        content = tmp_path / language / "content"
        shutil.copytree(ROOT / "content" / "flynn-kislyak-call", content / "flynn-kislyak-call")
        (content / "site.yaml").write_text(f"language: {language}\n" + example_authors())
        site = tmp_path / language / "site"
        assert glossator("build", "--no-search", "--content", str(content),
                         "--out", str(site)).returncode == 0
        pages += sorted(site.rglob("*.html"))
    assert len(pages) == 5 * 8          # a story, the index, 404 and five tag pages
    assert nu_errors(pages) == []


def test_the_preview_follows_an_edited_catalog(tmp_path):
    from ..commands.test_serve import SERVE, fetch, started_preview, wait_for

    write_story(tmp_path / "content")
    (tmp_path / "content" / "site.yaml").write_text("language: es\n")
    locales = tmp_path / "templates" / "locales"
    locales.mkdir(parents=True)
    catalog = locales / "es.po"
    catalog.write_text('msgid "Notes"\nmsgstr "Anotaciones"\n', encoding="utf-8")
    with started_preview(SERVE, tmp_path, tmp_path / "cache") as url:
        assert ">Anotaciones</h2>" in fetch(url + "story/")
        catalog.write_text('msgid "Notes"\nmsgstr "Apuntes"\n', encoding="utf-8")
        wait_for(lambda: ">Apuntes</h2>" in fetch(url + "story/"))
        catalog.unlink()
        wait_for(lambda: ">Notas</h2>" in fetch(url + "story/"))      # Glossator's own
