"""The interface's message catalogs, brought up to date with its strings.

    glossator catalogs [--add xx]      # a site's own, templates/locales/*.po over Glossator's
    python -m glossator.commands.catalogs [--add xx]    # Glossator's own theme's catalogs

Every msgid is extracted with Babel: from the templates by Jinja's extractor, and from
Glossator's Python sources, where interface strings are marked `N_()` where they are
defined and translated with `gettext` / `ngettext` / `pgettext` where they are shown.
Each catalog then gets the new messages (empty, to translate; or, when a message was
reworded, marked fuzzy with the old translation, to review), loses the ones no longer
used, and takes the header Babel's locale data gives its language (its plural forms).
The English catalog is its msgids. A site's folder gets the messages of Glossator's
theme and of its own templates; what it leaves empty stays Glossator's wording.

A test fails while any shipped catalog misses a message, or holds an empty, fuzzy or
obsolete one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..render.languages import CATALOG_SUFFIX, DEFAULT_LANGUAGE, LOCALES, babel_locale, \
    catalog_key
from ..locales import knows_locale
from .. import __version__
from ..load.fields import LANGUAGE_PATTERN
from ..render.theme import DEFAULT_THEME, PACKAGE, STATIC, files_in

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
# As the pages' environment reads templates (render.pages.make_environment), so that
# the msgids are the ones it looks up.
JINJA_OPTIONS = {"trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true",
                 "keep_trailing_newline": "true", "newstyle_gettext": "true", "silent": "false"}
PYTHON_KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
COMMENT_TAGS = ("Translators:",)


def template_sources(folders: list[Path]) -> list[Path]:
    """The templates of every folder of the theme, overridden ones too: a site's
    override may extend the file it replaces."""
    return [path for folder in folders
            for name, path in files_in((folder,), exclude=STATIC).items()
            if name.endswith(TEMPLATE_SUFFIXES) and not name.startswith(f"{LOCALES}/")]


def python_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def extract(folders: list[Path]):
    """A catalog (a template, with no translations) of every message of the theme's
    templates and of Glossator's code."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract as babel_extract

    template = Catalog(project="Glossator", fuzzy=False)
    sources: list[tuple[Path, str, Any, dict[str, str]]] = [
        (path, "jinja2.ext:babel_extract", DEFAULT_KEYWORDS, JINJA_OPTIONS)
        for path in template_sources(folders)]
    sources += [(path, "python", PYTHON_KEYWORDS, {}) for path in python_sources()]
    for path, method, keywords, options in sources:
        with open(path, "rb") as file:
            for line, message, comments, context in babel_extract(
                    method, file, keywords, COMMENT_TAGS, options, strip_comment_tags=True):
                template.add(message, None, [(shown_path(path), line)],
                             auto_comments=comments, context=context)
    return template


def shown_path(path: Path) -> str:
    """Where a message comes from, as its catalog entry names the file."""
    for root in (PACKAGE.parent, Path.cwd()):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.as_posix()


HEADER = """\
# The words of Glossator's interface, in '{language}'.
# Made and updated by `python -m glossator.commands.catalogs`: translate each msgstr;
# a site's own templates/locales/{language}.po may reword any of them."""


def updated(template, language: str, existing=None):
    """The catalog of `language` with the template's messages: the translations it
    had, and the header Babel gives the language."""
    from babel.messages.catalog import Catalog

    locale = babel_locale(language) if knows_locale(language) else None
    catalog = Catalog(locale=locale, project="Glossator", version=__version__,
                      copyright_holder="Glossator's authors", fuzzy=False,
                      msgid_bugs_address="https://pypi.org/project/glossator/",
                      last_translator="Glossator's translators",
                      language_team=f"{language} <https://pypi.org/project/glossator/>",
                      header_comment=HEADER.format(language=language))
    catalog.revision_date = catalog.creation_date
    if existing is not None:
        for name in ("creation_date", "revision_date", "last_translator", "language_team"):
            setattr(catalog, name, getattr(existing, name))
        for message in existing:
            if message.id:
                catalog.add(message.id, message.string, message.locations, message.flags,
                            message.auto_comments, message.user_comments,
                            message.previous_id, context=message.context)
    catalog.update(template, no_fuzzy_matching=language == DEFAULT_LANGUAGE,
                   update_creation_date=False)
    if language == DEFAULT_LANGUAGE:            # English is its msgids
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return catalog


def update_folder(folder: Path, folders: list[Path], add: str | None = None) -> list[Path]:
    """Bring every catalog of `folder`'s locales/ (and a new one for `add`) up to
    date with the messages of `folders`' templates; the files written."""
    from babel.messages.pofile import read_po, write_po

    template = extract(folders)
    locales = folder / LOCALES
    paths = sorted(locales.glob(f"*{CATALOG_SUFFIX}")) if locales.is_dir() else []
    if add is not None and not any(catalog_key(p) == add.lower() for p in paths):
        paths.append(locales / f"{add}{CATALOG_SUFFIX}")
    for path in paths:
        existing = None
        if path.exists():
            with open(path, "rb") as file:
                existing = read_po(file)
        catalog = updated(template, catalog_key(path), existing)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            write_po(file, catalog, ignore_obsolete=True, include_previous=False,
                     sort_output=False)
    return paths


def update(folder: Path, language: str | None = None) -> int:
    """Bring the catalogs of a templates folder up to date (Glossator's own theme, or
    a site's `templates/` over it), starting one for `language` when asked; print
    each catalog written."""
    if folder.exists() and not folder.is_dir():
        print(f"{folder}:1:1: error: this is a file, not a templates folder", file=sys.stderr)
        return 1
    own = folder.resolve() == DEFAULT_THEME.resolve()
    folders = [folder] if own else [folder, DEFAULT_THEME]
    for path in update_folder(folder, folders, language):
        print(f"{path}")
    return 0


def language_tag(value: str) -> str:
    if not LANGUAGE_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a language tag such as 'pt' "
                                         "or 'pt-BR'")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m glossator.commands.catalogs",
        description="Update the interface's message catalogs from its templates and code.")
    parser.add_argument("--templates", type=Path, metavar="DIR",
                        help="a site's own templates folder (default: Glossator's theme)")
    parser.add_argument("--add", type=language_tag, metavar="LANGUAGE",
                        help="start a catalog for a language, e.g. pt-BR")
    options = parser.parse_args(argv)
    return update(options.templates or DEFAULT_THEME, options.add)


if __name__ == "__main__":
    sys.exit(main())
