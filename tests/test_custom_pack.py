"""A consultant's own pack, built from scratch: format, NA rules, fixtures and `clausewise rules test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors
from clausewise.rules.loader import load_pack
from tests.helpers import write_pack

MANIFEST = """\
id: acme
version: 1.0.0
title: {en: "ACME procedures", zh: "ACME 程序"}
standard: "ACME QP"
edition: "2024"
clauses:
  "8": {en: "Operation", zh: "运行"}
  "8.5": {en: "Provision", zh: "提供"}
  "8.5.3": {en: "Customer property", zh: "顾客财产"}
  "8.5.4": {en: "Preservation", zh: "防护"}
"""

RULES = """\
rules:
  - id: cp-none-held
    clause: "8.5.3"
    judgment: NA
    title: {en: "No customer property is held", zh: "未持有顾客财产"}
    message: {en: "The contracts state no customer property.", zh: "合同未涉及顾客财产。"}
    remedy: {en: "Record customer property if any is held.", zh: "如持有顾客财产，请记录。"}
    match:
      audit: {kind: audit}
    absent:
      c: {kind: contract}
    basis: {kind: organization, ref: "QP-08 8.5.3", text: {en: "customer property procedure", zh: "顾客财产控制程序"}}
  - id: cp-contract-unsigned
    clause: "8.5.3"
    judgment: N
    grade: minor
    title: {en: "Contract not signed", zh: "合同未签订"}
    message: {en: "Contract with {c.customer} has no signing date.", zh: "与{c.customer}的合同无签订日期。"}
    remedy: {en: "Supply the signed contract.", zh: "提供已签订的合同。"}
    match:
      c: {kind: contract, where: [{field: signed_on, op: missing}]}
    basis: {kind: organization, ref: "QP-07 8.2", text: {en: "contract procedure", zh: "合同评审程序"}}
"""

FIXTURE_NA = """\
expect:
  fires: [cp-none-held]
  silent: [cp-contract-unsigned]
  judgments: {"8.5.3": NA, "8.5": NA, "8.5.4": not_assessed}
audit: {organization: ACME, date: 2024-05-01, type: internal}
contracts: []
"""

FIXTURE_N = """\
expect:
  fires: [cp-contract-unsigned]
  silent: [cp-none-held]
  judgments: {"8.5.3": N}
audit: {organization: ACME, date: 2024-05-01, type: internal}
contracts:
  - {customer: 北京某公司, signed_on: null}
"""


def make_pack(root: Path) -> Path:
    tests = {"none-held.yaml": FIXTURE_NA, "unsigned.yaml": FIXTURE_N}
    return write_pack(root / "acme", MANIFEST, {"property.yaml": RULES}, tests)


def test_rules_test_passes_for_a_correct_pack(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["rules", "test", str(make_pack(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("2 passed, 0 failed")


def test_rules_test_fails_when_an_expectation_is_wrong(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    fixture = pack / "tests" / "none-held.yaml"
    fixture.write_text(FIXTURE_NA.replace('"8.5.3": NA', '"8.5.3": C'), encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "test", str(pack)])
    assert result.exit_code == 1
    assert "clause 8.5.3: expected judgment C, got NA" in result.output
    assert "1 passed, 1 failed" in result.output


def test_na_rule_makes_the_clause_not_applicable_and_n_wins(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path))
    dossier = tmp_path / "d.yaml"
    audit = "audit: {organization: ACME, date: 2024-05-01, type: internal}\n"
    dossier.write_text(audit + "contracts: []\n", encoding="utf-8")
    na = assess(load_dossier(dossier), pack)
    judged = {c.key: c.judgment for c in na.clauses}
    assert judged["8.5.3"] == "NA" and judged["8"] == "NA"
    assert [f.judgment for f in na.findings] == ["NA"]
    dossier.write_text(audit + "contracts: [{customer: X}]\n", encoding="utf-8")
    unknown = assess(load_dossier(dossier), pack)  # signed_on not stated: a gap, not an N
    assert {c.key: c.judgment for c in unknown.clauses}["8.5.3"] == "insufficient_evidence"


def test_absent_child_items_need_their_list_written(tmp_path: Path) -> None:
    """An objective without a `results:` field has unknown results; `results: []` states there are none."""
    pack = load_pack("iso9001")
    base = "audit: {organization: ACME, date: 2024-05-01, type: internal}\nobjectives:\n"
    objective = (
        "  - {id: o1, name: 顾客满意率, formula: x, target: '≥95%', target_value: 95, plan: p, "
        "first_result_due: 2024-01-31"
    )
    dossier = tmp_path / "d.yaml"

    dossier.write_text(base + objective + "}\n", encoding="utf-8")
    unstated = assess(load_dossier(dossier), pack)
    assert "obj-no-results" not in {f.rule for f in unstated.findings}
    (gap,) = [g for g in unstated.gaps if g.rule == "obj-no-results"]
    assert gap.missing_fields == ["objective o1: results"]

    dossier.write_text(base + objective + ", results: []}\n", encoding="utf-8")
    stated = assess(load_dossier(dossier), pack)
    assert "obj-no-results" in {f.rule for f in stated.findings}


def test_missing_section_is_no_gap_when_supplied_evidence_decides(tmp_path: Path) -> None:
    """No exclusion at all: whether design changes exist cannot matter to 'excluded 8.3 but designs change'."""
    pack = load_pack("iso9001")
    dossier = tmp_path / "d.yaml"
    dossier.write_text(
        "audit: {organization: ACME, date: 2024-05-01, type: internal, exclusions: []}\n", encoding="utf-8"
    )
    decided = assess(load_dossier(dossier), pack)
    assert "scope-excluded-design-changed" not in {g.rule for g in decided.gaps}

    dossier.write_text(
        "audit: {organization: ACME, date: 2024-05-01, type: internal,\n"
        "        exclusions: [{clause: '8.3', justification: 无设计活动}]}\n",
        encoding="utf-8",
    )
    # 8.3 excluded and the design sections left out, as an organization that does not design would: the
    # cross-check is skipped (cross_check: true), not a gap on 4.3; the exclusion's review prompt asks instead.
    skipped = assess(load_dossier(dossier), pack)
    assert not [g for g in skipped.gaps if g.rule.startswith("scope-excluded-")]
    assert "scope-exclusion-review" in {f.rule for f in skipped.findings}
    assert "scope-excluded-design-changed" not in next(c for c in skipped.clauses if c.key == "4.3").rules


def test_findings_on_a_clause_excluded_under_4_3_do_not_fail_the_run(tmp_path: Path) -> None:
    """A justified exclusion makes the clause NA in every report, so --fail-on must not count its findings."""
    pack = make_pack(tmp_path)
    dossier = tmp_path / "d.yaml"
    body = "contracts:\n  - {customer: 北京某公司, signed_on: null}\n"
    dossier.write_text(
        "audit: {organization: ACME, date: 2024-05-01, type: internal, exclusions: "
        "[{clause: '8.5.3', justification: 'No customer property by contract.'}]}\n" + body,
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["assess", str(dossier), "--pack", str(pack), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"judgment": "NA"' in result.output and "cp-contract-unsigned" in result.output
    dossier.write_text("audit: {organization: ACME, date: 2024-05-01, type: internal}\n" + body, encoding="utf-8")
    assert CliRunner().invoke(app, ["assess", str(dossier), "--pack", str(pack)]).exit_code == 1


def test_fixture_counts_must_match_exactly(tmp_path: Path) -> None:
    """`counts:` pins how many findings a rule gives; a wrong count fails `rules test` with both numbers."""
    pack = make_pack(tmp_path)
    two = "  - {customer: 北京某公司, signed_on: null}\n  - {customer: 上海某公司, signed_on: null}\n"
    fixture = (
        "expect:\n  counts: {cp-contract-unsigned: 3, cp-none-held: 0}\n"
        "audit: {organization: ACME, date: 2024-05-01, type: internal}\ncontracts:\n" + two
    )
    (pack / "tests" / "count.yaml").write_text(fixture, encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "test", str(pack)])
    assert result.exit_code == 1
    assert "expected rule 'cp-contract-unsigned' to give 3 finding(s); it gave 2" in result.output
    (pack / "tests" / "count.yaml").write_text(fixture.replace("unsigned: 3", "unsigned: 2"), encoding="utf-8")
    assert CliRunner().invoke(app, ["rules", "test", str(pack)]).exit_code == 0


NUMBERED = MANIFEST.split("clauses:")[0] + """\
clauses:
  "4.4.1.2": {en: "Process sheets", zh: "过程卡"}
  "11": {en: "Contracts", zh: "合同"}
  "11.1": {en: "Signing", zh: "签订"}
  "A": {en: "Annex A", zh: "附录A"}
  "A.5.1": {en: "Policies", zh: "方针"}
"""


def test_any_dotted_numbering_and_annex_clauses(tmp_path: Path) -> None:
    pack = tmp_path / "numbered"
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.yaml").write_text(NUMBERED, encoding="utf-8")
    rules = RULES.replace('clause: "8.5.3"', 'clause: "11.1"', 1).replace('clause: "8.5.3"', 'clause: "A.5.1"')
    (pack / "rules" / "r.yaml").write_text(rules, encoding="utf-8")
    loaded = load_pack(pack)
    assert {r.rule.clause for r in loaded.rules} == {"11.1", "A.5.1"}
    dossier = tmp_path / "d.yaml"
    dossier.write_text(FIXTURE_N.split("\n", 4)[4], encoding="utf-8")
    result = assess(load_dossier(dossier), loaded)
    assert [c.key for c in result.clauses] == ["4.4.1.2", "11", "11.1", "A", "A.5.1"]  # numeric order, annex last
    judged = {c.key: c.judgment for c in result.clauses}
    assert judged["A.5.1"] == "N"
    assert judged["11.1"] == "C"
    listed = CliRunner().invoke(app, ["rules", "list", "--pack", str(pack), "--clause", "A.5"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.split()[0] == "A.5.1"
    shown = CliRunner().invoke(app, ["assess", str(dossier), "--pack", str(pack), "--clause", "11", "-f", "json"])
    assert [c["key"] for c in json.loads(shown.stdout)["clauses"]] == ["11", "11.1"]


def test_a_bad_clause_key_names_what_is_allowed(tmp_path: Path) -> None:
    pack = tmp_path / "bad"
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.yaml").write_text(NUMBERED.replace('"11.1"', '"11..1"'), encoding="utf-8")
    (pack / "rules" / "r.yaml").write_text(RULES.replace('"8.5.3"', '"11"'), encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_pack(pack)
    (problem,) = info.value.problems
    assert "'11..1' is not a clause key" in str(problem)
    assert "'11'" in str(problem)  # named among the forms that are allowed


def test_every_problem_of_a_pack_in_one_run(tmp_path: Path) -> None:
    """A grade error, an unknown field and an unknown kind, in one rule and across rules: all reported at once."""
    pack = make_pack(tmp_path)
    broken = (
        RULES.replace("    grade: minor\n", "")  # N without grade (rule 2)
        .replace("      c: {kind: contract}\n", "      c: {kind: contrat}\n")  # unknown kind (rule 1)
        .replace("    judgment: NA\n", "    judgment: NA\n    severity: high\n")  # unknown field (rule 1)
        .replace("where: [{field: signed_on, op: missing}]", "where: [{field: signed, op: missing}]")  # (rule 2)
    )
    (pack / "rules" / "property.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_pack(pack)
    messages = [p.message for p in info.value.problems]
    assert any(m.startswith("unknown field 'severity'") for m in messages), messages
    assert any(m.startswith("unknown evidence kind 'contrat'") for m in messages), messages
    assert "a rule judging N needs 'grade: major' or 'grade: minor'" in messages
    assert any(m.startswith("'signed' is not a field of contract") for m in messages), messages
    assert len(messages) == 4


def test_a_bad_manifest_entry_does_not_hide_the_rules_problems(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    manifest = MANIFEST.replace('"8.5.4": {en: "Preservation", zh: "防护"}', '"8.5.4": {en: "Preservation"}')
    (pack / "pack.yaml").write_text(manifest + "owner: me\n", encoding="utf-8")
    rules = RULES.replace("c: {kind: contract}", "c: {kind: contrat}").replace('clause: "8.5.3"', 'clause: "8.5.4"', 1)
    (pack / "rules" / "property.yaml").write_text(rules, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_pack(pack)
    messages = [p.message for p in info.value.problems]
    assert any(m.startswith("unknown field 'owner'") for m in messages), messages
    assert "required field is missing" in messages  # 8.5.4's zh title
    assert any(m.startswith("unknown evidence kind 'contrat'") for m in messages), messages
    assert not any("is not in the pack's clause tree" in m for m in messages), messages  # 8.5.4 is reported once
    assert len(messages) == 3
