"""Read YAML or JSON into plain Python data while remembering where every value came from.

Both dossiers and rule packs are read here, so both get the same protections:

* a size limit checked before parsing;
* duplicate mapping keys are errors (PyYAML silently keeps the last one);
* alias bombs and recursive aliases are refused (a budget on constructed nodes);
* timestamps become :class:`datetime.date` only when they are real dates; ``2020-13-01`` stays text so
  that the schema reports it with its location instead of PyYAML raising a bare ``ValueError``;
* every value's ``(line, column)`` and raw text are kept by path, for error messages.

The libyaml C composer is used when PyYAML was built with it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clausewise.errors import InputErrors, Location, Problem, fail

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

#: Files larger than this are refused before parsing (bytes).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Hard cap on values constructed from one file, aliases expanded (defeats "billion laughs").
MAX_NODES = 5_000_000

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
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class Located:
    """Parsed data plus, for each path into it, the position and raw text of the value."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def location(self, path: Path_) -> Location:
        """The closest known position for ``path`` (walks up to the parent when a key is missing)."""
        p = tuple(path)
        while p not in self.positions and p:
            p = p[:-1]
        line, col = self.positions.get(p, (0, 0))
        return Location(self.file, line, col)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None) -> Located:
    """Read one YAML/JSON file. Raises :class:`InputErrors` for anything unreadable."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(Location(name), f"cannot read file: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise fail(
            Location(name),
            "file is too large",
            expected=f"at most {max_bytes:,} bytes",
            found=f"{size:,} bytes",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(Location(name), f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(
            Location(name, line, 1), "file is not valid UTF-8 text", found=repr(raw[exc.start : exc.start + 4])
        ) from None
    return read_text(text, name)


def read_text(text: str, name: str) -> Located:
    """Parse YAML (or JSON, which is read as YAML) text; see the module docstring for the checks."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "syntax error"
        raise fail(Location(name, line, col), f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise fail(Location(name), f"YAML error: {exc}") from None
    located = Located(name, None)
    if node is None:
        return located
    builder = _Builder(located)
    located.data = builder.build(node, ())
    if builder.problems:
        raise InputErrors(builder.problems)
    return located


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
                    Problem(self._where(key_node), "YAML merge keys ('<<') are not supported; write the fields out")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self._where(key_node), "mapping keys must be plain text"))
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
        tag, value = node.tag, node.value
        if node.style is not None and tag == _STR:  # quoted: always text
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
                return (
                    float(value.replace("_", "")) if value.lower() not in (".nan", ".inf", "-.inf", "+.inf") else value
                )
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
