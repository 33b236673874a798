"""The reference evaluator: a plain, obviously-correct interpreter of the rule IR.

It enumerates candidate facts pattern by pattern (nested loops with early filtering), so its cost is
polynomial in the facts; it exists to be read and trusted, and to check the durable-rules backend in
differential tests. Semantics are documented in :mod:`clausewise.engine.ir`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from clausewise.engine.ir import And, Cmp, Cond, PatternIR, RuleIR
from clausewise.engine.match import Match, ordered
from clausewise.evidence.facts import Fact
from clausewise.operators import compare

Binding = dict[str, Fact]


def evaluate(rules: Sequence[RuleIR], facts: Sequence[Fact]) -> list[Match]:
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_kind[fact.kind].append(fact)
    out: list[Match] = []
    for rule in rules:
        for binding in _bindings(rule.match, by_kind, {}):
            bound = {id(f) for f in binding.values()}
            if all(_nothing_matches(p, by_kind, binding, bound) for p in rule.absent):
                out.append(Match(rule.id, tuple((p.alias, binding[p.alias].key) for p in rule.match)))
    return ordered(out)


def _bindings(patterns: Sequence[PatternIR], by_kind: dict[str, list[Fact]], binding: Binding) -> Iterator[Binding]:
    if not patterns:
        yield dict(binding)
        return
    first, rest = patterns[0], patterns[1:]
    used = {id(f) for f in binding.values()}
    for fact in by_kind.get(first.kind, ()):
        if id(fact) in used:
            continue
        binding[first.alias] = fact
        if holds(first.cond, fact, binding):
            yield from _bindings(rest, by_kind, binding)
        del binding[first.alias]


def _nothing_matches(pattern: PatternIR, by_kind: dict[str, list[Fact]], binding: Binding, bound: set[int]) -> bool:
    for fact in by_kind.get(pattern.kind, ()):
        if id(fact) in bound:
            continue
        if holds(pattern.cond, fact, {**binding, pattern.alias: fact}):
            return False
    return True


def holds(cond: Cond | None, fact: Fact, binding: Binding) -> bool:
    if cond is None:
        return True
    if isinstance(cond, Cmp):
        return _compare(cond, fact, binding)
    if isinstance(cond, And):
        return all(holds(c, fact, binding) for c in cond.items)
    return any(holds(c, fact, binding) for c in cond.items)


def _compare(c: Cmp, fact: Fact, binding: Binding) -> bool:
    """The operator's own evaluation (:func:`clausewise.operators.compare`) on the fact and the bound facts."""
    left = fact.get(c.field)
    joined = c.ref is not None and left is not None  # without a value the comparison is false: no lookup
    right = binding[c.ref.alias].get(c.ref.field) if joined and c.ref is not None else c.value
    return compare(c.op, c.ftype, left, right, c.days, c.months)
