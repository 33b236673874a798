"""Refuse, before evaluation, a rule that would pair up more facts of this dossier than memory and time allow.

The static limits are in :mod:`clausewise.rules.limits`; this is the per-dossier estimate, which needs facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from clausewise.engine.ir import RuleIR, conjuncts, reads_only
from clausewise.engine.reference import holds
from clausewise.evidence.facts import Fact
from clausewise.rules.limits import MAX_COMBINATIONS, free_patterns

__all__ = ["MAX_COMBINATIONS", "combinations", "too_many_combinations"]


def combinations(rule: RuleIR, by_kind: Mapping[str, Sequence[Fact]]) -> int:
    """Estimated fact combinations ``rule`` considers: over its free patterns, the product of the facts that
    pass the pattern's own tests (what any evaluator must pair up)."""
    total = 1
    free = free_patterns(rule)
    for p in rule.match:
        if p.alias not in free:
            continue
        local = [c for c in conjuncts(p.cond) if reads_only(c, p.alias)]
        total *= max(1, sum(1 for f in by_kind.get(p.kind, ()) if all(holds(c, f, {p.alias: f}) for c in local)))
    return total


def too_many_combinations(rules: Iterable[RuleIR], facts: Sequence[Fact]) -> list[tuple[str, int]]:
    """``(rule id, estimate)`` of each rule above :data:`MAX_COMBINATIONS` for these facts."""
    by_kind: dict[str, list[Fact]] = {}
    for f in facts:
        by_kind.setdefault(f.kind, []).append(f)
    found = []
    for rule in rules:
        if len(free_patterns(rule)) > 1 and (n := combinations(rule, by_kind)) > MAX_COMBINATIONS:
            found.append((rule.id, n))
    return found
