"""The two self-assessment examples: a manufacturer with planted nonconformities, a clean service company.

examples/manufacturer/README.md lists each planted nonconformity and the expected clause judgments;
examples/service-company/README.md explains why it has no N finding and no insufficient-evidence clause.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import assess_both

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.rules.loader import load_pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MANUFACTURER = EXAMPLES / "manufacturer"
SERVICE = EXAMPLES / "service-company"

#: (rule, clause, grade, evidence item id) of every planted nonconformity; README.md, table 1.
PLANTED = [
    ("infra-maintenance-overdue", "7.1.3", "minor", "infra-vmc850-sb03#maintenance2"),
    ("mmr-used-past-due", "7.1.5.2", "minor", "mmr-caliper-jl015"),
    ("comp-expired", "7.2", "minor", "comp-wu-hai-forklift"),
    ("sup-not-evaluated", "8.4.1", "minor", "sup-hengliang-anodizing"),
    ("rel-failed", "8.6", "major", "rel-hr-2505-031"),
    ("nco-closed-without-action", "8.7.2", "minor", "ncp-2025-017"),
    ("ia-auditor-own-department", "9.2.2", "minor", "ia-2025-03#assignments2"),
    ("mr-inputs-incomplete", "9.3.2", "minor", "mr-2024-12"),
    ("nc-closed-without-effectiveness", "10.2.1", "minor", "nc-2025-02"),
]

#: Clause judgments documented in examples/manufacturer/README.md, table 2.
MANUFACTURER_JUDGMENTS = {
    # planted leaves and the parents they roll up into
    "7.1.3": "N", "7.1.5.2": "N", "7.1.5": "N", "7.1": "N", "7.2": "N", "7": "N",
    "8.4.1": "N", "8.4": "N", "8.6": "N", "8.7.2": "N", "8.7": "N", "8": "N",
    "9.2.2": "N", "9.2": "N", "9.3.2": "N", "9.3": "N", "9": "N", "10.2.1": "N", "10.2": "N", "10": "N",
    # the same areas where the records are in order
    "7.1.5.1": "C", "9.2.1": "C", "9.3.1": "C", "9.3.3": "C", "10.2.2": "C", "8.5.2": "C", "6": "C",
    # prompts for the auditor
    "7.1.2": "needs_review", "8.7.1": "needs_review", "8.5.3": "needs_review", "10.3": "needs_review",
    # design excluded in 4.3 with a justification
    "8.3": "NA", "8.3.1": "NA", "8.3.6": "NA",
}  # fmt: skip

#: Insufficient-evidence clauses of the service company (README.md: none). Must not silently grow.
SERVICE_INSUFFICIENT = 0


@pytest.fixture(scope="module")
def manufacturer() -> Assessment:
    return assess(load_dossier(MANUFACTURER), load_pack("iso9001"), files=["examples/manufacturer"])


@pytest.fixture(scope="module")
def service() -> Assessment:
    return assess(load_dossier(SERVICE), load_pack("iso9001"), files=["examples/service-company"])


@pytest.mark.parametrize(("rule", "clause", "grade", "item"), PLANTED)
def test_each_planted_nonconformity_is_found(
    manufacturer: Assessment, rule: str, clause: str, grade: str, item: str
) -> None:
    hits = [f for f in manufacturer.findings if f.rule == rule and f.judgment == "N"]
    assert len(hits) == 1, rule
    (finding,) = hits
    assert finding.clause == clause
    assert finding.grade == grade
    assert item in [e.id for e in finding.evidence]
    assert all(e.file and e.line for e in finding.evidence if e.kind != "audit")


def test_manufacturer_has_no_other_nonconformity(manufacturer: Assessment) -> None:
    assert sorted(f.rule for f in manufacturer.findings if f.judgment == "N") == sorted(r for r, *_ in PLANTED)
    assert {c.key for c in manufacturer.clauses if c.own_judgment == "N"} == {c for _, c, _, _ in PLANTED}
    # the only observation: the lapsed calibration of the same caliper
    assert [(f.rule, f.clause) for f in manufacturer.findings if f.judgment == "O"] == [
        ("mmr-calibration-lapsed", "7.1.5.2")
    ]
    assert manufacturer.gaps == []


def test_manufacturer_clause_judgments(manufacturer: Assessment) -> None:
    judgments = {c.key: c.judgment for c in manufacturer.clauses}
    assert {k: judgments[k] for k in MANUFACTURER_JUDGMENTS} == MANUFACTURER_JUDGMENTS
    grades = {c.key: c.grade for c in manufacturer.clauses}
    assert grades["8.6"] == grades["8"] == "major"
    assert grades["9"] == grades["10"] == grades["7"] == "minor"
    assert manufacturer.summary.findings["N_major"] == 1 and manufacturer.summary.findings["N_minor"] == 8


def test_manufacturer_messages_name_the_facts(manufacturer: Assessment) -> None:
    by_rule = {f.rule: f for f in manufacturer.findings if f.judgment == "N"}
    assert "2025-04-22" in by_rule["mmr-used-past-due"].message.en
    assert "2025-03-10" in by_rule["mmr-used-past-due"].message.en
    assert "王芳" in by_rule["ia-auditor-own-department"].message.zh
    assert by_rule["mr-inputs-incomplete"].missing == ["external_providers", "risk_actions"]


def test_service_company_has_no_nonconformity(service: Assessment) -> None:
    assert [f.rule for f in service.findings if f.judgment in ("N", "O")] == []
    assert service.summary.counts["N"] == 0
    assert service.summary.counts["insufficient_evidence"] == SERVICE_INSUFFICIENT
    assert service.gaps == []
    judgments = {c.key: c.judgment for c in service.clauses}
    assert "not_assessed" not in judgments.values()
    # conditional clauses whose condition does not arise: no calibration, no design
    assert judgments["7.1.5.2"] == "NA"
    assert all(judgments[k] == "NA" for k in ("8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6"))
    assert judgments["8.5.5"] == "NA"  # contracts state post_delivery_obligations: []
    assert judgments["8.5.3"] == "NA"  # customer_properties: []


@pytest.mark.parametrize("folder", [MANUFACTURER, SERVICE], ids=["manufacturer", "service-company"])
def test_both_evaluators_agree_on_the_examples(folder: Path) -> None:
    files = [f"examples/{folder.name}"]
    durable, oracle = assess_both(load_dossier(folder), load_pack("iso9001"), files=files)
    assert oracle.model_dump() == durable.model_dump()
