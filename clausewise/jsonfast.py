"""Read a JSON dossier in one C-speed pass, keeping only the positions a valid dossier's results show.

The YAML path (:mod:`clausewise.yamlsource`) composes every value with its line and column and keeps its raw
text: needed to locate a problem, wasted on a valid file, and a JSON file was parsed twice (``json.loads`` to
check it is strict, then libyaml for positions). Here the top-level mapping is walked by hand and each section
item is decoded by :mod:`json`'s C scanner, so the one position a valid dossier's results show — where each
item (and ``audit``) starts — is an index the decoding loop records, turned into lines and columns for
all of a list's items at once (:class:`_Lines`). Anything unusual is not handled here: a duplicate
key, ``NaN``/``Infinity``, a syntax error, nesting past what the C scanner's recursion guard allows, a top
level that is not a mapping. :func:`read_fast` then returns None and the caller reads the file the located way,
which reports the problem exactly as before; a dossier that fails validation is re-read the same way (see
:func:`clausewise.evidence.loader.load_dossier`). Nesting deeper than :data:`~clausewise.fileio.MAX_DEPTH` is
not checked here: no dossier model nests that deep, so such a file never passes validation and is re-read,
and the located reader reports the depth. The values are the ones the YAML path builds (a JSON number
YAML 1.1 does not read as a number, such as ``1e5``, stays text there, so it does here too).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from itertools import accumulate, compress, repeat
from operator import ne, sub
from typing import Any

import yaml

from clausewise.gcpause import paused

_SPACE = re.compile(r"[ \t\n\r]*")


class _Unusual(Exception):
    """Something the located reader must see (and report) instead."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Unusual("duplicate key")
    return out


def _constant(word: str) -> Any:
    raise _Unusual(word)


_resolve: Any = yaml.resolver.Resolver().resolve


@functools.lru_cache(maxsize=4096)
def _number(text: str) -> Any:
    """A JSON fraction or exponent read as YAML 1.1 reads the same plain scalar (``1e5`` is text there); each
    distinct text once (a float or a text: immutable, safe to share), as the YAML reader does."""
    if _resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:float":
        return float(text.replace("_", ""))
    return text


_decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_number)
_scan: Any = vars(_decoder)["scan_once"]  # (value, end) from an index: the C scanner json.loads uses
#: The same scanner building mappings itself (no Python call per object), but a repeated key silently keeps its
#: last value.
_scan_plain: Any = vars(json.JSONDecoder(parse_constant=_constant, parse_float=_number))["scan_once"]


def read_fast(text: str) -> tuple[dict[str, Any], dict[tuple[str | int, ...], tuple[int, int]]] | None:
    """The data of a JSON mapping and the positions of its keys and of their list items; None when unusual."""
    try:
        with paused():  # many objects, no cycles: collections would only walk them
            return _walk(text)
    except (_Unusual, StopIteration, ValueError, RecursionError, IndexError):
        return None


def _walk(text: str) -> tuple[dict[str, Any], dict[tuple[str | int, ...], tuple[int, int]]] | None:
    lines = _Lines(text)
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    data: dict[str, Any] = {}
    i = _SPACE.match(text, 0).end()  # type: ignore[union-attr]  # matches the empty string
    if text[i : i + 1] != "{":
        return None
    positions[()] = lines.at(i)
    i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    if text[i] == "}":
        i += 1
    else:
        while True:
            if text[i] != '"':
                return None
            where = lines.at(i)
            key, i = _scan(text, i)
            if not isinstance(key, str) or key in data:
                return None
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] != ":":
                return None
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            positions[(key,)] = where
            if text[i] == "[":
                value, starts, i = _items(text, i)
                positions.update(zip(zip(repeat(key), range(len(starts))), lines.at_each(starts), strict=True))
            else:
                value, i = _scan(text, i)
            data[key] = value
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
            if text[i] == "}":
                i += 1
                break
            if text[i] != ",":
                return None
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    if _SPACE.match(text, i).end() != len(text):  # type: ignore[union-attr]
        return None
    return data, positions


class _Lines:
    """Line and column of indexes that only grow, each character looked at once (a compact file is one long
    line: searching back from an index for its line's start would be quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line, self.line_start, self.counted = 1, 0, 0

    def at(self, i: int) -> tuple[int, int]:
        text, counted = self.text, self.counted
        newlines = text.count("\n", counted, i)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", counted, i) + 1
        self.counted = i
        return self.line, i - self.line_start + 1

    def at_each(self, starts: list[int]) -> Iterator[tuple[int, int]]:
        """:meth:`at` of each of ``starts`` (growing), the searches run by ``map`` (a list of 10,000 items)."""
        if not starts:
            return iter(())
        text = self.text
        if text.find("\n", self.counted, starts[-1]) < 0:  # all on the line of the last index (a compact file)
            self.counted = starts[-1]
            return zip(repeat(self.line), map(sub, starts, repeat(self.line_start - 1)))
        begins = [self.counted, *starts[:-1]]  # each index's search starts at the one before
        lines = list(accumulate(map(text.count, repeat("\n"), begins, starts), initial=self.line))[1:]
        found = map(text.rfind, repeat("\n"), begins, starts)
        newline = list(accumulate(found, _later, initial=self.line_start - 1))[1:]
        self.line, self.line_start, self.counted = lines[-1], newline[-1] + 1, starts[-1]
        return zip(lines, map(sub, starts, newline), strict=True)


def _later(known: int, found: int) -> int:
    """The last newline so far: the one found between two starts, else the one before."""
    return found if found >= 0 else known


#: What may follow a list item: a comma and the next item's start, or the list's end (``lastindex`` 2).
_NEXT = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*|(\]))")


def _items(text: str, i: int) -> tuple[list[Any], list[int], int]:
    """A top-level list from its ``[``: each item decoded by the C scanner, where each starts, where the list ends.
    The loop does only that (it is where reading a large dossier spends its time, apart from the scanner); what
    else the items need is done by ``map`` over all of them at once.

    An item is decoded without the duplicate-key hook, and again with it only when its text has more colons than
    the item has keys. Every key-value pair of an item's text, nested ones too, has its colon, and text values
    may hold more; a repeated key makes more pairs than the mapping has keys. So as many colons as keys means
    one pair per key: no repeated key anywhere in the item (about 2 % of a dossier's items are read twice).
    """
    out: list[Any] = []
    starts: list[int] = []
    append, mark, plain, after = out.append, starts.append, _scan_plain, _NEXT.match
    i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
    if text[i] == "]":
        return out, starts, i + 1
    while True:
        mark(i)
        item, i = plain(text, i)
        append(item)
        step = after(text, i)
        if step is None:
            raise _Unusual("syntax")
        i = step.end()
        if step.lastindex:
            break
    if set(map(type, out)) != {dict}:
        raise _Unusual("an item that is not a mapping")  # never valid: the located reading reports it
    ends = starts[1:]
    ends.append(i)  # an item's text runs to the next one's start: the comma between holds no colon
    colons = list(map(text.count, repeat(":"), starts, ends))
    keys = list(map(len, out))
    if colons != keys:  # a key may repeat in these: read them with the check
        for n in compress(range(len(out)), map(ne, colons, keys)):
            out[n] = _scan(text, starts[n])[0]
    return out, starts, i
