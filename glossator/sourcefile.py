"""Reading the author's files: text decoding and YAML parsed into located nodes.

YAML is parsed only as far as PyYAML's node graph (libyaml's C parser where it is
installed), never constructed into Python objects blindly: the validator turns nodes
into values itself, so every value keeps the line and column it came from.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Diagnostics, Location

try:
    YamlLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    YamlLoader = yaml.SafeLoader  # type: ignore[misc]

MAX_FILE_BYTES = 8 * 1024 * 1024


def read_text(path: Path, diagnostics: Diagnostics) -> str | None:
    """The file as text with '\\n' line ends, or None after reporting why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diagnostics.error(Location(path), f"file is too large ({size:,} bytes; "
                              f"the limit is {MAX_FILE_BYTES:,})")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(path), f"cannot read the file: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(Location(path, line, column),
                          f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                          hint="save it as UTF-8 in your editor")
        return None
    # Editors on Windows write a byte-order mark and CRLF line ends; both are harmless.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def location(node: yaml.Node, path: Path, line_offset: int = 0) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def compose_yaml(text: str, path: Path, diagnostics: Diagnostics,
                 line_offset: int = 0) -> yaml.Node | None:
    """Parse one YAML document into its node graph; None for an empty document."""
    try:
        return yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (Location(path, mark.line + 1 + line_offset, mark.column + 1)
                 if mark else Location(path))
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        hint = ""
        if mark and text.split("\n")[mark.line:mark.line + 1] and \
                "\t" in text.split("\n")[mark.line][:mark.column + 1]:
            hint = "YAML does not allow tabs for indentation; use spaces"
        diagnostics.error(where, f"YAML syntax error: {problem}", hint=hint)
    except yaml.YAMLError as exc:
        diagnostics.error(Location(path), f"YAML error: {exc}")
    return None
