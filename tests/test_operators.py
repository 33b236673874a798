"""Operators are declared once (clausewise/operators.py): the format, the checks, negation, both evaluators, the
durable backend's Python-side tests and the docs read that table, so an operator added there works everywhere."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clausewise.docgen import with_generated
from clausewise.operators import OPERATORS, compare
from clausewise.rules.model import Compare
from tests.helpers import iso9001_with_rule, late_review_dossier

ROOT = Path(__file__).resolve().parent.parent

#: Two present values of each field type, and a constant of each operand for them.
SAMPLES: dict[str, list[Any]] = {
    "date": [dt.date(2020, 1, 31), dt.date(2020, 3, 1)],
    "number": [1, 2.5],
    "bool": [True, False],
    "text": ["Li Ming", "Wang Fang"],
    "text_list": [["a", "b"], ["c"]],
}
RIGHT: dict[str, list[Any]] = {"same": [], "element": ["a", "z"], "list": [("Li Ming",), (1, 2.5)], "regex": ["^Li"]}


@pytest.mark.parametrize("name", list(OPERATORS))
def test_an_operator_and_its_negation_disagree_on_every_present_value(name: str) -> None:
    op = OPERATORS[name]
    assert OPERATORS[op.negation].negation == name
    checked = 0
    for ftype in op.fields:
        for left in SAMPLES[ftype]:
            rights = SAMPLES[ftype] if op.operand == "same" else RIGHT.get(op.operand, [None])
            for right in rights or [None]:
                if op.operand == "list" and not all(isinstance(v, type(left)) for v in right):
                    continue
                assert compare(name, ftype, left, right) != compare(op.negation, ftype, left, right)
                checked += 1
    assert checked


@pytest.mark.parametrize("name", [n for n, o in OPERATORS.items() if o.operand != "none"])
def test_a_comparison_without_a_value_is_false_negated_or_not(name: str) -> None:
    assert compare(name, "text", None, "x") is False
    assert compare(OPERATORS[name].negation, "text", None, "x") is False


def test_dates_shift_by_whole_months_keeping_the_day() -> None:
    # 2020-03-31 minus one month is "2020-02-31": after every real February date, before March
    assert compare("gt", "date", dt.date(2020, 3, 1), dt.date(2020, 3, 31), months=-1)
    assert compare("lt", "date", dt.date(2020, 2, 29), dt.date(2020, 3, 31), months=-1)


def test_the_format_offers_exactly_the_declared_operators() -> None:
    assert Compare.model_json_schema()["properties"]["op"]["enum"] == list(OPERATORS)


def test_the_operator_table_in_the_docs_is_current() -> None:
    text = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    assert with_generated("rule-format.md", text) == text, "run: clausewise docs docs/"


_NEW_OPERATOR = """
import json, sys
from pathlib import Path
from clausewise.operators import OPERATORS, TEXT, Operator

OPERATORS["starts_with"] = Operator(
    "starts_with", "not_starts_with", "same", TEXT, lambda a, b: str(a).startswith(str(b)), "begins with the value"
)
OPERATORS["not_starts_with"] = Operator(
    "not_starts_with", "starts_with", "same", TEXT, lambda a, b: not str(a).startswith(str(b)), "does not"
)

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors
from clausewise.rules.loader import load_pack
from tests.helpers import evaluated_by

def edge_op(dossier, pack, ev):
    with evaluated_by(ev):  # that evaluator, not the default, did the matching
        return sorted(f.rule for f in assess(dossier, pack, evaluator=ev).findings if f.rule == "edge-op")

out = {}
for name in sys.argv[2:]:
    try:
        pack = load_pack(name)
    except InputErrors as exc:
        out[name] = [p.message for p in exc.problems]
        continue
    dossier = load_dossier(Path(sys.argv[1]))
    out[name] = {ev: edge_op(dossier, pack, ev) for ev in ("durable", "reference")}
print(json.dumps(out))
"""


def test_an_operator_added_to_the_table_alone_works_in_packs_and_both_evaluators(tmp_path: Path) -> None:
    """The one place: with two entries in OPERATORS (and nothing else), a pack may write the operator, its
    ``not:`` lowers to the declared negation, the checks apply its field types, and both evaluators agree
    (durable-rules has no native lowering for it: the backend computes it in Python)."""
    dossier = tmp_path / "d.yaml"
    dossier.write_text(late_review_dossier(), encoding="utf-8")  # chaired_by: Li Ming

    def pack(name: str, where: str) -> str:
        match = f"      mr:\n        kind: management_review\n        where:\n{where}"
        return str(iso9001_with_rule(tmp_path / name, "edge-op", "9.3.1", match))

    fires = pack("fires", "          - {field: chaired_by, op: starts_with, value: Li}\n")
    negated = pack("negated", "          - {not: {field: chaired_by, op: starts_with, value: Wang}}\n")
    silent = pack("silent", "          - {field: chaired_by, op: not_starts_with, value: Li}\n")
    joined = pack("joined", "          - {field: chaired_by, op: starts_with, ref: mr.chaired_by}\n")
    misfit = pack("misfit", "          - {field: date, op: starts_with, value: Li}\n")
    done = subprocess.run(
        [sys.executable, "-c", _NEW_OPERATOR, str(dossier), fires, negated, silent, joined, misfit],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    )
    found = json.loads(done.stdout)
    both = {"durable": ["edge-op"], "reference": ["edge-op"]}
    assert found[fires] == both
    assert found[negated] == both
    assert found[silent] == {"durable": [], "reference": []}
    assert found[joined] == both
    assert "'starts_with' needs a text field; 'date' is date" in found[misfit]
