"""The published JSON Schema of ``assess -f json`` output, shipped as package data.

The schema is generated from the pydantic models in :mod:`clausewise.engine.results` and committed as
``clausewise/reports/schemas/assessment-v<SCHEMA_VERSION>.schema.json``, so consumers can validate results
without running Python and reviewers see every change to the output format in a diff. A test fails when the
committed file and the models disagree; regenerate it with::

    python -m clausewise.reports.schema
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from clausewise.engine.results import SCHEMA_VERSION, Assessment

SCHEMA_FILE = f"assessment-v{SCHEMA_VERSION}.schema.json"
"""Name of the shipped schema file; the major version is part of the name and of ``$id``."""

SCHEMA_ID = f"urn:clausewise:schema:assessment:v{SCHEMA_VERSION}"
"""``$id`` of the schema: an identifier, not a download location (the file ships in the package)."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

REGENERATE = "python -m clausewise.reports.schema"
"""The command that rewrites the committed schema file from the models."""

# Descriptions the models cannot carry without touching them: what a consumer comparing runs relies on.
_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("Finding", "id"): "Stable id 'rule#digest': the rule and the dossier ids of the facts it matched. The same "
    "rule over the same facts has the same id in every run, whatever the file layout, line numbers or order.",
    ("Gap", "id"): "Stable id 'rule#digest': the rule, what is missing (sections or fields) and the facts involved.",
    ("Finding", "rule"): "Rule id, stable across pack versions unless the pack renames the rule.",
    ("Gap", "rule"): "Rule id, stable across pack versions unless the pack renames the rule.",
    ("ClauseResult", "key"): "Clause number in the pack's tree (e.g. '8.5.1'); stable.",
    ("ClauseResult", "findings"): "Indexes into the top-level 'findings' list (this clause's own rules).",
    ("ClauseResult", "gaps"): "Indexes into the top-level 'gaps' list (this clause's own rules).",
}


def generate_schema() -> dict[str, Any]:
    """The schema as the current models define it (draft 2020-12, with ``$id`` and the schema version)."""
    body = Assessment.model_json_schema(mode="validation")
    for (model, field), text in _DESCRIPTIONS.items():
        body["$defs"][model]["properties"][field]["description"] = text
    props = body["properties"]
    props["schema_version"] = {
        "const": SCHEMA_VERSION,
        "description": "Major version of this format. Additive changes keep it; renames and removals bump it.",
    }
    body["required"] = ["schema_version", *[r for r in body["required"] if r != "schema_version"]]
    title = body.pop("title", "Assessment")
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": title,
        "description": f"clausewise assessment result, schema version {SCHEMA_VERSION}: what 'clausewise assess "
        "--format json' writes for one dossier (several dossiers: a JSON array of these objects), and what "
        "'clausewise report' reads back.",
        **body,
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    """Serialised exactly as the committed file is: two-space indent, UTF-8, final newline."""
    return json.dumps(generate_schema() if schema is None else schema, indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The schema file installed with the package (what ``clausewise schema`` prints)."""
    return resources.files("clausewise.reports").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")


def shipped_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shipped_schema_text())
    return data


def source_path() -> Path:
    """Where the schema file lives in a source checkout (what :func:`main` rewrites)."""
    return Path(__file__).resolve().parent / "schemas" / SCHEMA_FILE


def main(argv: list[str] | None = None) -> int:
    """Rewrite the committed schema file from the models; ``--check`` only reports whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    path = source_path()
    text = schema_text()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in args:
        if current == text:
            print(f"{path}: up to date")
            return 0
        print(f"{path}: differs from the models; run: {REGENERATE}", file=sys.stderr)
        return 1
    if current != text:
        from clausewise.reports.atomic import write_atomic

        write_atomic(path, text)
        print(f"wrote {path}")
    else:
        print(f"{path}: up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
