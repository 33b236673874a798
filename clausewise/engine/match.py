"""What an evaluator returns: which rule matched which facts. Both evaluators produce this, sorted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Match:
    rule_id: str
    bindings: tuple[tuple[str, str], ...]  # (alias, fact key) for each match pattern, in pattern order
