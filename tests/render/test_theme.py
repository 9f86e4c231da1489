"""A site's own templates override the default theme file by file: one template
changed changes what it makes and nothing else; an override can extend the file it
replaces; static files overlay the theme's; site.yaml adds stylesheets and a logo
without a template copied; and a broken template is a located error, from `check`
as from `build`."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import ROOT, glossator, snapshot, write_story


@pytest.fixture
def project(tmp_path):
    """A site in a folder of its own, as `init` leaves one: content/ and no templates."""
    write_story(tmp_path / "content")
    write_story(tmp_path / "content", "second")
    (tmp_path / "content" / "site.yaml").write_text("title: The Ledger\n")
    return tmp_path


def build(project, *options):
    result = glossator("build", *options, cwd=project)
    assert result.returncode == 0, result.stderr
    return snapshot(project / "site")


def changed(before: dict, after: dict) -> set[str]:
    """The files that changed, but the search index's: each of its shards is named by
    the pages it indexes, so a story page changed renames its shard's files."""
    return {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path) and not path.startswith("pagefind/")}


@pytest.mark.parametrize("name, pages", [
    ("index.html", {"index.html"}),
    ("article.html", {"story/index.html", "second/index.html"}),
])
def test_overriding_one_template_changes_its_pages_and_nothing_else(project, name, pages):
    before = build(project)
    (project / "templates").mkdir()
    (project / "templates" / name).write_text(
        f'{{% extends "default/{name}" %}}\n'
        '{% block title %}From The Ledger{% endblock %}\n')
    after = build(project)
    assert changed(before, after) == pages
    for page in pages:
        assert "<title>From The Ledger</title>" in (project / "site" / page).read_text()


def test_an_override_of_the_base_alone_reaches_every_page(project):
    before = build(project)
    (project / "templates").mkdir()
    base = (ROOT / "templates" / "base.html").read_text()
    (project / "templates" / "base.html").write_text(
        base.replace("<body>\n", '<body>\n<p class="house-banner">From the Ledger</p>\n'))
    after = build(project)
    pages = {path for path in after if path.endswith(".html")}
    assert pages <= changed(before, after)
    for page in pages:
        html = (project / "site" / page).read_text()
        assert 'class="house-banner"' in html, page
    assert "A test story" in (project / "site" / "story" / "index.html").read_text()


def test_an_article_template_alone_extends_the_default_and_needs_no_base(project):
    (project / "templates").mkdir()
    (project / "templates" / "article.html").write_text(
        '{% extends "default/article.html" %}\n'
        '{% block title %}{{ story.title }} | Ledger{% endblock %}\n')
    build(project)
    assert "<title>A test story | Ledger</title>" in \
        (project / "site" / "story" / "index.html").read_text()
    assert "<title>The Ledger</title>" in (project / "site" / "index.html").read_text()


def test_static_files_overlay_the_themes_one_by_one(project):
    before = build(project)
    static = project / "templates" / "static"
    static.mkdir(parents=True)
    (static / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (static / "house.css").write_text("body { color: #111; }\n")
    after = build(project)
    assert changed(before, after) == {"static/favicon.svg", "static/house.css"}
    assert (project / "site" / "static" / "reader.js").read_bytes() == \
        (ROOT / "templates" / "static" / "reader.js").read_bytes()


def test_site_yaml_adds_stylesheets_and_a_logo_without_a_template(project):
    static = project / "templates" / "static"
    static.mkdir(parents=True)
    (static / "house.css").write_text("body { color: #111; }\n")
    (static / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (project / "content" / "site.yaml").write_text(
        "title: The Ledger\nstylesheets: [house.css]\nlogo: logo.svg\n")
    build(project)
    for page in ("index.html", "story/index.html"):
        html = (project / "site" / page).read_text()
        root = "../" if "/" in page else ""
        assert f'<link rel="stylesheet" href="{root}static/house.css">' in html
        assert f'src="{root}static/logo.svg"' in html
    assert not (project / "templates" / "base.html").exists()


def test_a_stylesheet_or_logo_that_is_not_there_is_a_located_error(project):
    (project / "content" / "site.yaml").write_text(
        "title: The Ledger\nstylesheets: [house.css]\nlogo: ../../etc/logo.svg\n")
    result = glossator("check", cwd=project)
    assert result.returncode == 1
    assert "content/site.yaml:2:15: error: 'stylesheets': there is no file 'house.css'" \
        in result.stderr
    assert "content/site.yaml:3:7: error: 'logo' must name a file in the templates' static/" \
        in result.stderr


def test_editing_an_override_rebuilds_what_it_makes(project):
    (project / "templates").mkdir()
    override = project / "templates" / "article.html"
    override.write_text('{% extends "default/article.html" %}'
                        '{% block title %}One{% endblock %}')
    build(project)
    override.write_text('{% extends "default/article.html" %}'
                        '{% block title %}Two{% endblock %}')
    result = glossator("build", cwd=project)
    assert "(2 built, 0 reused)" in result.stdout
    assert "<title>Two</title>" in (project / "site" / "story" / "index.html").read_text()
    override.unlink()      # back to the default theme's own
    result = glossator("build", cwd=project)
    assert "(2 built, 0 reused)" in result.stdout
    cold = project / "cold"
    build(project, "--out", str(cold), "--no-cache")
    assert snapshot(project / "site") == snapshot(cold)


BROKEN = [
    ("article.html", '{% extends "default/article.html" %}\n{% block title %}{{ story.nope.x }}'
                     '{% endblock %}\n', "templates/article.html:2:1: error: template error: ",
     "'nope'"),
    ("base.html", '{% extends "default/base.html" %}\n\n{% block title %}{{ oops }\n',
     "templates/base.html:3:1: error: template error: ", "unexpected '}'"),
    ("index.html", '{% extends "default/index.html" %}\n{% block main %}'
                   '{% include "missing.html" %}{% endblock %}\n',
     "templates/index.html:2:1: error: template error: there is no template named "
     "'missing.html'", ""),
]


@pytest.mark.parametrize("name, text, where, what", BROKEN, ids=[b[0] for b in BROKEN])
@pytest.mark.parametrize("command", ["check", "build", "check --templates templates"])
def test_a_broken_template_is_one_located_error_from_check_and_build(project, name, text,
                                                                     where, what, command):
    build(project)
    before = snapshot(project / "site")
    (project / "templates").mkdir()
    (project / "templates" / name).write_text(text)
    result = glossator(*command.split(), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr     # said once, not once for every story
    assert errors[0].startswith(where) and what in errors[0], result.stderr
    assert snapshot(project / "site") == before


def test_templates_that_are_not_a_folder_are_a_usage_error(project):
    result = glossator("check", "--templates", "nowhere", cwd=project)
    assert result.returncode == 2 and "'nowhere' is not a folder" in result.stderr


def test_the_theme_in_a_checkout_is_the_default_not_an_override():
    """Glossator's own repository: its templates/ is the default theme itself."""
    from glossator.render.theme import DEFAULT_THEME, theme_for

    assert DEFAULT_THEME == (ROOT / "templates").resolve()
    assert theme_for(ROOT / "content").folders == (DEFAULT_THEME,)


def test_a_theme_copied_whole_still_works(project):
    """The old way, a copy of every template, keeps working."""
    shutil.copytree(ROOT / "templates", project / "templates")
    assert build(project)
