"""Sections declared as data (``sections:`` in pack.yaml): the ISO 14001 starter pack, written only in YAML,
loads, passes its fixtures on both evaluators, judges its example dossier; a bad declaration is a located
error; and a pack's sections are in force only while that pack is used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clausewise.evidence import facts, model
from clausewise.evidence.sections import declared_sections
from clausewise.rules.loader import load_pack
from tests.helpers import run

PACK = Path(__file__).resolve().parent.parent / "examples" / "iso14001"


def test_starter_pack_passes_its_fixtures() -> None:
    result = run("rules", "test", PACK)
    assert result.exit_code == 0, result.output
    assert "7 passed, 0 failed" in result.output


def test_starter_pack_judges_its_example(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("assess", PACK / "dossier", "--pack", PACK, "--format", "json", "--output", out)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    fired = {f["rule"] for f in report["findings"]}
    assert {"env-significant-aspect-no-action", "env-obligation-never-evaluated"} <= fired
    assert "env-obligation-evaluation-overdue" not in fired  # ob-air states its own 12-month frequency


def test_questionnaire_asks_for_declared_sections() -> None:
    result = run("evidence", "template", "--pack", PACK)
    assert result.exit_code == 0, result.output
    assert "environmental_aspects:" in result.output and "# significance:" in result.output
    assert "环境因素" in result.output


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "iso14001"
    shutil.copytree(PACK, dest)
    return dest


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("        type: choice\n", "        type: text\n", "choice"),  # values on a text field
        ("        type: date\n", "        type: colour\n", "type"),
        (
            "  environmental_aspects:\n    kind: environmental_aspect\n",
            "  people:\n    kind: environmental_aspect\n",
            "people",
        ),
    ],
)
def test_bad_declaration_is_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    pack = _copy(tmp_path)
    manifest = pack / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("rules", "test", pack)
    assert result.exit_code == 2, result.output
    assert f"{manifest}:" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.output


def test_typo_in_a_declared_section_is_located(tmp_path: Path) -> None:
    dossier = tmp_path / "d.yaml"
    source = (PACK / "dossier" / "audit.yaml").read_text(encoding="utf-8")
    dossier.write_text(source.replace("significance: not_significant", "signifcance: not_significant"), "utf-8")
    result = run("assess", dossier, "--pack", PACK)
    assert result.exit_code == 2, result.output
    assert f"{dossier}:14:" in result.stderr and "signifcance" in result.stderr


def test_sections_are_in_force_only_inside_the_block() -> None:
    before = (set(model.SECTIONS), set(facts.KINDS), set(model.Dossier.model_fields))
    pack = load_pack(PACK)
    with declared_sections(pack.manifest.sections):
        assert "environmental_aspects" in model.SECTIONS and "compliance_evaluation" in facts.KINDS
        assert facts.KINDS["compliance_evaluation"].parent == "compliance_obligation"
        dossier = model.Dossier.model_validate({"environmental_aspects": [{"activity": "喷漆", "aspect": "VOC"}]})
        assert [name for name, _ in dossier.items()] == ["environmental_aspects"]
    assert (set(model.SECTIONS), set(facts.KINDS), set(model.Dossier.model_fields)) == before
    with pytest.raises(ValueError, match="environmental_aspects"):
        model.Dossier.model_validate({"environmental_aspects": []})  # without the pack it is an unknown section


def test_iso9001_does_not_know_the_starter_sections(tmp_path: Path) -> None:
    result = run("assess", PACK / "dossier", "--pack", "iso9001")
    assert result.exit_code == 2 and "environmental_aspects" in result.stderr


OVERLAY = """\
id: plant_waste
version: 0.1.0
extends: {base}
title: {{en: "Plant waste procedure", zh: "工厂废物管理程序"}}
sections:
  waste_transfers:
    kind: waste_transfer
    title: {{en: "hazardous waste transfers", zh: "危险废物转移"}}
    label: {{en: "waste transfer", zh: "危险废物转移"}}
    unit_zh: "次"
    fields:
      manifest_number:
        type: text
        title: {{en: "Transfer manifest", zh: "转移联单编号"}}
        description: {{en: "The number of the transfer manifest.", zh: "危险废物转移联单的编号。"}}
"""

OVERLAY_RULE = """\
rules:
  - id: waste-transfer-no-manifest
    clause: "9.1.2"
    judgment: O
    basis: {kind: organization, ref: "WI-ENV-07 4.2"}
    title: {en: "Waste transfer without a manifest", zh: "危险废物转移无转移联单"}
    message: {en: "A transfer has no manifest number.", zh: "该次危险废物转移未记录转移联单编号。"}
    remedy: {en: "Record the manifest number.", zh: "记录转移联单编号。"}
    match:
      t:
        kind: waste_transfer
        where:
          - {field: manifest_number, op: missing}
"""

OVERLAY_FIXTURE = """\
expect:
  fires: [waste-transfer-no-manifest]
audit: {organization: "常州某涂装有限公司", date: 2026-06-10, type: internal}
waste_transfers:
  - {id: wt-1, manifest_number: null}
"""

OVERLAY_SILENT = """\
expect:
  silent: [waste-transfer-no-manifest]
audit: {organization: "常州某涂装有限公司", date: 2026-06-10, type: internal}
waste_transfers:
  - {id: wt-1, manifest_number: "3204-2026-0117"}
"""


def test_an_overlay_adds_sections_to_its_base(tmp_path: Path) -> None:
    pack = tmp_path / "plant_waste"
    (pack / "rules").mkdir(parents=True)
    (pack / "tests").mkdir()
    (pack / "pack.yaml").write_text(OVERLAY.format(base=PACK), encoding="utf-8")
    (pack / "rules" / "waste.yaml").write_text(OVERLAY_RULE, encoding="utf-8")
    (pack / "tests" / "fires.yaml").write_text(OVERLAY_FIXTURE, encoding="utf-8")
    (pack / "tests" / "silent.yaml").write_text(OVERLAY_SILENT, encoding="utf-8")
    result = run("rules", "test", pack)
    assert result.exit_code == 0, result.output
    assert "9 passed, 0 failed" in result.output  # its own 2 and the base's 7


def test_workbook_questionnaire_has_sheets_for_declared_sections(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "q.xlsx"
    result = run("evidence", "template", "--pack", PACK, "--format", "xlsx", "--lang", "zh", "--output", out)
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(out).sheetnames
    assert {"环境因素", "合规义务", "合规义务 - 合规性评价"} <= set(names)
