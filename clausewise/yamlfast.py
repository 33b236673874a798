"""Read a plain block-style YAML dossier line by line, keeping only the positions a valid dossier's results show.

The located reader (:mod:`clausewise.yamlsource`) turns every libyaml event into a node with marks and then
into a value with its position and raw text: about the cost of a bare ``yaml.load`` with the C loader, most of
it in Python per event. A dossier written by a program (an export, a converted workbook) is almost always the
plain subset of YAML: block mappings and lists, one ``key: value`` or ``- item`` per line, plain or simply
quoted values, one-line flow lists such as ``[a, "b"]``, comments. This reads that subset with one pass over
the lines, four times faster than the bare C loader, and returns None for anything else (an anchor, alias or
tag, a block or multi-line scalar, a duplicate key, a tab, nesting near :data:`~clausewise.fileio.MAX_DEPTH`,
an escape in a double-quoted text, a control character, a top level that is not a mapping, ...): the caller
then reads the file the located way, which enforces every hardening limit and reports the problem exactly as
before. A dossier that fails validation is re-read the same way (:func:`clausewise.evidence.loader.load_dossier`).

Values are resolved by PyYAML's own YAML 1.1 resolver and built by the located reader's
:func:`~clausewise.yamlsource.scalar_value`, once per distinct text; ``tests/test_yamlfast.py`` compares both
readings case by case and on generated texts.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from clausewise.fileio import MAX_DEPTH
from clausewise.gcpause import paused
from clausewise.yamlsource import Path_, scalar_value

#: Characters the subset reads: printable, no tab, no line break but ``\n`` (YAML 1.1 also breaks lines at
#: NEL, LS and PS), no byte-order mark inside the text.
_UNUSUAL_CHAR = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: A line: its indentation, a list dash, a plain key (never quoted, never starting with an indicator, no ``#`` or
#: ``:`` inside) and its colon, and the rest (a value, a comment or nothing).
_LINE = re.compile(r"( *)(-(?: +|$))?(?:([^\s\-?:,\[\]{}#&*!|>'\"%@`<](?:[^:#]*[^\s:#])?):(?: +|$))?(.*)")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
#: One-line flow list: plain items without flow indicators, quotes or colons, or simple quoted texts.
_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: +#.*| *)$")
_FLOW_ITEM = re.compile(r" *(?:'([^']*)'|\"([^\"\\]*)\"|([^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^,:'\"]*[^\s,:'\"])?)) *$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MISSING = object()
_resolve: Any = yaml.resolver.Resolver().resolve
#: First characters of a plain text that YAML 1.1 may read as something else than text (a number, a date, ...).
_MAYBE_NOT_TEXT = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)


class _Unusual(Exception):
    """Outside the subset: the located reader must read (and, if need be, report) it."""


def read_fast(text: str) -> tuple[dict[str, Any], dict[Path_, tuple[int, int]]] | None:
    """The data of a block-style YAML mapping and the positions of its keys and of their list items; None when
    the text is outside the subset this reads."""
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    if _UNUSUAL_CHAR.search(text):
        return None
    try:
        with paused():  # many objects, no cycles: collections would only walk them
            return _Reader().read(text)
    except _Unusual:
        return None


class _Reader:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}  # what follows `key:` or `-` -> its value (immutable), read once
        self.positions: dict[Path_, tuple[int, int]] = {}

    def value(self, text: str) -> Any:
        """The value of a non-empty scalar written after ``key:`` or ``-`` (comment included)."""
        value = self.values.get(text, _MISSING)
        if value is _MISSING:
            value = self.scalar(text)
            if type(value) is not list:
                self.values[text] = value
        return value

    def scalar(self, text: str) -> Any:
        first = text[0]
        if first == "'":
            m = _SINGLE.match(text)
            if m is None:
                raise _Unusual("quoted text")
            return m[1].replace("''", "'")
        if first == '"':
            m = _DOUBLE.match(text)
            if m is None:
                raise _Unusual("quoted text")
            return m[1]
        if first == "[":
            return self.flow(text)
        if first in _INDICATORS and (first not in "-?:" or len(text) == 1 or text[1] == " "):
            raise _Unusual("indicator")
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _Unusual("colon")
        return _plain(text)

    def flow(self, text: str) -> list[Any]:
        m = _FLOW.match(text)
        if m is None:
            raise _Unusual("flow")
        inside = m[1]
        if not inside.strip(" "):
            return []
        out: list[Any] = []
        for part in inside.split(","):
            item = _FLOW_ITEM.match(part)
            if item is None:
                raise _Unusual("flow item")
            single, double, plain = item.groups()
            out.append(single if single is not None else double if double is not None else _plain(plain))
        return out

    def read(self, text: str) -> tuple[dict[str, Any], dict[Path_, tuple[int, int]]]:
        positions = self.positions
        root: dict[str, Any] | None = None
        # open containers, innermost last: (column, container, the root key of a top-level list or None)
        stack: list[tuple[int, Any, str | None]] = []
        # a key or item whose value is on the next lines: (container, key or index, column of its owner, root
        # key of the list it is an item of, or None; whether a list may start at the owner's column)
        pending: tuple[Any, Any, int, str | None, bool] | None = None
        value_of, line_match, known = self.value, _LINE.match, self.values.get
        for number, line in enumerate(text.split("\n"), 1):
            indent, dash, key, rest = line_match(line).groups()  # type: ignore[union-attr]  # always matches
            if key is not None and dash is None and pending is None and stack:
                # most lines: the next `key: value` of the mapping being read (what the rest does, in short)
                col, mapping, _ = stack[-1]
                if len(indent) == col and type(mapping) is dict and rest and rest[0] != "#":
                    if key in mapping or len(key) > 1000:
                        raise _Unusual("duplicate key, or longer than YAML allows")
                    if mapping is root:
                        positions[(key,)] = (number, col + 1)
                    value = known(rest, _MISSING)
                    mapping[key] = value_of(rest) if value is _MISSING else value
                    continue
            if dash is None and key is None:
                if not rest or rest[0] == "#":
                    continue
                raise _Unusual("not a key")
            col = len(indent)
            if pending is not None:
                holder, slot, owner, section, list_here = pending
                pending = None
                if col > owner or (dash and list_here and col == owner):
                    if len(stack) >= MAX_DEPTH - 2:
                        raise _Unusual("deep")
                    new: Any = [] if dash else {}
                    holder[slot] = new
                    if section is not None:
                        positions[(section, slot)] = (number, col + 1)
                    stack.append((col, new, slot if holder is root and dash else None))
            while stack and stack[-1][0] > col:
                stack.pop()
            if dash is None:
                top = stack[-1] if stack else None
                if top is not None and top[0] == col and type(top[1]) is list:
                    stack.pop()  # `key:` followed by `- item` lines at its own column: the list ends here
                    top = stack[-1] if stack else None
                if top is None:
                    if root is not None:
                        raise _Unusual("outdented")
                    root = {}
                    positions[()] = (number, col + 1)
                    stack.append((col, root, None))
                elif top[0] != col or type(top[1]) is not dict:
                    raise _Unusual("misplaced key")
                mapping = stack[-1][1]
            else:
                if not stack or stack[-1][0] != col or type(stack[-1][1]) is not list:
                    raise _Unusual("misplaced item")
                _, items, section = stack[-1]
                index = len(items)
                items.append(None)
                if key is None and (not rest or rest[0] == "#"):
                    pending = (items, index, col, section, False)
                    continue
                col += len(dash)
                if section is not None:
                    positions[(section, index)] = (number, col + 1)
                if key is None:
                    if rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
                        raise _Unusual("nested list on one line")
                    items[index] = value_of(rest)
                    continue
                if len(stack) >= MAX_DEPTH - 2:
                    raise _Unusual("deep")
                mapping = {}
                items[index] = mapping
                stack.append((col, mapping, None))
            if key in mapping or len(key) > 1000:
                raise _Unusual("duplicate key, or longer than YAML allows")
            if mapping is root:
                positions[(key,)] = (number, col + 1)
            if not rest or rest[0] == "#":
                mapping[key] = None
                pending = (mapping, key, col, None, True)
            else:
                mapping[key] = value_of(rest)
        if root is None:
            raise _Unusual("no mapping")
        return root, positions


def _plain(text: str) -> Any:
    """A plain text's value, as YAML 1.1 reads it."""
    if text[0] not in _MAYBE_NOT_TEXT:
        return text
    return scalar_value(_resolve(yaml.ScalarNode, text, (True, False)), text, None)
