"""--isolate: a crash of the C engine on one dossier loses that dossier only."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from helpers import batches_asked, late_review_dossiers
from typer.testing import CliRunner

import clausewise.engine.isolate as isolate
from clausewise.cli.app import app
from clausewise.engine.isolate import EngineCrash, assess_isolated
from clausewise.rules.loader import load_pack

DOSSIER = """\
audit: {{organization: "{org}", date: 2021-03-01, type: surveillance}}
management_reviews: [{{date: 2020-06-01}}]
"""


def write(tmp_path: Path, org: str) -> Path:
    path = tmp_path / f"{org}.yaml"
    path.write_text(DOSSIER.format(org=org), encoding="utf-8")
    return path


def crash_on(org: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = isolate.assess

    def assess(dossier: Any, *args: Any, **kw: Any) -> Any:
        if dossier.audit.organization == org:
            os.kill(os.getpid(), signal.SIGSEGV)  # what a durable-rules memory bug looks like
        return real(dossier, *args, **kw)

    monkeypatch.setattr(isolate, "assess", assess)


def test_crash_is_reported_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crash_on("Boom Ltd", monkeypatch)
    outcome = assess_isolated(write(tmp_path, "Boom Ltd"), load_pack("iso9001"))
    assert isinstance(outcome, EngineCrash)
    assert outcome.exitcode == -signal.SIGSEGV
    assert "signal 11" in str(outcome)
    fine = assess_isolated(write(tmp_path, "Fine Ltd"), load_pack("iso9001"))
    assert not isinstance(fine, EngineCrash)
    assert fine.dossier.organization == "Fine Ltd"


def test_cli_keeps_the_other_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crash_on("Boom Ltd", monkeypatch)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        ["assess", "--isolate", "-f", "json", "-o", str(out), str(write(tmp_path, "Boom Ltd")),
         str(write(tmp_path, "Fine Ltd"))],
    )  # fmt: skip
    assert result.exit_code == 3
    assert "the assessment process died (signal 11)" in result.stderr
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert [r["dossier"]["organization"] for r in reports] == ["Fine Ltd"]


def test_input_errors_still_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = batches_asked(monkeypatch)
    bad = tmp_path / "bad.yaml"
    bad.write_text("audit: {organization: X, date: 2020-13-01, type: surveillance}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", "--isolate", str(bad)])
    assert [dossiers for dossiers, _ in calls] == [[bad]]  # --isolate alone isolates even one dossier
    assert result.exit_code == 2
    assert "bad.yaml:1:" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_each_child_of_a_batch_runs_the_evaluator_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, evaluator: str
) -> None:
    """The children of an isolated batch (forked, so the parent cannot spy on them) match with the evaluator the
    command names: each evaluator's ``evaluate`` notes the process it ran in in a file the parent reads after."""
    from clausewise.engine.durable_backend import DurableEngine
    from clausewise.engine.reference import ReferenceEvaluator

    ran = tmp_path / "ran.txt"
    for name, engine in (("durable", DurableEngine), ("reference", ReferenceEvaluator)):
        original = engine.evaluate

        def noted(self: Any, *args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            with ran.open("a", encoding="utf-8") as out:
                out.write(f"{_name} {os.getpid()}\n")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(engine, "evaluate", noted)
    paths = late_review_dossiers(tmp_path, 2)
    result = CliRunner().invoke(
        app, ["assess", *map(str, paths), "--evaluator", evaluator, "--isolate", "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    noted_runs = [line.split() for line in ran.read_text(encoding="utf-8").splitlines()]
    assert {name for name, _ in noted_runs} == {evaluator}
    assert len({pid for _, pid in noted_runs} - {str(os.getpid())}) == 2  # one child per dossier
