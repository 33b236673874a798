"""``clausewise evidence template``: the self-assessment questionnaire, refused until its placeholders are filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors
from clausewise.evidence.model import SECTIONS, Audit, AuditPlanEntry, section_fields
from clausewise.modelwalk import declaring_model
from clausewise.questionnaire.template import evidence_template, template_sections
from clausewise.rules.loader import load_pack
from clausewise.rules.lower import lower_rule, resolve_params
from tests.helpers import all_descriptions_zh

runner = CliRunner()
PACK = load_pack("iso9001")


def _uncomment(text: str) -> str:
    """Uncomment every optional field (indented '# ' lines); header and section comments start at column 0."""
    return re.sub(r"(?m)^( +)# ", r"\1", text)


def _fill(text: str) -> str:
    """What a user does first: write a value over every placeholder ("<date>", "<organization>")."""
    return re.sub(r'"<([A-Za-z_]+)>"', r'"\1"', text.replace('"<date>"', "2025-01-15"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_placeholders_as_written_are_refused_with_their_place(tmp_path: Path, lang: str) -> None:
    """Unfilled input is not evidence: each placeholder left in is an error at its line, not a value."""
    text = evidence_template(PACK, lang=lang, all_sections=True)
    path = tmp_path / "as-written.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_dossier(path)
    problems = caught.value.problems
    lines = text.splitlines()
    assert {p.field for p in problems} >= {"audit.organization", "audit.date"}
    for p in problems:
        assert p.message == "unfilled template value" and p.location.line > 0
        assert p.found.strip("'") in lines[p.location.line - 1], p


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_validates_filled_in_and_uncommented(tmp_path: Path, lang: str) -> None:
    text = _fill(evidence_template(PACK, lang=lang, all_sections=True))
    for variant, body in (("filled", text), ("uncommented", _fill(_uncomment(text)))):
        path = tmp_path / f"{variant}.yaml"
        path.write_text(body, encoding="utf-8")
        dossier = load_dossier(path)
        assert dossier.supplied() == {"audit", *SECTIONS}, variant
        assess(dossier, PACK)  # judged without error


def test_each_section_alone_validates(tmp_path: Path) -> None:
    full = yaml.safe_load(_fill(_uncomment(evidence_template(PACK, all_sections=True))))
    for section in SECTIONS:
        path = tmp_path / f"{section}.yaml"
        path.write_text(yaml.safe_dump({"audit": full["audit"], section: full[section]}), encoding="utf-8")
        assert load_dossier(path).supplied() == {"audit", section}


def test_every_field_is_listed_with_its_meaning() -> None:
    text = evidence_template(PACK, all_sections=True)
    data = yaml.safe_load(_uncomment(text))
    for section in ("audit", *SECTIONS):
        item = data[section] if section == "audit" else data[section][0]
        assert set(item) == set(section_fields(section)), section
        for info in section_fields(section).values():
            if info.description:
                assert " ".join(info.description.split()) in text
    required = [n for n, i in section_fields("people").items() if i.is_required()]
    written = yaml.safe_load(text)["people"][0]
    assert set(required) <= set(written)
    assert "# source:" in text  # optional fields are commented out


def test_default_is_the_sections_the_rules_read() -> None:
    params = resolve_params(PACK.manifest, {})
    read = set().union(*(lower_rule(r.rule, params).sections for r in PACK.rules))
    sections = template_sections(PACK)
    assert sections[0] == "audit" and set(sections) == read | {"audit"}
    data = yaml.safe_load(evidence_template(PACK))
    assert list(data) == sections


def test_clause_filter_and_aliases() -> None:
    params = resolve_params(PACK.manifest, {})
    rules = [r.rule for r in PACK.rules if r.rule.clause.startswith("9.3")]
    expected = set().union(*(lower_rule(r, params).sections for r in rules))
    assert set(template_sections(PACK, ["9.3"])) == expected | {"audit"}
    assert template_sections(PACK, ["管理评审"]) == template_sections(PACK, ["9.3"])
    assert "management_reviews" in template_sections(PACK, ["9.3"])
    assert "design_projects" not in template_sections(PACK, ["9.3"])


def test_clause_errors() -> None:
    with pytest.raises(InputErrors, match="several clauses"):
        template_sections(PACK, ["总则"])
    with pytest.raises(InputErrors, match="no rules for clause"):
        template_sections(PACK, ["4.4.9"])


def test_chinese_comments() -> None:
    text = evidence_template(PACK, ["9.3"], lang="zh")
    assert "管理评审" in text and "必填" in text and "自评问卷" in text


def _field_line(text: str, section: str, field: str) -> str:
    """The template line of ``field`` in ``section`` (the first item's own field, not a nested one)."""
    block = text.split(f"# === {section} ", 1)[1].split("\n# === ", 1)[0]
    return next(line for line in block.splitlines() if re.match(rf" {{2,4}}(# )?(- )?{field}:", line))


def test_chinese_field_descriptions() -> None:
    zh = evidence_template(PACK, lang="zh", all_sections=True)
    en = evidence_template(PACK, lang="en", all_sections=True)
    for section, field in (
        ("management_reviews", "date"),
        ("internal_audits", "auditors"),
        ("people", "record_verdict"),
        ("suppliers", "controls"),
    ):
        english = " ".join((section_fields(section)[field].description or "").split())
        chinese = vars(declaring_model(SECTIONS[section], field))["descriptions_zh"][field]
        assert english and _field_line(zh, section, field).endswith(" · " + chinese), (section, field)
        assert _field_line(en, section, field).endswith(" · " + english), (section, field)
        assert english not in zh and chinese not in en
    nested = _field_line(zh, "audit", "plan")  # nested models are described too
    assert nested.endswith(Audit.descriptions_zh["plan"])
    assert AuditPlanEntry.descriptions_zh["escorts"] in zh
    for fields in all_descriptions_zh():  # every Chinese description is shown somewhere
        for text in fields.values():
            assert " ".join(text.split()) in zh, text


def test_cli_writes_file_that_validates_once_filled(tmp_path: Path) -> None:
    """The issue's case: the 9.3 questionnaire assessed as written gave 9.3.1 C and exit 0. Now it is exit 2,
    naming each unfilled value; filled in, it validates."""
    out = tmp_path / "questionnaire.yaml"
    result = runner.invoke(app, ["evidence", "template", "--clause", "9.3", "--lang", "zh", "--output", str(out)])
    assert result.exit_code == 0, result.output
    for command in ("validate", "assess"):
        refused = runner.invoke(app, [command, str(out)])
        assert refused.exit_code == 2, refused.output
        line = 1 + out.read_text(encoding="utf-8").splitlines().index('  organization: "<organization>"  # 文本 · 必填')
        assert f"{out}:{line}:3: audit.organization: unfilled template value" in refused.output
        assert "management_reviews[0].date: unfilled template value" in refused.output
    out.write_text(_fill(out.read_text(encoding="utf-8")), encoding="utf-8")
    check = runner.invoke(app, ["validate", str(out)])
    assert check.exit_code == 0 and check.output.startswith("ok:")
    printed = runner.invoke(app, ["evidence", "template"])
    assert printed.exit_code == 0 and printed.output.startswith("# Self-assessment questionnaire")


def test_cli_bad_clause_is_exit_2() -> None:
    result = runner.invoke(app, ["evidence", "template", "--clause", "管理评申"])
    assert result.exit_code == 2
    assert "did you mean" in result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_management_review_fields_are_described_and_inputs_list_the_pack_keys(lang: str) -> None:
    text = evidence_template(PACK, ["9.3"], lang)
    lines = {m.group(1): m.group(0) for m in re.finditer(r"(?m)^ +# (\w+): .*$", text)}
    for name in ("chaired_by", "attendees", "inputs", "outputs", "conclusion"):
        comment = lines[name].split("  # ", 1)[1]
        assert comment.count(" · ") >= 1, (name, comment)  # the type, then the meaning
    keys = resolve_params(PACK.manifest, {})["management_review_inputs"]
    for key in keys:  # each key the pack checks, with what it stands for in the comment's language
        label = PACK.manifest.labels[key].get(lang)
        assert (f"{key}（{label}）" if lang == "zh" else f"{key} ({label})") in lines["inputs"], key
    assert re.match(rf' +# inputs: \["{keys[0]}", "{keys[1]}"\]', lines["inputs"])


@pytest.mark.parametrize("clause", ["9.3", "8.3", "8", "7.1.5"])
def test_no_sample_exclusion_of_a_clause_asked_for(clause: str) -> None:
    text = _uncomment(evidence_template(PACK, [clause], all_sections=False))
    excluded = [e["clause"] for e in yaml.safe_load(text)["audit"].get("exclusions", [])]
    assert excluded, "the template shows an example exclusion"
    for key in excluded:
        assert not (key == clause or key.startswith(clause + ".") or clause.startswith(key + ".")), excluded


def test_a_placeholder_in_a_workbook_cell_is_refused_at_its_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(Path(__file__).resolve().parent.parent / "examples/workbook/manufacturer.xlsx")
    sheet = book["审核基本信息"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "苏州恒锐" in c.value)
    cell.value = "<organization>"
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:审核基本信息!{cell.coordinate}: 组织名称 (organization): unfilled template value" in result.output
