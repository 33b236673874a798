"""The golden test: the real 2020 surveillance-audit record, encoded in examples/seed-2020, judged.

docs/seed-example.md explains each judgment and where it differs from the auditor's 判定 column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.evidence.loader import load_dossier
from clausewise.reports.text import render_json
from clausewise.rules.loader import load_pack

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"

#: Every clause row of the record (管理层 and 技术部 pages).
AUDITED = [
    "4.1", "4.2", "4.3", "4.4", "5.1.1", "5.1.2", "5.2.1", "5.2.2", "5.3", "6.1", "6.2", "6.3", "7.1.1",
    "7.1.5", "8.1", "8.3", "8.5.1", "8.5.2", "8.5.3", "8.5.4", "8.5.5", "8.5.6", "8.6", "8.7", "9.1.1", "9.1.2",
    "9.1.3", "9.2", "9.3", "10.1", "10.2", "10.3",
]  # fmt: skip


@pytest.fixture(scope="module")
def result() -> Assessment:
    return assess(load_dossier(SEED), load_pack("iso9001"), files=["examples/seed-2020"])


def judged(result: Assessment) -> dict[str, str]:
    return {c.key: c.judgment for c in result.clauses}


def test_every_audited_clause_gets_a_judgment(result: Assessment) -> None:
    judgments = judged(result)
    assert [k for k in AUDITED if judgments[k] == "not_assessed"] == []


def test_the_nonconformities_proven_from_the_record(result: Assessment) -> None:
    n_leaves = {c.key for c in result.clauses if c.own_judgment == "N"}
    assert n_leaves == {"8.3.4", "8.5.1", "9.3.2"}
    by_rule = {f.rule: f for f in result.findings if f.judgment == "N"}
    assert set(by_rule) == {"dd-verification-after-start", "sr-signed-by-other", "mr-inputs-incomplete"}

    signed = by_rule["sr-signed-by-other"]
    assert signed.grade == "minor"
    (record,) = signed.evidence
    assert record.id == "sr-binuoliya-2020-08-10"
    assert record.file is not None and record.file.endswith("operation.yaml") and record.line
    assert "付微" in signed.message.zh and "李磊" in signed.message.zh

    design = by_rule["dd-verification-after-start"]
    assert "2020-08-21" in design.message.en and "2020-08-06" in design.message.en

    inputs = by_rule["mr-inputs-incomplete"]
    assert inputs.missing == ["resources"]
    assert "资源的充分性" in inputs.message.zh


def test_unstated_details_are_gaps_not_nonconformities(result: Assessment) -> None:
    """The record never states process criteria or objective plans: those clauses await evidence."""
    judgments = judged(result)
    assert judgments["4.4.1"] == "insufficient_evidence"
    assert judgments["6.2.2"] == "insufficient_evidence"
    gap_rules = {g.rule for g in result.gaps}
    assert {"proc-no-criteria", "obj-no-plan"} <= gap_rules
    assert all(g.missing_fields or g.missing_sections for g in result.gaps)


def test_leaf_judgment_counts_documented_in_docs(result: Assessment) -> None:
    keys = [c.key for c in result.clauses]
    leaves = [c for c in result.clauses if not any(k.startswith(c.key + ".") for k in keys)]
    counts: dict[str, int] = {}
    for c in leaves:
        counts[c.own_judgment] = counts.get(c.own_judgment, 0) + 1
    assert counts == {"N": 3, "insufficient_evidence": 22, "needs_review": 15, "C": 24, "NA": 1}


def test_rollup_and_summary(result: Assessment) -> None:
    judgments = judged(result)
    assert judgments["8"] == "N" and judgments["9"] == "N"
    assert judgments["9.3"] == "N" and judgments["9.3.1"] == "C"
    assert result.summary.findings["N_minor"] == 3 and result.summary.findings["N_major"] == 0


def test_both_evaluators_agree_on_the_seed(result: Assessment) -> None:
    oracle = assess(load_dossier(SEED), load_pack("iso9001"), evaluator="reference", files=["examples/seed-2020"])
    assert oracle.model_dump() == result.model_dump()


def test_output_is_deterministic_and_independent_of_file_layout(result: Assessment, tmp_path: Path) -> None:
    again = assess(load_dossier(SEED), load_pack("iso9001"), files=["examples/seed-2020"])
    assert render_json(again) == render_json(result)
    # The same evidence in one file instead of seven, sections in another order: same digest and results.
    merged: dict[str, object] = {}
    for path in sorted(SEED.glob("*.yaml"), reverse=True):
        for section, items in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            merged[section] = items if not isinstance(items, list) else [*merged.get(section, []), *items]  # type: ignore[list-item]
    single = tmp_path / "seed.yaml"
    single.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=True), encoding="utf-8")
    other = assess(load_dossier(single), load_pack("iso9001"))
    assert other.dossier.digest == result.dossier.digest
    assert judged(other) == judged(result)
    assert [f.message for f in other.findings] == [f.message for f in result.findings]
