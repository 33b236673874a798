"""Sections declared as data (``sections:`` in pack.yaml): the ISO 14001 starter pack, written only in YAML,
loads, passes its fixtures on both evaluators, judges its example dossier; a bad declaration is a located
error; and a pack's sections are in force only while that pack is used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clausewise.evidence import facts, model, sections
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


LIBRARY = Path(__file__).resolve().parent.parent / "clausewise" / "evidence" / "library"


def test_builtin_sections_are_the_libraries_in_dossier_order() -> None:
    """core and quality declare every built-in section once; `after` keeps ISO 9001's documentation order."""
    core, quality = sections.library("core"), sections.library("quality")
    assert not set(core) & set(quality)
    assert set(model.SECTIONS) >= set(core) | set(quality)
    order = list(model.SECTIONS)
    assert order.index("infrastructure") == order.index("competence_records") + 1  # quality's, placed in core's
    assert order[order.index("design_projects") + 1] == "design_changes"  # the next of the file follows it
    assert sections.library_of("people") == "core" and sections.library_of("releases") == "quality"
    assert sections.library_of("audit") is None


@pytest.mark.parametrize("name", sections.LIBRARIES)
def test_library_files_name_and_pass_their_schema(name: str) -> None:
    import jsonschema
    import yaml

    path = LIBRARY / f"{name}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    ref = next(line for line in lines if line.startswith("# yaml-language-server: $schema="))
    schema = json.loads((path.parent / ref.split("=", 1)[1]).resolve().read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load("\n".join(lines)))) == []


def test_declared_types_defaults_and_bounds() -> None:
    decl = sections.SectionDecl.model_validate(
        {
            "kind": "hazard",
            "title": {"en": "hazards", "zh": "危险源"},
            "label": {"en": "hazard", "zh": "危险源"},
            "fields": {
                "clause": {"type": "clause", "title": {"en": "Clause", "zh": "条款"}},
                "clauses": {"type": "clause_list", "title": {"en": "Clauses", "zh": "条款"}},
                "level": {
                    "type": "choice",
                    "values": {"high": {"en": "high", "zh": "高"}, "low": {"en": "low", "zh": "低"}},
                    "default": "low",
                    "title": {"en": "Level", "zh": "风险等级"},
                },
                "tags": {
                    "type": "choice_list",
                    "values": {"fire": {"en": "fire", "zh": "火灾"}},
                    "title": {"en": "Tags", "zh": "类别"},
                },
                "checked": {"type": "boolean", "default": True, "title": {"en": "Checked", "zh": "是否已检查"}},
                "months": {"type": "integer", "min": 1, "max": 24, "title": {"en": "Months", "zh": "月数"}},
            },
        }
    )
    item, _ = sections.item_model("hazards", decl)
    hazard = item.model_validate({"clause": " 8.1 ", "clauses": ["6.1.2"], "tags": ["fire"]})
    assert (hazard.clause, hazard.clauses, hazard.level, hazard.checked) == ("8.1", ["6.1.2"], "low", True)  # type: ignore[attr-defined]
    for bad in ({"months": 25}, {"months": 0}, {"level": "mid"}, {"checked": None}, {"tags": ["flood"]}):
        with pytest.raises(ValueError):
            item.model_validate(bad)
    assert item.titles["level"] == {"en": "Level", "zh": "风险等级"} and item.choices["level"]["high"]["zh"] == "高"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ({"type": "boolean", "default": "yes"}, "does not fit"),
        ({"type": "choice", "values": {"a": {"en": "a", "zh": "甲"}}, "default": "b"}, "not one of"),
        ({"type": "text", "min": 1}, "min"),
        ({"type": "date", "required": True, "default": "2020-01-01"}, "required"),
        ({"type": "choice_list"}, "values"),
    ],
)
def test_bad_field_declarations_are_refused(field: dict[str, object], expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        sections.FieldDecl.model_validate({**field, "title": {"en": "X", "zh": "甲"}})


def test_a_pack_reads_only_the_libraries_it_names(tmp_path: Path) -> None:
    pack = _copy(tmp_path)
    rule = (pack / "rules" / "6.1.2-aspects.yaml").read_text(encoding="utf-8")
    borrowed = rule.replace("kind: environmental_aspect", "kind: design_project", 1).replace(
        "- {field: significance, op: missing}", "- {field: released_on, op: missing}", 1
    )
    (pack / "rules" / "6.1.2-aspects.yaml").write_text(borrowed, encoding="utf-8")
    result = run("rules", "list", "--pack", pack)
    assert result.exit_code == 2, result.output
    assert "6.1.2-aspects.yaml:" in result.stderr and "section library 'quality'" in result.stderr
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("[core]", "[core, quality]"), encoding="utf-8")
    named = run("rules", "list", "--pack", pack)  # the rule's placeholders are still the aspect's: other errors
    assert "section library" not in named.stderr and "placeholder field 'aspect'" in named.stderr


def test_lint_notes_only_the_unread_sections_of_the_named_libraries() -> None:
    from clausewise.rules.lint import lint_pack

    pack = load_pack(PACK)
    with declared_sections(pack.manifest.sections):  # as the CLI does
        notes = [f.message for f in lint_pack(pack) if f.code == "unread-section"]
    assert len(notes) == 1 and "management_reviews" in notes[0]  # core: named, not read by the starter's rules
    assert "design_projects" not in notes[0] and "environmental_aspects" not in notes[0]  # quality; read
