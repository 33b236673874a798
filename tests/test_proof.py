"""The narrowed proof re-check (proof.unproven with its per-assessment cache) answers exactly what checking every
candidate of every absent pattern answers: the plain three-valued definition in the module docstring."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_differential import FIELDS, KINDS, facts_strategy, partitioned_rules_strategy

from clausewise.engine import reference
from clausewise.engine.ir import RuleIR
from clausewise.engine.proof import Unknown, _unstated_child_lists, truth, unproven
from clausewise.evidence.facts import Fact


def plain_unproven(rule: RuleIR, bound: dict[str, Fact], facts: list[Fact]) -> Unknown:
    unknown: Unknown = set()
    for p in rule.match:
        seen: Unknown = set()
        if truth(p.cond, bound[p.alias], bound, seen) is not True:
            unknown |= seen
    keys = {f.key for f in bound.values()}
    for p in rule.absent:
        unknown |= _unstated_child_lists(p, [], bound)
        for candidate in (f for f in facts if f.kind == p.kind and f.key not in keys):
            seen = set()
            if truth(p.cond, candidate, {**bound, p.alias: candidate}, seen) is not False:
                unknown |= seen
    return unknown


@st.composite
def partly_stated(draw: st.DrawFn) -> list[Fact]:
    """Facts that state some of their fields: a value, an explicit null, or nothing at all."""
    out = []
    for fact in draw(facts_strategy()):
        unstated = set(draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=3)))
        nulls = set(draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=2))) - unstated
        values: dict[str, Any] = {k: v for k, v in fact.values.items() if k not in unstated | nulls}
        stated = (set(fact.values) | nulls) - unstated
        out.append(Fact(fact.kind, fact.key, values, stated=frozenset(stated)))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rules=partitioned_rules_strategy(), facts=partly_stated())
def test_narrowed_proof_equals_the_plain_definition(rules: list[RuleIR], facts: list[Fact]) -> None:
    by_kind: dict[str, list[Fact]] = {k: [f for f in facts if f.kind == k] for k in KINDS}
    cache: dict[Any, Any] = {}  # shared across the rules and matches, as in one assessment
    for rule in rules:
        for m in reference.evaluate([rule], facts):
            bound = {alias: next(f for f in facts if f.key == key) for alias, key in m.bindings}
            assert unproven(rule, bound, by_kind, cache) == plain_unproven(rule, bound, facts)
