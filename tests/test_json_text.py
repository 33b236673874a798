"""JSON text written with encoders built once (clausewise/numbers.py: json_encoder) is exactly ``json.dumps``'s:
the dossier digest (the SHA-256 of each fact's ``json.dumps(..., sort_keys=True, default=str)`` in (kind, key)
order, in every JSON result) and the facts asserted into durable-rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from clausewise.engine.assess import dossier_digest
from clausewise.evidence.facts import Fact, dossier_facts
from clausewise.evidence.loader import load_dossier
from clausewise.numbers import durable_json

ROOT = Path(__file__).resolve().parents[1]


def _reference(facts: list[Fact]) -> str:
    h = hashlib.sha256()
    for f in sorted(facts, key=lambda f: (f.kind, f.key)):
        h.update(json.dumps([f.kind, f.key, f.values, f.source], sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def test_digest_is_the_documented_one() -> None:
    odd = Fact(
        "objective",
        "o-1",
        {"z": 1.5, "a": dt.date(2021, 3, 1), "名称": ["王伟", 'x"y'], "n": None, "b": True, "f": float("inf")},
        source="表 1",
    )
    facts = [*dossier_facts(load_dossier(ROOT / "examples" / "seed-2020")), odd, odd]
    assert dossier_digest(facts) == _reference(facts)
    assert dossier_digest(facts[:3]) == _reference(facts[:3]) != _reference(facts[:2])


def _durable_reference(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    if re.search(r"\d[eE]", text):
        return re.sub(
            r'"(?:[^"\\]|\\.)*"|(?<![\d.])(-?\d+)(?=[eE])', lambda m: m[0] if m[1] is None else m[1] + ".0", text
        )
    return text


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**15), 10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1e-05, -2.5e-07, 1e15, 0.0001, 1e16])
    | st.text(alphabet='e-+1E. "\\王', max_size=8)
)


@given(st.dictionaries(st.text(alphabet="ek-", max_size=3), _SCALARS | st.lists(_SCALARS, max_size=3), max_size=5))
def test_durable_json_is_the_documented_text(data: dict[str, Any]) -> None:
    assert durable_json(data) == _durable_reference(data)
