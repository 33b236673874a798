"""JSON Schemas of the files a pack author writes, shipped as package data so editors complete and check them.

``pack.yaml`` (a pack, or an overlay), ``rules/*.yaml``, fixtures ``tests/*.yaml`` (a dossier with ``expect:``)
and dossiers are described by the pydantic models that read them; this module writes those models' schemas
to ``clausewise/rules/schemas/`` (committed: a test fails when they are stale). The scaffold
(``clausewise rules new``) copies them into the new pack and names them on each file's first line::

    # yaml-language-server: $schema=../.schemas/rules.schema.json

Regenerate with ``python -m clausewise.rules.schemas``.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, create_model

DIALECT = "https://json-schema.org/draft/2020-12/schema"
REGENERATE = "python -m clausewise.rules.schemas"


def _models() -> dict[str, tuple[type[BaseModel], str]]:
    """File name -> (model, what the file is); imported here so ``import clausewise.rules.schemas`` is cheap."""
    from clausewise.evidence.model import Dossier
    from clausewise.evidence.sections import SectionLibrary
    from clausewise.rules.model import Expectation, Manifest, RuleFile
    from clausewise.rules.overlay import OverlayManifest

    fixture = create_model(
        "Fixture",
        __base__=Dossier,
        expect=(Expectation, Field(description="What the fixture must produce (docs/rule-format.md#fixtures).")),
    )
    return {
        "pack.schema.json": (Manifest, "pack.yaml of a clausewise rule pack"),
        "overlay.schema.json": (OverlayManifest, "pack.yaml of a clausewise overlay pack (extends: a base pack)"),
        "rules.schema.json": (RuleFile, "a rule file (rules/*.yaml) of a clausewise rule pack"),
        "fixture.schema.json": (fixture, "a fixture dossier (tests/*.yaml) of a clausewise rule pack"),
        "dossier.schema.json": (Dossier, "a clausewise evidence dossier (or one file of a dossier folder)"),
        "sections.schema.json": (SectionLibrary, "a built-in section library of clausewise (evidence/library/*.yaml)"),
    }


def generate() -> dict[str, str]:
    """File name -> schema text (two-space indent, UTF-8, final newline), as the current models define them."""
    out: dict[str, str] = {}
    for name, (model, what) in _models().items():
        body: dict[str, Any] = model.model_json_schema(mode="validation")
        body.pop("title", None)
        schema = {
            "$schema": DIALECT,
            "$id": f"urn:clausewise:schema:{name.removesuffix('.schema.json')}",
            "title": what,
            **body,
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def shipped() -> dict[str, str]:
    """File name -> text of the schema files installed with the package."""
    folder = resources.files("clausewise.rules").joinpath("schemas")
    return {
        f.name: f.read_text(encoding="utf-8")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".schema.json")
    }


def schema_uri(name: str) -> str:
    """A ``file:`` URI of an installed schema (``dossier.schema.json``), for a modeline in generated files."""
    return Path(str(resources.files("clausewise.rules").joinpath("schemas", name))).resolve().as_uri()


def source_dir() -> Path:
    return Path(__file__).resolve().parent / "schemas"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the committed schemas from the models; ``--check`` only says whether they are current."""
    args = sys.argv[1:] if argv is None else argv
    stale = 0
    for name, text in generate().items():
        path = source_dir() / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale += 1
        if "--check" in args:
            print(f"{path}: differs from the models; run: {REGENERATE}", file=sys.stderr)
            continue
        path.write_text(text, encoding="utf-8")  # a source file of the checkout, rewritten by a developer
        print(f"wrote {path}")
    return 1 if stale and "--check" in args else 0


if __name__ == "__main__":
    raise SystemExit(main())
