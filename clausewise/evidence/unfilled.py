"""Template placeholders left in a dossier are not evidence: find them, with where they are.

``clausewise evidence template`` writes ``"<organization>"``, ``["<departments>"]`` and the like where the user
is to write a value. Left as written, such a text would be read as the organization's name or a department
called ``<departments>``, and the rules would judge on it. The loader refuses the file instead (exit 2): the
user fills the value in, or deletes the line when the field is optional (docs/evidence.md).
"""

from __future__ import annotations

from typing import Any

from clausewise.errors import Problem
from clausewise.yamlsource import PLACEHOLDER, Located, Path_, dotted


def unfilled(located: Located) -> list[Problem]:
    """One problem per placeholder value, in document order."""
    out: list[Problem] = []
    if any_placeholder(located):  # paths are built only for one to locate
        _walk(located.data, (), located, out)
    return out


def any_placeholder(located: Located) -> bool:
    """Whether the file holds a placeholder at all (no paths built; any nesting: the walk keeps its own stack)."""
    return located.angle_brackets and _any_placeholder(located.data)


def _any_placeholder(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and "<" in value and PLACEHOLDER.fullmatch(value.strip()):
            return True
    return False


def _walk(value: Any, path: Path_, located: Located, out: list[Problem]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*path, key), located, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*path, index), located, out)
    elif isinstance(value, str) and PLACEHOLDER.fullmatch(value.strip()):
        out.append(
            Problem(
                located.location(path),
                "unfilled template value",
                field=dotted(path),
                expected="the value your records show (an optional field you cannot fill: delete its line)",
                found=repr(value),
            )
        )
