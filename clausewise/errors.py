"""User-facing input errors: every problem the user can fix carries where it is and what was expected.

The CLI turns an :class:`InputErrors` into a list of ``file:line:column: field: message`` lines and exit
code 2. Library callers get the structured :class:`Problem` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file. Line and column are 1-based; 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


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
        return text


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
