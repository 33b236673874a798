"""A YAML dossier read line by line (issue 14 item 1): the same data, results and located problems as the fully
located reading, which it falls back to for anything outside plain block YAML, unusual or invalid."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import loaded_both_ways
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise import yamlfast
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors
from clausewise.rules.loader import load_pack
from clausewise.yamlsource import read_file, read_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import peergen  # noqa: E402

AUDIT = "audit:\n  organization: Acme  # the company\n  date: 2021-03-01\n  type: surveillance\n"
VALID = (
    "# a dossier\n" + AUDIT + "people:\n- name: 王伟\n  position: 'QA lead: ''senior'''\n"
    '-   name: "Li"\n    position: CEO\n\n  # between items\n'
    "management_reviews:\n  - date: 2020-06-01\n    inputs: [a, \"b c\", 'd', e5]\n"
    "objectives: []\n"
)
#: Texts the line reader must read itself (a test that always fell back would prove nothing).
READ_FAST = {
    "valid": VALID,
    "windows line ends": VALID.replace("\n", "\r\n"),
    "item on the next line": "people:\n-\n  name: A\n  position: QA\n",
    "list at its key's column": "audit:\n  organization: A\n  auditors:\n  - Zhou\n  - Li\n  date: 2021-01-01\n",
    "not valid": "audit:\n  organization: A\n  date: 2021-13-01\npeople:\n- name: 5\n  nosuch: 1\n",
    "placeholder": "audit:\n  organization: <organization>\n  date: 2021-01-01\n",
    "number in a date": "audit:\n  organization: A\n  date: 20210101\n",
    "yes in a number field": "audit:\n  organization: A\n  date: 2021-01-01\n  type: yes\n",
    "null item": "people:\n-\n- name: A\n",
    "empty section": "people:\nobjectives:\n",
    "not a mapping item": "people:\n- just text\n",
    "stated as none": "people:\n- name: A\n  policy_aware:\n  interviewed_on: null\n  roles: []\n- name: B\n",
}
#: Texts outside the subset: read (and reported) by the located reader.
FALL_BACK = {
    "duplicate top key": "objectives: []\nobjectives: []\n",
    "duplicate inner key": "audit:\n  organization: A\n  organization: B\n",
    "anchor and alias": "audit: &a\n  organization: A\n  date: 2021-01-01\nx: *a\n",
    "alias bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "tag": "audit: !!python/object:os.system\n  organization: A\n",
    "deep": "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "v: 1\n",
    "two documents": "audit:\n  organization: A\n---\nb: 1\n",
    "document start": "---\naudit:\n  organization: A\n",
    "tab indent": "audit:\n\torganization: A\n",
    "block scalar": "audit:\n  organization: >-\n    A\n    B\n  date: 2021-01-01\n",
    "multi-line plain": "audit:\n  organization: A\n    B\n  date: 2021-01-01\n",
    "mapping in a value": "audit:\n  organization: a: b\n",
    "merge key": "base: &b {organization: A}\naudit:\n  <<: *b\n",
    "quoted key": 'audit:\n  "organization": A\n',
    "escape": 'audit:\n  organization: "A\\tB"\n',
    "control character": "audit:\n  organization: A\x07B\n",
    "next line": "audit:\n  organization: A\x85B\n",
    "flow mapping": "audit: {organization: A}\n",
    "nested flow": "x: [[a]]\n",
    "top-level list": "- a\n",
    "top-level text": "just text\n",
    "empty": "",
    "comments only": "# nothing\n",
    "outdented": "  audit:\n    organization: A\nx: 1\n",
    "unclosed quote": "audit:\n  organization: 'A\n",
    "item after key": "audit:\n  organization: A\n  - b\n",
}


@pytest.mark.parametrize("name", sorted({**READ_FAST, **FALL_BACK}))
def test_fast_yaml_reads_what_the_located_reader_reads(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = {**READ_FAST, **FALL_BACK}[name]
    assert (yamlfast.read_fast(text) is not None) == (name in READ_FAST)
    path = tmp_path / "d.yaml"
    path.write_bytes(text.encode("utf-8"))
    fast, located = loaded_both_ways(path, yamlfast, monkeypatch)
    assert fast == located


def test_only_the_happy_path_skips_the_located_reading(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(VALID, encoding="utf-8")
    quick = read_file(path, fast=True)
    assert quick.reread is not None and quick.raw == {}
    assert quick.positions[("people", 1)] == (9, 5)
    assert not quick.angle_brackets  # no "<" in the text: no placeholder to look for
    assert quick.data == read_file(path).data
    path.write_text(FALL_BACK["duplicate inner key"], encoding="utf-8")
    with pytest.raises(InputErrors, match="duplicate key 'organization'"):  # unusual: read the located way
        read_file(path, fast=True)


def test_a_problem_in_a_fast_read_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(READ_FAST["not valid"], encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_dossier(path)
    shown = "\n".join(str(p) for p in exc.value.problems)
    assert f"{path}:3:" in shown and f"{path}:5:" in shown and f"{path}:6:" in shown


def test_results_name_the_same_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(VALID, encoding="utf-8")
    pack = load_pack("iso9001")
    fast = assess(load_dossier(path), pack, files=["d"]).model_dump_json()
    monkeypatch.setattr(yamlfast, "read_fast", lambda text: None)
    assert fast == assess(load_dossier(path), pack, files=["d"]).model_dump_json()


def test_a_generated_dossier_is_read_fast_and_the_same(tmp_path: Path) -> None:
    path = tmp_path / "peers.yaml"
    peergen.write(path, peergen.generate(300))
    _same(path.read_text(encoding="utf-8"), must_be_fast=True)


@pytest.mark.parametrize("path", sorted(ROOT.glob("examples/**/*.yaml")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_is_read_the_same_or_left_to_the_located_reader(path: Path) -> None:
    _same(path.read_text(encoding="utf-8-sig"))


def _typed(value: Any) -> Any:
    """The value with every scalar's type beside it (True == 1 and 1 == 1.0 in Python; not here)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}, list(value)
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, value


def _same(text: str, *, must_be_fast: bool = False) -> None:
    quick = yamlfast.read_fast(text)
    if quick is None:
        assert not must_be_fast
        return
    full = read_text(text, "t")  # raises if the fast reader accepted what the located one refuses
    assert _typed(quick[0]) == _typed(full.data)
    assert {path: full.positions[path] for path in quick[1]} == quick[1]


_KEYS = st.sampled_from(["a", "b", "id", "名称", "k x", "...", "a-b", "x.y", "on", "1", "-a", "?a", "a b"])
_VALUES = st.sampled_from(
    [
        "", "v", "2021-03-01", "2021-13-01", "1", "017", "0x1F", "1_000", "1.5", "1e5", ".inf", "yes", "No", "~",
        "null", "'q'", "'it''s'", "''", '"d"', '""', '"a\\"b"', "[]", "[a, 'b', \"c\", 1]", "[a,]", "[ ]", "a: b",
        "a:", "a:b", "http://x", "a # c", "a#c", "# c", "- a", "-1", "-", "?", "? a", ":a", "&x a", "*x", "!!str a",
        "|", ">-", "{}", "{a: 1}", "%x", "@x", "`x", "a'b", "3:20", "=", "<<", "--- ", "...", "  v  ", "v\xa0",
    ]
)  # fmt: skip


_LINES = st.sampled_from(["# note", "", "  # note", "- x", "  - x", "x", "  x", "k: v", "    k: v", "---", "\t"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Block YAML rendered from a random tree in the ways people write it, now and then with a stray line."""
    lines: list[str] = []

    def pair(key: str, value: Any, indent: int, lead: str) -> None:
        if isinstance(value, str):
            lines.append(lead + f"{key}:" + (f" {value}" if value else ""))
            return
        lines.append(lead + f"{key}:" + draw(st.sampled_from(["", "  # c"])))
        step = draw(st.sampled_from([0, 2] if isinstance(value, list) else [1, 2, 4]))
        render(value, indent + max(step, 1) if isinstance(value, dict) else indent + step)

    def render(value: Any, indent: int) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                pair(key, child, indent, " " * indent)
            return
        for child in value:
            if isinstance(child, str):
                lines.append(" " * indent + (f"- {child}" if child else "-"))
            elif isinstance(child, dict) and child and draw(st.booleans()):
                gap = draw(st.sampled_from([1, 3]))
                for n, (key, grandchild) in enumerate(child.items()):
                    lead = " " * indent + "-" + " " * gap if n == 0 else " " * (indent + 1 + gap)
                    pair(key, grandchild, indent + 1 + gap, lead)
            else:
                lines.append(" " * indent + "-")
                render(child, indent + draw(st.sampled_from([1, 2])))

    tree = draw(
        st.dictionaries(
            _KEYS,
            st.recursive(
                _VALUES,
                lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, min_size=1, max_size=3),
                max_leaves=8,
            ),
            min_size=1,
            max_size=4,
        )
    )
    render(tree, 0)
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_LINES))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=600, deadline=None)
@given(_texts())
def test_generated_texts_read_fast_are_read_the_same(text: str) -> None:
    try:
        read_text(text, "t")
    except InputErrors:
        assert yamlfast.read_fast(text) is None  # what the located reader refuses is never read fast
        return
    _same(text)


def test_dates_values_are_shared_not_rebuilt() -> None:
    data = yamlfast.read_fast("a:\n- d: 2021-03-01\n- d: 2021-03-01\n")
    assert data is not None
    first, second = data[0]["a"]
    assert first["d"] == dt.date(2021, 3, 1) and first["d"] is second["d"]


def test_values_are_looked_through_for_placeholders_only_when_the_text_has_one(tmp_path: Path) -> None:
    """A ``<`` alone (``<=`` in an objective) does not make the loader walk every value of a large dossier."""
    path = tmp_path / "d.yaml"
    compared = "objectives:\n- name: x <= 5 <b\n  level: organization\n  comparison: <=\n"
    path.write_text(VALID.replace("objectives: []\n", compared), encoding="utf-8")
    assert not read_file(path, fast=True).angle_brackets  # "<" but nothing of a placeholder's shape
    load_dossier(path)
    path.write_text(VALID.replace("objectives: []\n", compared.replace("x <= 5 <b", "<name>")), encoding="utf-8")
    assert read_file(path, fast=True).angle_brackets
    with pytest.raises(InputErrors, match=r"placeholder|fill"):
        load_dossier(path)
