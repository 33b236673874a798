"""Read back a result that ``assess -f json`` wrote, so ``report`` (or a library user) can render it again.

Bad input is a user error like any other: :class:`~clausewise.errors.InputErrors` naming the file (and the
list index when the file holds several results), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from clausewise.engine.results import SCHEMA_VERSION, Assessment
from clausewise.errors import InputErrors, Location, Problem
from clausewise.fileio import DEFAULT_MAX_RESULT_BYTES, load_json, read_bytes


def load_results(path: Path, *, max_bytes: int = DEFAULT_MAX_RESULT_BYTES) -> tuple[list[Assessment], bool]:
    """The results in ``path`` (one object or a non-empty list) and whether it held one object."""
    try:
        text = read_bytes(path, max_bytes=max_bytes).decode("utf-8")
    except UnicodeDecodeError:
        _fail(str(path), "not a JSON result (not UTF-8 text)")
    data = load_json(text, str(path))
    single = isinstance(data, dict)
    items = [data] if single else data
    if not isinstance(items, list) or not items:
        _fail(str(path), "not an assessment result: expected an object or a non-empty list of objects")
    return [_result(item, str(path) if single else f"{path}[{n}]") for n, item in enumerate(items)], single


def _result(item: Any, where: str) -> Assessment:
    if not isinstance(item, dict) or "schema_version" not in item:
        _fail(where, "not an assessment result (no schema_version); write one with 'assess -f json'")
    if item["schema_version"] != SCHEMA_VERSION:
        version = item["schema_version"]
        _fail(where, f"schema_version {version!r} is not supported (this clausewise reads {SCHEMA_VERSION})")
    try:
        return Assessment.model_validate(item)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()[:5])
        _fail(where, f"not an assessment result: {problems}")


def _fail(where: str, message: str) -> NoReturn:
    raise InputErrors([Problem(Location(where), message)])
