"""The built-in pack's own fixtures, run the way ``clausewise rules test iso9001`` runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewise.rules.fixtures import run_fixture, run_pack_tests
from clausewise.rules.loader import load_pack

PACK = load_pack("iso9001")


@pytest.mark.parametrize("fixture", PACK.fixtures, ids=lambda p: Path(p).stem)
def test_fixture(fixture: Path) -> None:
    result = run_fixture(PACK, fixture)
    assert result.ok, "\n".join(result.failures)


def test_every_rule_fires_somewhere_and_stays_silent_somewhere() -> None:
    report = run_pack_tests(PACK)
    assert report.uncovered == []


def test_pack_has_fixtures_and_rules() -> None:
    assert len(PACK.fixtures) >= 10
    assert len(PACK.rules) >= 40
