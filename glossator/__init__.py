"""Glossator: a static site generator for annotated news stories."""

__version__ = "0.1.0"

# The modules of the libraries pyproject.toml's `dependencies` install, by the names
# Glossator imports them by: `build.py` looks for them before it starts.
LIBRARIES = ("ahocorasick", "babel", "defusedxml", "jinja2", "markdown_it", "markupsafe",
             "rapidfuzz", "slugify", "watchdog", "yaml")
