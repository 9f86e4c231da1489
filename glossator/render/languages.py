"""The interface in the reader's language: its words from the theme's message catalogs,
its dates and numbers from Babel's locale data (CLDR), and its direction of writing.

The catalogs are gettext PO files, one a language, `locales/<language>.po` in the
theme, their msgids in English. A site's own templates/ overrides them as it overrides
templates, but message by message: its `locales/es.po` need hold only the messages it
words differently, and a language Glossator does not ship is one file of its own.
For `pt-BR` the interface looks for `pt-BR.po`, then `pt.po`, then English; dates
and numbers take Babel's data for `pt_BR` whatever the catalogs hold.

Strings that Python code shows are marked where they are defined with `N_()`, so
that the catalogs can be made from the sources (`python -m glossator.commands.catalogs`).
Babel is imported only where it is used: the kinds mark their strings too, and a
build that loads no story need not pay for it.
"""

from __future__ import annotations

import datetime as dt
import gettext as gnu_gettext
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Iterable

from ..digests import combined, content_digest
from ..locales import DEFAULT_LANGUAGE, babel_locale, candidates

LOCALES = "locales"          # the theme's folder of catalogs
CATALOG_SUFFIX = ".po"
RIGHT_TO_LEFT = "right-to-left"


def catalog_key(path: Path) -> str:
    return path.name[:-len(CATALOG_SUFFIX)].replace("_", "-").lower()


def catalogs_in(folder: Path) -> dict[str, Path]:
    """The catalogs of one theme folder, by language."""
    try:
        entries = os.scandir(folder / LOCALES)
    except OSError:
        return {}
    with entries:
        return {catalog_key(Path(entry.path)): Path(entry.path) for entry in entries
                if entry.name.endswith(CATALOG_SUFFIX) and not entry.name.startswith(".")
                and entry.is_file()}


def catalog_files(folders: Iterable[Path]) -> list[Path]:
    """Every catalog of the theme's folders, overridden ones too (the cache keys
    cover them all)."""
    return [path for folder in folders for path in sorted(catalogs_in(folder).values())]


def catalog_languages(folders: Iterable[Path]) -> frozenset[str]:
    """The languages the theme has a catalog for, as `candidates` writes them."""
    return frozenset(key for folder in folders for key in catalogs_in(folder))


def chain(folders: Iterable[Path], language: str) -> list[Path]:
    """The catalogs a language's interface reads, the first one that holds a message
    winning: the closest language first, a site's own file before the theme's, and
    English (its msgids, or a site's own English wording) last."""
    found = [catalogs_in(folder) for folder in folders]
    order = list(dict.fromkeys([*candidates(language), DEFAULT_LANGUAGE]))
    return [catalogs[key] for key in order for catalogs in found if key in catalogs]


class CatalogError(Exception):
    """A catalog that cannot be read, or a translation that does not fit its message,
    at its place in the file."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@lru_cache(maxsize=64)
def compiled_catalog(path: Path, stamp: tuple[int, int], keep: str | None = None) -> bytes:
    """A PO file compiled in memory, as a .mo file's bytes, once per process and
    version of the file (`stamp`: its size and time). With `keep`, a folder (the
    build's cache), kept there as well for the next process: reading and checking a
    catalog with Babel costs a build with one story changed a tenth of its time."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(path, 1, f"cannot read it as UTF-8 text ({exc})") from None
    kept = Path(keep, f"{combined(content_digest(data), checks())}.mo") if keep else None
    if kept is not None:
        try:
            return kept.read_bytes()
        except OSError:
            pass
    compiled = checked_and_compiled(path, data)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
            temporary.write_bytes(compiled)
            os.replace(temporary, kept)
        except OSError:
            pass        # compiled again next time
    return compiled


@lru_cache(maxsize=1)
def checks() -> str:
    """What a kept catalog was checked and compiled by: this file and Babel."""
    import babel

    return combined(content_digest(Path(__file__).read_bytes()), babel.__version__)


def checked_and_compiled(path: Path, data: bytes) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        check_lines(path, data.decode("utf-8"))
        catalog = read_po(BytesIO(data), abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(path, (getattr(exc, "lineno", 0) or 0) + 1,
                           f"not a PO file: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(path, 1, f"cannot read it as UTF-8 text ({exc})") from None
    for message, errors in catalog.check():
        raise CatalogError(path, message.lineno or 1,
                           f"the translation of '{message_id(message)}' does not fit it: "
                           f"{errors[0]}")
    for message in catalog:
        if message.id and not fills_in(message):
            raise CatalogError(path, message.lineno or 1,
                               f"the translation of '{message_id(message)}' does not fit it: "
                               "it has a placeholder the message has not, or a lone '%' "
                               "(write '%%')")
    compiled = BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


# A line of a PO file: a comment, a keyword and its quoted string, or a string that
# continues the one above. (Babel's reader lets an unclosed quote pass, and loses a
# letter.)
PO_LINE = re.compile(r'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+'
                     r'"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")?\s*\Z')


def check_lines(path: Path, text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if not PO_LINE.match(line):
            raise CatalogError(path, number, "not a PO file: expected a comment, msgid, "
                               "msgstr or a string in double quotes, each closed on its line")


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def fills_in(message) -> bool:
    """Whether each translation takes the message's values as a page fills them in:
    always with `%`, so even one with no placeholders must hold no lone '%'."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    values = {name: "" for text in ids for name in PLACEHOLDER.findall(text)}
    values.setdefault("num", "")         # ngettext's count
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    try:
        for text in strings:
            if text:
                text % values
    except (KeyError, ValueError, TypeError):
        return False
    return True


def message_id(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def stamp_of(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@dataclass(frozen=True)
class Interface:
    """The interface in one language: its words, and how it writes dates and numbers."""

    language: str                   # the tag the page declares, e.g. "pt-BR"
    locale: str                     # Babel's, for dates and numbers, e.g. "pt_BR"
    direction: str                  # "ltr" or "rtl"
    catalogs: tuple[tuple[str, tuple[int, int]], ...] = ()   # read, with their stamps
    translations: gnu_gettext.NullTranslations = field(
        default_factory=gnu_gettext.NullTranslations, compare=False, repr=False)

    def gettext(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.translations.ngettext(singular, plural, count) % {"num": count, **values}

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def date(self, value: dt.date) -> str:
        from ..moments import day

        return long_date(day(value), self.locale)     # a date-time: the day where it was written

    def number(self, value: int) -> str:
        return decimal(value, self.locale)

    def listed(self, items) -> str:
        """Names as the language lists them ("A, B and C"); each item is escaped
        unless it is markup already."""
        from babel.lists import format_list
        from markupsafe import Markup, escape

        items = [str(escape(item)) for item in items]
        return Markup(format_list(items, locale=locale_data(self.locale)) if items else "")


# A page writes the same few dates many times (its story's, its notes'), and an
# archive's pages share most of them.
@lru_cache(maxsize=4096)
def long_date(value: dt.date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(value, "long", locale=locale_data(locale))


@lru_cache(maxsize=1024)
def decimal(value: int, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale_data(locale))


@lru_cache(maxsize=64)
def locale_data(locale: str):
    from babel import Locale

    return Locale.parse(locale)


def interface(folders: tuple[Path, ...], language: str, keep: Path | None = None) -> Interface:
    """The interface for a language tag, from the theme folders' catalogs as they are
    now (a preview runs on while they are edited): looked for again only when a
    locales/ folder or one of the catalogs read has changed, since every page asks."""
    places = tuple(folder_stamp(folder / LOCALES) for folder in folders)
    known = _interfaces.get((folders, language))
    if known is not None and known[0] == places and all(
            file_stamp(Path(path)) == stamp for path, stamp in known[1].catalogs):
        return known[1]
    found = looked_up(folders, language, str(keep) if keep else None)
    _interfaces[(folders, language)] = (places, found)
    return found


_interfaces: dict[tuple, tuple[tuple, "Interface"]] = {}


def folder_stamp(folder: Path) -> tuple[int, int] | None:
    try:
        status = folder.stat()
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        return stamp_of(path)
    except OSError:
        return None


def looked_up(folders: tuple[Path, ...], language: str, keep: str | None = None) -> Interface:
    files = chain(folders, language)
    stamps = []
    for path in files:
        try:
            stamps.append((str(path), stamp_of(path)))
        except OSError:
            continue
    return made_interface(language, tuple(stamps), keep)


@lru_cache(maxsize=64)
def made_interface(language: str, catalogs: tuple[tuple[str, tuple[int, int]], ...],
                   keep: str | None = None) -> Interface:
    from babel.support import Translations

    translations: gnu_gettext.NullTranslations | None = None
    for path, stamp in reversed(catalogs):      # each falls back on the one after it
        layer = Translations(BytesIO(compiled_catalog(Path(path), stamp, keep)))
        if translations is not None:
            layer.add_fallback(translations)
        translations = layer
    locale = babel_locale(language)
    return Interface(language, locale, text_direction(locale), catalogs,
                     translations or gnu_gettext.NullTranslations())


def text_direction(locale: str) -> str:
    from babel import Locale

    return "rtl" if Locale.parse(locale).character_order == RIGHT_TO_LEFT else "ltr"
