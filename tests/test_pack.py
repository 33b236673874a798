"""The built-in pack's own fixtures, run the way ``clausewise rules test iso9001`` runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import evaluated_by

from clausewise.fixtures import run_fixture, run_pack_tests
from clausewise.rules.loader import load_pack

PACK = load_pack("iso9001")


@pytest.mark.parametrize("fixture", PACK.fixtures, ids=lambda p: Path(p).stem)
def test_fixture(fixture: Path) -> None:
    result = run_fixture(PACK, fixture)
    assert result.ok, "\n".join(result.failures)


def test_every_rule_fires_somewhere_and_stays_silent_somewhere() -> None:
    report = run_pack_tests(PACK)
    assert report.uncovered == []


def test_pack_has_fixtures_and_rules() -> None:
    assert len(PACK.fixtures) >= 10
    assert len(PACK.rules) >= 40


def test_recurring_nonconformities_are_reported_once_per_consecutive_pair(tmp_path: Path) -> None:
    """Four NCs on one clause are three recurrences (each against the previous one), not six pairs."""
    from clausewise.dossiers import load_dossier
    from clausewise.engine.assess import assess

    ncs = "".join(
        f"""
  - id: nc-{n}
    raised_on: 2020-0{n}-01
    clause: "7.5.3.2"
    description: "外来文件未登记 {n}"
"""
        for n in (4, 1, 3, 2)
    )
    path = tmp_path / "d.yaml"
    path.write_text(f"audit: {{organization: X, date: 2020-12-03, type: internal}}\nnonconformities:{ncs}", "utf-8")
    dossier, pack = load_dossier(path), load_pack("iso9001")
    for evaluator in ("durable", "reference"):
        with evaluated_by(evaluator):
            found = assess(dossier, pack, evaluator=evaluator).findings
        pairs = sorted((f.evidence[0].id, f.evidence[1].id) for f in found if f.rule == "nc-recurrence")
        assert pairs == [("nc-1", "nc-2"), ("nc-2", "nc-3"), ("nc-3", "nc-4")]


def test_a_fixture_the_evaluators_disagree_on_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agreement check every fixture above passes can fail: a reference evaluator that matches nothing."""
    from clausewise.engine.reference import ReferenceEvaluator

    fixture = next(p for p in PACK.fixtures if Path(p).stem == "analysis-incomplete")
    assert run_fixture(PACK, fixture).ok
    monkeypatch.setattr(ReferenceEvaluator, "evaluate", lambda self, facts: [])
    result = run_fixture(PACK, fixture)
    assert result.failures == ["the evaluators durable and reference disagree on this fixture"]
