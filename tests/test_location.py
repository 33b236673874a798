"""``location_at`` (the loader's fast constructor) makes the same ``Location`` as the class does."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from clausewise.errors import Location, location_at


@pytest.mark.parametrize(("file", "line", "column"), [("d.yaml", 3, 5), ("目录/证据.json", 1, 1), ("x", 0, 0)])
def test_location_at_is_a_location(file: str, line: int, column: int) -> None:
    fast, plain = location_at(file, line, column), Location(file, line, column)
    assert type(fast) is Location
    assert fast == plain and hash(fast) == hash(plain) and str(fast) == str(plain) and repr(fast) == repr(plain)
    assert not fast < plain and not plain < fast
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.line = 9  # type: ignore[misc]
