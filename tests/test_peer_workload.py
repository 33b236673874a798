"""The benchmark's peer workload (benchmarks/peers.py) compares like with like: the five rules as a clausewise pack
find exactly what the one-pass Python baseline finds, on YAML and on JSON, and CLIPS agrees when clipspy is there."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.rules.loader import load_pack

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import peergen  # noqa: E402
import peers  # noqa: E402


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], Path, Path]:
    data = peergen.generate(1500, seed=7)
    folder = tmp_path_factory.mktemp("peers")
    peergen.write(folder / "d.yaml", data)
    peergen.write(folder / "d.json", data)
    return data, folder / "d.yaml", folder / "d.json"


@pytest.mark.parametrize("fmt", [1, 2])
def test_the_pack_finds_what_the_baseline_finds(dossier: tuple[dict[str, object], Path, Path], fmt: int) -> None:
    data, *paths = dossier
    result = assess(load_dossier(paths[fmt - 1]), load_pack(str(peers.PACK)))
    assert result.dossier.facts == 1500
    names = {v: k for k, v in peers.RULES.items()}
    found = dict(Counter(names[f.rule] for f in result.findings))
    expected = peers.baseline(peergen.peer_facts(data))  # type: ignore[arg-type]
    assert found == expected
    assert set(expected) == set(peers.RULES)  # every rule fires: the workload exercises all five
    assert not result.gaps


def test_clips_agrees(dossier: tuple[dict[str, object], Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("clips")
    data, yaml_path, _ = dossier
    monkeypatch.setattr(peers, "ensure_peer", lambda size: (yaml_path, yaml_path))
    assert peers.child_clips(1500, 1)["counts"] == peers.baseline(peergen.peer_facts(data))  # type: ignore[arg-type]
