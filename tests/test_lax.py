"""The lax-conversion check's quick test (``validation._any_lax``) flags exactly the data the full walk reports.

Every load runs the quick test over the whole dossier and builds located problems only when it says yes, so a
value it missed would be silently converted by pydantic (``date: 0`` read as 1970-01-01). Random dossiers put
every kind of value into every date, number, list and child field of every section, and both must agree.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from clausewise.evidence.model import Dossier
from clausewise.validation import _any_lax, _field_kinds, _walk
from clausewise.yamlsource import Located

VALUES: list[Any] = [None, 0, 7, 2.5, True, False, "2021-03-01", "text", dt.date(2021, 3, 1), [], {}, [1], [True]]


def _fill(kind: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value for a field of ``kind``: usually the right shape, sometimes anything."""
    if rng.random() < 0.2 or depth > 4:
        return rng.choice(VALUES)
    if isinstance(kind, tuple):
        return [_fill(kind[1], rng, depth + 1) for _ in range(rng.randrange(3))]
    if isinstance(kind, type):
        return _item(kind, rng, depth + 1)
    if kind == "date":
        return rng.choice(["2021-03-01", dt.date(2021, 3, 1), 0, 1.5, True, None])
    if kind == "number":
        return rng.choice([1, 2.5, "3", True, False, None])
    return rng.choice(VALUES)


def _item(model: Any, rng: random.Random, depth: int) -> dict[str, Any]:
    kinds = _field_kinds(model)
    names = [name for name in kinds if rng.random() < 0.3]
    return {name: _fill(kinds[name], rng, depth) for name in names}


@pytest.mark.parametrize("seed", range(300))
def test_the_quick_test_agrees_with_the_walk(seed: int) -> None:
    rng = random.Random(seed)
    data = _item(Dossier, rng, 0)
    located = Located("d.yaml", data, {})
    problems: list[Any] = []
    _walk(Dossier, data, (), located, problems)
    assert _any_lax(Dossier)(data) == bool(problems), data


def test_a_valid_dossier_passes_and_one_number_in_a_date_does_not() -> None:
    data: dict[str, Any] = {"management_reviews": [{"date": "2021-03-01"}] * 50}
    assert not _any_lax(Dossier)(data)
    data["management_reviews"] = [*data["management_reviews"], {"date": 20210301}]
    assert _any_lax(Dossier)(data)
