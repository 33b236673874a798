"""``assess --jobs N`` (issue 14 item 4): N dossiers at once, the same report in input order, a crash costing one."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from clausewise.cli.assess import batch_stage
from clausewise.engine import isolate
from clausewise.engine.results import Assessment
from tests.helpers import batches_asked, late_review_dossiers, run


def _misbehave(monkeypatch: pytest.MonkeyPatch, crash: str, hang: str, slow: str) -> None:
    """In the children (fork inherits the patch): one dossier crashes, one hangs, one is slow so others overtake it."""
    real = isolate.assess

    def patched(dossier: Any, *args: Any, **kw: Any) -> Assessment:
        org = dossier.audit.organization
        if org == crash:
            os.kill(os.getpid(), signal.SIGSEGV)
        if org == hang:
            time.sleep(60)
        if org == slow:
            time.sleep(1.5)  # the dossiers after it finish first; they must still be written after it
        return real(dossier, *args, **kw)

    monkeypatch.setattr(isolate, "assess", patched)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_jobs_2_writes_what_jobs_1_writes_in_input_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _misbehave(monkeypatch, crash="Org 2", hang="Org 4", slow="Org 1")
    calls = batches_asked(monkeypatch)
    paths = late_review_dossiers(tmp_path, 7)
    outputs = []
    for jobs in ("1", "2", "4"):
        result = run("assess", *paths, "--jobs", jobs, "--timeout", "3", "-f", fmt, "--fail-on", "never")
        assert result.exit_code == 3, result.stderr
        assert f"error: {paths[2]}: the assessment process died (signal 11)" in result.stderr
        assert f"error: {paths[4]}: timed out after 3 s (--timeout)" in result.stderr
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    assert [kw["jobs"] for _, kw in calls] == [1, 2, 4]  # --jobs reached the batch: the runs ran side by side
    assert outputs[0] == outputs[1] == outputs[2]
    if fmt == "json":
        written = json.loads(outputs[0])
        assert [r["dossier"]["organization"] for r in written] == ["Org 0", "Org 1", "Org 3", "Org 5", "Org 6"]


def test_at_most_jobs_dossiers_are_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded: a new child starts only when the oldest result has been handed on."""
    paths = late_review_dossiers(tmp_path, 5)
    live: list[int] = []
    real = isolate.multiprocessing.get_context

    class Counting:
        def __init__(self) -> None:
            self.ctx = real("fork")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.ctx, name)

        def Process(self, *args: Any, **kw: Any) -> Any:
            live.append(1)
            return self.ctx.Process(*args, **kw)

    monkeypatch.setattr(isolate.multiprocessing, "get_context", lambda _kind: Counting())
    from clausewise.rules.loader import load_pack

    batch = isolate.assess_batch(paths, [(load_pack("iso9001"), {})], jobs=2)
    first = next(batch)
    assert first[0] == paths[0] and len(live) == 2  # the first result is out; only two children were started
    next(batch)
    assert len(live) == 3
    assert [p for p, _ in batch] == paths[2:]


def test_an_input_error_still_exits_2(tmp_path: Path) -> None:
    paths = late_review_dossiers(tmp_path, 3)
    paths[1].write_text("audit: {organization: X, date: 2020-13-01, type: surveillance}\n", encoding="utf-8")
    result = run("assess", *paths, "--jobs", "2")
    assert result.exit_code == 2
    assert "d1.yaml:1:" in result.stderr and "Traceback" not in result.stderr


def test_progress_names_the_count() -> None:
    assert batch_stage(3, 200, 2) == "assessing dossiers: 3/200 done, 2 at a time"
