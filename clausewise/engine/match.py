"""What an evaluator returns: which rule matched which facts. Both evaluators produce this, sorted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter


@dataclass(frozen=True, order=True)
class Match:
    rule_id: str
    bindings: tuple[tuple[str, str], ...]  # (alias, fact key) for each match pattern, in pattern order


def ordered(matches: Iterable[Match]) -> list[Match]:
    """Matches in their canonical order (the dataclass order, compared as plain tuples built in C: much faster)."""
    return sorted(matches, key=_KEY)


_KEY = attrgetter("rule_id", "bindings")
