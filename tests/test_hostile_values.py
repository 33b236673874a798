"""Issue 15, values: numbers and dates at the edges of their types reach both evaluators safely and agree.

Numbers are finite and within ±10^15 (clausewise/numbers.py); every accepted number reaches durable-rules in a
form its parser reads; date offsets never overflow (clausewise/dates.py) and pack offsets that cannot
be meant are refused at load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clausewise.dossiers import load_dossier
from clausewise.rules.loader import load_pack
from clausewise.rules.registry import builtin_pack_path
from tests.helpers import assess_both, batches_asked, evaluated_by, iso9001_with_rule, run

AUDIT = "audit:\n  organization: A\n  date: 2021-03-01\n  type: surveillance\n"


def _objective(value: str) -> str:
    return AUDIT + f"objectives:\n  - id: o1\n    name: On-time delivery\n    target_value: {value}\n"


@pytest.mark.parametrize("value", ["1e16", "1e999", '"inf"', ".inf", "-1e16", "1" * 5000, ".nan"])
def test_numbers_out_of_range_are_located_errors(tmp_path: Path, value: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(_objective(value), encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{path}:8:5: objectives[0].target_value: " in result.stderr


@pytest.mark.parametrize("value", ["0.00001", "1e-05", "-0.000001", "1e15", "999999999999999.9", "1000000000000000"])
def test_numbers_in_range_assess_with_both_evaluators_alike(tmp_path: Path, value: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(_objective(value), encoding="utf-8")
    outputs = []
    for evaluator in ("durable", "reference"):
        with evaluated_by(evaluator):
            result = run("assess", path, "-f", "json", "--evaluator", evaluator, "--fail-on", "never")
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def _pack_with_constant(tmp_path: Path, where: str) -> Path:
    match = f"      o:\n        kind: objective\n        where:\n          - {where}\n"
    return iso9001_with_rule(tmp_path, "edge-objective", "6.2.1", match)


def test_tiny_pack_constant_compiles_and_agrees(tmp_path: Path) -> None:
    pack = _pack_with_constant(tmp_path, "{field: target_value, op: lt, value: 0.00001}")
    dossier = tmp_path / "d.yaml"
    dossier.write_text(_objective("0.000001"), encoding="utf-8")
    loaded = load_pack(pack)
    d = load_dossier(dossier)
    durable, reference = assess_both(d, loaded)
    assert [f.rule for f in durable.findings] == [f.rule for f in reference.findings]
    assert "edge-objective" in [f.rule for f in durable.findings]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("{field: target_value, op: lt, value: 1.0e+16}", "number out of range"),
        ("{field: target_value, op: in, value: [1, .inf]}", "does not fit number field"),
    ],
)
def test_pack_constants_out_of_range_are_refused(tmp_path: Path, where: str, message: str) -> None:
    pack = _pack_with_constant(tmp_path, where)
    result = run("rules", "list", "--pack", pack)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{pack / 'rules' / 'zz-edge.yaml'}:12:" in result.stderr and message in result.stderr


def test_huge_offsets_are_refused_at_pack_load(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    rules = pack / "rules"
    text = next(p for p in sorted(rules.glob("*.yaml")) if "times: -1" in p.read_text(encoding="utf-8"))
    source = text.read_text(encoding="utf-8")
    text.write_text(source.replace("times: -1", "times: -100000000", 1), encoding="utf-8")
    for evaluator in ("durable", "reference"):
        result = run("assess", "examples/manufacturer", "--pack", pack, "--evaluator", evaluator)
        assert result.exit_code == 2 and "Traceback" not in result.stderr, result.stderr
        assert f"{text}:" in result.stderr and "is out of range (expected at most" in result.stderr


def test_huge_parameter_offset_is_a_located_error() -> None:
    result = run("assess", "examples/manufacturer", "--param", "review_interval_months=999999999999")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "months is out of range" in result.stderr and "rule '" in result.stderr


def test_calendar_end_dates_with_the_builtin_pack(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    shutil.copytree("examples/manufacturer", folder)
    ops = folder / "operation.yaml"
    text = ops.read_text(encoding="utf-8")
    text = text.replace(
        "    amended_on: null\n    amendment_communicated_on: null\n",
        "    amended_on: 9999-12-31\n    amendment_communicated_on: 9999-12-31\n",
        1,
    )
    ops.write_text(text, encoding="utf-8")
    outputs = []
    for evaluator in ("durable", "reference"):
        with evaluated_by(evaluator):
            result = run("assess", folder, "-f", "json", "--evaluator", evaluator, "--fail-on", "never")
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def _regex_pack(tmp_path: Path, pattern: str) -> Path:
    return _pack_with_constant(tmp_path, f"{{field: name, op: matches, value: '{pattern}'}}")


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_catastrophic_regex_runs_in_linear_time(
    tmp_path: Path, evaluator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``(a+)+$`` over a 40-character field hung Python's backtracking ``re``; RE2 answers at once."""
    import time

    calls = batches_asked(monkeypatch)
    pack = _regex_pack(tmp_path, "(a+)+$")
    dossiers = []
    for n in range(3):
        path = tmp_path / f"d{n}.yaml"
        path.write_text(_objective("1").replace("On-time delivery", "a" * 40 + "!"), encoding="utf-8")
        dossiers.append(path)
    started = time.monotonic()
    result = run("assess", *dossiers, "--pack", pack, "--evaluator", evaluator, "--isolate", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [kw["evaluator"] for _, kw in calls] == [evaluator]  # the batch's children were told which evaluator to run
    assert time.monotonic() - started < 30


def test_regex_that_needs_backtracking_is_a_located_error_naming_the_rule(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pack = _regex_pack(tmp_path, "(a)\\1")
    result = run("rules", "list", "--pack", pack)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{pack / 'rules' / 'zz-edge.yaml'}:12:" in result.stderr
    assert "edge-objective" in result.stderr and "invalid escape sequence" in result.stderr
    # RE2's own logging is off: it would write to file descriptor 2 itself, past the CLI's captured stderr
    assert "re2.cc" not in capfd.readouterr().err


def test_overlong_regex_is_refused(tmp_path: Path) -> None:
    pack = _regex_pack(tmp_path, "a" * 1001)
    result = run("rules", "list", "--pack", pack)
    assert result.exit_code == 2 and "regular expression is too long (1,001 characters; at most 1,000)" in result.stderr
