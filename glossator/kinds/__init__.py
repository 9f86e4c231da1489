"""The kinds of note, one module each, as markdown-it-py keeps one rule per file.

Each module defines `KIND`: what the kind is called and how it is told apart on the
page (its label, symbol and look), the fields its notes have beyond every note's own,
its W3C Web Annotation motivation, its part of the story's schema.org data, and the
example of it that `new` writes. Its note is drawn by `kinds/<name>.html` in the
theme when there is one, else by `note.html`. Adding a kind to Glossator is adding a
module here and its name below; a site adds one with an entry in site.yaml.
"""

from __future__ import annotations

from ..model import Kind
from . import claim, context, correction, legal, source

BUILTIN_KINDS: tuple[Kind, ...] = tuple(module.KIND for module in
                                        (claim, correction, legal, context, source))
BUILTIN_NAMES = frozenset(kind.name for kind in BUILTIN_KINDS)


def builtin(name: str) -> Kind | None:
    return next((kind for kind in BUILTIN_KINDS if kind.name == name), None)
