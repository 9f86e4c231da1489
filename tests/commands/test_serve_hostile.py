"""A running preview survives content written to crash it (issue 15): YAML nested
30,000 deep once brought the whole server down (a segmentation fault in PyYAML's C
composer); now it is an error shown in the page, and fixing it brings the story
back."""

from __future__ import annotations

from .test_serve import content, fetch, preview, wait_for  # noqa: F401 (fixtures)


def test_a_preview_shows_a_deeply_nested_file_as_an_error_and_keeps_serving(preview, content):
    url = preview
    assert "A test story" in fetch(url + "story/")
    annotations = content / "story" / "annotations.yaml"
    good = annotations.read_text()
    annotations.write_text("annotations: " + "[" * 30_000 + "]" * 30_000 + "\n")
    error_page = wait_for(lambda: "has errors" in (page := fetch(url + "story/")) and page)
    assert "story/annotations.yaml:1:113: error: the YAML nests more than 100 levels deep" \
        in error_page
    annotations.write_text(good)
    wait_for(lambda: "A test story" in fetch(url + "story/"))
