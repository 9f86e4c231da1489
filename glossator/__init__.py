"""Glossator: a static site generator for annotated news stories."""

__version__ = "0.1.0"
