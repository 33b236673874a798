"""Limits that keep a rule pack from exhausting durable-rules, memory or time (docs/rule-format.md).

A pack is untrusted input. Each limit below is checked with a located error naming the rule:

* :data:`MAX_VARIANTS`: an ``any`` holding joins is expanded into one durable rule per alternative (joins
  never sit under ``or``, docs/engine.md), and several such ``any`` multiply; durable-rules hangs at about
  512 rules branching from one test (D8);
* :data:`MAX_FREE_PATTERNS`: patterns that no equality join ties to another pattern multiply the matches
  by the number of facts of their kind (12 such patterns over 13 people are 3.1e9 combinations);
* :data:`MAX_COMBINATIONS`, checked per dossier before evaluation: the estimated number of fact combinations
  a rule would consider (the product, over its free patterns, of the facts of their kind).

(Patterns per rule are capped at 12 by the loader; large ``in``/``any`` lists of constants are evaluated in
Python, clausewise/engine/joins.py.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from clausewise.engine.ir import And, Cmp, Cond, Or, RuleIR, comparisons, conjuncts, reads_only
from clausewise.engine.reference import holds
from clausewise.evidence.facts import Fact

MAX_VARIANTS = 64
MAX_FREE_PATTERNS = 4
MAX_COMBINATIONS = 10_000_000
#: Kinds of which a dossier holds at most one fact: they multiply nothing.
SINGLE_KINDS = frozenset({"audit"})


def variants(cond: Cond | None) -> int:
    """How many alternatives ``presence.split_join_disjunctions`` makes of ``cond`` (without making them)."""
    if cond is None or isinstance(cond, Cmp) or not any(c.ref is not None for c in comparisons(cond)):
        return 1
    if isinstance(cond, Or):
        return sum(variants(c) for c in cond.items)
    assert isinstance(cond, And)
    return math.prod(variants(c) for c in cond.items)


def free_patterns(rule: RuleIR) -> list[str]:
    """Aliases of ``match`` patterns that no plain equality join ties to another match pattern."""
    aliases = {p.alias for p in rule.match}
    tied: set[str] = set()
    for p in rule.match:
        for c in conjuncts(p.cond):
            ref = c.ref if isinstance(c, Cmp) and c.op == "eq" and not c.days and not c.months else None
            if ref is not None and ref.alias in aliases and ref.alias != p.alias:
                tied |= {p.alias, ref.alias}
    return [p.alias for p in rule.match if p.alias not in tied and p.kind not in SINGLE_KINDS]


def rule_problems(rule: RuleIR) -> list[str]:
    """What makes ``rule`` too costly to run whatever the dossier (empty when it is fine)."""
    out: list[str] = []
    count = math.prod(variants(p.cond) for p in rule.match) * max(1, sum(variants(p.cond) for p in rule.absent))
    if count > MAX_VARIANTS:
        out.append(
            f"its 'any' conditions with joins expand to {count:,} rule variants (at most {MAX_VARIANTS}); "
            "move the joins out of 'any' or split the rule"
        )
    free = free_patterns(rule)
    if len(free) > MAX_FREE_PATTERNS:
        out.append(
            f"{len(free)} match patterns ({', '.join(free)}) are not tied to another by an equality join "
            f"(at most {MAX_FREE_PATTERNS}): every combination of their facts would be tried"
        )
    return out


def combinations(rule: RuleIR, by_kind: Mapping[str, Sequence[Fact]]) -> int:
    """Estimated fact combinations ``rule`` considers: over its free patterns, the product of the facts that
    pass the pattern's own tests (what any evaluator must pair up)."""
    total = 1
    for p in rule.match:
        if p.alias not in free_patterns(rule):
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
