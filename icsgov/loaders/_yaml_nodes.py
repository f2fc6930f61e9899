"""Read YAML into plain Python values while remembering where every value stood.

PyYAML's composer gives nodes with start marks; we build the values ourselves
from the nodes so that we can (a) report file:line:column for any value,
(b) refuse duplicate keys, which PyYAML would silently overwrite, (c) refuse
anchors and aliases, which would let a small file expand into a huge one
("billion laughs"), and (d) bound nesting depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from icsgov.errors import Problem

__all__ = ["Located", "Position", "dotted_path", "read_nodes"]

Path = tuple[str | int, ...]
MAX_DEPTH = 32
RECORD_DEPTH = 2
"""Depth of a record (``section[index]``): its start is kept even without ``positions``."""

try:  # the C loader is several times faster where libyaml is present
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass
class Located:
    """The plain value of a document and the position of every key and value in it.

    ``values[path]`` is where the value at ``path`` starts; ``keys[path]`` is
    where the key naming it starts (for mapping entries).
    """

    value: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest enclosing value."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def read_nodes(
    text: str, file: str, *, positions: bool = True
) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; return it with positions, or the problems found.

    Without ``positions`` only the start of each record (depth 2, such as
    ``decision_rights[3]``) is kept: one position per record lets findings
    on valid data name their line for a small fraction of the memory.

    >>> doc, problems = read_nodes("a: 1\\nb: [x, y]\\n", "f.yaml")
    >>> doc.value, doc.values[("b", 1)]
    ({'a': 1, 'b': ['x', 'y']}, Position(line=2, column=8))
    """
    if "*" in text:
        aliases = _alias_problems(text, file)
        if aliases:
            return None, aliases
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "not valid YAML"
        if exc.problem and exc.context and exc.context_mark:
            what += (
                f" ({exc.context} that starts at line {exc.context_mark.line + 1}, "
                f"column {exc.context_mark.column + 1})"
            )
        hint = ""
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            what, hint = "a tab character", "YAML indents with spaces, never tabs"
        return None, [Problem(file, line, column, f"not valid YAML: {what}", hint=hint)]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, 0, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Problem(file, 0, 0, "the file is empty", hint="add at least one section")]
    builder = _Builder(file, loader, positions)
    located = Located(None)
    located.value = builder.build(root, (), located, 0)
    return located, builder.problems


def _alias_problems(text: str, file: str) -> list[Problem]:
    """Find alias uses before composing: a few lines can otherwise expand exponentially."""
    marks = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                marks.append(event.start_mark)
    except yaml.YAMLError:
        return []  # the composer reports the syntax error with its position
    if not marks:
        return []
    first = marks[0]
    more = f" ({len(marks)} uses in this file)" if len(marks) > 1 else ""
    return [
        Problem(
            file,
            first.line + 1,
            first.column + 1,
            f"anchors and aliases (&name / *name) are not allowed{more}",
            hint="write the value out in full",
        )
    ]


class _Builder:
    def __init__(self, file: str, loader: yaml.SafeLoader, positions: bool) -> None:
        self.file = file
        self.loader = loader
        self.positions = positions
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str, path: Path, hint: str = "") -> None:
        p = _pos(node)
        self.problems.append(Problem(self.file, p.line, p.column, message, dotted_path(path), hint))

    def build(self, node: yaml.Node, path: Path, out: Located, depth: int) -> Any:
        if self.positions or depth == RECORD_DEPTH:
            out.values[path] = _pos(node)
        if depth > MAX_DEPTH:
            self.problem(
                node,
                f"nested deeper than {MAX_DEPTH} levels",
                path,
                "governance documents are lists of flat records; flatten this value",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, i), out, depth + 1) for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be a plain word", path)
                continue
            key = str(key_node.value)
            if key == "<<":
                self.problem(
                    key_node, "merge keys (<<) are not allowed", path, "write the keys out in full"
                )
                continue
            if key in result:
                first = out.keys.get((*path, key))
                where = f" at line {first.line}" if first else ""
                self.problem(
                    key_node, f"duplicate key '{key}'", path, f"it is already set{where}; keep one"
                )
                continue
            if self.positions:
                out.keys[(*path, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*path, key), out, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        if node.tag == _STR_TAG:  # most scalars: the text as written, no constructor needed
            value: Any = node.value
        else:
            try:
                value = self.loader.construct_object(node, deep=True)
            except (ValueError, yaml.constructor.ConstructorError) as exc:
                self.problem(
                    node,
                    f"'{node.value}' is not a valid value ({exc})",
                    path,
                    "dates are written YYYY-MM-DD and must exist",
                )
                return None
        if isinstance(value, str):
            single_line = bool(path) and path[-1] in _ONE_LINE
            found = (_CONTROL_IN_NAME if single_line else _CONTROL).search(value)
            if found is not None:
                self.problem(
                    node,
                    f"a control character (U+{ord(found.group()):04X}) at character "
                    f"{found.start() + 1} of the value",
                    path,
                    "names and ids hold printable text on one line; remove it",
                )
                # reported once, here, with its place: the model must not report it again
                return (_CONTROL_IN_NAME if single_line else _CONTROL).sub(" ", value)
        return value


_STR_TAG = "tag:yaml.org,2002:str"
_ONE_LINE = frozenset({"id", "name", "title", "code", "value"})
"""Keys whose text is a name or an id: one line, no control characters at all."""
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def dotted_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
