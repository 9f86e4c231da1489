"""Files beside a story are published as they are, so only those that cannot run
script on the site's own origin are (issue 15): HTML and XML of every kind are
refused, by name and by what they start with, and an SVG only when it holds script,
an event handler, a script address, a foreign object, HTML, a style sheet
instruction or entity declarations. Each refusal is a located error naming the file,
and the site stays as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..conftest import beside, glossator, snapshot, write_story

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'width="20" height="20">{}</svg>\n'
SVG_11_DOCTYPE = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC '
                  '"-//W3C//DTD SVG 1.1//EN" '
                  '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')

UNSAFE = {
    "page.html": "<!doctype html><script>alert(1)</script><img src=https://beacon.example/x>",
    "page.HTM": "<script>alert(1)</script>",
    "page.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    "page.xht": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    "page.shtml": "<script>alert(1)</script>",
    "sub/index.html": "<script>alert(1)</script>",
    "data.xml": '<a><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></a>',
    "feed.rss": '<rss><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></rss>',
    "style.xsl": '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
    "picture.svgz": "\x1f\x8b compressed",
    "notes.txt": "<html><script>alert(1)</script></html>",
    "no-extension": "  \n<script>alert(1)</script>",
    "script.svg": SVG.format("<script>alert(1)</script>"),
    "namespaced-script.svg": SVG.format(
        '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'),
    "handler.svg": SVG.format('<rect width="5" height="5" onmouseover="alert(1)"/>'),
    "onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "javascript-link.svg": SVG.format(
        '<a xlink:href="  java&#x09;script:alert(1)"><text y="9">x</text></a>'),
    "animated-link.svg": SVG.format(
        '<a><set attributeName="href" to="javascript:alert(1)"/><text y="9">x</text></a>'),
    "animated-handler.svg": SVG.format('<set attributeName="onclick" to="alert(1)"/>'),
    "data-page.svg": SVG.format(
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>'),
    "foreign-object.svg": SVG.format(
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
    "html-element.svg": SVG.format(
        '<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="page.html"/>'),
    "style-sheet.svg": '<?xml-stylesheet type="text/xsl" href="t.xsl"?>\n' + SVG.format(""),
    "entities.svg": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    + SVG.format("<text>&b;</text>"),
    "external-entity.svg": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                           + SVG.format("<text>&x;</text>"),
    "not-well-formed.svg": '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
    "not-an-svg.svg": '<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>',
}

SAFE = {
    "map.png": b"\x89PNG\r\n\x1a\n plain bytes",
    "chart.svg": SVG.format('<title>A chart</title><rect width="10" height="10" fill="#036"/>'
                            '<a href="https://example.org/data"><text y="18">data</text></a>'
                            '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" '
                            'height="1"/>'),
    "inkscape.svg": SVG_11_DOCTYPE + SVG.format(
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
        '</metadata><circle r="4" cx="5" cy="5"/>'),
    "transcript.txt": "Q: When did the call take place? A: On Dec. 29.\n",
    "data.csv": "date,event\n2016-12-29,call\n",
    "data.json": '{"calls": 5}',
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    write_story(root / "content")
    result = glossator("build", "--content", str(root / "content"), "--out", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("name", sorted(UNSAFE))
def test_an_asset_that_could_run_script_is_refused(built, tmp_path, name):
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(built / "content", content)
    shutil.copytree(built / "site", site)
    before = snapshot(site)
    asset = content / "story" / name
    asset.parent.mkdir(parents=True, exist_ok=True)
    asset.write_text(UNSAFE[name], encoding="utf-8")
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = re.findall(rf"^{re.escape(str(asset))}:\d+:\d+: error: .+$", result.stderr, re.M)
    assert len(errors) == 1, result.stderr
    assert "will not be published" in errors[0]
    assert snapshot(site) == before
    assert beside(site) == [".site.glossator"]


def test_assets_that_cannot_run_script_are_published_as_they_are(tmp_path):
    content, site = tmp_path / "content", tmp_path / "site"
    folder = write_story(content)
    for name, data in SAFE.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    result = glossator("build", "--content", str(content), "--out", str(site))
    assert result.returncode == 0, result.stderr
    for name in SAFE:
        assert (site / "story" / name).read_bytes() == (folder / name).read_bytes()
