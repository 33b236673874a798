"""Issue 15, output: ``-o`` never replaces what is not a regular file, leftovers of a killed write are cleaned,
an engine failure leaves the old report alone, and control characters from evidence are shown, not obeyed."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from clausewise.engine.durable_backend import DurableEngine, EngineError
from clausewise.reports.atomic import clean_stale_temporaries, write_atomic
from tests.helpers import late_review_dossier, run


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(late_review_dossier(), encoding="utf-8")
    return path


def test_output_to_a_character_device_writes_in_place(tmp_path: Path, dossier: Path) -> None:
    """Before, ``-o /dev/null`` as root replaced the device with a regular file. A private null device is used
    here so that a failure cannot break the machine's /dev/null."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs root (the case the issue found)")
    result = run("assess", dossier, "-o", null)
    assert result.exit_code == 1, result.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_output_to_a_fifo_streams_into_it(tmp_path: Path, dossier: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader)
    thread.start()
    result = run("assess", dossier, "-f", "json", "-o", fifo)
    thread.join(timeout=30)
    assert result.exit_code == 1, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b'"schema_version"' in received[0]


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(dossier: Path, name: str) -> None:
    result = run("assess", dossier, "-f", "json", "-o", name)
    assert result.exit_code == 1, result.stderr
    assert '"schema_version"' in result.stdout
    assert not Path(name).exists() or name == "/dev/stdout"


def test_stale_temporaries_of_a_killed_write_are_cleaned(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    dead = tmp_path / ".report.json.999999999.k3j2x.tmp"  # pid 999999999 cannot be running
    old_style = tmp_path / ".report.json.q8w_e1.tmp"  # written by a clausewise before this one
    live = tmp_path / f".report.json.{os.getppid()}.abc.tmp"  # its writer is alive: left alone
    other = tmp_path / ".other.json.999999999.k3j2x.tmp"
    for path in (dead, old_style, live, other):
        path.write_text("partial", encoding="utf-8")
    write_atomic(report, "{}\n")
    assert report.read_text(encoding="utf-8") == "{}\n"
    assert not dead.exists() and not old_style.exists()
    assert live.exists() and other.exists()
    assert clean_stale_temporaries(report) == []


def test_engine_failure_leaves_the_old_report_and_prints_no_traceback(
    tmp_path: Path, dossier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.txt"
    out.write_text("the old report\n", encoding="utf-8")

    def broken(self: DurableEngine, facts: object) -> None:
        raise EngineError("Could not assert fact, error code: 204")

    monkeypatch.setattr(DurableEngine, "evaluate", broken)
    result = run("assess", dossier, "-o", out)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert "error: internal error, please report it: Could not assert fact, error code: 204" in result.stderr
    assert out.read_text(encoding="utf-8") == "the old report\n"
    assert list(tmp_path.glob(".*.tmp")) == []


HOSTILE = '"Evil\\e]0;pwned\\aCorp\\e[2J\\rX\\u202e"'


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_control_characters_from_evidence_are_shown_escaped(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(late_review_dossier(organization=HOSTILE), encoding="utf-8")
    result = run("assess", path, "-f", fmt)
    assert result.exit_code == 1, result.stderr
    for raw in ("\x1b", "\x07", "\r", "\u202e"):
        assert raw not in result.stdout
    shown = "Evil\\x1b]0;pwned\\x07Corp\\x1b[2J\\x0dX\\u202e"
    assert (shown if fmt != "markdown" else shown.replace("]", "\\]").replace("[", "\\[")) in result.stdout


def test_json_and_junit_carry_control_characters_as_their_format_requires(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(late_review_dossier(organization=HOSTILE), encoding="utf-8")
    json_out = run("assess", path, "-f", "json").stdout
    assert "Evil\\u001b]0;pwned\\u0007Corp" in json_out and "\x1b" not in json_out
    junit_out = run("assess", path, "-f", "junit").stdout
    assert "\x1b" not in junit_out and "\x07" not in junit_out


def test_control_characters_in_error_messages_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text('audit:\n  organization: A\n  date: 2021-03-01\n  type: "surv\\e[8meillance"\n', encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "unknown value 'surv\\x1b[8meillance'; did you mean 'surveillance'?" in result.stderr
