"""The built-in certification pack: the certification cycle from ISO/IEC 17021-1 (and CNCA's values), run
beside iso9001 into one report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.fixtures import run_pack_tests
from clausewise.rules.lint import lint_pack
from clausewise.rules.loader import load_pack
from clausewise.rules.model import BasisKind, Judgment
from clausewise.rules.registry import builtin_pack_path

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
MANUFACTURER = ROOT / "examples" / "manufacturer"
FIXTURE = builtin_pack_path("certification") / "tests" / "suspended-too-long.yaml"


@pytest.fixture
def suspended(tmp_path: Path) -> Path:
    """The suspended-too-long fixture as a dossier (without its expect: block)."""
    text = FIXTURE.read_text(encoding="utf-8")
    path = tmp_path / "dossier.yaml"
    path.write_text(re.sub(r"(?ms)^expect:.*?(?=^audit:)", "", text), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["certification", "certification_cnca"])
def test_the_fixtures_pass(name: str) -> None:
    report = run_pack_tests(load_pack(name))
    assert report.ok, ([r.failures for r in report.results if not r.ok], report.uncovered)


def test_every_rule_rests_on_certification_rules_and_cannot_prove_an_n() -> None:
    pack = load_pack("certification")
    for item in pack.rules:
        rule = item.rule
        assert rule.basis is not None and rule.basis.kind is BasisKind.certification, rule.id
        assert "17021-1" in rule.basis.ref, rule.id
        assert rule.judgment in (Judgment.O, Judgment.review, Judgment.NA), rule.id
    assert [str(f) for f in lint_pack(pack) if f.level != "note"] == []


def test_cnca_is_a_parameter_set_over_the_certification_pack() -> None:
    cnca, iso = load_pack("certification_cnca"), load_pack("certification")
    assert cnca.inherited is not None and cnca.inherited.base.id == "certification"
    assert {r.rule.id for r in cnca.rules} == {r.rule.id for r in iso.rules}
    assert cnca.manifest.params["surveillance_max_gap_months"].default == 15
    assert iso.manifest.params["surveillance_max_gap_months"].default == 24


def test_the_audited_standard_exclusions_do_not_reach_the_certification_clauses() -> None:
    """The manufacturer excludes ISO 9001's 8.3 (design); the certification pack's 8.3 (marks) is still judged."""
    dossier = load_dossier(MANUFACTURER)
    iso = {c.key: c.judgment for c in assess(dossier, load_pack("iso9001")).clauses}
    cert = {c.key: c.judgment for c in assess(dossier, load_pack("certification")).clauses}
    # judged, not NA; insufficient evidence rather than C because the manufacturer's certificate does not state
    # its status, which the one rule of 8.3 compares (the judgment calculus, docs/engine.md)
    assert iso["8.3"] == "NA" and cert["8.3"] == "insufficient_evidence"


def test_one_report_from_two_packs(suspended: Path) -> None:
    result = runner.invoke(
        app, ["assess", str(suspended), "--pack", "iso9001", "--pack", "certification", "-f", "json", "--fail-on", "O"]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [a["pack"]["id"] for a in data] == ["iso9001", "certification"]
    rules = {f["rule"] for f in data[1]["findings"]}
    assert {"cb-suspension-too-long", "cb-certificate-used-while-invalid"} <= rules
    table = runner.invoke(app, ["assess", str(suspended), "-p", "iso9001", "-p", "certification", "--lang", "zh"])
    assert "[iso9001 0.1.0]" in table.stdout and "[certification 0.1.0]" in table.stdout
    assert "认证自2023-10-01起已暂停或撤销" in table.stdout
    assert not re.search(r"(?<![-\w])(suspended|withdrawn)(?![-\w])", table.stdout.split("[certification 0.1.0]")[1])


def test_parameters_go_to_the_pack_that_declares_them(suspended: Path) -> None:
    args = ["assess", str(suspended), "-p", "iso9001", "-p", "certification", "-f", "json", "--fail-on", "never"]
    ok = runner.invoke(app, [*args, "--param", "suspension_max_months=12", "--param", "review_interval_months=6"])
    assert ok.exit_code == 0, ok.output
    iso, cert = json.loads(ok.stdout)
    assert cert["params"]["suspension_max_months"] == 12 and "review_interval_months" not in cert["params"]
    assert iso["params"]["review_interval_months"] == 6
    assert "cb-suspension-too-long" not in {f["rule"] for f in cert["findings"]}
    bad = runner.invoke(app, [*args, "--param", "no_such=1"])
    assert bad.exit_code == 2 and "--param no_such: no pack in use (iso9001, certification) has it" in bad.output
    audit = runner.invoke(app, [*args, "--audit", "1"])
    assert audit.exit_code == 2 and "one pack" in audit.output


def test_a_parent_with_an_na_part_and_a_conforming_part_is_conforming(tmp_path: Path) -> None:
    """A surveillance audit: 9.3 (initial certification) is NA, 9.6 is judged; 9 takes 9.6's judgment."""
    path = tmp_path / "d.yaml"
    path.write_text(
        "audit: {organization: X, date: 2024-05-20, type: surveillance, previous_audit_date: 2023-06-10,\n"
        "        certificate: {decided_on: 2023-06-20, expires_on: 2026-06-19, status: valid}}\n",
        encoding="utf-8",
    )
    judged = {c.key: c.judgment for c in assess(load_dossier(path), load_pack("certification")).clauses}
    assert judged["9.3"] == "NA" and judged["9.6.2"] == "C" and judged["9.6"] == "C" and judged["9"] == "C"
