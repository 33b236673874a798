"""The ``clausewise`` command as a user meets it: outputs, exit codes, options, error messages.

Only rule ``mr-none-within-own-interval`` (clause 9.3.1: no management review within the organization's own
``interval_months`` up to ``audit.as_of``), ``mr-none-within-interval`` (its certification-practice fallback) and
the clause tree of the built-in pack are relied on; other rules may come and go.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import evaluated_by, late_review_dossier, late_review_dossiers, run

from clausewise.rules.loader import load_pack

RULE = "mr-none-within-own-interval"
FALLBACK = "mr-none-within-interval"

# The only management review is 15 months before the audit: the rule fires with the organization's 12 months.
DOSSIER = late_review_dossier(source='"MR minutes 2019, p. 1"')


@pytest.fixture(scope="module")
def clause_keys() -> list[str]:
    return list(load_pack("iso9001").manifest.clauses)


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    path = tmp_path / "dossier.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    return path


def assess_json(*args: str) -> dict[str, object]:
    result = run("assess", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def fired(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


def clause(report: dict, key: str) -> dict:
    return next(c for c in report["clauses"] if c["key"] == key)


# --- assess -------------------------------------------------------------------------------------------------


def test_assess_table_prints_every_clause_and_exits_1_on_n(dossier: Path, clause_keys: list[str]) -> None:
    result = run("assess", dossier)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    table_keys = [line.split()[0] for line in lines if line.split() and line.split()[0] in clause_keys]
    assert table_keys == clause_keys  # every clause, once, in the pack's order
    row = next(line for line in lines if line.split() and line.split()[0] == "9.3.1")
    assert "N nonconforming (major)" in row
    assert f"(rule {RULE})" in result.stdout
    assert "Organization: Acme Ltd" in result.stdout
    assert "Judged as of: 2021-03-01" in result.stdout


def test_fail_on_never_exits_0(dossier: Path) -> None:
    result = run("assess", dossier, "--fail-on", "never")
    assert result.exit_code == 0
    assert f"(rule {RULE})" in result.stdout


def test_json_has_schema_version_and_a_judgment_for_every_clause(dossier: Path, clause_keys: list[str]) -> None:
    result = run("assess", dossier, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["schema_version"] == 2
    assert [c["key"] for c in report["clauses"]] == clause_keys
    valid = {"C", "N", "O", "NA", "insufficient_evidence", "needs_review", "not_assessed", "not_audited"}
    assert all(c["judgment"] in valid for c in report["clauses"])
    assert RULE in fired(report)
    finding = next(f for f in report["findings"] if f["rule"] == RULE)
    assert finding["clause"] == "9.3.1"
    assert finding["judgment"] == "N"
    assert finding["grade"] == "major"
    assert finding["message"]["en"] == (
        "The organization plans management reviews every 12 months (review of 2019-12-01), "
        "but none is recorded between 2020-03-01 and 2021-03-01."
    )
    assert finding["basis"]["kind"] == "organization"
    assert clause(report, "9.3.1")["judgment"] == "N"
    assert clause(report, "9.3")["judgment"] == "N"  # a parent takes the worst of its children
    assert report["params"]["review_interval_months"] == 12
    assert report["dossier"]["organization"] == "Acme Ltd"
    assert report["dossier"]["as_of"] == "2021-03-01"


def test_json_for_several_dossiers_is_a_list(dossier: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DOSSIER.replace("2019-12-01", "2020-12-01"), encoding="utf-8")
    result = run("assess", dossier, other, "--format", "json")
    assert result.exit_code == 1  # the first has an N finding
    reports = json.loads(result.stdout)
    assert [r["dossier"]["files"] for r in reports] == [[str(dossier)], [str(other)]]
    assert RULE in fired(reports[0])
    assert RULE not in fired(reports[1])


def test_markdown(dossier: Path) -> None:
    result = run("assess", dossier, "--format", "markdown")
    assert result.exit_code == 1
    text = result.stdout
    assert text.startswith("# Acme Ltd\n")
    assert "| Clause | Judgment | Title |" in text
    assert "| 9.3.1 | N nonconforming \\(major\\) | General |" in text  # Markdown-escaped, renders as typed
    assert "## Findings" in text
    assert "No management review within the organization's planned interval" in text


def test_lang_zh_prints_chinese_labels(dossier: Path) -> None:
    result = run("assess", dossier, "--lang", "zh")
    assert result.exit_code == 1
    text = result.stdout
    for label in ("受审核方: Acme Ltd", "条款", "判定", "标题", "评价基准日: 2021-03-01", "汇总: "):
        assert label in text, label
    row = next(line for line in text.splitlines() if line.split() and line.split()[0] == "9.3.1")
    assert "N 严重不符合" in row
    assert "总则" in row
    assert "组织规定每12个月进行一次管理评审（见2019-12-01的管理评审），" in text
    assert "但2020-03-01至2021-03-01期间无管理评审记录。" in text
    assert f"(规则 {RULE})" in text


def test_lang_zh_labels_follow_the_judgments(tmp_path: Path) -> None:
    dossier = tmp_path / "longer.yaml"  # the organization plans reviews every 24 months: no N to grade
    dossier.write_text(DOSSIER.replace("interval_months: 12", "interval_months: 24"), encoding="utf-8")
    zh_labels = {
        "C": "C 符合",
        "N": "N 不符合",
        "O": "O 观察项",
        "NA": "NA 不适用",
        "insufficient_evidence": "资料未提供，无法判定",
    }
    zh_labels |= {"needs_review": "需审核员判断", "not_assessed": "未评价（无规则）"}
    args = ("--param", "review_interval_months=24")
    report = assess_json(dossier, *args)
    result = run("assess", dossier, *args, "--lang", "zh", "--format", "markdown")
    rows = {line.split(" | ")[0][2:]: line for line in result.stdout.splitlines() if line.startswith("| ")}
    for c in report["clauses"]:
        assert f"| {c['key']} | {zh_labels[c['judgment']]}" in rows[c["key"]]
    assert "| 9.3.1 | C 符合 | 总则 |" in result.stdout or clause(report, "9.3.1")["judgment"] != "C"


def test_output_file_is_written_atomically(dossier: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    out = out_dir / "report.json"
    result = run("assess", dossier, "--format", "json", "--output", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.json"]  # no temporary files left
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema_version"] == 2
    assert RULE in fired(report)
    # The same text as printed.
    printed = run("assess", dossier, "--format", "json").stdout
    assert out.read_text(encoding="utf-8") == printed


def test_output_file_gets_a_normal_mode(dossier: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    run("assess", dossier, "-o", out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)
    run("assess", dossier, "-o", out)  # replacing keeps the mode
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_output_to_an_unwritable_place_is_a_usage_error(dossier: Path, tmp_path: Path) -> None:
    result = run("assess", dossier, "--output", tmp_path)  # a folder
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write --output {tmp_path}: ")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.yaml"]


def test_param_changes_the_result(dossier: Path, tmp_path: Path) -> None:
    """Without the organization's own interval the certification-practice fallback applies, as O; a certification
    body's parameter makes it N in its audit, and the interval parameter moves it."""
    plain = tmp_path / "plain.yaml"
    plain.write_text(DOSSIER.replace("    interval_months: 12\n", ""), encoding="utf-8")
    default = assess_json(plain)
    finding = next(f for f in default["findings"] if f["rule"] == FALLBACK)
    assert finding["judgment"] == "O" and finding["basis"]["declared"] == "N"
    strict = assess_json(plain, "--param", "certification_rules_as_n=true")
    assert next(f for f in strict["findings"] if f["rule"] == FALLBACK)["judgment"] == "N"
    longer = assess_json(plain, "--param", "review_interval_months=24")
    assert FALLBACK not in fired(longer)
    assert longer["params"]["review_interval_months"] == 24
    assert "9.3.1" in {f["clause"] for f in default["findings"]}


def test_unknown_param_names_the_key(dossier: Path) -> None:
    result = run("assess", dossier, "--param", "nope=1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --param: unknown parameter 'nope' for pack iso9001")
    assert "review_interval_months" in result.stderr  # the known ones are listed
    assert "Traceback" not in result.output


def test_param_with_a_bad_value(dossier: Path) -> None:
    result = run("assess", dossier, "--param", "review_interval_months=abc")
    assert result.exit_code == 2
    assert result.stderr == "error: --param: review_interval_months: expected a whole number, found 'abc'\n"


def test_param_without_equals(dossier: Path) -> None:
    result = run("assess", dossier, "--param", "review_interval_months")
    assert result.exit_code == 2
    assert result.stderr == "error: --param expects KEY=VALUE, got 'review_interval_months'\n"


def test_as_of_invalid_date(dossier: Path) -> None:
    result = run("assess", dossier, "--as-of", "2020-13-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --as-of expects a date YYYY-MM-DD, got '2020-13-01'\n"


def test_as_of_changes_interval_judgments(dossier: Path, tmp_path: Path) -> None:
    earlier = assess_json(dossier, "--as-of", "2020-06-01")  # the review was 6 months before
    assert RULE not in fired(earlier)
    assert earlier["dossier"]["as_of"] == "2020-06-01"
    longer = tmp_path / "longer.yaml"  # the organization plans reviews every 24 months
    longer.write_text(DOSSIER.replace("interval_months: 12", "interval_months: 24"), encoding="utf-8")
    later = assess_json(longer, "--as-of", "2021-06-01")
    assert RULE not in fired(later)
    much_later = assess_json(longer, "--as-of", "2022-06-01")
    assert RULE in fired(much_later)
    finding = next(f for f in much_later["findings"] if f["rule"] == RULE)
    assert "every 24 months" in finding["message"]["en"] and "2020-06-01 and 2022-06-01" in finding["message"]["en"]


def test_missing_pack(dossier: Path) -> None:
    result = run("assess", dossier, "--pack", "/no/such")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: /no/such: no such rule pack "
        "(expected a pack name (iso9001, certification, certification_cnca) or a pack folder)\n"
    )


def test_reference_evaluator_agrees(dossier: Path) -> None:
    with evaluated_by("durable"):
        durable = assess_json(dossier)
    with evaluated_by("reference"):
        reference = assess_json(dossier, "--evaluator", "reference")
    assert durable["findings"] == reference["findings"]
    assert durable["clauses"] == reference["clauses"]


def test_user_markup_is_printed_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        DOSSIER.replace("Acme Ltd", '"[bold]Acme[/bold] <b>Ltd</b> [red]"').replace(
            'source: "MR minutes 2019, p. 1"', 'source: "<script>x</script> [link=http://x]y[/link]"'
        ),
        encoding="utf-8",
    )
    table = run("assess", path)
    assert table.exit_code == 1
    assert "Organization: [bold]Acme[/bold] <b>Ltd</b> [red]" in table.stdout
    assert "[bold]Acme[/bold] <b>Ltd</b> [red]" in table.stdout
    markdown = run("assess", path, "--format", "markdown")
    assert "# \\[bold\\]Acme\\[/bold\\] \\<b\\>Ltd\\</b\\> \\[red\\]" in markdown.stdout
    report = json.loads(run("assess", path, "--format", "json").stdout)
    assert report["dossier"]["organization"] == "[bold]Acme[/bold] <b>Ltd</b> [red]"


def test_chinese_dossier_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "audit:\n  organization: 北京某某科技有限公司\n  date: 2021-03-01\n  type: surveillance\n"
        "management_reviews:\n  - date: 2019-01-10\n    chaired_by: 李明\n    interval_months: 12\n",
        encoding="utf-8",
    )
    result = run("assess", path, "--lang", "zh")
    assert result.exit_code == 1
    assert "受审核方: 北京某某科技有限公司" in result.stdout
    report = json.loads(run("assess", path, "--format", "json").stdout)
    assert report["dossier"]["organization"] == "北京某某科技有限公司"


# --- validate -----------------------------------------------------------------------------------------------


def test_validate_ok(dossier: Path) -> None:
    result = run("validate", dossier)
    assert result.exit_code == 0
    assert result.stdout == f"ok: {dossier}: 1 item in 2 sections (audit, management_reviews)\n"
    assert result.stderr == ""


def test_validate_failing(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(DOSSIER.replace("type: surveillance", "type: yearly"), encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:4:3: audit.type: unknown value 'yearly'")
    assert "Traceback" not in result.output


def test_validate_checks_every_dossier(dossier: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - nam: Li\n", encoding="utf-8")
    result = run("validate", bad, dossier)
    assert result.exit_code == 2
    assert f"ok: {dossier}:" in result.stdout  # checked although an earlier one failed
    assert f"error: {bad}:2:5: people[0].name: required field is missing" in result.stderr


# --- rules --------------------------------------------------------------------------------------------------


def test_rules_list(clause_keys: list[str]) -> None:
    result = run("rules", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    row = next(line for line in lines if RULE in line)
    assert row.split()[:3] == ["9.3.1", "N/major", RULE]
    assert "No management review within the organization's planned interval" in row
    assert all(line.split()[0] in clause_keys for line in lines)
    order = [clause_keys.index(line.split()[0]) for line in lines]
    assert order == sorted(order)


def test_rules_list_by_clause() -> None:
    result = run("rules", "list", "--clause", "9.3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(RULE in line for line in lines)
    assert all(line.split()[0] == "9.3" or line.split()[0].startswith("9.3.") for line in lines)
    zh = run("rules", "list", "--clause", "9.3.1", "--lang", "zh")
    assert "未在组织策划的时间间隔内进行管理评审" in zh.stdout


def test_rules_list_bad_clause() -> None:
    result = run("rules", "list", "--clause", "nine")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 'nine' is not a clause key")


def test_rules_show() -> None:
    result = run("rules", "show", RULE)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(f"{RULE}  (")
    assert "9.3-management-review.yaml:" in text.splitlines()[0]
    assert "clause: 9.3.1   judgment: N (major)" in text
    assert "basis: organization — the organization's own management review interval" in text
    assert "  en: No management review within the organization's planned interval" in text
    assert "  zh: 未在组织策划的时间间隔内进行管理评审" in text
    assert "reads: " in text and "management_reviews" in text
    assert '"kind": "management_review"' in text


def test_rules_show_unknown() -> None:
    result = run("rules", "show", "nope")
    assert result.exit_code == 2
    assert result.stderr == "error: no rule 'nope' in pack iso9001; see 'clausewise rules list'\n"


# --- schema, version, python -m ------------------------------------------------------------------------------


def test_schema_prints_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Assessment"
    assert schema["type"] == "object"
    assert {"schema_version", "pack", "dossier", "clauses", "findings", "gaps"} <= set(schema["properties"])
    assert "ClauseResult" in schema["$defs"]


def test_version() -> None:
    result = run("version")
    assert result.exit_code == 0
    assert result.stdout.startswith("clausewise ")


def test_python_m_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "clausewise", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    for command in ("assess", "validate", "rules", "schema"):
        assert command in proc.stdout


def test_python_m_bad_input_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("audit:\n  date: 2020-13-01\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "clausewise", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert f"error: {path}:2:3: audit.date: not a valid date: there is no month 13" in proc.stderr


def test_no_arguments_shows_help() -> None:
    result = run()
    assert result.exit_code in (0, 2)
    assert "assess" in result.output


def test_as_of_and_params_reach_every_dossier_of_a_batch(tmp_path: Path) -> None:
    """Several dossiers are assessed in child processes: the options travel there too."""
    paths = late_review_dossiers(tmp_path, 2)
    args = ("--as-of", "2020-06-01", "--param", "review_interval_months=6", "-f", "json", "--fail-on", "never")
    result = run("assess", *paths, *args)
    assert result.exit_code == 0, result.stderr
    told = [(r["dossier"]["as_of"], r["params"]["review_interval_months"]) for r in json.loads(result.stdout)]
    assert told == [("2020-06-01", 6), ("2020-06-01", 6)]


def test_clause_and_lang_reach_every_dossier_of_a_batch(tmp_path: Path) -> None:
    paths = late_review_dossiers(tmp_path, 2)
    result = run("assess", *paths, "--clause", "9.3", "--lang", "zh", "-f", "markdown", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("显示的条款") == 2 and "7.1.5" not in result.stdout
