"""The authoring kit: `rules new` scaffolds a pack that passes its tests, `rules lint` finds what misleads,
and the shipped JSON Schemas of pack files are current and check what they describe."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.fixtures import run_fixture
from clausewise.rules.lint import lint_pack
from clausewise.rules.loader import load_pack
from clausewise.rules.schemas import generate, shipped
from tests.helpers import write_pack

runner = CliRunner()


def test_shipped_schemas_are_current() -> None:
    assert shipped() == generate(), "run: python -m clausewise.rules.schemas"


def _as_json(value: Any) -> Any:
    """YAML's dates as the strings a JSON Schema describes."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def _check(schema_file: Path, document: Path) -> list[str]:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    data = _as_json(yaml.safe_load(document.read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(schema)
    return [e.message for e in validator.iter_errors(data)]


@pytest.mark.parametrize("extends", [None, "iso9001"])
def test_rules_new_scaffolds_a_pack_that_passes_test_and_lint(tmp_path: Path, extends: str | None) -> None:
    args = ["rules", "new", "acme_qms", "--into", str(tmp_path)] + (["--extends", extends] if extends else [])
    made = runner.invoke(app, args)
    assert made.exit_code == 0, made.output
    root = tmp_path / "acme_qms"
    pack = root / "acme_qms"
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["clausewise.packs"] == {"acme_qms": "acme_qms"}
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["acme_qms"]
    assert (pack / "__init__.py").is_file()
    loaded = load_pack(pack)
    assert loaded.id == "acme_qms" and (loaded.inherited is not None) == bool(extends)
    if extends is None:
        tested = runner.invoke(app, ["rules", "test", str(pack)])
        assert tested.exit_code == 0 and "2 passed, 0 failed" in tested.output, tested.output
    else:  # the overlay's run includes iso9001's 96 fixtures (tests/test_overlay.py): its own two are run here
        own = sorted((pack / "tests").glob("*.yaml"))
        assert len(own) == 2 and [run_fixture(loaded, f).failures for f in own] == [[], []]
    own = [str(f) for f in lint_pack(loaded) if f.level != "note" and f.location.file.startswith(str(pack))]
    assert own == []  # (an overlay's base rules are the base's business)
    # every YAML file names its schema, and the schema accepts it
    for document in sorted(pack.rglob("*.yaml")):
        first = document.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), document
        schema = (document.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), schema
        assert _check(schema, document) == [], document
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "already exists" in again.output


def test_rules_new_refuses_a_name_that_is_not_a_package(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "new", "Acme-QMS", "--into", str(tmp_path)])
    assert result.exit_code == 2 and "a pack name is a Python package name" in result.output
    assert not any(tmp_path.iterdir())


def test_schemas_refuse_what_the_loader_refuses(tmp_path: Path) -> None:
    schemas = Path(__file__).resolve().parents[1] / "clausewise" / "rules" / "schemas"
    bad = tmp_path / "r.yaml"
    bad.write_text("rules:\n  - {id: x, clause: '1', judgment: maybe, colour: red}\n", encoding="utf-8")
    problems = " ".join(_check(schemas / "rules.schema.json", bad))
    assert "'maybe' is not one of" in problems and "colour" in problems
    example = Path(__file__).resolve().parents[1] / "examples" / "procedure-pack" / "pack.yaml"
    assert _check(schemas / "overlay.schema.json", example) == []
    assert _check(schemas / "dossier.schema.json", example.parents[1] / "manufacturer" / "audit.yaml") == []


LINT_MANIFEST = """\
id: linted
version: 0.1.0
title: {en: "Lint", zh: "检查"}
standard: "L"
edition: "1"
params:
  days: {type: integer, default: 10, description: {en: "Days", zh: "Days"}}
clauses:
  "1": {en: "One", zh: "一"}
  "1.1": {en: "One one", zh: "一一"}
  "1.2": {en: "One two", zh: "一二"}
  "1.3": {en: "One three", zh: ""}
"""

_TEXT = """\
    title: {en: "T", zh: "标题"}
    message: {en: "M", zh: "信息"}
    remedy: {en: "R", zh: "措施"}
    basis: {kind: organization, ref: "P-1"}
"""


def _rule(rule_id: str, where: str, clause: str = "1.1", judgment: str = "N\n    grade: minor") -> str:
    return (
        f'  - id: {rule_id}\n    clause: "{clause}"\n    judgment: {judgment}\n{_TEXT}'
        f"    match:\n      c: {{kind: complaint{', where: ' + where if where else ''}}}\n"
    )


LINT_RULES = "rules:\n" + "".join(
    [
        _rule("never-present-missing", "[{field: responded_on, op: missing}, {field: responded_on, op: present}]"),
        _rule("never-two-values", "[{field: customer, op: eq, value: A}, {field: customer, op: eq, value: B}]"),
        _rule(
            "never-dates",
            "[{field: received_on, op: lt, value: 2020-01-01}, {field: received_on, op: gt, value: 2021-01-01}]",
        ),
        _rule("always", ""),
        _rule("open", "[{field: closed_on, op: missing}]", clause="1.2"),
        _rule("open-again", "[{field: closed_on, op: missing}]", clause="1.2"),
        _rule("open-unanswered", "[{field: closed_on, op: missing}, {field: responded_on, op: missing}]", "1.2"),
        _rule("fine", "[{field: justified, op: eq, value: true}, {field: customer, op: in, value: [A, B]}]", "1"),
    ]
).replace(
    '  - id: fine\n    clause: "1"\n    judgment: N\n    grade: minor\n    title: {en: "T", zh: "标题"}',
    ('  - id: fine\n    clause: "1"\n    judgment: N\n    grade: minor\n    title: {en: "T", zh: "Title"}'),
)


def test_lint_finds_what_misleads(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "linted", LINT_MANIFEST, {"r.yaml": LINT_RULES})
    found = {(f.code, f.message.split(":")[0]) for f in lint_pack(load_pack(pack))}
    for expected in [
        ("never-fires", "never-present-missing"),
        ("never-fires", "never-two-values"),
        ("never-fires", "never-dates"),
        ("always-fires", "always"),
        ("duplicate", "open-again"),
        ("overlap", "open-unanswered"),
        ("untranslated", "fine"),
        ("untranslated", "parameter days"),
        ("missing-text", "clause 1.3"),
        ("unread-section", "no rule reads the sections audit, audit_programmes, certificate_uses, changes, "),
        ("clause-without-rules", "clause 1.3 One three"),
    ]:
        assert any(code == expected[0] and text.startswith(expected[1]) for code, text in found), (expected, found)
    assert not any(text == "fine" and code != "untranslated" for code, text in found)
    assert not any(code == "never-fires" and text in ("open", "open-unanswered", "fine") for code, text in found)
    result = runner.invoke(app, ["rules", "lint", str(pack), "--no-notes"])
    assert result.exit_code == 1 and "error: [never-fires]" in result.output and "note:" not in result.output
    assert "r.yaml:2:5: error: [never-fires] never-present-missing" in result.output


def test_the_builtin_pack_has_no_lint_error() -> None:
    assert [str(f) for f in lint_pack(load_pack("iso9001")) if f.level == "error"] == []


def test_the_procedure_pack_example_names_its_schemas_and_meets_them() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "procedure-pack"
    for document in sorted(example.rglob("*.yaml")):
        first = document.read_text(encoding="utf-8").splitlines()[0]
        schema = (document.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file() and _check(schema, document) == [], document


def test_the_questionnaire_names_the_dossier_schema_which_accepts_it(tmp_path: Path) -> None:
    from clausewise.questionnaire.template import evidence_template

    text = evidence_template(load_pack("iso9001"), all_sections=True)
    modeline = next(line for line in text.splitlines() if line.startswith("# yaml-language-server: $schema="))
    schema = Path(modeline.split("=", 1)[1].removeprefix("file://"))
    assert schema.name == "dossier.schema.json" and schema.is_file()
    written = tmp_path / "questionnaire.yaml"
    written.write_text(text, encoding="utf-8")
    assert _check(schema, written) == []
