"""Issue 15, pack limits: a pack cannot hang durable-rules or exhaust memory; each limit is a located error
naming the rule (clausewise/rules/limits.py, docs/rule-format.md), or the construct runs in Python."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from clausewise.rules.limits import MAX_COMBINATIONS, MAX_FREE_PATTERNS, MAX_VARIANTS
from tests.helpers import evaluated_by, iso9001_with_rule, run

AUDIT = "audit:\n  organization: A\n  date: 2021-03-01\n  type: surveillance\n"


def _pack(tmp_path: Path, match: str) -> Path:
    return iso9001_with_rule(tmp_path, "edge-people", "7.2", match)


def _people(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "d.yaml"
    people = "".join(f"  - id: p{i}\n    name: Person {i}\n" for i in range(n))
    path.write_text(AUDIT + "people:\n" + people, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "where",
    [
        "{field: name, op: in, value: [" + ", ".join(f"'Person {i}'" for i in range(0, 1024, 2)) + "]}",
        "{any: [" + ", ".join(f"{{field: name, op: eq, value: 'Person {i}'}}" for i in range(0, 1024, 2)) + "]}",
        "{not: {field: name, op: in, value: [" + ", ".join(f"'Person {i}'" for i in range(512)) + "]}}",
    ],
    ids=["in-512", "any-512", "not-in-512"],
)
def test_512_alternatives_run_in_python_and_agree(tmp_path: Path, where: str) -> None:
    pack = _pack(tmp_path, f"      p:\n        kind: person\n        where:\n          - {where}\n")
    dossier = _people(tmp_path, 20)
    outputs = []
    for evaluator in ("durable", "reference"):
        started = time.monotonic()
        with evaluated_by(evaluator):
            result = run("assess", dossier, "--pack", pack, "--evaluator", evaluator, "-f", "json", "--fail-on=never")
        assert result.exit_code == 0, result.stderr
        assert time.monotonic() - started < 60
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count('"rule": "edge-people"') == (10 if "not" not in where else 0)


def test_any_with_joins_expanding_past_the_cap_is_refused(tmp_path: Path) -> None:
    alternatives = ", ".join(
        f"{{all: [{{field: name, op: eq, value: 'x{i}'}}, {{field: department, op: eq, ref: a.department}}]}}"
        for i in range(MAX_VARIANTS + 1)
    )
    match = "      a:\n        kind: person\n      b:\n        kind: person\n        where:\n"
    match += f"          - {{any: [{alternatives}]}}\n"
    pack = _pack(tmp_path, match)
    result = run("assess", _people(tmp_path, 2), "--pack", pack)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{pack / 'rules' / 'zz-edge.yaml'}:2:5: rule 'edge-people': its 'any' conditions with joins expand to" in (
        result.stderr
    )


def test_cartesian_product_of_twelve_patterns_is_refused_at_load(tmp_path: Path) -> None:
    match = "".join(f"      p{i}:\n        kind: person\n" for i in range(12))
    pack = _pack(tmp_path, match)
    result = run("assess", _people(tmp_path, 13), "--pack", pack)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "12 match patterns (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11) are not tied" in result.stderr
    assert f"(at most {MAX_FREE_PATTERNS})" in result.stderr


def test_fan_out_too_large_for_this_dossier_is_a_located_error(tmp_path: Path) -> None:
    match = "".join(f"      p{i}:\n        kind: person\n" for i in range(3))
    pack = _pack(tmp_path, match)
    assert run("assess", _people(tmp_path, 20), "--pack", pack, "--fail-on", "never").exit_code == 0
    for evaluator in ("durable", "reference"):
        result = run("assess", _people(tmp_path, 220), "--pack", pack, "--evaluator", evaluator)
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert (
            f"{pack / 'rules' / 'zz-edge.yaml'}:2:5: rule 'edge-people' would try 10,648,000 combinations of this "
            f"dossier's facts (at most {MAX_COMBINATIONS:,})"
        ) in result.stderr
