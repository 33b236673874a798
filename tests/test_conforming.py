"""The conforming corpus (issue 8 item 7): small dossiers of conforming practice that must never get an N.

Each file in ``tests/conforming/`` is a variant of an example that a lead auditor would defend against an unfair
finding (an 18-month audit programme, a concession release, a risk accepted with its rationale, ...). Each
states the judgment it should get instead (C, O, needs review, NA) in its ``expect:`` block, run through both
evaluators as a pack fixture is; and neither evaluator may propose an N anywhere in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import evaluated_by

from clausewise.engine.assess import assess
from clausewise.evidence.loader import merge, validate_document
from clausewise.fixtures import load_fixture, run_fixture
from clausewise.rules.loader import Pack, load_pack

CORPUS = sorted((Path(__file__).parent / "conforming").glob("*.yaml"))


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack("iso9001")


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_conforming_practice_gets_its_stated_judgment_and_no_n(pack: Pack, path: Path) -> None:
    result = run_fixture(pack, path)
    assert result.ok, "\n".join(result.failures)
    expectation, located = load_fixture(path)
    part = validate_document(located, [])
    assert part is not None
    dossier = merge([(located, part)])
    for evaluator in ("durable", "reference"):
        with evaluated_by(evaluator):
            a = assess(dossier, pack, params=expectation.params, as_of=expectation.as_of, evaluator=evaluator)
        n = [f"{f.rule}: {f.message.en}" for f in a.findings if f.judgment == "N"]
        assert n == [], f"{evaluator}: {n}"
        assert [c.key for c in a.clauses if c.judgment == "N"] == []
        assert expectation.judgments or expectation.fires or expectation.silent  # each file states what it expects
