"""User-facing input errors: every problem the user can fix carries where it is and what was expected.

The CLI turns an :class:`InputErrors` into a list of ``file:line:column: field: message`` lines and exit
code 2. Library callers get the structured :class:`Problem` records.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from clausewise.visible import visible


@functools.total_ordering
@dataclass(frozen=True, slots=True)  # slots: a large dossier makes one per item, twice as fast to build
class Location:
    """A place in a user's file. Line and column are 1-based; 0 means unknown.

    In a workbook ``sheet`` names the worksheet, ``line`` is the row and ``column`` the column number, shown
    the way a spreadsheet user finds a cell: ``FILE.xlsx:Sheet!C12`` (a cell) or ``FILE.xlsx:Sheet!12`` (a row).
    """

    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}:{cell_name(self.sheet, self.line, self.column)}"
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def _key(self) -> tuple[str, str, int, int]:
        return (self.file, self.sheet, self.line, self.column)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._key() < other._key()


_new = object.__new__
_set_file, _set_line, _set_column, _set_sheet = (vars(Location)[name].__set__ for name in Location.__slots__)


def location_at(file: str, line: int, column: int) -> Location:
    """``Location(file, line, column)`` in half the time: each slot set by its own descriptor, not through the
    frozen class's ``object.__setattr__`` per field (the loader makes one for every item of a dossier)."""
    where = _new(Location)
    _set_file(where, file)
    _set_line(where, line)
    _set_column(where, column)
    _set_sheet(where, "")
    return where


def cell_name(sheet: str, row: int, column: int = 0) -> str:
    """``Sheet!C12`` for a cell, ``Sheet!12`` for a whole row, ``Sheet`` for the sheet (numbers are 1-based)."""
    if not row:
        return sheet
    letters = ""
    n = column
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{sheet}!{letters}{row}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, which field, what was expected, what was found."""

    location: Location
    message: str
    field: str = ""
    expected: str = ""
    found: str = ""

    def __str__(self) -> str:
        parts = [str(self.location) + ":"]
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.expected:
            text += f" (expected {self.expected}"
            text += f", found {self.found})" if self.found else ")"
        elif self.found:
            text += f" (found {self.found})"
        return visible(text, newlines=False)  # the text may quote the user's file: no terminal controls


@dataclass
class InputErrors(Exception):
    """All problems found in one batch of user input (a dossier, a pack, a parameter list)."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __str__(self) -> str:
        return self.render()


def fail(location: Location, message: str, **kw: str) -> InputErrors:
    """Build a one-problem :class:`InputErrors` (raise the result)."""
    return InputErrors([Problem(location, message, **kw)])


class InternalError(RuntimeError):
    """A bug in clausewise or in the C engine, never the user's input: the CLI says so and exits 3."""
