"""Nothing an author writes runs as script: every injection vector, in every field
that reaches a page, is loaded in Chromium with alert, confirm, prompt and print
trapped, with the page's Content-Security-Policy and without it (the escaping alone
must hold), and the DOM is searched for anything active that came from content."""

from __future__ import annotations

import json
import pytest

from glossator.build.pipeline import run
from glossator.anchor.text import parse_story

from ..conftest import glossator
from ..injection_vectors import URL_VECTORS, VECTORS
from .conftest import serve

SITE_TITLE = "</title><script>alert(1)</script>"
STABLE = "The stable words of the story."
VALID_URLS = [u for u in URL_VECTORS if u.startswith("https://") and " " not in u]

TRAP_JS = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  window[name] = (...args) => { window.__ran.push(name); };
}
"""

ACTIVE_CONTENT_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.closest('#search')) continue;      // Pagefind's own search form, no content
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(attr.name)
          && /^(javascript|vbscript|data):/.test(value)) found.push(`${el.tagName} ${attr.name}=${value}`);
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (/(static\\/(reader|search)|pagefind\\/pagefind-ui)\\.js$/.test(el.getAttribute('src') || '')) continue;
    if (el.type === 'application/ld+json' && !el.src) {   // data, but it must stay data
      try { JSON.parse(el.textContent); continue; } catch (e) { found.push('broken JSON-LD'); }
    }
    found.push('script: ' + el.outerHTML.slice(0, 80));
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'form', 'svg', 'math', 'style', 'input', 'textarea', 'select', 'video', 'audio', 'marquee', 'template', 'noscript']) {
    for (const el of document.querySelectorAll(tag)) {
      if (!el.closest('#reader-key, #search')) found.push('element: ' + tag);   // the page's own controls
    }
  }
  for (const el of document.querySelectorAll('meta[http-equiv]')) {
    if (el.httpEquiv.toLowerCase() !== 'content-security-policy') found.push('meta ' + el.httpEquiv);
  }
  return found;
}"""


def story_files(index: int, vector: str) -> tuple[str, str]:
    url = VALID_URLS[index % len(VALID_URLS)]
    front = {"title": vector, "published": "2020-01-01", "dek": vector, "byline": vector,
             # each tag its own page: vectors that differ only in punctuation would
             # otherwise share an address, an error of its own (tests/render/test_languages)
             "tags": [f"{vector} v{index:03d}", "plain"], "source": {"name": vector, "url": url},
             "copyright": vector}
    article = "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}"
                                  for k, v in front.items())
    article += f"\n---\n\n{STABLE}\n\n{vector}\n\nThe last words here.\n"
    source = {"title": vector, "publisher": vector, "url": url, "date": "2020-01-01"}
    annotations = [
        {"id": "claim", "type": "claim", "quote": "stable words", "title": vector,
         "body": vector, "claimant": vector, "rating": "false", "rating_note": vector,
         "sources": [source]},
        {"id": "correction", "type": "correction", "quote": "The last words",
         "original": vector, "corrected": vector, "corrected_by": vector,
         "corrected_on": "2020-01-02", "title": vector},
        {"id": "legal", "type": "legal", "quote": "words here", "citation": vector,
         "law_url": url, "text": vector + "\n\nThe stable words of the story.", "body": vector},
    ]
    visible = " ".join(parse_story(vector).text.split())
    if visible and visible not in STABLE and visible not in "The last words here.":
        annotations.append({"id": "vector", "type": "context", "quote": visible,
                            "body": vector, "date": "2020-01-01"})
    return article, json.dumps({"annotations": annotations}, ensure_ascii=False, indent=1)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site with a story per vector, the vector in every field; vectors the loader
    rejects (as it should, for some) are set aside with their errors."""
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    content.mkdir()
    (content / "site.yaml").write_text(f"title: {json.dumps(SITE_TITLE)}\n")
    rejected = {}
    for index, vector in enumerate(VECTORS):
        folder = content / f"v{index:03d}"
        folder.mkdir()
        article, annotations = story_files(index, vector)
        (folder / "article.md").write_text(article, encoding="utf-8")
        (folder / "annotations.yaml").write_text(annotations, encoding="utf-8")
        alone = root / "alone" / f"v{index:03d}"
        alone.mkdir(parents=True)
        (alone / "article.md").write_text(article, encoding="utf-8")
        (alone / "annotations.yaml").write_text(annotations, encoding="utf-8")
        outcome = run(alone.parent, None)
        if outcome.diagnostics.errors:
            rejected[vector] = [d.format() for d in outcome.diagnostics.errors]
            (folder / "article.md").unlink()
            (folder / "annotations.yaml").unlink()
            folder.rmdir()
        for path in alone.iterdir():
            path.unlink()
        alone.rmdir()
    result = glossator("build", "--content", str(content), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site", rejected


def test_the_corpus_is_large_and_nearly_all_of_it_reaches_pages(hostile_site):
    site, rejected = hostile_site
    assert len(VECTORS) >= 100
    pages = list(site.glob("v*/index.html"))
    assert len(pages) + len(rejected) == len(VECTORS)
    assert len(pages) >= 90, f"only {len(pages)} vectors reached a page: {list(rejected)[:5]}"


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    yield from serve(hostile_site[0])


@pytest.mark.parametrize("csp", ["with CSP", "without CSP"])
def test_no_vector_runs_script_or_leaves_anything_active(browser, hostile_site, hostile_url, csp):
    site, _ = hostile_site
    base = hostile_url
    context = browser.new_context(bypass_csp=(csp == "without CSP"))
    context.add_init_script(TRAP_JS)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems = {}
    for path in ["", *sorted(p.parent.name + "/" for p in site.glob("v*/index.html"))]:
        page.goto(base + path, wait_until="load")
        page.keyboard.press("Tab")     # for autofocus and onfocus vectors
        page.mouse.move(300, 300)
        ran = page.evaluate("window.__ran")
        active = page.evaluate(ACTIVE_CONTENT_JS)
        if ran or active:
            problems[path] = {"ran": ran, "active": active}
    context.close()
    assert dialogs == []
    assert problems == {}


def test_template_syntax_is_shown_as_written(hostile_site):
    site, _ = hostile_site
    index = VECTORS.index("{{ 7*7 }}")
    html = (site / f"v{index:03d}" / "index.html").read_text()
    assert "<title>{{ 7*7 }} · &lt;/title&gt;&lt;script&gt;" in html
    assert ">49<" not in html


@pytest.mark.parametrize("vector", [v for v in URL_VECTORS if v not in VALID_URLS])
def test_a_script_address_in_a_url_field_is_a_clean_error(content, vector):
    (content / "s").mkdir()
    (content / "s" / "article.md").write_text(
        "---\ntitle: T\npublished: 2020-01-01\nsource: {name: N, url: "
        + json.dumps(vector) + "}\n---\n\nText.\n")
    result = glossator("check", "--content", str(content))
    assert result.returncode == 1
    assert "error: 'url' must be an http:// or https:// address" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_vector_as_an_id_is_a_clean_error(content):
    (content / "s").mkdir()
    (content / "s" / "article.md").write_text("---\ntitle: T\npublished: 2020-01-01\n---\n\nText.\n")
    items = [{"id": v, "type": "context", "quote": "Text"} for v in VECTORS[:40]]
    (content / "s" / "annotations.yaml").write_text(json.dumps({"annotations": items}))
    result = glossator("check", "--content", str(content))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("error: 'id' must be lower-case letters") == 40
