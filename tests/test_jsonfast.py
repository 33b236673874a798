"""A JSON dossier read in one pass (issue 14 item 1): the same dossier, results and located problems as the
fully located reading, which it falls back to for anything unusual or invalid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import loaded_both_ways
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise import jsonfast
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors
from clausewise.rules.loader import load_pack
from clausewise.yamlsource import read_file

AUDIT = '"audit": {"organization": "Acme", "date": "2021-03-01", "type": "surveillance"}'
VALID = (
    "{\n  " + AUDIT + ',\n  "people": [\n    {"name": "王伟", "position": "QA"},\n'
    '    {"name": "Li", "position": "CEO"}\n  ],\n  "management_reviews": [{"date": "2020-06-01"}],\n'
    '  "objectives": []\n}\n'
)
CASES = {
    "valid": VALID,
    "compact": VALID.replace("\n", "").replace("  ", ""),
    "duplicate top key": '{"objectives": [], "objectives": []}',
    "duplicate inner key": '{"audit": {"organization": "A", "organization": "B", "date": "2021-03-01"}}',
    # an item is read without the duplicate-key check when it has as many colons as keys (jsonfast._items)
    "duplicate key in an item": '{"people": [{"name": "A", "position": "QA"}, {"name": "B", "name": "C"}]}',
    "duplicate key, spaced colon": '{"people": [{"name" : "B", "name": "C"}]}',
    "duplicate key, escaped": '{"people": [{"name": "B", "\\u006eame": "C"}]}',
    "duplicate key in a child": '{"objectives": [{"name": "O", "level": "organization", "results": '
    '[{"period": "2024", "period": "2025"}]}]}',
    "colon in a text and a duplicate": '{"people": [{"name": "a:b", "name": "c"}]}',
    "colons in texts, no duplicate": '{"people": [{"name": "10:30", "position": "a:b:c"}]}',
    "NaN": '{"audit": {"organization": "A", "date": NaN}}',
    "Infinity in a list": '{"objectives": [{"name": -Infinity}]}',
    "syntax": '{"audit": {"organization": "A",}}',
    "trailing data": VALID + "{}",
    "top-level list": "[]",
    "empty": "",
    "not valid": '{\n "audit": {"organization": "Acme", "date": "2021-13-01", "type": "surveillance"},\n'
    ' "people": [{"name": 5}], "nosuch": 1\n}',
    "exponent without dot (text in YAML 1.1)": '{"audit": {"organization": "A", "date": 1e5}}',
    "too deep": '{"x": ' + "[" * 70 + "]" * 70 + "}",
    # nesting is left to validation on the fast path (no model nests that deep): still reported as too deep
    "too deep in an item": '{"people": [{"name": ' + "[" * 70 + '"<name>"' + "]" * 70 + "}]}",
    "far too deep": '{"people": ' + "[" * 5000 + "]" * 5000 + "}",
    # where items start (jsonfast._Lines.at_each): on lines of their own, several on a line, across lines
    "items across lines": '{"people": [\n  {"name": "A",\n   "position": "QA"}, {"name": "B"},\n\n'
    '      {"name": "C"}], "departments": [{"name": "D"},\n {"name": "E"}], "processes": [{"name": "F"}]}',
    "items after a compact start": '{"people": [{"name": "A"}, {"name": "B"}\n, {"name": "C"}]}',
    "an item that is not a mapping": '{"people": [{"name": "A"}, 5, {"name": "B"}]}',
    "a list of texts": '{"people": ["A", "B:C"]}',
    # stated as none: an explicit null and [] are stated fields (helpers.loaded compares which fields are stated)
    "stated as none": '{"people": [{"name": "A", "position": null, "note": null}], "objectives": [{"name": "O", '
    '"level": "organization", "results": []}], "processes": []}',
    "escaped placeholder": '{"audit": {"organization": "\\u003corganization>", "date": "2021-03-01", '
    '"type": "surveillance"}}',
}

#: The cases the fast reader declines (the rest it reads; a case it silently declined would compare the located
#: reading with itself).
DECLINED = {
    "Infinity in a list",
    "NaN",
    "a list of texts",
    "an item that is not a mapping",
    "colon in a text and a duplicate",
    "duplicate inner key",
    "duplicate key in a child",
    "duplicate key in an item",
    "duplicate key, escaped",
    "duplicate key, spaced colon",
    "duplicate top key",
    "empty",
    "far too deep",
    "syntax",
    "too deep",
    "top-level list",
    "trailing data",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_json_reads_what_the_located_reader_reads(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (jsonfast.read_fast(CASES[name]) is None) == (name in DECLINED)
    path = tmp_path / "d.json"
    path.write_text(CASES[name], encoding="utf-8")
    fast, located = loaded_both_ways(path, jsonfast, monkeypatch)
    assert fast == located


def test_only_the_happy_path_skips_the_located_reading(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(VALID, encoding="utf-8")
    quick = read_file(path, fast=True)
    assert quick.reread is not None and quick.raw == {}
    assert quick.positions[("people", 1)] == (5, 5)
    assert quick.data == read_file(path).data
    path.write_text(CASES["duplicate inner key"], encoding="utf-8")
    with pytest.raises(InputErrors, match="duplicate key 'organization'"):  # unusual: read the located way
        read_file(path, fast=True)


def test_a_problem_deep_in_a_fast_read_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(CASES["not valid"], encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_dossier(path)
    shown = "\n".join(str(p) for p in exc.value.problems)
    assert f"{path}:2:" in shown and f"{path}:3:" in shown


def test_results_name_the_same_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(VALID, encoding="utf-8")
    yaml_path = tmp_path / "d.yaml"
    yaml_path.write_text(VALID, encoding="utf-8")  # JSON is YAML: the located reading of the same text
    pack = load_pack("iso9001")
    fast = assess(load_dossier(path), pack, files=["d"]).model_dump_json()
    slow = assess(load_dossier(yaml_path), pack, files=["d"]).model_dump_json()
    assert fast.replace("d.json", "d.yaml") == slow


def _depth(kind: object) -> int:
    """Containers a value of this kind can nest (a model is a mapping, a list one more level)."""
    from clausewise.validation import _field_kinds

    if isinstance(kind, tuple):
        return 1 + _depth(kind[1])
    if isinstance(kind, type):
        return 1 + max((_depth(k) for k in _field_kinds(kind).values()), default=0)
    return 0


def test_no_model_nests_anywhere_near_the_depth_limit() -> None:
    """The fast path leaves nesting to validation (``loader._validate_fast``): sound only while no dossier model
    nests anywhere near :data:`MAX_DEPTH` (a pack's own sections have scalar or list fields and scalar children)."""
    from clausewise.evidence.model import Dossier
    from clausewise.fileio import MAX_DEPTH

    assert 3 <= _depth(Dossier) <= MAX_DEPTH // 4


LAYOUT = {
    "audit": {"organization": "Acme", "date": "2021-03-01", "type": "surveillance"},
    "people": [{"name": "王伟", "position": "QA"}, {"name": "Li", "position": "CEO"}, {"name": "Wu"}],
    "departments": [{"name": "D"}],
    "management_reviews": [{"date": "2020-06-01", "note": "10:30"}, {"date": "2021-06-01"}],
    "processes": [{"name": "P1"}, {"name": "P2"}],
}


@settings(max_examples=150, deadline=None)
@given(
    indent=st.sampled_from([None, 0, 1, 2]), breaks=st.lists(st.sampled_from(["", "\n", "\n\n  ", " "]), max_size=60)
)
def test_items_are_placed_where_the_located_reader_places_them(indent: int | None, breaks: list[str]) -> None:
    """Any layout (compact, indented, line breaks after some separators): every item's origin is the one the
    fully located reading gives (``jsonfast._Lines``: lines counted in bulk, a shortcut for a line without
    breaks)."""
    import tempfile

    parts = json.dumps(LAYOUT, indent=indent, ensure_ascii=False).split(",")
    text = "".join(part + ("," + breaks[n] if n < len(breaks) else ",") for n, part in enumerate(parts[:-1]))
    text += parts[-1]
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        path = Path(folder) / "d.json"
        path.write_text(text, encoding="utf-8")
        fast, located = loaded_both_ways(path, jsonfast, monkeypatch)
    assert fast == located
    assert isinstance(fast, tuple) and all(fast[1])  # valid, and every item placed
