"""Every page and stylesheet of a built site passes the Nu HTML Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ..conftest import glossator, write_story
from ..tools import VNU_JAR, require


def nu_errors(files: list[Path]) -> list[str]:
    require(VNU_JAR.exists() and shutil.which("java") is not None, "the Nu HTML Checker")
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                           "--also-check-css", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_the_example_site_is_valid_html_and_css(tmp_path):
    out = tmp_path / "site"
    assert glossator("build", "--out", str(out)).returncode == 0
    files = sorted(out.rglob("*.html")) + sorted(out.rglob("*.css"))
    assert nu_errors(files) == []


def test_a_story_with_every_construct_is_valid(content, tmp_path):
    write_story(content, article="""\
        ---
        title: Every construct <b>&amp;</b>
        published: 2020-02-02
        dek: "Quotes \\" and 'apostrophes' & <tags>"
        byline: By A. Reporter
        source: {name: The Wire, url: "https://example.org/story?a=1&b=2"}
        tags: [one, two]
        ---

        # A heading with *emphasis*

        Text with `code`, a [link](https://example.org "title"), an ![image](pic.png)
        and a hard break\\
        here.

        > A block quote
        > over two lines.

        - a list
        - of items

        1. ordered

        ```python
        code = "block"
        ```

        ---
        """, annotations="""\
        annotations:
          - id: across
            type: legal
            quote: "emphasis Text with code, a link"
            citation: 1 U.S.C. § 1
            law_url: https://example.org/law
            text: "The **law** text.\\n\\nSecond paragraph."
            sources: [{title: T, publisher: P, url: "https://example.org", date: 2020-01-01}]
          - id: inner
            type: correction
            quote: link
            original: old
            corrected: new
            corrected_by: The desk
            corrected_on: 2020-02-03
          - id: block
            type: claim
            quote: "quote over two lines. a list of items"
            claimant: Someone
            rating: misleading
            rating_note: Because.
            date: 2020-01-01
          - id: in-code
            type: context
            quote: code = "block"
            body: "A body with [a link](https://example.org) and *emphasis*."
        """)
    (content / "story" / "pic.png").write_bytes(b"\x89PNG")
    out = tmp_path / "site"
    result = glossator("build", "--strict", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert nu_errors(sorted(out.rglob("*.html"))) == []
