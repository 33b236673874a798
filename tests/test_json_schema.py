"""The published JSON Schema: shipped in the package, current with the models, accepted by every real result
and refusing broken ones; finding and gap ids are stable, so two runs can be compared."""

from __future__ import annotations

import copy
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import evaluated_by, run
from referencing import Registry, Resource

from clausewise.engine.results import SCHEMA_VERSION
from clausewise.reports import schema as schema_mod
from clausewise.reports.schema import REGENERATE, SCHEMA_ID, generate_schema, schema_text, shipped_schema_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["seed-2020", "manufacturer", "service-company"]


@cache
def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shipped_schema_text())
    return data


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(shipped(), format_checker=jsonschema.FormatChecker())


def errors(instance: Any) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator().iter_errors(instance)]


@cache
def result_json(name: str, evaluator: str = "durable") -> str:
    """What ``clausewise assess examples/NAME -f json`` prints."""
    with evaluated_by(evaluator):
        done = run("assess", ROOT / "examples" / name, "-f", "json", "--fail-on", "never", "--evaluator", evaluator)
    assert done.exit_code == 0, done.output
    return done.stdout


def ids(result: dict[str, Any]) -> tuple[list[str], list[str]]:
    return [f["id"] for f in result["findings"]], [g["id"] for g in result["gaps"]]


# --- the file ---------------------------------------------------------------------------------------------------


def test_committed_schema_matches_the_models() -> None:
    assert shipped_schema_text() == schema_text(), (
        f"clausewise/reports/schemas/{schema_mod.SCHEMA_FILE} is out of date with clausewise/engine/results.py; "
        f"regenerate it with: {REGENERATE} (and review the diff: a rename or removal must bump SCHEMA_VERSION)"
    )


def test_schema_is_draft_2020_12_with_a_versioned_id() -> None:
    s = shipped()
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] == SCHEMA_ID and s["$id"].endswith(f":v{SCHEMA_VERSION}")
    assert f"assessment-v{SCHEMA_VERSION}.schema.json" == schema_mod.SCHEMA_FILE
    assert s["title"] and f"schema version {SCHEMA_VERSION}" in s["description"]
    assert s["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert "schema_version" in s["required"]
    assert "stable" in s["$defs"]["Finding"]["properties"]["id"]["description"].lower()


def test_regenerate_command_rewrites_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / schema_mod.SCHEMA_FILE
    target.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(schema_mod, "source_path", lambda: target)
    assert schema_mod.main(["--check"]) == 1
    assert schema_mod.main([]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert schema_mod.main(["--check"]) == 0


def test_cli_schema_prints_the_shipped_file(tmp_path: Path) -> None:
    done = run("schema")
    assert done.exit_code == 0
    assert done.stdout == shipped_schema_text()
    out = tmp_path / "schema.json"
    assert run("schema", "--output", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == shipped_schema_text()


# --- real results validate ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_validates(name: str, evaluator: str) -> None:
    result = json.loads(result_json(name, evaluator))
    assert errors(result) == []
    assert result["findings"] or result["gaps"]


def test_a_list_of_several_dossiers_validates_item_by_item(tmp_path: Path) -> None:
    done = run("assess", *(ROOT / "examples" / n for n in EXAMPLES), "-f", "json", "--fail-on", "never")
    results = json.loads(done.stdout)
    assert isinstance(results, list) and len(results) == 3
    for item in results:
        assert errors(item) == []
    # the same check as one schema for the whole file, referring to the shipped one by its $id
    registry: Registry[Any] = Registry().with_resource(SCHEMA_ID, Resource.from_contents(shipped()))
    listing = {"$schema": shipped()["$schema"], "type": "array", "items": {"$ref": SCHEMA_ID}}
    jsonschema.Draft202012Validator(listing, registry=registry).validate(results)
    results[1]["clauses"][0]["judgment"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(listing, registry=registry).validate(results)


def test_every_example_dossier_in_the_pack_tests_validates() -> None:
    """The pack's fixture dossiers exercise rules the examples do not (NA, O, major N)."""
    from clausewise.engine.assess import assess
    from clausewise.evidence.loader import merge, validate_document
    from clausewise.fixtures import load_fixture
    from clausewise.rules.loader import load_pack
    from clausewise.rules.registry import builtin_pack_path

    pack = load_pack("iso9001")
    seen: set[str] = set()
    paths = sorted((builtin_pack_path("iso9001") / "tests").glob("*.yaml"))
    assert len(paths) > 5
    for path in paths:
        expectation, located = load_fixture(path)
        part = validate_document(located, [])
        assert part is not None, path
        dossier = merge([(located, part)])
        result = assess(dossier, pack, params=expectation.params, as_of=expectation.as_of).model_dump(mode="json")
        assert errors(result) == [], path
        seen |= {f["judgment"] for f in result["findings"]} | {f["grade"] for f in result["findings"]}
    assert {"N", "O", "review", "NA", "major", "minor"} <= seen


# --- broken results do not ----------------------------------------------------------------------------------------


def _set(path: str, value: Any) -> Any:
    def mutate(doc: dict[str, Any]) -> None:
        *head, last = path.split("/")
        node: Any = doc
        for part in head:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return mutate


_DELETE = object()

MUTATIONS = {
    "unknown clause judgment": _set("clauses/0/judgment", "probably fine"),
    "unknown finding judgment": _set("findings/0/judgment", "X"),
    "unknown grade": _set("findings/0/grade", "catastrophic"),
    "finding without id": _set("findings/0/id", _DELETE),
    "gap without rule": _set("gaps/0/rule", _DELETE),
    "clause without key": _set("clauses/0/key", _DELETE),
    "no pack": _set("pack", _DELETE),
    "extra top-level field": _set("verdict", "pass"),
    "extra finding field": _set("findings/0/severity", 3),
    "title without Chinese": _set("findings/0/title/zh", _DELETE),
    "schema_version 3": _set("schema_version", 3),
    "no schema_version": _set("schema_version", _DELETE),
    "line as text": _set("findings/0/evidence/0/line", "82"),
    "findings not a list": _set("findings", {}),
    "checked count as text": _set("clauses/1/checked/context_issues", "6"),
    "address as a list": _set("dossier/registered_address", ["北京"]),
    "top management as text": _set("dossier/top_management", "段进生"),
}


@pytest.mark.parametrize("what", list(MUTATIONS))
def test_a_broken_result_fails_validation(what: str) -> None:
    result = json.loads(result_json("seed-2020"))
    assert errors(result) == []
    broken = copy.deepcopy(result)
    MUTATIONS[what](broken)
    assert errors(broken) != [], f"{what}: accepted"


def test_a_result_written_before_the_auditee_fields_and_checked_validates() -> None:
    """Additive fields keep schema version 1: a result without them is still valid, and loads with defaults."""
    from clausewise.engine.results import Assessment

    result = json.loads(result_json("seed-2020"))
    assert result["clauses"][1]["key"] == "4.1" and result["clauses"][1]["checked"] == {"context_issues": 6}
    assert result["dossier"]["scope"] == "基础软件服务" and result["dossier"]["top_management"] == ["段进生"]
    old = copy.deepcopy(result)
    for name in ("scope", "standard", "edition", "sites", "registered_address", "office_address"):
        del old["dossier"][name]
    for name in ("business_address", "top_management", "management_representative"):
        del old["dossier"][name]
    for clause in old["clauses"]:
        del clause["checked"]
    assert errors(old) == []
    loaded = Assessment.model_validate(old)
    assert loaded.dossier.scope is None and loaded.dossier.top_management == []
    assert all(c.checked is None for c in loaded.clauses)


# --- stable ids ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_ids_are_unique_and_identical_across_runs_and_evaluators(name: str) -> None:
    first = json.loads(result_json(name))
    findings, gaps = ids(first)
    assert len(set(findings)) == len(findings) and len(set(gaps)) == len(gaps)
    assert all(i.startswith(f["rule"] + "#") for i, f in zip(findings, first["findings"], strict=True))
    again = run("assess", ROOT / "examples" / name, "-f", "json", "--fail-on", "never")
    assert ids(json.loads(again.stdout)) == (findings, gaps)
    assert ids(json.loads(result_json(name, "reference"))) == (findings, gaps)
    assert [c["key"] for c in first["clauses"]] == [c["key"] for c in json.loads(again.stdout)["clauses"]]


def test_an_unrelated_new_item_leaves_the_other_ids_alone(tmp_path: Path) -> None:
    """A new document at the top of documents.yaml shifts every line below it; no existing id changes."""
    copied = tmp_path / "seed"
    shutil.copytree(ROOT / "examples" / "seed-2020", copied)
    docs = copied / "documents.yaml"
    text = docs.read_text(encoding="utf-8")
    assert text.count("\ndocuments:\n") == 1
    added = '  - id: doc-canteen-menu\n    title: "Canteen menu"\n    type: record\n\n'
    docs.write_text(text.replace("\ndocuments:\n", "\ndocuments:\n" + added, 1), encoding="utf-8")

    before = json.loads(result_json("seed-2020"))
    after_run = run("assess", copied, "-f", "json", "--fail-on", "never")
    assert after_run.exit_code == 0, after_run.output
    after = json.loads(after_run.stdout)
    assert errors(after) == []
    assert before["dossier"]["digest"] != after["dossier"]["digest"]
    old = {x["id"]: x for x in before["findings"] + before["gaps"]}
    new = {x["id"]: x for x in after["findings"] + after["gaps"]}
    assert set(old) <= set(new)
    # what is new is about the new document only
    for key in set(new) - set(old):
        assert any(e["id"] == "doc-canteen-menu" for e in new[key]["evidence"]), key
    # the evidence moved (line numbers) but kept its id
    moved = [k for k, x in old.items() if any(e.get("file", "").endswith("documents.yaml") for e in x["evidence"])]
    assert moved
    for key in moved:
        assert [e["line"] for e in old[key]["evidence"]] != [e["line"] for e in new[key]["evidence"]]


def test_ids_change_when_the_facts_behind_a_finding_change(tmp_path: Path) -> None:
    """Ids are not constant per rule: a finding on another record gets another id."""
    copied = tmp_path / "seed"
    shutil.copytree(ROOT / "examples" / "seed-2020", copied)
    ops = copied / "operation.yaml"
    text = ops.read_text(encoding="utf-8")
    assert "sr-binuoliya-2020-08-10" in text
    ops.write_text(text.replace("sr-binuoliya-2020-08-10", "sr-binuoliya-renamed"), encoding="utf-8")
    seed = json.loads(result_json("seed-2020"))
    before = {f["rule"]: f["id"] for f in seed["findings"] if f["judgment"] in ("N", "O")}
    after_run = run("assess", copied, "-f", "json", "--fail-on", "never")
    after = {f["rule"]: f["id"] for f in json.loads(after_run.stdout)["findings"] if f["judgment"] in ("N", "O")}
    assert set(before) == set(after)
    changed = {rule for rule in before if before[rule] != after[rule]}
    assert changed == {"sr-signed-by-other"}


def test_the_schema_generator_is_deterministic() -> None:
    assert generate_schema() == generate_schema()
    assert schema_text() == schema_text(generate_schema())


def test_the_comparison_script_in_the_docs_reports_new_and_resolved_findings(tmp_path: Path) -> None:
    """docs/json-output.md's Python example, run on two real results (a renamed record, a new document)."""
    import re
    import subprocess
    import sys

    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    (script,) = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "before, after = load" in b]
    (tmp_path / "compare.py").write_text(script, encoding="utf-8")
    copied = tmp_path / "seed"
    shutil.copytree(ROOT / "examples" / "seed-2020", copied)
    ops = copied / "operation.yaml"
    ops.write_text(ops.read_text(encoding="utf-8").replace("sr-binuoliya-2020-08-10", "sr-0810"), encoding="utf-8")
    (tmp_path / "before.json").write_text(result_json("seed-2020"), encoding="utf-8")
    after = run("assess", copied, "-f", "json", "-o", tmp_path / "after.json", "--fail-on", "never")
    assert after.exit_code == 0
    out = subprocess.run(
        [sys.executable, "compare.py", "before.json", "after.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert sorted(line.split()[0] for line in out) == ["new", "new", "resolved", "resolved"]
    assert any(line.startswith("new") and "sr-signed-by-other#" in line for line in out)
