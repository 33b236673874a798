"""What a rule may propose given its basis (engine/basis.py), and the organization's derived intervals."""

from __future__ import annotations

import datetime as dt

import pytest

from clausewise.engine.basis import CERTIFICATION_AUDITS, cite, proposed
from clausewise.evidence.facts import KINDS, months_before
from clausewise.rules.loader import load_pack
from clausewise.rules.model import Basis, BasisKind, Rule

PACK = load_pack("iso9001")
RULES = {r.rule.id: r.rule for r in PACK.rules}


def _with_basis(rule: Rule, kind: BasisKind) -> Rule:
    text = None if kind is BasisKind.standard else {"en": "a plan", "zh": "计划"}
    return rule.model_copy(update={"basis": Basis.model_validate({"kind": kind, "ref": "x", "text": text})})


@pytest.mark.parametrize("audit_type", ["internal", *sorted(CERTIFICATION_AUDITS)])
@pytest.mark.parametrize("param", [False, True])
def test_certification_rules_give_n_only_in_a_certification_audit_that_asks(audit_type: str, param: bool) -> None:
    rule = RULES["ia-none-within-interval"]
    assert rule.basis.kind is BasisKind.certification and rule.judgment.value == "N"
    judgment, grade = proposed(rule, audit_type, {"certification_rules_as_n": param})
    if param and audit_type != "internal":
        assert (judgment, grade) == ("N", "major")
    else:
        assert (judgment, grade) == ("O", None)


def test_standard_and_organization_rules_keep_their_n_and_practice_never_gives_one() -> None:
    rule = RULES["mr-none-within-own-interval"]
    for kind in (BasisKind.standard, BasisKind.organization):
        assert proposed(_with_basis(rule, kind), "internal", {}) == ("N", "major")
    # the loader refuses a practice N; a pack built in code is lowered anyway
    assert proposed(_with_basis(rule, BasisKind.practice), "surveillance", {"certification_rules_as_n": True}) == (
        "O",
        None,
    )


def test_every_rule_of_the_pack_has_a_basis_and_only_authorities_prove_n() -> None:
    for rule in RULES.values():
        assert rule.basis.ref.strip()
        if rule.basis.kind is not BasisKind.standard:
            assert rule.basis.text is not None, rule.id
        if rule.basis.kind is BasisKind.practice:
            assert rule.judgment.value != "N", rule.id


def test_citations_read_in_each_language() -> None:
    org = RULES["infra-maintenance-overdue"].basis
    assert cite(org, "ISO 9001").en == "the organization's own maintenance plan (7.1.3)"
    assert cite(org, "ISO 9001").zh == "组织自身的维护保养计划（7.1.3）"
    assert cite(RULES["ia-auditor-own-department"].basis, "ISO 9001").en == "ISO 9001 9.2.2 c)"


def test_interval_start_is_as_of_moved_back_by_calendar_months() -> None:
    assert months_before(dt.date(2020, 12, 3), 18) == dt.date(2019, 6, 3)
    assert months_before(dt.date(2021, 3, 31), 1) == dt.date(2021, 2, 28)  # clamped to the month's end
    assert months_before(dt.date(2020, 3, 31), 1) == dt.date(2020, 2, 29)
    assert months_before(dt.date(2020, 1, 15), 13) == dt.date(2018, 12, 15)
    assert months_before(dt.date(5, 1, 1), 1200) == dt.date.min  # never raises
    # only kinds with an interval of their own get the derived fields
    assert KINDS["audit_programme"].fields["interval_start"] == "date"
    assert KINDS["complaint"].fields["respond_by"] == "date"
    assert "respond_by" not in KINDS["management_review"].fields
    assert "own_target" not in KINDS["person"].fields
