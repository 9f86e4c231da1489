"""Reading the author's files: text decoding and YAML parsed into located nodes.

YAML is parsed only as far as PyYAML's node graph (libyaml's C parser where it is
installed), never constructed into Python objects blindly: the validator turns nodes
into values itself, so every value keeps the line and column it came from.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..diagnostics import Diagnostics, Location

try:
    BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader  # type: ignore[misc]

NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class YamlLoader(BaseLoader):   # type: ignore[misc, valid-type]
    """Tags a node only as far as the schema's reader looks: mapping, sequence, null,
    or else a string, whose form the reader checks against the field it fills. YAML's
    own guesses (numbers, booleans, dates) are skipped, and with them a fifth of the
    time it takes to load a story."""

    def descend_resolver(self, current_node, current_index) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind, value, implicit) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in NULL_WORDS:
                return "tag:yaml.org,2002:null"
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

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
