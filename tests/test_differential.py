"""Differential test: durable-rules and the reference evaluator must find exactly the same matches.

Hypothesis generates rule sets (filters of every operator, and/or trees, equality and ordering joins,
same-fact comparisons, date offsets in days and months, absence with joins, coverage-style any-of lists)
and fact sets (with missing values, empty lists, Chinese text, equal keys), then compares the two.
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausewise.engine import reference
from clausewise.engine.durable_backend import DurableEngine
from clausewise.engine.ir import And, Cmp, Cond, FieldRef, Or, PatternIR, RuleIR, negate
from clausewise.evidence.facts import Fact

KINDS = ("alpha", "beta", "gamma", "audit")  # a dossier has at most one audit fact
FIELDS = {"n": "number", "d": "date", "s": "text", "l": "text_list", "b": "bool"}
TEXTS = ("a", "b", "付微", "吴瑶", "")
DATES = [dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2020, 3, 31), dt.date(2020, 12, 3), dt.date(2021, 1, 1)]
# The edges of every value type (issue 15: these crashed durable-rules or overflowed date arithmetic before):
# the calendar's ends, numbers Python prints with an exponent, the range limit, tiny and negative values.
EXTREME_DATES = [dt.date(1, 1, 1), dt.date(1, 1, 31), dt.date(9999, 12, 31), dt.date(9999, 12, 1)]
NUMBERS = [0, 1, 2, 2.5, -1]
EXTREME_NUMBERS = [1e-05, -1e-05, 1.5e-07, 1e15, -1e15, 10**15, 999999999999999.9, 123456789012345, 0.1, -0.0]
REGEXES = ("^a", "微$", "b|c", "^$")

texts = st.sampled_from(TEXTS[:-1])
dates = st.sampled_from(DATES) | st.sampled_from(EXTREME_DATES)
numbers = st.sampled_from(NUMBERS) | st.sampled_from(EXTREME_NUMBERS)


@st.composite
def facts_strategy(draw: st.DrawFn) -> list[Fact]:
    out = []
    for i in range(draw(st.integers(0, 7))):
        values: dict[str, object] = {}
        if draw(st.booleans()):
            values["n"] = draw(numbers)
        if draw(st.booleans()):
            values["d"] = draw(dates)
        if draw(st.booleans()):
            values["s"] = draw(st.sampled_from(TEXTS[:-1]))
        if draw(st.booleans()):
            values["l"] = draw(st.lists(texts, min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            values["b"] = draw(st.booleans())
        out.append(Fact(draw(st.sampled_from(KINDS)), f"f{i}", values))
    audits = [f for f in out if f.kind == "audit"]
    return [f for f in out if f.kind != "audit"] + audits[:1]


def constant(draw: st.DrawFn, ftype: str) -> object:
    if ftype == "number":
        return draw(numbers)
    if ftype == "date":
        return draw(dates)
    if ftype == "bool":
        return draw(st.booleans())
    return draw(texts)


@st.composite
def comparison(draw: st.DrawFn, own: str, earlier: list[str]) -> Cmp:
    field = draw(st.sampled_from(sorted(FIELDS)))
    ftype = FIELDS[field]
    if ftype == "text_list":
        op = draw(st.sampled_from(["contains", "not_contains", "present", "missing"]))
        if op in ("contains", "not_contains") and earlier and draw(st.booleans()):  # this list holds that text
            return Cmp(field, "text_list", op, None, FieldRef(draw(st.sampled_from(earlier)), "s"))
        return Cmp(field, "text_list", op, None if op in ("present", "missing") else draw(texts))
    ops = ["eq", "ne", "in", "not_in", "present", "missing"]
    if ftype in ("number", "date"):
        ops += ["lt", "le", "gt", "ge"]
    if ftype == "text":
        ops += ["matches", "not_matches"]
    op = draw(st.sampled_from(ops))
    if op in ("present", "missing"):
        return Cmp(field, ftype, op)  # type: ignore[arg-type]
    if op in ("matches", "not_matches"):
        return Cmp(field, ftype, op, draw(st.sampled_from(REGEXES)))  # type: ignore[arg-type]
    if op in ("in", "not_in") and ftype == "text" and earlier and draw(st.booleans()):  # in that fact's list
        return Cmp(field, "text", op, None, FieldRef(draw(st.sampled_from(earlier)), "l"))
    if op in ("in", "not_in"):
        values = tuple(dict.fromkeys(constant(draw, ftype) for _ in range(draw(st.integers(1, 3)))))
        return Cmp(field, ftype, op, values)  # type: ignore[arg-type]
    days = months = 0
    if ftype == "date" and draw(st.booleans()):
        if draw(st.booleans()):
            days = draw(st.integers(-40, 40) | st.sampled_from([-36_600, 36_600]))
        else:
            months = draw(st.integers(-13, 13) | st.sampled_from([-1_200, 1_200]))
    if draw(st.booleans()) and (earlier or ftype in ("number", "date")):
        targets = [*earlier, own] if ftype in ("number", "date") else earlier
        if targets:
            alias = draw(st.sampled_from(targets))
            ref_field = field if alias != own else draw(st.sampled_from([f for f, t in FIELDS.items() if t == ftype]))
            if op in ("eq", "ne", "lt", "le", "gt", "ge"):
                return Cmp(field, ftype, op, None, FieldRef(alias, ref_field), days, months)  # type: ignore[arg-type]
    return Cmp(field, ftype, op, constant(draw, ftype), None, days, months)  # type: ignore[arg-type]


@st.composite
def condition(draw: st.DrawFn, own: str, earlier: list[str], depth: int = 0) -> Cond:
    if depth >= 2 or draw(st.integers(0, 2)) > 0:
        return draw(comparison(own, earlier))
    items = tuple(draw(st.lists(condition(own, earlier, depth + 1), min_size=1, max_size=3)))
    cond: Cond = And(items) if draw(st.booleans()) else Or(items)
    return negate(cond) if draw(st.booleans()) else cond


@st.composite
def rule_strategy(draw: st.DrawFn, index: int) -> RuleIR:
    match: list[PatternIR] = []
    for i in range(draw(st.integers(1, 3))):
        alias = f"p{i}"
        earlier = [p.alias for p in match]
        cond = draw(st.none() | condition(alias, earlier))
        match.append(PatternIR(alias, draw(st.sampled_from(KINDS)), cond))
    absent: tuple[PatternIR, ...] = ()
    if draw(st.booleans()):
        cond = draw(st.none() | condition("x", [p.alias for p in match]))
        absent = (PatternIR("x", draw(st.sampled_from(KINDS)), cond),)
    return RuleIR(f"r{index}", "9.3", "N", "minor", tuple(match), absent)


@st.composite
def rules_strategy(draw: st.DrawFn) -> list[RuleIR]:
    return [draw(rule_strategy(i)) for i in range(draw(st.integers(1, 4)))]


@settings(
    max_examples=int(os.environ.get("CLAUSEWISE_DIFF_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rules=rules_strategy(), facts=facts_strategy())
def test_durable_matches_reference(rules: list[RuleIR], facts: list[Fact]) -> None:
    engine = DurableEngine(rules)
    assert engine.evaluate(facts) == reference.evaluate(rules, facts)


def test_same_engine_many_evaluations_are_isolated() -> None:
    """Facts of one evaluation never leak into the next (one sid per evaluation)."""
    rule = RuleIR(
        "lonely",
        "9.3",
        "N",
        "minor",
        (PatternIR("a", "alpha", None),),
        (PatternIR("x", "beta", Cmp("s", "text", "eq", ref=FieldRef("a", "s"))),),
    )
    engine = DurableEngine([rule])
    a = Fact("alpha", "a1", {"s": "付微"})
    b = Fact("beta", "b1", {"s": "付微"})
    for _ in range(50):
        assert engine.evaluate([a, b]) == []
        assert [m.rule_id for m in engine.evaluate([a])] == ["lonely"]
