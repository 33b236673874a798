"""Overlay packs: ``extends: iso9001`` with changed defaults, rules switched off with a reason, rules and clauses
added, titles reworded; ``rules test`` of an overlay runs the base's fixtures too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.clauses import normalize_clause
from clausewise.cli.app import app
from clausewise.errors import InputErrors
from clausewise.fixtures import fixture_plan, run_pack_tests
from clausewise.packtree import clause_trees
from clausewise.rules.loader import load_pack
from tests.helpers import write_pack

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "procedure-pack"


def test_the_procedure_pack_changes_only_what_it_says() -> None:
    base, pack = load_pack("iso9001"), load_pack(EXAMPLE)
    assert pack.id == "acme_procedures" and pack.manifest.standard == base.manifest.standard
    ids = {r.rule.id for r in pack.rules}
    assert ids == ({r.rule.id for r in base.rules} - {"cmp-not-closed"}) | {"acme-complaint-not-closed-in-time"}
    assert pack.manifest.params["review_interval_months"].default == 6
    assert base.manifest.params["review_interval_months"].default == 12
    assert pack.manifest.params["complaint_closure_days"].default == 30
    retitled = pack.rule("cmp-no-response")
    assert retitled is not None and "QP-8.2" in retitled.rule.title.zh
    assert retitled.rule.match == base.rule("cmp-no-response").rule.match  # type: ignore[union-attr]
    assert pack.inherited is not None and "QP-8.2" in pack.inherited.disabled["cmp-not-closed"].zh
    assert pack.digest != base.digest


def test_rules_test_of_an_overlay_runs_the_base_fixtures_too() -> None:
    result = runner.invoke(app, ["rules", "test", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    base_fixtures = len(load_pack("iso9001").fixtures)
    assert result.output.count("ok   [iso9001] ") == base_fixtures
    assert f"{base_fixtures} fixtures of the base pack(s) run against acme_procedures" in result.output
    assert f"{base_fixtures + 3} passed, 0 failed" in result.output


def test_rules_list_shows_what_the_overlay_switched_off() -> None:
    result = runner.invoke(app, ["rules", "list", "--pack", str(EXAMPLE), "--clause", "8.2.1", "--lang", "zh"])
    assert result.exit_code == 0
    assert "off" in result.output and "cmp-not-closed" in result.output and "QP-8.2 规定了投诉关闭期限" in result.output


def _overlay(root: Path, manifest: str, rules: str | None = None, name: str = "ov") -> Path:
    return write_pack(root / name, manifest, {} if rules is None else {"r.yaml": rules})


HEAD = """\
id: ov
version: 0.1.0
extends: iso9001
title: {en: "Overlay", zh: "叠加"}
"""

ADDED_RULE = """\
rules:
  - id: ov-design-owner
    clause: 设计和开发输出的审批
    judgment: O
    basis: {kind: organization, ref: "P-1"}
    title: {en: "Design output not approved by the chief engineer", zh: "设计输出未经总工程师批准"}
    message: {en: "Project '{p.name}' has no approval.", zh: "项目“{p.name}”无批准。"}
    remedy: {en: "Supply the approval.", zh: "提供批准记录。"}
    match:
      p: {kind: design_project, where: [{field: name, op: present}]}
"""


def test_every_mistake_of_an_overlay_is_located_in_one_run(tmp_path: Path) -> None:
    manifest = HEAD + (
        "defaults: {no_such_param: 3, review_interval_months: soon}\n"
        "params:\n"
        "  review_interval_months: {type: integer, default: 3, description: {en: x, zh: x}}\n"
        "disable: {no-such-rule: {en: gone, zh: 无}}\n"
        "retitle: {also-missing: {en: x, zh: x}}\n"
    )
    rules = ADDED_RULE.replace("ov-design-owner", "cmp-no-response").replace(
        "clause: 设计和开发输出的审批", 'clause: "8.3"'
    )
    folder = _overlay(tmp_path, manifest, rules)
    with pytest.raises(InputErrors) as info:
        load_pack(folder)
    text = str(info.value)
    assert "pack.yaml:5:" in text and "the base has no parameter 'no_such_param'" in text
    assert "parameter 'review_interval_months': expected a whole number" in text
    assert "pack.yaml:7:" in text and "already declares parameter 'review_interval_months'" in text
    assert "the base pack iso9001 has no rule 'no-such-rule'" in text
    assert "the base pack iso9001 has no rule 'also-missing'" in text
    assert "r.yaml:2:" in text and "rule id 'cmp-no-response' is the base's" in text
    result = runner.invoke(app, ["rules", "list", "--pack", str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_clauses_added_and_reworded_and_rules_on_them(tmp_path: Path) -> None:
    manifest = HEAD + (
        "clauses:\n"
        '  "8.3.5": {en: "Design release by the chief engineer", zh: "设计输出的总工程师审批"}\n'
        '  "8.3.5.z": {en: "Chief engineer sign-off", zh: "总工程师签字"}\n'
        "disable: {dd-outputs-review: {en: covered by ov-design-owner, zh: 由 ov-design-owner 判定}}\n"
    )
    folder = _overlay(tmp_path, manifest, ADDED_RULE.replace("设计和开发输出的审批", "总工程师签字"))
    pack = load_pack(folder)
    assert pack.rule("ov-design-owner").rule.clause == "8.3.5.z"  # type: ignore[union-attr]
    assert pack.manifest.clauses["8.3.5"].zh == "设计输出的总工程师审批"
    with clause_trees(pack.tree):
        assert normalize_clause("设计输出的总工程师审批") == "8.3.5"
        assert normalize_clause("设计和开发输出") == "8.3.5"  # the base's title stays a name of the clause
    report = run_pack_tests(pack)
    assert not report.ok  # the added rule has no fixture of its own, and that is what is said
    assert "rule 'ov-design-owner' has no fixture where it fires (expect.fires)" in report.uncovered
    assert all(r.ok for r in report.results), [r.failures for r in report.results if not r.ok]


def test_overlays_stack_and_cycles_are_refused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "procedure-pack")
    second = HEAD.replace("extends: iso9001", "extends: ../procedure-pack").replace("id: ov", "id: site_b")
    folder = _overlay(tmp_path, second + "disable: {comm-none: {en: one site only, zh: 仅一个场所}}\n")
    pack = load_pack(folder)
    assert pack.inherited is not None
    assert set(pack.inherited.all_disabled()) == {"comm-none", "cmp-not-closed"}
    assert [p.id for p in pack.inherited.chain()] == ["acme_procedures", "iso9001"]
    assert pack.manifest.params["review_interval_months"].default == 6
    origins = [how.origin for _, how in fixture_plan(pack) if how is not None]
    assert origins.count("acme_procedures") == 3 and origins.count("iso9001") == len(load_pack("iso9001").fixtures)
    a = _overlay(tmp_path, HEAD.replace("extends: iso9001", "extends: ../b"), name="a")
    _overlay(tmp_path, HEAD.replace("extends: iso9001", "extends: ../a"), name="b")
    with pytest.raises(InputErrors, match="goes round in a circle"):
        load_pack(a)


def test_the_manufacturer_assessed_with_the_procedure_pack() -> None:
    """examples/procedure-pack/README.md: QP-9.3's six months make the manufacturer's review gap a finding."""
    from clausewise.dossiers import load_dossier
    from clausewise.engine.assess import assess

    dossier = load_dossier(EXAMPLE.parent / "manufacturer")
    plain = assess(dossier, load_pack("iso9001"))
    company = assess(dossier, load_pack(EXAMPLE))
    assert "mr-gap-between-reviews" not in {f.rule for f in plain.findings}
    assert "mr-gap-between-reviews" in {f.rule for f in company.findings}
    assert company.pack.id == "acme_procedures" and company.params["review_interval_months"] == 6
