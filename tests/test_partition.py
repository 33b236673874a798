"""Which rulesets may spread their facts over several durable-rules sessions (clausewise/engine/partition.py)."""

from __future__ import annotations

from unittest.mock import patch

from clausewise.engine import partition, reference
from clausewise.engine.durable_backend import DurableEngine
from clausewise.engine.ir import Cmp, FieldRef, PatternIR, RuleIR
from clausewise.engine.partition import bucket, partition_fields, partitions
from clausewise.evidence.facts import Fact

AUDIT = frozenset({"audit"})


def rule(match: tuple[PatternIR, ...], absent: tuple[PatternIR, ...] = ()) -> RuleIR:
    return RuleIR("r", "9.2.2", "N", "minor", match, absent)


def eq(field: str, alias: str, ref_field: str) -> Cmp:
    return Cmp(field, "text", "eq", None, FieldRef(alias, ref_field))


OWN_DEPARTMENT = rule(
    (
        PatternIR("a", "audit_assignment", None),
        PatternIR("p", "person", eq("name", "a", "auditor")),
    )
)


def test_an_equality_join_partitions_both_kinds_by_the_joined_fields() -> None:
    assert partition_fields([OWN_DEPARTMENT], AUDIT) == {"audit_assignment": "auditor", "person": "name"}


def test_single_fact_rules_and_the_audit_need_no_field() -> None:
    single = rule((PatternIR("audit", "audit", None), PatternIR("d", "document", None)))
    assert partition_fields([single], AUDIT) == {"document": None}
    assert partition_fields([rule((PatternIR("audit", "audit", None),))], AUDIT) == {}


def test_what_must_stay_in_one_session() -> None:
    unjoined = rule((PatternIR("a", "audit_assignment", None), PatternIR("p", "person", None)))
    ordering = rule(
        (
            PatternIR("a", "audit_assignment", None),
            PatternIR("p", "person", Cmp("name", "text", "ne", None, FieldRef("a", "auditor"))),
        )
    )
    global_absence = rule((PatternIR("audit", "audit", None),), (PatternIR("m", "management_review", None),))
    unjoined_absence = rule((PatternIR("d", "document", None),), (PatternIR("x", "document", None),))
    conflicting = rule(
        (
            PatternIR("a", "audit_assignment", None),
            PatternIR("p", "person", eq("department", "a", "department")),
        )
    )
    for rules in ([unjoined], [ordering], [global_absence], [unjoined_absence], [OWN_DEPARTMENT, conflicting]):
        assert partition_fields(rules, AUDIT) is None, rules


def test_a_joined_absence_partitions_with_its_match() -> None:
    recurring = rule(
        (PatternIR("n", "nonconformity", None),),
        (PatternIR("x", "nonconformity", Cmp("clause", "text", "eq", None, FieldRef("n", "clause"))),),
    )
    assert partition_fields([recurring], AUDIT) == {"nonconformity": "clause"}


def test_buckets_are_stable_and_equal_values_share_one() -> None:
    assert bucket("王伟", 7) == bucket("王伟", 7) == 136749645 % 7  # crc32, not the salted str hash
    assert bucket(5, 3) == bucket(5.0, 3)
    assert bucket(None, 5) == 0
    assert partitions(0) == partitions(1023) == 1
    assert partitions(10_000) == 9


def test_a_partitioned_join_finds_every_match() -> None:
    """Many sessions, the same matches as the reference; the join's facts are spread over all partitions."""
    names = [f"员工{i}" for i in range(300)]
    facts = [Fact("person", f"P{i}", {"name": n}) for i, n in enumerate(names)]
    facts += [Fact("audit_assignment", f"A{i}", {"auditor": names[(i * 7) % 300]}) for i in range(200)]
    engine = DurableEngine([OWN_DEPARTMENT])
    sessions: list[int] = []
    run = engine._run_session

    def counted(*args: object) -> None:
        sessions.append(1)
        run(*args)  # type: ignore[arg-type]

    with patch.object(partition, "FACTS_PER_PARTITION", 50), patch.object(engine, "_run_session", counted):
        found = engine.evaluate(facts)
    assert len(sessions) == 10
    assert found == reference.evaluate([OWN_DEPARTMENT], facts)
    assert len(found) == 200
