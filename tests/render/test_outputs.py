"""The outputs list is the whole of what a build makes: every file of a built site is
an output's (or a file published as it is: the theme's static files, a story's
assets, the search index), and no story can take an address an output takes."""

from __future__ import annotations

import shutil

from glossator import outputs

from ..conftest import ROOT, glossator, snapshot


def claimed(path: str, stories: set[str]) -> list[str]:
    """The outputs whose addresses hold `path`."""
    def holds(address: str, relative: str) -> bool:
        return relative == address or (address.endswith("/") and relative.startswith(address))

    found = [o.name for o in outputs.SITE if any(holds(a, path) for a in o.takes)]
    slug, _, rest = path.partition("/")
    if slug in stories:
        found += [o.name for o in outputs.STORY if any(holds(a, rest) for a in o.takes)]
    return found


def test_every_file_of_a_site_is_made_by_one_output_or_published_as_it_is(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "flynn-kislyak-call" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = glossator("build", "--no-search", "--base-url", "https://news.example/",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stories = {p.name for p in content.iterdir() if p.is_dir()}
    static = {f"static/{p.relative_to(ROOT / 'templates' / 'static').as_posix()}"
              for p in (ROOT / "templates" / "static").rglob("*") if p.is_file()}
    for path in snapshot(tmp_path / "site"):
        owners = claimed(path, stories)
        published = path in static or path == "flynn-kislyak-call/map.png"
        assert len(owners) + published == 1, (path, owners)
    for output in outputs.SITE:
        for address in output.takes:
            assert address.split("/")[0].split(".")[0] in outputs.RESERVED_SLUGS


def test_a_story_cannot_take_a_name_an_output_takes(tmp_path):
    for name in ("tags", "feeds", "sitemap", "404"):
        folder = tmp_path / "content" / name
        folder.mkdir(parents=True)
        (folder / "article.md").write_text("---\ntitle: T\npublished: 2020-01-01\n---\n\nWords.\n")
    result = glossator("check", cwd=tmp_path)
    assert result.returncode == 1
    for name in ("tags", "feeds", "sitemap", "404"):
        assert f"content/{name}:1:1: error: '{name}' is a name the site uses itself" in \
            result.stderr
