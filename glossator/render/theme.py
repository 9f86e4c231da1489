"""The templates a site is made with: its own, over Glossator's default theme.

A site's `templates/` folder beside its `content/` (or `--templates DIR`) overrides the
default theme file by file, as Pelican's and MkDocs' themes do: a template or static
file it holds replaces the theme's file of that name, and every other file comes from
the theme. An override can extend the file it replaces by the name `default/<name>`,
for example `{% extends "default/article.html" %}`.

The default theme ships inside the installed package (`glossator/default_theme/`, from
the repository's top-level `templates/` when the wheel is built); in a checkout it is
that folder itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent      # glossator/
DEFAULT_PREFIX = "default"       # `{% extends "default/article.html" %}`
STATIC = "static"


def shipped(installed: str, checkout: str) -> Path:
    """A folder Glossator ships: inside the package when installed from a wheel, at the
    top of the repository in a checkout (and an editable install)."""
    inside = PACKAGE / installed
    return inside if inside.is_dir() else PACKAGE.parent / checkout


DEFAULT_THEME = shipped("default_theme", "templates")
SCHEMAS = shipped("json_schemas", "schemas")


@dataclass(frozen=True)
class Theme:
    """The template folders, the one that wins first; the default theme last."""

    folders: tuple[Path, ...]

    @property
    def default(self) -> Path:
        return self.folders[-1]

    @property
    def overrides(self) -> tuple[Path, ...]:
        return self.folders[:-1]

    def template_files(self) -> dict[str, Path]:
        """Every template by the name it is loaded with, from the folder that wins."""
        return files_in(self.folders, exclude=STATIC)

    def static_files(self) -> dict[str, Path]:
        """Every static file by its path under static/, from the folder that wins."""
        return files_in(tuple(folder / STATIC for folder in self.folders))


def theme_for(content_dir: Path, templates_dir: Path | None = None) -> Theme:
    """`--templates DIR`, else the project's own `templates/` beside its content, over
    the default theme. A folder that is the default theme itself is not repeated."""
    chosen = templates_dir if templates_dir is not None else \
        content_dir.absolute().parent / "templates"
    folders = [DEFAULT_THEME]
    if chosen.is_dir() and not same_folder(chosen, DEFAULT_THEME):
        folders.insert(0, chosen.absolute())
    return Theme(tuple(folders))


def same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def files_in(folders: tuple[Path, ...], exclude: str | None = None) -> dict[str, Path]:
    """Relative path -> file, the first folder holding a path winning; hidden names are
    skipped, and so is the `exclude` folder at the top."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] == exclude or any(p.startswith(".") for p in relative.parts):
                continue
            if path.is_file():
                found[relative.as_posix()] = path
    return dict(sorted(found.items()))


def template_problem(exc: Exception, theme: Theme) -> tuple[Path, int, str] | None:
    """Where an error raised while loading or rendering a template is in the theme's
    files, and what to tell the author: (file, line, message); None when it did not
    come from a template. A syntax error names its place; an error while rendering is
    placed by the innermost template line of the traceback (Jinja rewrites it to show
    template lines)."""
    templates = {str(path) for folder in theme.folders   # overridden ones too: "default/…"
                 for path in files_in((folder,), exclude=STATIC).values()}
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not (filename and line):
        filename, line = None, None
        frame = exc.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_filename in templates:
                filename, line = frame.tb_frame.f_code.co_filename, frame.tb_lineno
            frame = frame.tb_next
    jinja_error = type(exc).__module__.startswith("jinja2")
    if filename is None and not jinja_error:
        return None
    message = str(exc) if jinja_error else f"{type(exc).__name__}: {exc}"
    if type(exc).__name__ == "TemplateNotFound":
        message = f"there is no template named '{getattr(exc, 'name', message)}'"
    path = Path(filename) if filename else theme.folders[0]
    return path, line or 1, f"template error: {message}"
