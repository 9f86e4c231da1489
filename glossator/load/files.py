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
    BaseLoader = yaml.SafeLoader  # type: ignore[misc, assignment]

NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class YamlLoader(BaseLoader):
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


def read_text(path: Path, diagnostics: Diagnostics,
              limit: int = MAX_FILE_BYTES) -> str | None:
    """The file as text with '\\n' line ends, or None after reporting why not."""
    try:
        size = path.stat().st_size
        if size > limit:
            diagnostics.error(Location(path), f"file is too large ({size:,} bytes; "
                              f"the limit is {limit:,})")
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


# How deep YAML may nest. The format itself needs six levels (annotations, an entry,
# its sources, a source, a field); libyaml takes time quadratic in the depth and
# PyYAML's C composer recurses once a level, so a deep file must be refused before
# either sees all of it.
MAX_DEPTH = 100
# A depth the C composer survives with room to spare (it fails at some 30,000).
SAFE_DEPTH = 2_000
# What aliases may add: a file with aliases may expand to twice its size, plus this.
ALIAS_ALLOWANCE = 65_536


def compose_yaml(text: str, path: Path, diagnostics: Diagnostics,
                 line_offset: int = 0) -> yaml.Node | None:
    """Parse one YAML document into its node graph; None for an empty document, or
    after reporting why not (a syntax error, nesting too deep, aliases that would
    expand it far past its size)."""
    try:
        if nesting_bound(text) > SAFE_DEPTH and (deep := too_deep(text)) is not None:
            diagnostics.error(mark_location(deep, path, line_offset), "the YAML nests "
                              f"more than {MAX_DEPTH} levels deep",
                              hint="nothing in Glossator's files nests more than a few")
            return None
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark_location(mark, path, line_offset) if mark else Location(path)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        hint = ""
        if mark and text.split("\n")[mark.line:mark.line + 1] and \
                "\t" in text.split("\n")[mark.line][:mark.column + 1]:
            hint = "YAML does not allow tabs for indentation; use spaces"
        diagnostics.error(where, f"YAML syntax error: {problem}", hint=hint)
        return None
    except yaml.reader.ReaderError as exc:
        # Its position counts bytes of UTF-8, and its message runs over two lines.
        before = text.encode("utf-8")[:exc.position].decode("utf-8", "ignore")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        diagnostics.error(Location(path, line + line_offset, column), "the file holds a "
                          f"character YAML does not allow (U+{exc.character:04X})"
                          if isinstance(exc.character, int) else f"YAML error: {exc.reason}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Location(path), f"YAML error: {exc}")
        return None
    if node is not None and "&" in text:       # no anchor, no alias
        aliased = alias_problem(node, len(text))
        if aliased is not None:
            culprit, message = aliased
            diagnostics.error(mark_location(culprit.start_mark, path, line_offset), message,
                              hint="write out the values that repeat, or repeat them less")
            return None
    return node


def mark_location(mark, path: Path, line_offset: int) -> Location:
    return Location(path, mark.line + 1 + line_offset, mark.column + 1)


def nesting_bound(text: str) -> int:
    """A bound on how deep the document nests, found without parsing it: a block
    collection starts at a greater column than the one it is in, so block nesting
    cannot exceed the longest line, and each flow level opens with a bracket."""
    longest = max(map(len, text.split("\n")), default=0)
    return longest + text.count("[") + text.count("{") + 2


def too_deep(text: str):
    """Where the document first nests deeper than MAX_DEPTH, from libyaml's events
    alone, stopping there; None if it never does."""
    depth = 0
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def alias_problem(root: yaml.Node, size: int) -> tuple[yaml.Node, str] | None:
    """Why the aliases in a document cannot be allowed, and the node to blame: one
    inside the value it repeats, or repetition that would make the document (each
    alias read as a copy of its value) more than twice its size. Counted once per
    distinct node, so a billion laughs costs no more than its text."""
    sizes: dict[int, int] = {}          # node -> its size with every alias expanded
    uses: dict[int, int] = {}
    nodes: dict[int, yaml.Node] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children(node))
            continue
        if key in sizes:
            continue
        nodes[key] = node
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1 + len(node.value)
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in children(node):
            uses[id(child)] = uses.get(id(child), 0) + 1
            if id(child) in on_path:
                return child, "an alias here stands for the value it is part of"
            if id(child) not in sizes:
                stack.append((child, False))
    expanded = sizes[id(root)]
    if expanded <= 2 * size + ALIAS_ALLOWANCE:
        return None
    repeated = max((key for key in uses if uses[key] > 1),
                   key=lambda key: (uses[key] - 1) * sizes[key])
    return nodes[repeated], (f"the aliases in this file would make it {expanded:,} "
                             f"characters long, more than twice its {size:,}; the value "
                             f"anchored here is repeated {uses[repeated]:,} times")


def children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []
