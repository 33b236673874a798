"""The dossier digest is the SHA-256 of each fact's ``json.dumps(..., sort_keys=True, default=str)`` in (kind, key)
order; the encoder built once must give exactly those bytes (the digest is in every JSON result)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from clausewise.engine.assess import dossier_digest
from clausewise.evidence.facts import Fact, dossier_facts
from clausewise.evidence.loader import load_dossier

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
        {"z": 1.5, "a": dt.date(2021, 3, 1), "名称": ["王伟", "x\"y"], "n": None, "b": True, "f": float("inf")},
        source="表 1",
    )
    facts = [*dossier_facts(load_dossier(ROOT / "examples" / "seed-2020")), odd, odd]
    assert dossier_digest(facts) == _reference(facts)
    assert dossier_digest(facts[:3]) == _reference(facts[:3]) != _reference(facts[:2])
