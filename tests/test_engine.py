"""The durable-rules backend survives the shapes the guide says crash, hang or answer wrongly."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from clausewise.engine import reference
from clausewise.engine.durable_backend import MAX_PATTERNS_PER_KIND, DurableEngine, month_scaled, shard
from clausewise.engine.ir import And, Cmp, FieldRef, Or, PatternIR, RuleIR, comparisons, negate
from clausewise.engine.presence import presence_variants, split_join_disjunctions
from clausewise.evidence.facts import Fact


def rule(rid: str, *match: PatternIR, absent: tuple[PatternIR, ...] = ()) -> RuleIR:
    return RuleIR(rid, "9.3.1", "N", "minor", tuple(match), absent)


def test_more_rules_on_one_kind_than_durable_allows_per_fact() -> None:
    """>64 rules matching one fact give error 303 in one ruleset (docs/engine.md D8); sharding avoids it."""
    rules = [rule(f"r{i}", PatternIR("m", "alpha", Cmp("n", "number", "ge", i % 3))) for i in range(150)]
    engine = DurableEngine(rules)
    assert len(engine.rulesets) >= 150 // MAX_PATTERNS_PER_KIND
    found = engine.evaluate([Fact("alpha", "a", {"n": 5})])
    assert len(found) == 150
    assert found == reference.evaluate(rules, [Fact("alpha", "a", {"n": 5})])


def test_rules_that_share_no_kind_run_in_separate_sessions() -> None:
    """A durable session's cost per assert grows with the facts it holds: unrelated kinds go to other rulesets.

    The single audit fact does not tie rules together (it is asserted into each ruleset that reads it).
    """
    a = rule("a", PatternIR("x", "alpha", None))
    b = rule("b", PatternIR("x", "beta", None), PatternIR("y", "gamma", Cmp("s", "text", "eq", ref=FieldRef("x", "s"))))
    c = rule("c", PatternIR("au", "audit", None), absent=(PatternIR("x", "gamma", None),))
    d = rule("d", PatternIR("au", "audit", None), absent=(PatternIR("x", "delta", None),))
    layout = [sorted(r.id for r in s.rules) for s in shard([a, b, c, d], "t")]
    assert layout == [["a"], ["b"], ["c"], ["d"]]  # c needs every gamma in one session; b may spread (below)
    facts = [
        Fact("audit", "au", {}),
        Fact("alpha", "a1", {}),
        Fact("beta", "b1", {"s": "x"}),
        Fact("gamma", "g1", {"s": "x"}),
    ]
    engine = DurableEngine([a, b, c, d])
    assert engine.evaluate(facts) == reference.evaluate([a, b, c, d], facts)
    assert {m.rule_id for m in engine.evaluate(facts)} == {"a", "b", "d"}  # c is blocked by gamma g1


def test_a_rule_needing_all_facts_together_does_not_keep_its_neighbours_whole() -> None:
    """durable-rules keeps about 8 KB per fact a session holds: a rule that needs every gamma in one session
    (an absence no match pattern fixes) gets a ruleset of its own, and the join of beta and gamma still spreads
    its facts over sessions of about a thousand (docs/benchmarks.md, memory)."""
    b = rule("b", PatternIR("x", "beta", None), PatternIR("y", "gamma", Cmp("s", "text", "eq", ref=FieldRef("x", "s"))))
    c = rule("c", PatternIR("au", "audit", None), absent=(PatternIR("x", "gamma", None),))
    engine = DurableEngine([b, c])
    spread = {tuple(sorted(r.id for r in s.rules)): engine._split[s.name] for s in engine._shards}
    assert spread == {("b~0",): {"beta": "s", "gamma": "s"}, ("c~0",): None}
    facts = [Fact("audit", "au", {})]
    facts += [Fact(kind, f"{kind}{n}", {"s": f"v{n % 700}"}) for kind in ("beta", "gamma") for n in range(2500)]
    assert engine.evaluate(facts) == reference.evaluate([b, c], facts)


def _ordering_joins(node: object) -> list[object]:
    """Every ``$lt``-style test in compiled JSON whose right-hand side reads another fact."""
    found: list[object] = []
    if isinstance(node, dict):
        for key, value in node.items():
            is_ordering = key in ("$lt", "$lte", "$gt", "$gte") and isinstance(value, dict)
            if is_ordering and any(isinstance(v, dict) for v in value.values()):
                found.append(value)
            found += _ordering_joins(value)
    elif isinstance(node, list):
        for item in node:
            found += _ordering_joins(item)
    return found


ORDERING_RULES = [
    rule(  # "no later review": an ordering join inside an absence
        "later",
        PatternIR("mr", "review", None),
        absent=(PatternIR("x", "review", Cmp("d", "date", "gt", ref=FieldRef("mr", "d"))),),
    ),
    rule(  # an ordering join between two match patterns of different kinds
        "before",
        PatternIR("a", "doc", None),
        PatternIR("b", "rec", Cmp("d", "date", "ge", ref=FieldRef("a", "d"), days=3)),
    ),
    rule(  # against the audit context, with a month offset
        "window",
        PatternIR("audit", "audit", None),
        absent=(PatternIR("x", "review", Cmp("d", "date", "ge", ref=FieldRef("audit", "as_of"), months=-12)),),
    ),
    rule("self", PatternIR("n", "nc", Cmp("closed", "date", "lt", ref=FieldRef("n", "raised")))),
]


def test_ordering_joins_never_reach_durable_rules() -> None:
    """durable-rules segfaults on ordering joins (about 1 run in 10, measured); they are planned around."""
    engine = DurableEngine(ORDERING_RULES)
    assert _ordering_joins(engine.describe()) == []
    assert not any("$m" in json.dumps(d) for d in engine.describe().values())


def _joins(node: object, keys: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The key path to every ``{"a_<alias>": field}`` in compiled JSON: a test that reads another fact."""
    found: list[tuple[str, ...]] = []
    if isinstance(node, dict):
        if any(str(k).startswith("a_") and isinstance(v, str) for k, v in node.items()):
            found.append(keys[-2:])
        for key, value in node.items():
            found += _joins(value, (*keys, str(key)))
    elif isinstance(node, list):
        for item in node:
            found += _joins(item, keys)
    return found


def test_only_plain_equality_joins_reach_durable_rules() -> None:
    """A ``$neq`` join on two patterns of one kind crashed in reduceExpressionSequence (valgrind: a read past
    the expression pool); list joins have no durable operator. All are checked in Python instead."""
    g = "gamma"
    rules = [
        rule("ne", PatternIR("p", g, None), PatternIR("q", g, Cmp("b", "bool", "ne", ref=FieldRef("p", "b")))),
        rule(
            "offset", PatternIR("p", g, None), PatternIR("q", g, Cmp("d", "date", "eq", ref=FieldRef("p", "d"), days=3))
        ),
        rule("in", PatternIR("p", "audit", None), PatternIR("q", g, Cmp("s", "text", "in", ref=FieldRef("p", "l")))),
        rule(
            "has",
            PatternIR("p", g, None),
            PatternIR("q", "audit", Cmp("l", "text_list", "contains", ref=FieldRef("p", "s"))),
        ),
        rule("eq", PatternIR("p", g, None), PatternIR("q", "beta", Cmp("s", "text", "eq", ref=FieldRef("p", "s")))),
    ]
    engine = DurableEngine(rules)
    assert _joins(engine.describe()) == [("$and", "s")]  # only the plain equality join: {"s": {"a_p": "s"}}
    facts = [
        Fact("gamma", "g1", {"b": True, "s": "Li", "d": dt.date(2020, 1, 1)}),
        Fact("gamma", "g2", {"b": False, "s": "Wu", "d": dt.date(2020, 1, 4)}),
        Fact("beta", "b1", {"s": "Li"}),
        Fact("audit", "au", {"l": ["Li", "Zhao"]}),
    ]
    found = engine.evaluate(facts)
    assert found == reference.evaluate(rules, facts)
    assert {m.rule_id for m in found} == {"ne", "offset", "in", "has", "eq"}


def test_ordering_joins_stay_exact() -> None:
    """Planned around durable-rules, ordering joins still give exactly the reference evaluator's matches."""
    rnd = random.Random(7)
    days = [dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2020, 12, 3), dt.date(2021, 1, 1)]
    engine = DurableEngine(ORDERING_RULES)
    for _ in range(300):
        facts = [
            Fact(
                rnd.choice(["review", "doc", "rec", "nc"]),
                f"f{j}",
                {k: rnd.choice(days) for k in ("d", "raised", "closed") if rnd.random() < 0.8},
            )
            for j in range(rnd.randint(1, 8))
        ] + [Fact("audit", "audit", {"as_of": rnd.choice(days)})]
        assert engine.evaluate(facts) == reference.evaluate(ORDERING_RULES, facts)


def test_absence_waits_for_all_facts() -> None:
    """Absence is judged after the last fact, whatever the order facts arrive in (docs/engine.md D5)."""
    nc = PatternIR("nc", "nonconformity", None)
    capa = PatternIR("ca", "capa", Cmp("nc", "text", "eq", ref=FieldRef("nc", "id")))
    r = rule("nc-without-ca", nc, absent=(capa,))
    engine = DurableEngine([r])
    facts = [Fact("nonconformity", "NC-1", {}), Fact("capa", "CA-1", {"nc": "NC-1"}), Fact("nonconformity", "NC-2", {})]
    found = engine.evaluate(facts)
    assert [m.bindings for m in found] == [(("nc", "NC-2"),)]
    assert engine.evaluate(list(reversed(facts))) == found


def test_user_field_called_id_is_joined_safely() -> None:
    """Joins on the user's id go through the engine's 'k' field, never durable's own 'id' (docs/engine.md D1)."""
    p = PatternIR("p", "person", None)
    a = PatternIR("a", "assignment", Cmp("auditor", "text", "eq", ref=FieldRef("p", "id")))
    r = rule("join-on-id", p, a)
    facts = [Fact("person", f"P{i}", {}) for i in range(300)] + [
        Fact("assignment", f"A{i}", {"auditor": f"P{i}"}) for i in range(300)
    ]
    assert len(DurableEngine([r]).evaluate(facts)) == 300


def test_clean_evaluations_do_not_crash_delete_state() -> None:
    """A session where no rule fired used to crash delete_state (docs/engine.md D2); the sentinel prevents it."""
    engine = DurableEngine([rule("never", PatternIR("m", "alpha", Cmp("n", "number", "gt", 100)))])
    for _ in range(3000):
        assert engine.evaluate([Fact("alpha", "a", {"n": 1})]) == []


def test_identical_facts_are_distinct_facts() -> None:
    """Facts with identical content are not collapsed into one (docs/engine.md D6): ids are explicit."""
    r = rule("each", PatternIR("m", "alpha", None))
    facts = [Fact("alpha", f"a{i}", {"n": 1}) for i in range(1000)]
    assert len(DurableEngine([r]).evaluate(facts)) == 1000


def test_chinese_text_and_regex() -> None:
    r = rule("zh", PatternIR("m", "doc", Cmp("title", "text", "matches", "控制程序$")))
    facts = [Fact("doc", "d1", {"title": "内部审核控制程序"}), Fact("doc", "d2", {"title": "质量手册"})]
    assert [m.bindings for m in DurableEngine([r]).evaluate(facts)] == [(("m", "d1"),)]


def test_month_offsets_keep_the_day_number() -> None:
    """12 months before 2020-12-03 is 2019-12-03: a review on 2019-12-03 counts, 2019-12-02 does not."""
    window = And(
        (
            Cmp("date", "date", "ge", ref=FieldRef("audit", "as_of"), months=-12),
            Cmp("date", "date", "le", ref=FieldRef("audit", "as_of")),
        )
    )
    r = rule("none-in-window", PatternIR("audit", "audit", None), absent=(PatternIR("mr", "review", window),))
    engine = DurableEngine([r])
    audit = Fact("audit", "audit", {"as_of": dt.date(2020, 12, 3)})
    assert engine.evaluate([audit, Fact("review", "r", {"date": dt.date(2019, 12, 3)})]) == []
    assert len(engine.evaluate([audit, Fact("review", "r", {"date": dt.date(2019, 12, 2)})])) == 1
    assert month_scaled(dt.date(2020, 2, 29)) < month_scaled(dt.date(2020, 3, 1))


def test_presence_variants_are_disjoint_and_cover_missing_fields() -> None:
    r = rule(
        "v",
        PatternIR("a", "alpha", None),
        PatternIR("b", "alpha", Cmp("n", "number", "lt", ref=FieldRef("a", "n"))),
    )
    (variant,) = presence_variants(r)  # variants where a.n or b.n is missing cannot match: pruned
    guards = [c for p in variant.match for c in comparisons(p.cond) if c.op == "present"]
    assert sorted(c.field for c in guards) == ["n", "n"]
    facts = [Fact("alpha", "x", {}), Fact("alpha", "y", {"n": 1}), Fact("alpha", "z", {"n": 0})]
    assert DurableEngine([r]).evaluate(facts) == reference.evaluate([r], facts)


def test_join_disjunctions_are_expanded() -> None:
    cond = Or((Cmp("s", "text", "eq", "x"), Cmp("n", "number", "eq", ref=FieldRef("a", "n"))))
    r = rule("d", PatternIR("a", "alpha", None), absent=(PatternIR("b", "alpha", cond),))
    (expanded,) = split_join_disjunctions(r)
    assert len(expanded.absent) == 2


@pytest.mark.parametrize("op", ["eq", "ne", "lt", "le", "gt", "ge"])
def test_negation_never_matches_missing_values(op: str) -> None:
    cmp = Cmp("n", "number", op, 1)  # type: ignore[arg-type]
    r = rule("neg", PatternIR("m", "alpha", negate(cmp)))
    facts = [Fact("alpha", "missing", {}), Fact("alpha", "zero", {"n": 0}), Fact("alpha", "one", {"n": 1})]
    got = DurableEngine([r]).evaluate(facts)
    assert ("m", "missing") not in [b for m in got for b in m.bindings]
    assert got == reference.evaluate([r], facts)


def test_a_fact_identity_hash_collision_is_retried_not_lost() -> None:
    """durable-rules identifies a fact by the 32-bit FNV-1a hash of its id (docs/engine.md D6): ids 40189 and 797186
    collide, and the second fact would be rejected as already observed. The session retries with a salt."""
    from clausewise.engine.durable_backend import _Session
    from clausewise.engine.match import Match

    r = rule("r", PatternIR("p", "alpha", None))
    engine = DurableEngine([r])
    name = next(iter(engine.rulesets))
    found: list[Match] = []
    session = _Session(engine._handles[name], "collide", engine._aliases[name], found)
    try:
        session.assert_fact({"id": 0, "t": "__start"})
        session.assert_fact({"id": 40189, "t": "alpha", "k": "x"})
        session.assert_fact({"id": 797186, "t": "alpha", "k": "y"})
    finally:
        import durable_rules_engine

        durable_rules_engine.delete_state(engine._handles[name], "collide")
    assert sorted(m.bindings for m in found) == [(("p", "x"),), (("p", "y"),)]


@pytest.mark.parametrize("values", [(False,), (False, True)])
def test_an_or_before_a_join_does_not_hide_the_join(values: tuple[bool, ...]) -> None:
    """durable-rules ignored an equality join that followed an ``$or`` in the same conjunction (found by the
    differential test at 2,000 examples): p1 = f0 (b false) was joined to p0 = f1 (b true). The compiler now
    puts presence tests, then joins, before everything else."""
    p1 = And((Cmp("b", "bool", "in", values), Cmp("b", "bool", "eq", ref=FieldRef("p0", "b"))))
    r = rule("r", PatternIR("p0", "alpha", None), PatternIR("p1", "alpha", p1), PatternIR("p2", "alpha", None))
    facts = [Fact("alpha", "f0", {"b": False}), Fact("alpha", "f1", {"b": True}), Fact("alpha", "f2", {})]
    assert reference.evaluate([r], facts) == []
    assert DurableEngine([r]).evaluate(facts) == []
