"""An SVG beside a story is a document of the site's own when opened by itself,
outside every page's Content-Security-Policy (issue 15). Each SVG that runs script
in Chromium when opened so must be refused by the build; each one the build
publishes is opened directly in Chromium, hovered, clicked and tabbed through, and
must run nothing."""

from __future__ import annotations

import pytest

from glossator.build.pipeline import run

from ..conftest import write_story
from .conftest import serve

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns:h="http://www.w3.org/1999/xhtml"'
BOX = '<rect width="200" height="200" fill="#036"/>'

# Each calls alert() if it runs: opened by itself, Chromium runs the first group.
RUNS_IN_CHROMIUM = {
    "onload": f'<svg {NS} onload="alert(1)">{BOX}</svg>',
    "script": f"<svg {NS}>{BOX}<script>alert(1)</script></svg>",
    "script-cdata": f"<svg {NS}>{BOX}<script><![CDATA[alert(1)]]></script></svg>",
    "script-from-data": f'<svg {NS}>{BOX}<script href="data:text/javascript,alert(1)"/></svg>',
    "xhtml-script": f"<svg {NS} {XHTML}>{BOX}<h:script>alert(1)</h:script></svg>",
    "link": f'<svg {NS}><a xlink:href="javascript:alert(1)">{BOX}</a></svg>',
    "link-spaced": f'<svg {NS}><a href=" &#x0A;java&#x09;script:alert(1)">{BOX}</a></svg>',
    "animated-link": f'<svg {NS}><a><set attributeName="href" to="javascript:alert(1)"/>'
                     f"{BOX}</a></svg>",
    "animate-onbegin": f'<svg {NS}>{BOX}<animate onbegin="alert(1)" attributeName="x" '
                       'dur="1s"/></svg>',
    "image-onerror": f'<svg {NS}><image href="missing.png" onerror="alert(1)"/>{BOX}</svg>',
    "rect-onmouseover": f'<svg {NS}><rect width="200" height="200" '
                        'onmouseover="alert(1)"/></svg>',
    "foreign-object": f'<svg {NS}><foreignObject width="200" height="200">'
                      f'<h:img {XHTML} src="missing.png" onerror="alert(1)"/>'
                      "</foreignObject></svg>",
    "iframe-javascript": f'<svg {NS}><foreignObject width="200" height="200">'
                         f'<h:iframe {XHTML} src="javascript:alert(1)"/></foreignObject></svg>',
    "focus-handler": f'<svg {NS}><a href="#" onfocus="alert(1)">{BOX}</a></svg>',
}
HARMLESS = {
    "plain": f"<svg {NS}>{BOX}</svg>",
    "with-link": f'<svg {NS}><a href="https://example.org/">{BOX}</a></svg>',
    "with-style": f"<svg {NS}><style>rect {{ fill: #930 }}</style>{BOX}</svg>",
    "with-doctype": '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
                    f"<svg {NS}>{BOX}</svg>",
}
# Opened by itself, an SVG runs no page script of ours to trap its calls with; what
# runs is told by the console (and any dialog that opens anyway).
TRAP_JS = """
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  window[name] = () => console.log('ran: ' + name);
}
"""


def refused(tmp_path, name: str, svg: str) -> bool:
    content = tmp_path / name / "content"
    (write_story(content) / f"{name}.svg").write_text(svg)
    outcome = run(content, tmp_path / name / "site", search=False)
    return any(d.location.path.name == f"{name}.svg" for d in outcome.diagnostics.errors)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site with every SVG the build accepts, and the names it refused."""
    scratch = tmp_path_factory.mktemp("svg")
    vectors = {**RUNS_IN_CHROMIUM, **HARMLESS}
    refusals = {name for name, svg in vectors.items() if refused(scratch, name, svg)}
    content = scratch / "content"
    folder = write_story(content)
    for name, svg in vectors.items():
        if name not in refusals:
            (folder / f"{name}.svg").write_text(svg)
    site = scratch / "out" / "site"
    assert run(content, site, search=False).written
    return site, refusals


@pytest.fixture(scope="module")
def published_url(published):
    yield from serve(published[0])


def test_the_harmless_ones_are_published(published):
    site, refusals = published
    assert not refusals & set(HARMLESS)
    assert all((site / "story" / f"{name}.svg").is_file() for name in HARMLESS)


def test_no_published_svg_runs_script_when_opened_by_itself(browser, published,
                                                            published_url):
    site, _ = published
    context = browser.new_context()
    context.add_init_script(TRAP_JS)
    ran: dict[str, list[str]] = {}
    for path in sorted(site.glob("story/*.svg")):
        page = context.new_page()
        said = ran.setdefault(path.name, [])
        page.on("console", lambda message: said.append(message.text)
                if message.text.startswith("ran: ") else None)
        page.on("dialog", lambda dialog: (said.append("dialog"), dialog.dismiss()))
        page.goto(f"{published_url}story/{path.name}", wait_until="load")
        page.wait_for_timeout(50)
        page.mouse.move(100, 100)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.mouse.click(100, 100)
        page.wait_for_timeout(100)
        page.close()
    context.close()
    assert {name: said for name, said in ran.items() if said} == {}
    assert len(ran) >= len(HARMLESS)
