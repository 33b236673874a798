"""Fuzzing the whole tool (issue 15): dossiers and rule packs built from the models, then mutated.

Whatever the input, ``clausewise`` answers with exit 0 (no finding), 1 (findings) or 2 (a located input
error), never a traceback, within a bounded time. Dossiers start from a valid synthetic dossier
(``benchmarks/dossiergen.py``) or from a dossier built field by field from the evidence models; packs start
from the built-in pack. Mutations replace values with the edges of every type (huge and tiny numbers,
calendar ends, control characters, wrong types), delete or duplicate entries, and damage the text itself.

CI runs a few hundred examples (``CLAUSEWISE_FUZZ_EXAMPLES``: 100 per dossier test, a third of that for
packs). A longer local run:

    CLAUSEWISE_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -q -p no:cacheprovider
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausewise.evidence.model import SECTIONS, Dossier
from clausewise.modelwalk import unwrap
from clausewise.rules.registry import builtin_pack_path
from tests.helpers import run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from dossiergen import generate

EXAMPLES = int(os.environ.get("CLAUSEWISE_FUZZ_EXAMPLES", "100"))
SECONDS = 60  # bound on one command, far above the ~0.5 s one takes

EDGES: list[Any] = [
    None, "", " ", 0, -1, 10**15, 10**15 + 1, -(10**16), 1e-05, 1.5e-07, 1e16, 1e308, 2**64, 10**400,
    float("nan"), float("inf"), True, False, dt.date(1, 1, 1), dt.date(9999, 12, 31), "9999-12-31", "0001-01-01",
    "2020-02-30", "\x1b[2J\x07", "a\u202eb", "\x00", "管理评审", "x" * 5000, [], {}, [None], [[[]]], {"a": 1},
    "(a+)+$", "*", "&anchor", "NaN", ".inf", "1e999",
]  # fmt: skip
BASE = generate(40, 7)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any, how: str) -> Any:
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = value
    return data


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["replace", "replace", "replace", "delete", "duplicate"]))
        if how != "replace" and not path:
            continue
        value = draw(st.sampled_from(EDGES) | st.text(max_size=20) | st.integers() | st.floats())
        data = _set(data, path, value, how)
    return data


def _value_for(annotation: Any, draw: st.DrawFn) -> Any:
    inner, _ = unwrap(annotation)
    if inner is bool:
        return draw(st.booleans())
    if inner is int or inner is float:
        return draw(st.sampled_from([0, 1, 2.5, 1e-05, 10**15, -3]))
    if inner is dt.date:
        return draw(st.sampled_from([dt.date(2020, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31)]))
    return draw(st.sampled_from(["Li Ming", "质量部", "x", "9.3", "\x1b[8m"]))


@st.composite
def modelled(draw: st.DrawFn) -> dict[str, Any]:
    """A dossier built from the evidence models: a few sections, each item with some of its fields."""
    data: dict[str, Any] = {"audit": copy.deepcopy(BASE["audit"])}
    for name in draw(st.lists(st.sampled_from(sorted(SECTIONS)), max_size=5, unique=True)):
        model, _ = unwrap(Dossier.model_fields[name].annotation)
        item_model, _ = unwrap(model.__args__[0]) if hasattr(model, "__args__") else (model, False)
        fields = item_model.model_fields
        items = []
        for _ in range(draw(st.integers(0, 3))):
            chosen = draw(st.lists(st.sampled_from(sorted(fields)), max_size=8, unique=True))
            items.append({f: _value_for(fields[f].annotation, draw) for f in chosen})
        data[name] = items
    return data


def _dump(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return repr(data)  # still input: clausewise must refuse it cleanly


def _check(*args: object) -> None:
    started = time.monotonic()
    result = run(*args)
    elapsed = time.monotonic() - started
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-2000:], result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert elapsed < SECONDS


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(data=mutated(BASE), damage=st.none() | st.tuples(st.integers(0, 20_000), st.text(max_size=5)))
def test_fuzz_dossier(tmp_path_factory: Any, data: Any, damage: tuple[int, str] | None) -> None:
    text = _dump(data)
    if damage is not None:
        at, insert = damage
        text = text[: at % (len(text) + 1)] + insert + text[at % (len(text) + 1) :]
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "d.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates make invalid UTF-8: input too
    _check("assess", path, "-f", "json", "--fail-on", "N")
    _check("validate", path)


@FUZZ
@given(data=modelled())
def test_fuzz_dossier_from_the_models(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "d.json"
    path.write_text(_json(data), encoding="utf-8")
    _check("assess", path, "-f", "table")


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, default=str)


RULE_FILES = sorted(p.name for p in (builtin_pack_path("iso9001") / "rules").glob("*.yaml"))


@settings(
    max_examples=max(10, EXAMPLES // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(name=st.sampled_from(RULE_FILES), seed=st.integers(0, 10**6), data=st.data())
def test_fuzz_pack(tmp_path_factory: Any, name: str, seed: int, data: st.DataObject) -> None:
    pack = tmp_path_factory.mktemp("fuzz") / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    shutil.rmtree(pack / "tests")
    rules_file = pack / "rules" / name
    parsed = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
    rules_file.write_text(_dump(data.draw(mutated(parsed))), encoding="utf-8")
    dossier = tmp_path_factory.mktemp("fuzz") / "d.yaml"
    dossier.write_text(_dump(BASE), encoding="utf-8")
    _check("assess", dossier, "--pack", pack, "-f", "json", "--fail-on", "never")
