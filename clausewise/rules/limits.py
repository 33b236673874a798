"""Limits that keep a rule pack from exhausting durable-rules, memory or time (docs/rule-format.md).

A pack is untrusted input. Each limit below is checked with a located error naming the rule:

* :data:`MAX_VARIANTS`: an ``any`` holding joins is expanded into one durable rule per alternative (joins
  never sit under ``or``, docs/engine.md), and several such ``any`` multiply; durable-rules hangs at about
  512 rules branching from one test (D8);
* :data:`MAX_FREE_PATTERNS`: patterns that no equality join ties to another pattern multiply the matches
  by the number of facts of their kind (12 such patterns over 13 people are 3.1e9 combinations);
* :data:`MAX_COMBINATIONS`, checked per dossier before evaluation (clausewise/engine/fanout.py): the
  estimated number of fact combinations a rule would consider (the product, over its free patterns, of the
  facts of their kind that pass the pattern's own tests).

(Patterns per rule are capped at 12 by the loader; large ``in``/``any`` lists of constants are evaluated in
Python, clausewise/engine/joins.py.)
"""

from __future__ import annotations

import math

from clausewise.engine.ir import And, Cmp, Cond, Or, RuleIR, comparisons, conjuncts

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
