"""Read YAML or JSON into plain Python data while remembering where every value came from.

Both dossiers and rule packs are read here, so both get the same protections:

* regular files only and a size limit, checked before parsing (:mod:`clausewise.fileio`);
* duplicate mapping keys are errors (PyYAML silently keeps the last one);
* alias bombs are refused while composing, before any value is built (a budget on the values aliases
  add), and so are recursive aliases, nesting deeper than :data:`MAX_DEPTH` (it would overflow the
  stack) and explicit tags such as ``!!python/object`` (never silently ignored);
* a ``.json`` file must be strict JSON (YAML alone would accept a trailing comma);
* timestamps become :class:`datetime.date` only when they are real dates; ``2020-13-01`` stays text so
  that the schema reports it with its location instead of PyYAML raising a bare ``ValueError``;
* every value's ``(line, column)`` and raw text are kept by path, for error messages.

Events come from the libyaml C parser when PyYAML was built with it; nodes are composed here, without
recursion (see :func:`_compose`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from clausewise.errors import InputErrors, Location, Problem, fail
from clausewise.fileio import DEFAULT_MAX_BYTES, MAX_DEPTH, load_json, read_bytes
from clausewise.gcpause import paused

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

#: Hard cap on values constructed from one file, aliases expanded (defeats "billion laughs").
MAX_NODES = 5_000_000
#: Values that aliases may add to a file once expanded (a dossier rarely uses aliases at all).
MAX_ALIAS_VALUES = 100_000

Path_ = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_ALLOWED_TAGS = {None, "!", _STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ}
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
#: What ``clausewise evidence template`` writes where a value is to be filled in: the field name in angle
#: brackets. Not evidence (:mod:`clausewise.evidence.unfilled`); the reader notes whether a text has the shape.
PLACEHOLDER = re.compile(r"<[A-Za-z_][A-Za-z0-9_]*>")


@dataclass
class Located:
    """Parsed data plus, for each path into it, the position and raw text of the value."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)
    #: Set when only the top positions were kept (a dossier read fast, :mod:`clausewise.jsonfast`, ``yamlfast``):
    #: reads the same text again with every position and raw text, to locate problems.
    reread: Callable[[], Located] | None = None
    #: False when no text value can be a placeholder (:data:`PLACEHOLDER`): read fast from a text in which the
    #: shape appears nowhere (a fast read keeps every text as written; a JSON text with a ``\u`` escape is
    #: always looked through), so no value needs looking at (a ``<=`` elsewhere in the file costs nothing).
    angle_brackets: bool = True

    def location(self, path: Path_) -> Location:
        """The closest known position for ``path`` (walks up to the parent when a key is missing)."""
        p = tuple(path)
        while p not in self.positions and p:
            p = p[:-1]
        line, col = self.positions.get(p, (0, 0))
        return Location(self.file, line, col)


def read_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None, fast: bool = False
) -> Located:
    """Read one YAML/JSON file through :mod:`clausewise.fileio`; :class:`InputErrors` for anything unreadable.

    With ``fast`` the file is read in one pass keeping only the positions of its top keys and their list items
    (enough for a valid dossier; :mod:`clausewise.jsonfast`, :mod:`clausewise.yamlfast`, each returning None for
    anything it does not read); the result's ``reread`` gives the fully located reading.
    """
    name = display or str(path)
    raw = read_bytes(path, max_bytes=max_bytes, display=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        message = "file is not valid UTF-8 text; save it as UTF-8"
        if _is_gb18030(raw):
            message += " (it looks like GBK/GB18030, a Chinese legacy encoding)"
        raise fail(
            Location(name, line, column),
            message,
            expected="UTF-8",
            found="bytes " + raw[exc.start : exc.start + 4].hex(" "),
        ) from None
    is_json = path.suffix.lower() == ".json"
    if fast:
        if is_json:
            from clausewise.jsonfast import read_fast
        else:
            from clausewise.yamlfast import read_fast
        quick = read_fast(text)
        if quick is not None:
            brackets = ("<" in text and PLACEHOLDER.search(text) is not None) or (is_json and "\\u" in text)
            reread = partial(read_text, text, name, is_json=is_json)
            return Located(name, quick[0], quick[1], reread=reread, angle_brackets=brackets)
    return read_text(text, name, is_json=is_json)


def _is_gb18030(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def read_text(text: str, name: str, *, is_json: bool = False) -> Located:
    """Parse YAML (or JSON, which is read as YAML) text; see the module docstring for the checks.

    With ``is_json`` the text must also be strict JSON (YAML would accept e.g. a trailing comma).
    """
    if is_json:
        _check_json(text, name)
    with paused():  # parsing makes many objects and no cycles; collections would make it superlinear
        return _read(text, name)


def _read(text: str, name: str) -> Located:
    try:
        node = _compose(text, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            mark, problem = exc.context_mark, "this quoted text is never closed"
        elif exc.context and exc.problem and exc.context_mark is not None:
            where = exc.context_mark
            problem += f" ({exc.context} at line {where.line + 1}, column {where.column + 1})"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            problem += "; tabs cannot indent YAML, use spaces"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise fail(Location(name, line, col), f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise fail(
            Location(name, line, col), f"YAML error: {exc.reason}", found=f"character U+{ord(char):04X}"
        ) from None
    except yaml.YAMLError as exc:
        raise fail(Location(name), f"YAML error: {exc}") from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH is checked first
        raise fail(Location(name), "values are nested too deeply") from None
    located = Located(name, None)
    if node is None:
        return located
    builder = _Builder(located)
    located.data = builder.build(node, ())
    if builder.problems:
        raise InputErrors(builder.problems)
    return located


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _check_json(text: str, name: str) -> None:
    load_json(text, name)


def _compose(text: str, name: str) -> yaml.Node | None:
    """Compose the node graph from parser events, without recursion and within budgets.

    This replaces ``yaml.compose`` so that, before any value is built: nesting deeper than
    :data:`MAX_DEPTH` is refused (deep nesting overflows the stack), aliases that would add more than
    :data:`MAX_ALIAS_VALUES` values are refused (billion laughs is rejected in milliseconds instead of
    building millions of values), recursive aliases are refused, and unknown tags such as
    ``!!python/object`` are refused instead of silently ignored.
    """
    loader = _Loader(text)

    def where(mark: Any) -> Location:
        return Location(name, mark.line + 1, mark.column + 1)

    anchors: dict[str, tuple[yaml.Node, int]] = {}  # anchor -> node, line of definition
    sizes: dict[int, int] = {}  # id(anchored node) -> number of values it holds, aliases expanded
    open_nodes: set[int] = set()  # anchored collections still being composed
    # open collections: node, its children so far, the value count when it started
    stack: list[tuple[yaml.Node, list[yaml.Node], int]] = []
    root: list[yaml.Node] = []
    documents = 0
    alias_values = 0
    total = 0  # values composed so far, aliases expanded
    resolve = loader.resolve
    scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

    def anchor(event: Any, node: yaml.Node) -> None:
        if event.anchor in anchors:
            first = anchors[event.anchor][1]
            raise fail(where(event.start_mark), f"duplicate anchor '&{event.anchor}' (first defined on line {first})")
        anchors[event.anchor] = (node, event.start_mark.line + 1)

    def bad_tag(event: Any) -> InputErrors:
        return fail(
            where(event.start_mark), f"unsupported YAML tag '{event.tag}'", expected="plain values without tags"
        )

    try:
        while loader.check_event():
            event = loader.get_event()
            cls = type(event)
            node: yaml.Node
            if cls is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(scalar_node, event.value, event.implicit)
                elif tag not in _ALLOWED_TAGS:
                    raise bad_tag(event)
                node = scalar_node(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                total += 1
                if event.anchor is not None:
                    anchor(event, node)
                    sizes[id(node)] = 1
            elif cls is yaml.SequenceStartEvent or cls is yaml.MappingStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        where(event.start_mark), "values are nested too deeply", expected=f"at most {MAX_DEPTH} levels"
                    )
                kind = sequence_node if cls is yaml.SequenceStartEvent else mapping_node
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(kind, None, event.implicit)
                elif tag not in _ALLOWED_TAGS:
                    raise bad_tag(event)
                node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
                if event.anchor is not None:
                    anchor(event, node)
                    open_nodes.add(id(node))
                stack.append((node, [], total))
                total += 1
                continue
            elif cls is yaml.SequenceEndEvent or cls is yaml.MappingEndEvent:
                node, children, started = stack.pop()
                node.end_mark = event.end_mark
                if cls is yaml.MappingEndEvent:
                    node.value = list(zip(children[0::2], children[1::2], strict=True))
                    total -= len(children) // 2  # keys are not values
                else:
                    node.value = children
                if id(node) in open_nodes:
                    open_nodes.discard(id(node))
                    sizes[id(node)] = total - started
            elif cls is yaml.AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    raise fail(where(event.start_mark), f"alias '*{event.anchor}' names no anchor defined before it")
                node = target[0]
                if id(node) in open_nodes:
                    raise fail(where(event.start_mark), "recursive alias: a value contains itself")
                alias_values += sizes[id(node)]
                total += sizes[id(node)]
                if alias_values > MAX_ALIAS_VALUES:
                    raise fail(
                        where(event.start_mark),
                        "aliases expand to too many values (alias bomb?)",
                        expected=f"at most {MAX_ALIAS_VALUES:,} values from aliases",
                    )
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(
                        where(event.start_mark),
                        "a second YAML document ('---') in the same file",
                        expected="one document per file",
                    )
                continue
            else:  # stream start/end, document end
                continue
            if stack:
                stack[-1][1].append(node)
            else:
                root.append(node)
    finally:
        loader.dispose()
    return root[0] if root else None


class _Builder:
    def __init__(self, located: Located) -> None:
        self.loc = located
        self.count = 0
        self.active: set[int] = set()
        self.problems: list[Problem] = []

    def _where(self, node: yaml.Node) -> Location:
        return Location(self.loc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise fail(
                self._where(node),
                "document expands to too many values (alias bomb?)",
                expected=f"at most {MAX_NODES:,} values after expanding aliases",
            )
        if path not in self.loc.positions:
            self.loc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            self.loc.raw[path] = node.value
            return self._scalar(node)
        if id(node) in self.active:
            raise fail(self._where(node), "recursive alias: a value contains itself")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise fail(self._where(node), f"unsupported YAML node {node.tag}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.problems.append(
                    Problem(
                        self._where(key_node),
                        "YAML merge keys ('<<') are not supported; write the fields out",
                        field=_dotted(path),
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self._where(key_node), "mapping keys must be plain text", field=_dotted(path))
                )
                continue
            key = key_node.value  # keys are always text, so `2020:` and `"2020":` are the same key
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self._where(key_node),
                        f"duplicate key '{key}' (first defined on line {first_seen[key]})",
                        field=_dotted((*path, key)),
                    )
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            child_path = (*path, key)
            self.loc.positions[child_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child_path)
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        return scalar_value(node.tag, node.value, node.style)


def scalar_value(tag: str, value: str, style: str | None) -> Any:
    """The value of a scalar of resolved ``tag`` (``style`` None when plain); shared with
    :mod:`clausewise.yamlfast`, so both readings build the same values."""
    if style is not None and tag == _STR:  # quoted: always text
        return value
    try:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("yes", "true", "on", "y")
        if tag == _INT:
            digits = value.replace("_", "")
            try:
                return int(digits, 0)
            except ValueError:
                return int(digits, 10)  # YAML 1.1 leading-zero integers such as 017
        if tag == _FLOAT:
            return float(value.replace("_", "")) if value.lower() not in (".nan", ".inf", "-.inf", "+.inf") else value
        if tag == _TIMESTAMP:
            m = _DATE_RE.match(value)
            if m:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            return value  # datetimes are kept as text; the schema decides
    except ValueError:
        return value  # e.g. 2020-13-01: the schema reports it, with its location
    return value


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
