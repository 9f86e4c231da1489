"""Language tags as Glossator reads them: the catalogs that can speak for one, the
locale Babel has data for, and the marking of interface strings. Shared by the load
stage (which warns of a language nothing speaks for), the kinds (whose labels are
marked) and the render stage (which speaks them); Babel is imported only when a
locale is looked up, so a build with nothing to do never loads it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Collection

DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks an interface string where it is defined, to be translated where it is
    shown; it is the msgid, unchanged."""
    return message


def candidates(language: str) -> list[str]:
    """The catalogs that can speak for a language tag, the closest first, in the form
    the catalogs' names are compared in: `pt-BR` -> ['pt-br', 'pt']."""
    parts = language.replace("_", "-").lower().split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def has_catalog(language: str, languages: Collection[str]) -> bool:
    """Whether a catalog speaks for the language; English needs none."""
    return any(c in languages for c in candidates(language)) or \
        candidates(language)[-1] == DEFAULT_LANGUAGE


@lru_cache(maxsize=256)
def babel_locale(language: str) -> str:
    """Babel's locale for a language tag, the closest it has data for (`xx-YY` ->
    `xx`), else English."""
    from babel import Locale, UnknownLocaleError

    parts = language.replace("_", "-").split("-")
    for n in range(len(parts), 0, -1):
        try:
            return str(Locale.parse("-".join(parts[:n]), sep="-"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return DEFAULT_LANGUAGE


def knows_locale(language: str) -> bool:
    """Whether Babel has data for the language itself, not only for English."""
    return babel_locale(language) != DEFAULT_LANGUAGE or \
        candidates(language)[-1] == DEFAULT_LANGUAGE
