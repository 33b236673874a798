"""The reference evaluator: a plain, obviously-correct interpreter of the rule IR.

It enumerates candidate facts pattern by pattern (nested loops with early filtering), so its cost is
polynomial in the facts; it exists to be read and trusted, and to check the durable-rules backend in
differential tests. Semantics are documented in :mod:`clausewise.engine.ir`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from clausewise.dates import date_key
from clausewise.engine.ir import And, Cmp, Cond, PatternIR, RuleIR
from clausewise.engine.match import Match, ordered
from clausewise.evidence.facts import Fact
from clausewise.regex import search

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
    left = fact.get(c.field)
    if c.op == "present":
        return left is not None
    if c.op == "missing":
        return left is None
    if left is None:
        return False
    right: Any
    if c.ref is not None:
        right = binding[c.ref.alias].get(c.ref.field)
        if right is None:
            return False
    else:
        right = c.value
    if c.ftype == "date" and c.op in ("eq", "ne", "lt", "le", "gt", "ge"):
        left, right = date_key(left, 0, 0), date_key(right, c.days, c.months)
    match c.op:
        case "eq":
            return bool(left == right)
        case "ne":
            return bool(left != right)
        case "lt":
            return bool(left < right)
        case "le":
            return bool(left <= right)
        case "gt":
            return bool(left > right)
        case "ge":
            return bool(left >= right)
        case "in":
            return left in right
        case "not_in":
            return left not in right
        case "contains":
            return right in left
        case "not_contains":
            return right not in left
        case "matches":
            return search(str(right), str(left))
        case "not_matches":
            return not search(str(right), str(left))
    raise AssertionError(c.op)  # pragma: no cover
