"""``clausewise evidence convert``: a dossier (YAML, JSON, workbook or a folder of them) into one workbook or
one YAML file, stating exactly what the source states, so both read back as the same facts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from clausewise.dossiers import load_dossier
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.model import Dossier
from clausewise.workbook.cells import plain

YAML_SUFFIXES = (".yaml", ".yml")
OUTPUT_SUFFIXES = (".xlsx", *YAML_SUFFIXES)


def convert(sources: Sequence[Path], output: Path, lang: str = "en") -> bytes | str:
    """The dossier read from ``sources`` in the format ``output``'s suffix names (.xlsx, .yaml, .yml)."""
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputErrors(
            [
                Problem(
                    Location(str(output)),
                    "cannot tell the output format from the file name",
                    expected="a name ending in " + ", ".join(OUTPUT_SUFFIXES),
                    found=suffix or "no suffix",
                )
            ]
        )
    dossier = load_dossier(list(sources))
    if suffix == ".xlsx":
        from clausewise.workbook.build import dossier_workbook

        return dossier_workbook(dossier, lang)
    return dossier_yaml(dossier)


def dossier_yaml(dossier: Dossier) -> str:
    """The dossier as one YAML document: the supplied sections, every stated field (ids included)."""
    data: dict[str, Any] = {}
    for name in Dossier.model_fields:
        value = getattr(dossier, name)
        if value is not None:
            data[name] = plain(value)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
