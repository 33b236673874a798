"""What the commands say besides the report: compiled rules, what was written, progress, summaries."""

from __future__ import annotations

import io
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers import late_review_dossier, run

from clausewise.cli import progress
from clausewise.engine.assess import compile_pack
from clausewise.engine.durable_backend import DurableEngine
from clausewise.rules.loader import load_pack
from clausewise.rules.lower import resolve_params


def test_rules_show_compiled_prints_every_durable_rule_of_the_rule() -> None:
    pack = load_pack("iso9001")
    described = DurableEngine(compile_pack(pack, resolve_params(pack.manifest, {})).rules).describe()
    per_rule = Counter(name.partition("~")[0] for rules in described.values() for name in rules if "~" in name)
    rule, count = per_rule.most_common(1)[0]
    assert count >= 2  # a rule compiled to several durable rules (presence variants, join disjuncts)

    result = run("rules", "show", rule, "--compiled")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"compiled: {count} durable-rules rules" in out
    names = re.findall(r"^durable-rules rule (\S+) \(ruleset (\S+)\):$", out, re.MULTILINE)
    assert sorted(n for n, _ in names) == [f"{rule}~{n}" for n in range(count)]
    for name, ruleset in names:
        block = out.split(f"durable-rules rule {name} (ruleset {ruleset}):\n", 1)[1]
        definition = json.JSONDecoder().raw_decode(block)[0]
        assert definition == described[ruleset][name]
        assert definition["run"].endswith(f":{name}")


def test_rules_show_compiled_for_the_reference_evaluator_prints_the_ir() -> None:
    result = run("rules", "show", "nc-recurrence", "--compiled", "--evaluator", "reference")
    assert result.exit_code == 0, result.output
    assert "compiled: 1 rule IR\n" in result.stdout
    assert "durable-rules rule" not in result.stdout
    ir = json.JSONDecoder().raw_decode(result.stdout.split("rule IR nc-recurrence:\n", 1)[1])[0]
    assert ir["node"] == "RuleIR" and ir["id"] == "nc-recurrence"
    assert ir["match"][0]["node"] == "PatternIR"


def test_rules_show_without_compiled_prints_no_durable_rules() -> None:
    result = run("rules", "show", "mr-none-within-interval")
    assert result.exit_code == 0
    assert "durable-rules rule" not in result.stdout


# --- what was written, and why the exit code is 1 ------------------------------------------------------------


@pytest.fixture
def late_review(tmp_path: Path) -> Path:
    path = tmp_path / "dossier.yaml"
    path.write_text(late_review_dossier(), encoding="utf-8")
    return path


def test_output_to_a_file_says_what_was_written_and_why_exit_1(late_review: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = run("assess", late_review, "-f", "json", "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    saved = json.loads(out.read_text(encoding="utf-8"))
    counted = [f for f in saved["findings"] if f["judgment"] in ("N", "O")]
    assert len(counted) == 1
    lines = result.stderr.splitlines()
    assert lines == [
        f"wrote {out} (json, {len(saved['clauses'])} clauses, 1 finding)",
        f"findings: 1 nonconformity (1 major, 0 minor) (exit 1: --fail-on N); see {out}",
    ]


def test_no_summary_when_the_exit_code_is_0(late_review: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run("assess", late_review, late_review, "-f", "markdown", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0
    clauses = 2 * len(load_pack("iso9001").manifest.clauses)
    assert result.stderr == f"wrote {out} (markdown, 2 dossiers, {clauses} clauses, 2 findings)\n"


def test_report_to_stdout_says_nothing_on_stderr(late_review: Path) -> None:
    result = run("assess", late_review, "-f", "json")
    assert result.exit_code == 1
    assert result.stderr == ""


def test_report_and_template_and_schema_say_what_they_wrote(late_review: Path, tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    run("assess", late_review, "-f", "json", "-o", saved)
    html = tmp_path / "r.html"
    result = run("report", saved, "-f", "html", "-o", html)
    assert result.exit_code == 0
    assert re.fullmatch(rf"wrote {re.escape(str(html))} \(html, \d+ clauses, 1 finding\)\n", result.stderr)
    template = tmp_path / "t.yaml"
    result = run("evidence", "template", "--clause", "9.3", "-o", template)
    assert result.stderr == f"wrote {template} (evidence template, en, clauses 9.3)\n"
    schema = tmp_path / "s.json"
    assert run("schema", "-o", schema).stderr.startswith(f"wrote {schema} (")


def test_validate_counts_read_as_english(late_review: Path) -> None:
    result = run("validate", late_review)
    assert result.exit_code == 0
    assert result.stdout == f"ok: {late_review}: 1 item in 2 sections (audit, management_reviews)\n"


# --- progress ----------------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_a_status_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.01)
    stream = FakeTerminal()
    with progress.Progress(stream) as p:
        p.stage("loading big.yaml")
        time.sleep(0.2)
    text = stream.getvalue()
    assert "\r\x1b[Kloading big.yaml … 0 s" in text
    assert text.endswith(progress.CLEAR)  # the line is erased at the end


def test_progress_is_silent_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = io.StringIO()
    with progress.Progress(stream) as p:
        p.stage("loading big.yaml")
        time.sleep(0.1)
    assert stream.getvalue() == ""


def test_progress_is_silent_for_short_work() -> None:
    stream = FakeTerminal()
    with progress.Progress(stream) as p:
        p.stage("loading small.yaml")
    assert stream.getvalue() == ""


def test_assess_shows_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, late_review: Path) -> None:
    quiet = run("assess", late_review, late_review, "-f", "json")
    assert quiet.stderr == ""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.005)
    monkeypatch.setattr(progress, "is_terminal", lambda stream: True)
    result = run("assess", late_review, late_review, "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)  # the report is untouched: progress goes to stderr
    assert "\r\x1b[K" in result.stderr
    assert re.search(r"assessing dossiers: \d/2 done, \d+ at a time", result.stderr), result.stderr


def test_an_error_clears_the_progress_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.005)
    monkeypatch.setattr(progress, "is_terminal", lambda stream: True)
    bad = tmp_path / "bad.yaml"
    bad.write_text("audit: [\n", encoding="utf-8")
    result = run("assess", bad)
    assert result.exit_code == 2
    error = next(line for line in result.stderr.split("\n") if "error:" in line)
    # the status line was drawn, then erased before the error, which reads as a line of its own
    assert progress.CLEAR in error
    assert error.split(progress.CLEAR)[-1].startswith("error: "), repr(error)


def test_progress_goes_through_a_folder_file_by_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    audit, reviews = late_review_dossier().split("management_reviews:")
    (folder / "1-audit.yaml").write_text(audit, encoding="utf-8")
    (folder / "2-reviews.yaml").write_text("management_reviews:" + reviews, encoding="utf-8")
    (folder / "3-complaints.yaml").write_text("complaints: []\n", encoding="utf-8")
    seen: list[str] = []
    monkeypatch.setattr(progress.Progress, "stage", lambda self, text: seen.append(text))
    assert run("assess", folder, "-f", "json").exit_code == 1
    assert [s.rsplit(" ", 1)[0] for s in seen if ": file " in s] == [
        f"loading {folder}: file 1/3",
        f"loading {folder}: file 2/3",
        f"loading {folder}: file 3/3",
    ]
    assert seen[-1] == "writing the json report"
