"""Bad input: every problem names its place (file:line:column), the field, what was expected and found.

Each case writes a small dossier (or rule pack) into ``tmp_path``, loads it through the library and checks
the structured :class:`Problem` records; a handful go through the CLI too (exit code 2, the same message on
stderr, never a traceback).
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import evaluated_by
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors, Problem
from clausewise.rules.loader import load_pack

AUDIT = """\
audit:
  organization: Acme
  date: 2021-03-01
  type: surveillance
"""


def _billion_laughs() -> str:
    lines = ["a: &a [" + ", ".join(['"lol"'] * 10) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@dataclass
class Case:
    """One bad dossier file and the single problem it must produce."""

    id: str
    content: str | bytes
    where: str  # "line:column", or "" for whole-file problems
    message: str
    field: str = ""
    expected: str | None = None  # exact, or None to skip
    found: str | None = None  # exact, or None to skip
    name: str = "dossier.yaml"
    load_kw: dict[str, int] = dataclasses.field(default_factory=dict)
    expected_contains: tuple[str, ...] = ()


CASES = [
    Case(
        "invalid-month",
        "audit:\n  organization: Acme\n  date: 2020-13-01\n  type: internal\n",
        "3:3",
        "not a valid date: there is no month 13",
        "audit.date",
        "a date YYYY-MM-DD",
        "text '2020-13-01'",
    ),
    Case(
        "february-30",
        "audit:\n  organization: Acme\n  date: 2020-02-30\n  type: internal\n",
        "3:3",
        "not a valid date: February 2020 has no day 30",
        "audit.date",
        "a date YYYY-MM-DD",
        "text '2020-02-30'",
    ),
    Case(
        "february-29-not-leap",
        "management_reviews:\n  - date: 2021-02-29\n",
        "2:5",
        "not a valid date: February 2021 has no day 29",
        "management_reviews[0].date",
        "a date YYYY-MM-DD",
        "text '2021-02-29'",
    ),
    Case(
        "date-with-time",
        "management_reviews:\n  - date: 2020-06-01 10:00\n",
        "2:5",
        "not a valid date: a date has no time of day",
        "management_reviews[0].date",
        "a date YYYY-MM-DD",
        "text '2020-06-01 10:00'",
    ),
    Case(
        # pydantic would read a number as seconds since 1970 (date: 0 -> 1970-01-01) without a word
        "number-as-date",
        "management_reviews:\n  - date: 0\n",
        "2:5",
        "a number is not a date; write it as YYYY-MM-DD",
        "management_reviews[0].date",
        "a date YYYY-MM-DD",
        "number 0",
    ),
    Case(
        "compact-number-as-date",
        "audit:\n  organization: Acme\n  date: 20200601\n  type: internal\n",
        "3:3",
        "a number is not a date; write it as YYYY-MM-DD",
        "audit.date",
        "a date YYYY-MM-DD",
        "number 20200601",
    ),
    Case(
        "clause-as-float",
        "nonconformities:\n  - description: late calibration\n    clause: 7.10\n",
        "3:5",
        "'7.10' was read as the number 7.1; quote it (\"7.10\") to keep it as text",
        "nonconformities[0].clause",
        "text",
        "number 7.10",
    ),
    Case(
        "clause-as-integer",
        "nonconformities:\n  - description: x\n    clause: 7\n",
        "3:5",
        "'7' was read as a number; quote it (\"7\") to keep it as text",
        "nonconformities[0].clause",
        "text",
        "number 7",
    ),
    Case(
        "duplicate-key",
        "audit:\n  organization: Acme\n  organization: Other\n  date: 2020-01-01\n  type: internal\n",
        "3:3",
        "duplicate key 'organization' (first defined on line 2)",
        "audit.organization",
    ),
    Case(
        "billion-laughs",
        _billion_laughs(),
        "5:29",
        "aliases expand to too many values (alias bomb?)",
        "",
        "at most 100,000 values from aliases",
    ),
    Case(
        "recursive-alias",
        "people:\n  - &p\n    name: Li\n    roles: [*p]\n",
        "4:13",
        "recursive alias: a value contains itself",
    ),
    Case(
        "undefined-alias",
        "people:\n  - name: *boss\n",
        "2:11",
        "alias '*boss' names no anchor defined before it",
    ),
    Case(  # 500 levels: past clausewise's limit (64), below libyaml's own (1000, in newer PyYAML wheels)
        "deep-nesting",
        "people: " + "[" * 500 + "]" * 500 + "\n",
        "1:72",
        "values are nested too deeply",
        "",
        "at most 64 levels",
    ),
    Case(
        "over-size-limit",
        "people:\n" + "  - name: Li\n" * 10,
        "",
        "file is too large",
        "",
        "at most 50 bytes",
        "138 bytes",
        load_kw={"max_bytes": 50},
    ),
    Case(
        "text-where-list-expected",
        "people:\n  - name: Li\n    roles: manager\n",
        "3:5",
        "must be a list",
        "people[0].roles",
        "a list such as [a, b]",
        "text 'manager'",
    ),
    Case(
        "number-where-text-expected",
        "people:\n  - name: 123\n",
        "2:5",
        "'123' was read as a number; quote it (\"123\") to keep it as text",
        "people[0].name",
        "text",
        "number 123",
    ),
    Case(
        "boolean-where-text-expected",
        "people:\n  - name: yes\n",
        "2:5",
        "'yes' was read as true/false; quote it (\"yes\") to keep it as text",
        "people[0].name",
        "text",
        "true/false yes",
    ),
    Case(
        "list-where-mapping-expected",
        "audit:\n  - organization: Acme\n",
        "1:1",
        "must be a mapping of fields",
        "audit",
        "a mapping (key: value lines)",
        "a list",
    ),
    Case(
        "mapping-where-list-expected",
        "people:\n  name: Li\n",
        "1:1",
        "must be a list",
        "people",
        "a list such as [a, b]",
        "a mapping",
    ),
    Case(
        "text-where-number-expected",
        "resources:\n  - type: people\n    description: auditors\n    quantity: many\n",
        "4:5",
        "must be a number",
        "resources[0].quantity",
        "a number",
        "text 'many'",
    ),
    Case(
        # pydantic would turn `yes` into 1.0 without a word
        "boolean-where-number-expected",
        "resources:\n  - type: people\n    description: auditors\n    quantity: yes\n",
        "4:5",
        "must be a number",
        "resources[0].quantity",
        "a number",
        "true/false yes",
    ),
    Case(
        "fraction-where-whole-number-expected",
        "internal_audits:\n  - date: 2020-01-01\n    nonconformities_found: 2.5\n",
        "3:5",
        "must be a whole number",
        "internal_audits[0].nonconformities_found",
        "a whole number",
        "number 2.5",
    ),
    Case(
        "empty-value",
        "people:\n  - name:\n",
        "2:5",
        "no value given",
        "people[0].name",
        "text",
        "nothing",
    ),
    Case(
        "empty-text",
        "people:\n  - name: ''\n",
        "2:5",
        "must not be empty",
        "people[0].name",
        "text",
        "text ''",
    ),
    Case(
        "unknown-field-did-you-mean",
        "people:\n  - name: Li\n    departmnt: QA\n",
        "3:5",
        "unknown field 'departmnt'; did you mean 'department'?",
        "people[0].departmnt",
        expected_contains=("one of: auditor_appointed_on, department, ", "training_records"),
    ),
    Case(
        "unknown-nested-field",
        "audit:\n  organization: Acme\n  date: 2020-01-01\n  type: internal\n  certificate:\n    expiry: 2023-01-01\n",
        "6:5",
        "unknown field 'expiry'; did you mean 'expires_on'?",
        "audit.certificate.expiry",
        "one of: decided_on, expires_on, issued_on, number, scope, status, status_since",
    ),
    Case(
        "unknown-section",
        "peple:\n  - name: Li\n",
        "1:1",
        "unknown section 'peple'; did you mean 'people'? (a pack's own section is known only with that pack: "
        "--pack NAME|PATH)",
        "peple",
        expected_contains=("one of: audit, audit_programmes, ", "management_reviews", "service_records"),
    ),
    Case(
        "missing-required-field",
        "people:\n  - department: QA\n",
        "2:5",
        "required field is missing",
        "people[0].name",
    ),
    Case(
        "unknown-audit-type",
        "audit:\n  organization: Acme\n  date: 2020-01-01\n  type: yearly\n",
        "4:3",
        "unknown value 'yearly'",
        "audit.type",
        "one of: internal, stage1, stage2, surveillance, recertification, special",
        "'yearly'",
    ),
    Case(
        "unknown-audit-type-did-you-mean",
        "audit:\n  organization: Acme\n  date: 2020-01-01\n  type: survelliance\n",
        "4:3",
        "unknown value 'survelliance'; did you mean 'surveillance'?",
        "audit.type",
        "one of: internal, stage1, stage2, surveillance, recertification, special",
        "'survelliance'",
    ),
    Case(
        "unknown-grade",
        "nonconformities:\n  - description: x\n    grade: big\n",
        "3:5",
        "unknown value 'big'",
        "nonconformities[0].grade",
        "one of: major, minor",
        "'big'",
    ),
    Case(
        "non-utf8-bytes",
        b"people:\n  - name: Li\n    position: \xff\xfe boss\n",
        "3:15",
        "file is not valid UTF-8 text; save it as UTF-8",
        "",
        "UTF-8",
        "bytes ff fe 20 62",
    ),
    Case(
        "gbk-encoded-chinese",
        "people:\n  - name: 李明\n".encode("gbk"),
        "2:11",
        "file is not valid UTF-8 text; save it as UTF-8 (it looks like GBK/GB18030, a Chinese legacy encoding)",
        "",
        "UTF-8",
        "bytes c0 ee c3 f7",
    ),
    Case(
        "bad-indentation",
        "audit:\n  organization: Acme\n   date: 2020-01-01\n",
        "3:8",
        "YAML syntax error: mapping values are not allowed in this context",
    ),
    Case(
        "unclosed-quote",
        'audit:\n  organization: "Acme\n  date: 2020-01-01\n',
        "2:17",
        "YAML syntax error: this quoted text is never closed",
    ),
    Case(
        "tab-indentation",
        "people:\n\t- name: Li\n",
        "2:1",
        "YAML syntax error: found character that cannot start any token "
        "(while scanning for the next token at line 2, column 1); tabs cannot indent YAML, use spaces",
    ),
    Case(
        "control-character",
        "people:\n  - name: Li\x01Ming\n",
        "2:13",
        "YAML error: control characters are not allowed",
        "",
        None,
        "character U+0001",
    ),
    Case(
        "python-tag",
        "people: !!python/object/apply:os.system [echo hi]\n",
        "1:9",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        "",
        "plain values without tags",
    ),
    Case(
        "second-document",
        "people: []\n---\npeople: []\n",
        "2:1",
        "a second YAML document ('---') in the same file",
        "",
        "one document per file",
    ),
    Case(
        "empty-file",
        "",
        "1:1",
        "file is empty",
        "",
        "a mapping of dossier sections such as audit, people, management_reviews",
        "no data",
    ),
    Case(
        "comments-only",
        "# nothing yet\n",
        "1:1",
        "file is empty",
        "",
        "a mapping of dossier sections such as audit, people, management_reviews",
        "no data",
    ),
    Case(
        "top-level-list",
        "- audit: {}\n- people: []\n",
        "1:1",
        "a dossier file must be a mapping of sections",
        "",
        "keys such as audit, people, management_reviews",
        "a list",
    ),
    Case(
        "merge-key",
        "people:\n  - &li\n    name: Li\n  - <<: *li\n    department: QA\n",
        "4:5",
        "YAML merge keys ('<<') are not supported; write the fields out",
        "people[1]",
    ),
    Case(
        "json-trailing-comma",
        '{\n  "audit": {\n    "organization": "Acme",\n  }\n}\n',
        "4:3",
        "JSON syntax error: Expecting property name enclosed in double quotes",
        name="dossier.json",
    ),
    Case(
        "json-missing-comma",
        '{\n  "people": [\n    {"name": "Li"}\n    {"name": "Wang"}\n  ]\n}\n',
        "4:5",
        "JSON syntax error: Expecting ',' delimiter",
        name="dossier.json",
    ),
    Case(
        "json-unknown-field",
        '{\n  "people": [\n    {"name": "Li", "departmnt": "QA"}\n  ]\n}\n',
        "3:20",
        "unknown field 'departmnt'; did you mean 'department'?",
        "people[0].departmnt",
        expected_contains=("department",),
        name="dossier.json",
    ),
    Case(
        "json-invalid-date",
        '{"management_reviews": [\n  {"date": "2020-02-30"}\n]}\n',
        "2:4",
        "not a valid date: February 2020 has no day 30",
        "management_reviews[0].date",
        "a date YYYY-MM-DD",
        "text '2020-02-30'",
        name="dossier.json",
    ),
    Case(
        "chinese-value-not-boolean",
        "people:\n  - name: 李明\n    position: 总经理\n    top_management: 是的\n",
        "4:5",
        "must be true or false",
        "people[0].top_management",
        "true or false",
        "text '是的'",
    ),
    Case(
        "chinese-date",
        "management_reviews:\n  - date: 二〇二〇年六月\n    chaired_by: 李明\n",
        "2:5",
        "not a valid date",
        "management_reviews[0].date",
        "a date YYYY-MM-DD",
        "text '二〇二〇年六月'",
    ),
    Case(
        "chinese-field-name",
        "people:\n  - name: 李明\n    职位: 总经理\n",
        "3:5",
        "unknown field '职位'",
        "people[0].职位",
        expected_contains=("position",),
    ),
]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _problems(paths: Path | list[Path], **kw: int) -> list[Problem]:
    with pytest.raises(InputErrors) as info:
        load_dossier(paths, **kw)
    return info.value.problems


def _loc(path: Path, where: str) -> str:
    return f"{path}:{where}" if where else str(path)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_dossier_file(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path / case.name, case.content)
    problems = _problems(path, **case.load_kw)
    assert len(problems) == 1, "\n".join(map(str, problems))
    (p,) = problems
    assert str(p.location) == _loc(path, case.where)
    assert p.message == case.message
    assert p.field == case.field
    if case.expected is not None:
        assert p.expected == case.expected
    for part in case.expected_contains:
        assert part in p.expected
    if case.found is not None:
        assert p.found == case.found
    # The rendered line carries all of it.
    text = str(p)
    assert text.startswith(_loc(path, case.where) + ":")
    assert case.message in text
    if case.field:
        assert f" {case.field}: " in text


# --- the same through the CLI: exit 2, message on stderr, no traceback ----------------------------------------

CLI_CASES = [
    "invalid-month",
    "clause-as-float",
    "duplicate-key",
    "billion-laughs",
    "unknown-field-did-you-mean",
    "non-utf8-bytes",
    "unclosed-quote",
    "json-unknown-field",
    "chinese-value-not-boolean",
    "empty-file",
]


@pytest.mark.parametrize("command", ["validate", "assess"])
@pytest.mark.parametrize("case_id", CLI_CASES)
def test_bad_dossier_through_cli(tmp_path: Path, case_id: str, command: str) -> None:
    case = next(c for c in CASES if c.id == case_id)
    path = _write(tmp_path / case.name, case.content)
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {_loc(path, case.where)}: ")
    assert case.message in lines[0]
    if case.field:
        assert f": {case.field}: " in lines[0]
    if case.found:
        assert case.found in lines[0]


def test_cli_keeps_chinese_text_intact(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.yaml", "people:\n  - name: 李明\n    职位: 总经理\n    top_management: 是的\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}:3:5: people[0].职位: unknown field '职位'" in result.stderr
    assert f"error: {path}:4:5: people[0].top_management: must be true or false" in result.stderr
    assert "found text '是的'" in result.stderr
    assert "\\u" not in result.stderr


# --- several problems in one file: all reported, in file order ---------------------------------------------


def test_several_errors_reported_together_sorted(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.yaml",
        textwrap.dedent(
            """\
            people:
              - name: Li
                departmnt: QA
              - nam: Wang
            audit:
              organization: Acme
              date: 2020-13-01
              type: yearly
            management_reviews:
              - date: 2020-02-30
                attendees: 李明
            """
        ),
    )
    problems = _problems(path)
    assert [(str(p.location), p.field, p.message) for p in problems] == [
        (f"{path}:3:5", "people[0].departmnt", "unknown field 'departmnt'; did you mean 'department'?"),
        (f"{path}:4:5", "people[1].name", "required field is missing"),
        (f"{path}:4:5", "people[1].nam", "unknown field 'nam'; did you mean 'name'?"),
        (f"{path}:7:3", "audit.date", "not a valid date: there is no month 13"),
        (f"{path}:8:3", "audit.type", "unknown value 'yearly'"),
        (f"{path}:10:5", "management_reviews[0].date", "not a valid date: February 2020 has no day 30"),
        (f"{path}:11:5", "management_reviews[0].attendees", "must be a list"),
    ]
    assert [p.location for p in problems] == sorted(p.location for p in problems)

    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 7
    assert "Traceback" not in result.output


def test_problems_of_several_files_are_sorted_by_file_then_line(tmp_path: Path) -> None:
    _write(tmp_path / "b.yaml", "people:\n  - nam: Wang\n")
    _write(tmp_path / "a.yaml", AUDIT + "  scope: [x]\n  extra: 1\n")
    problems = _problems(tmp_path)
    assert [str(p.location) for p in problems] == [
        f"{tmp_path / 'a.yaml'}:5:3",
        f"{tmp_path / 'a.yaml'}:6:3",
        f"{tmp_path / 'b.yaml'}:2:5",
        f"{tmp_path / 'b.yaml'}:2:5",
    ]


# --- folders -------------------------------------------------------------------------------------------------


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    first = _write(tmp_path / "d" / "1-people.yaml", "people:\n  - id: p1\n    name: Li\n")
    second = _write(tmp_path / "d" / "2-more.yaml", "people:\n  - name: Wang\n  - id: p1\n    name: Zhang\n")
    (p,) = _problems(tmp_path / "d")
    assert str(p.location) == f"{second}:3:5"
    assert p.message == f"duplicate id 'p1' (also used at {first}:2:5)"
    assert p.field == "people.id"


def test_duplicate_id_across_sections(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.yaml", "people:\n  - id: x1\n    name: Li\ndocuments:\n  - id: x1\n    title: Manual\n")
    (p,) = _problems(path)
    assert str(p.location) == f"{path}:5:5"
    assert p.message == f"duplicate id 'x1' (also used at {path}:2:5)"
    assert p.field == "documents.id"


def test_two_audit_sections_in_a_folder(tmp_path: Path) -> None:
    first = _write(tmp_path / "d" / "a.yaml", AUDIT)
    second = _write(tmp_path / "d" / "b.yaml", "people: []\n" + AUDIT)
    (p,) = _problems(tmp_path / "d")
    assert str(p.location) == f"{second}:2:1"
    assert p.message == f"second 'audit' section (the first is at {first}:1:1); a dossier has one"


def test_folder_without_dossier_files(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    _write(folder / "notes.txt", "audit: nope\n")
    (p,) = _problems(folder)
    assert str(p.location) == str(folder)
    assert p.message == "folder holds no .yaml, .yml, .json, .xlsx, .xlsm, .xltm or .xls files"


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    (p,) = _problems(missing)
    assert str(p.location) == str(missing)
    assert p.message == "no such file or folder"


def test_folder_errors_through_cli(tmp_path: Path) -> None:
    _write(tmp_path / "d" / "a.yaml", AUDIT)
    second = _write(tmp_path / "d" / "b.yaml", AUDIT)
    result = CliRunner().invoke(app, ["assess", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {second}:1:1: second 'audit' section")
    result = CliRunner().invoke(app, ["assess", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such file or folder\n"
    assert "Traceback" not in result.output


# --- valid input is accepted ---------------------------------------------------------------------------------


def test_valid_chinese_dossier_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.yaml",
        textwrap.dedent(
            """\
            audit:
              organization: 北京某某科技有限公司
              date: 2020-09-01
              type: surveillance
              auditors: [张三, 李四]
              scope: 软件开发及技术服务
            people:
              - id: li
                name: 李明
                position: 总经理
                top_management: true
                responsibilities: [主持管理评审]
            management_reviews:
              - date: 2020-06-01
                chaired_by: 李明
                attendees: [李明, 王芳]
                conclusion: 体系运行有效
                source: 管理评审报告 QR-9.3-01 第2页
            nonconformities:
              - description: "未按期校准压力表"
                clause: "7.1.5.2"
            """
        ),
    )
    dossier = load_dossier(path)
    assert dossier.audit is not None
    assert dossier.audit.organization == "北京某某科技有限公司"
    assert dossier.people is not None and dossier.people[0].name == "李明"
    assert dossier.management_reviews is not None
    assert dossier.management_reviews[0].source == "管理评审报告 QR-9.3-01 第2页"
    assert dossier.nonconformities is not None and dossier.nonconformities[0].clause == "7.1.5.2"
    assert dossier.nonconformities[0].id == "nonconformities-1"
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {path}: 3 items")


def test_valid_json_dossier_and_quoted_clause_load(tmp_path: Path) -> None:
    data = {
        "audit": {"organization": "Acme", "date": "2021-03-01", "type": "internal"},
        "nonconformities": [{"description": "x", "clause": "7.10"}],
    }
    path = _write(tmp_path / "d.json", json.dumps(data, ensure_ascii=False))
    dossier = load_dossier(path)
    assert dossier.nonconformities is not None and dossier.nonconformities[0].clause == "7.10"


def test_plain_aliases_within_budget_still_work(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "d.yaml",
        "people:\n  - name: &boss 李明\n    roles: &roles [a, b]\n  - name: Wang\n    department: *boss\n"
        "    roles: *roles\n",
    )
    dossier = load_dossier(path)
    assert dossier.people is not None
    assert dossier.people[1].department == "李明"
    assert dossier.people[1].roles == ["a", "b"]


def test_size_limit_is_checked_before_parsing(tmp_path: Path) -> None:
    # Garbage that would be a syntax error: the size problem is reported, not the syntax.
    path = _write(tmp_path / "big.yaml", "people: [" * 40)
    (p,) = _problems(path, max_bytes=100)
    assert p.message == "file is too large"
    assert p.found == "360 bytes"


# --- bad rule packs ------------------------------------------------------------------------------------------

MANIFEST = """\
id: tiny
version: 0.1.0
title: {en: "Tiny pack", zh: "小规则包"}
standard: "ISO 9001"
edition: "2015"
params:
  review_interval_months:
    type: integer
    default: 12
    description: {en: "Months between reviews", zh: "管理评审间隔（月）"}
clauses:
  "9": {en: "Performance evaluation", zh: "绩效评价"}
  "9.3": {en: "Management review", zh: "管理评审"}
  "9.3.1": {en: "General", zh: "总则"}
"""

# Line numbers below refer to this text (line 1 is "rules:").
RULE = """\
rules:
  - id: mr-none
    clause: "9.3.1"
    judgment: N
    grade: major
    title: {en: "No management review", zh: "无管理评审"}
    message: {en: "None up to {audit.as_of}.", zh: "截至{audit.as_of}无管理评审。"}
    remedy: {en: "Hold one.", zh: "开展管理评审。"}
    match:
      audit: {kind: audit}
    absent:
      mr:
        kind: management_review
        where:
          - {field: date, op: ge, ref: audit.as_of, months: {param: review_interval_months, times: -1}}
          - {field: chaired_by, op: present}
    basis: {kind: standard, ref: "9.3.1"}
"""

COND = "{field: date, op: ge, ref: audit.as_of, months: {param: review_interval_months, times: -1}}"
COND2 = "{field: chaired_by, op: present}"


def _pack(tmp_path: Path, rules: str = RULE, manifest: str = MANIFEST, extra: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "pack"
    _write(folder / "pack.yaml", manifest)
    _write(folder / "rules" / "x.yaml", rules)
    for name, text in (extra or {}).items():
        _write(folder / "rules" / name, text)
    return folder


def _pack_problems(folder: Path) -> list[Problem]:
    with pytest.raises(InputErrors) as info:
        load_pack(folder)
    return info.value.problems


def test_the_tiny_pack_is_valid(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path))
    assert [r.rule.id for r in pack.rules] == ["mr-none"]


@dataclass
class PackCase:
    id: str
    rules: str
    where: str  # line:column in rules/x.yaml
    message: str
    field: str = "mr-none"
    expected: str | None = None
    expected_contains: tuple[str, ...] = ()
    message_startswith: bool = False


PACK_CASES = [
    PackCase(
        "unknown-evidence-kind",
        RULE.replace("kind: management_review", "kind: management_reviw"),
        "13:9",
        "unknown evidence kind 'management_reviw'; did you mean 'management_review'?",
        expected_contains=("one of audit, ", "management_review", "service_record"),
    ),
    PackCase(
        "unknown-field-in-condition",
        RULE.replace("{field: date,", "{field: dat,"),
        "15:14",
        "'dat' is not a field of management_review; did you mean 'date'?",
        expected="one of attendees, chaired_by, conclusion, date, id, inputs, inputs_complete, interval_months, "
        "interval_start, output_decisions, outputs, own_target, record_verdict, records, source",
    ),
    PackCase(
        "unknown-field-in-nested-condition",
        RULE.replace(COND2, "{not: {any: [{field: chair, op: present}]}}"),
        "16:27",
        "'chair' is not a field of management_review",
        expected_contains=("chaired_by",),
        message_startswith=True,
    ),
    PackCase(
        "lt-on-text-field",
        RULE.replace(COND2, "{field: chaired_by, op: lt, value: M}"),
        "16:33",
        "'lt' needs a date or number field; 'chaired_by' is text",
    ),
    PackCase(
        "bad-regex",
        RULE.replace(COND2, "{field: chaired_by, op: matches, value: '([a-z'}"),
        "16:46",
        "invalid regular expression: missing ]: [a-z"
        " (regular expressions use RE2 syntax: no backreferences or lookaround)",
    ),
    PackCase(
        "value-does-not-fit-field",
        RULE.replace(COND2, "{field: chaired_by, op: eq, value: 3}"),
        "16:41",
        "value 3 does not fit text field 'chaired_by'",
        expected="text",
    ),
    PackCase(
        "n-rule-without-grade",
        RULE.replace("    grade: major\n", ""),
        "4:5",
        "a rule judging N needs 'grade: major' or 'grade: minor'",
    ),
    PackCase(
        "placeholder-alias-unknown",
        RULE.replace("None up to {audit.as_of}.", "None up to {aud.as_of}."),
        "7:15",
        "placeholder alias 'aud' is not bound in 'match'",
    ),
    PackCase(
        "placeholder-alias-from-absent",
        RULE.replace("None up to {audit.as_of}.", "None since {mr.date}."),
        "7:15",
        "placeholder alias 'mr' is not bound in 'match'",
    ),
    PackCase(
        "placeholder-field-unknown",
        RULE.replace("截至{audit.as_of}无管理评审。", "截至{audit.asof}无管理评审。"),
        "7:48",
        "placeholder field 'asof' is not a field of audit",
    ),
    PackCase(
        "placeholder-unknown-param",
        RULE.replace("None up to {audit.as_of}.", "None in {param.interval}."),
        "7:15",
        "placeholder names unknown parameter 'interval'",
    ),
    PackCase(
        "placeholder-unclosed-brace",
        RULE.replace("None up to {audit.as_of}.", "None up to {audit.as_of."),
        "7:15",
        "bad placeholder syntax: expected '}' before end of string",
    ),
    PackCase(
        "ref-to-unbound-alias",
        RULE.replace("ref: audit.as_of", "ref: aud.as_of"),
        "15:35",
        "'aud' is not ",
        expected="audit, mr",
        message_startswith=True,
    ),
    PackCase(
        "unknown-param",
        RULE.replace("{param: review_interval_months", "{param: review_months"),
        "15:53",
        "unknown parameter 'review_months'; did you mean 'review_interval_months'?",
        expected="one of review_interval_months",
    ),
    PackCase(
        "clause-not-in-tree",
        RULE.replace('clause: "9.3.1"', 'clause: "9.2"'),
        "3:5",
        "clause '9.2' is not in the pack's clause tree (pack.yaml clauses)",
    ),
    PackCase(
        "clause-as-float",
        RULE.replace('clause: "9.3.1"', "clause: 9.3"),
        "3:5",
        "'9.3' was read as the number 9.3; quote it (\"9.3\") to keep it as text",
        field="rules[0].clause",
        expected="text",
    ),
    PackCase(
        "missing-zh-text",
        RULE.replace('title: {en: "No management review", zh: "无管理评审"}', 'title: {en: "No management review"}'),
        "6:5",
        "required field is missing",
        field="rules[0].title.zh",
    ),
    PackCase(
        "empty-zh-text",
        RULE.replace('remedy: {en: "Hold one.", zh: "开展管理评审。"}', 'remedy: {en: "Hold one.", zh: ""}'),
        "8:31",
        "must not be empty",
        field="rules[0].remedy.zh",
        expected="text",
    ),
    PackCase(
        "unknown-judgment",
        RULE.replace("judgment: N", "judgment: NC"),
        "4:5",
        "unknown value 'NC'; did you mean 'N'?",
        field="rules[0].judgment",
        expected="one of: N, O, review, NA",
    ),
    PackCase(
        # A condition is a comparison or all/any/not: only the comparison's error is reported.
        "unknown-operator",
        RULE.replace("op: ge,", "op: gte,"),
        "15:27",
        "unknown value 'gte'; did you mean 'gt'?",
        field="rules[0].absent.mr.where[0].op",
        expected_contains=("one of: eq, ne, lt, le, gt, ge, in, not_in",),
    ),
    PackCase(
        "comparison-without-value-or-ref",
        RULE.replace("ref: audit.as_of, ", ""),
        "15:13",
        "op 'ge' needs exactly one of 'value' or 'ref'",
        field="rules[0].absent.mr.where[0]",
    ),
    PackCase(
        "unknown-key-in-comparison",
        RULE.replace(COND2, "{field: chaired_by, op: present, valeu: 1}"),
        "16:46",
        "unknown field 'valeu'; did you mean 'value'?",
        field="rules[0].absent.mr.where[1].valeu",
        expected="one of: days, field, months, op, ref, value",
    ),
    PackCase(
        "unknown-rule-key",
        RULE.replace("    grade: major\n", "    grade: major\n    severity: high\n"),
        "6:5",
        "unknown field 'severity'",
        field="rules[0].severity",
        expected_contains=("absent", "grade", "title"),
    ),
]


PACK_CASES += [
    PackCase(
        "in-ref-to-a-text-field",
        RULE.replace(COND2, "{field: chaired_by, op: in, ref: audit.organization}"),
        "16:41",
        "'in' with a ref tests whether a text field is in another fact's list of text; "
        "'chaired_by' is text and 'audit.organization' is text",
        expected="a text field and a ref to a list field",
    ),
    PackCase(
        "contains-ref-to-a-list-field",
        RULE.replace(COND2, "{field: attendees, op: contains, ref: audit.top_management}"),
        "16:46",
        "cannot compare text_list field 'attendees' with text_list field 'audit.top_management'",
    ),
]


def test_list_joins_load_and_judge(tmp_path: Path) -> None:
    """A text in another fact's list (and a list holding another fact's text) is a join rules may write."""
    rules = RULE.replace(COND2, "{field: chaired_by, op: in, ref: audit.top_management}")
    also = "- {field: attendees, op: contains, ref: audit.management_representative}\n          "
    rules = rules.replace("- {field: date, op: ge", also + "- {field: date, op: ge")
    pack = load_pack(_pack(tmp_path, rules))
    dossier = tmp_path / "d.yaml"
    head = (
        "audit: {organization: X, date: 2020-12-03, type: internal, "
        "top_management: [段进生], management_representative: 付微}\n"
    )
    review = "management_reviews:\n  - {date: 2020-06-01, chaired_by: %s, attendees: [段进生, 付微]}\n"
    for chair, fires in (("段进生", False), ("付微", True)):
        dossier.write_text(head + review % chair, encoding="utf-8")
        for evaluator in ("durable", "reference"):
            with evaluated_by(evaluator):
                found = [f.rule for f in assess(load_dossier(dossier), pack, evaluator=evaluator).findings]
            assert found == (["mr-none"] if fires else []), (chair, evaluator)


@pytest.mark.parametrize("case", PACK_CASES, ids=[c.id for c in PACK_CASES])
def test_bad_rule_pack(tmp_path: Path, case: PackCase) -> None:
    folder = _pack(tmp_path, case.rules)
    problems = _pack_problems(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    (p,) = problems
    assert str(p.location) == f"{folder / 'rules' / 'x.yaml'}:{case.where}"
    if case.message_startswith:
        assert p.message.startswith(case.message)
    else:
        assert p.message == case.message
    assert p.field == case.field
    if case.expected is not None:
        assert p.expected == case.expected
    for part in case.expected_contains:
        assert part in p.expected


def test_duplicate_rule_id_across_files(tmp_path: Path) -> None:
    folder = _pack(tmp_path, extra={"y.yaml": RULE})
    (p,) = _pack_problems(folder)
    assert str(p.location) == f"{folder / 'rules' / 'y.yaml'}:2:5"
    assert p.message == f"duplicate rule id 'mr-none' (first at {folder / 'rules' / 'x.yaml'}:2:5)"


def test_a_rule_without_basis_is_refused_where_it_is(tmp_path: Path) -> None:
    """Every rule names on whose authority it judges (issue 8): a missing basis is a located error."""
    folder = _pack(tmp_path, RULE.replace('    basis: {kind: standard, ref: "9.3.1"}\n', ""))
    (p,) = _pack_problems(folder)
    assert str(p) == f"{folder / 'rules' / 'x.yaml'}:2:5: rules[0].basis: required field is missing"


def test_a_practice_rule_cannot_prove_a_nonconformity(tmp_path: Path) -> None:
    practice = RULE.replace(
        'kind: standard, ref: "9.3.1"', 'kind: practice, ref: "9.3.1", text: {en: "yearly review", zh: "每年评审"}'
    )
    folder = _pack(tmp_path, practice)
    (p,) = _pack_problems(folder)
    assert str(p.location).startswith(f"{folder / 'rules' / 'x.yaml'}:")
    assert p.message.startswith("a rule on auditor practice cannot prove a nonconformity")
    assert p.field == "mr-none"
    ok = practice.replace("judgment: N\n    grade: major\n", "judgment: O\n")
    assert [r.rule.id for r in load_pack(_pack(tmp_path / "ok", ok)).rules] == ["mr-none"]


def test_bad_manifest_parameter_default(tmp_path: Path) -> None:
    folder = _pack(tmp_path, manifest=MANIFEST.replace("default: 12", "default: twelve"))
    (p,) = _pack_problems(folder)
    assert str(p.location) == f"{folder / 'pack.yaml'}:7:3"
    assert p.field == "params.review_interval_months"
    assert p.message == "expected a whole number, found 'twelve'"


def test_manifest_clause_missing_zh(tmp_path: Path) -> None:
    folder = _pack(
        tmp_path, manifest=MANIFEST.replace('"9.3.1": {en: "General", zh: "总则"}', '"9.3.1": {en: "General"}')
    )
    (p,) = _pack_problems(folder)
    assert str(p.location) == f"{folder / 'pack.yaml'}:14:3"
    assert p.field == "clauses.9.3.1.zh"
    assert p.message == "required field is missing"


def test_pack_without_rules(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    _write(folder / "pack.yaml", MANIFEST)
    (p,) = _pack_problems(folder)
    assert str(p.location) == str(folder / "rules")
    assert p.message == "pack has no rule files (rules/*.yaml)"


def test_several_rule_problems_sorted(tmp_path: Path) -> None:
    rules = (
        RULE.replace("kind: management_review", "kind: management_reviw")
        .replace('clause: "9.3.1"', 'clause: "9.2"')
        .replace("None up to {audit.as_of}.", "None up to {aud.as_of}.")
    )
    problems = _pack_problems(_pack(tmp_path, rules))
    assert [(p.location.line, p.location.column) for p in problems] == [(3, 5), (7, 15), (13, 9)]


def test_bad_pack_through_cli(tmp_path: Path) -> None:
    folder = _pack(tmp_path, RULE.replace("{field: date,", "{field: dat,"))
    dossier = _write(tmp_path / "d.yaml", AUDIT)
    for args in (["assess", str(dossier), "--pack", str(folder)], ["rules", "list", "--pack", str(folder)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.stderr.startswith(
            f"error: {folder / 'rules' / 'x.yaml'}:15:14: mr-none: 'dat' is not a field of management_review"
        )


def test_extremely_deep_nesting_is_refused_not_crashed(tmp_path: Path) -> None:
    """100,000 levels: refused with a located error (by clausewise or by libyaml's own limit), no crash."""
    path = _write(tmp_path / "deep.yaml", "people: " + "[" * 100_000 + "]" * 100_000 + "\n")
    (problem,) = _problems(path)
    assert problem.location.line == 1
    assert "nest" in problem.message


# --- hostile workbooks: each a clear exit 2, in bounded time and memory ------------------------------------


def _template_book(tmp_path: Path) -> Path:
    from clausewise.workbook.build import template_workbook

    path = tmp_path / "template.xlsx"
    path.write_bytes(template_workbook(load_pack("iso9001"), ["9.3"], "en"))
    return path


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of a workbook archive with some parts replaced or added (a hostile file someone crafted)."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in replace:
                new.writestr(info, old.read(info))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def _sheet_part(book: Path, title: str) -> str:
    import openpyxl

    index = openpyxl.load_workbook(book, read_only=True).sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


def _hostile_cli(path: Path) -> str:
    """``clausewise validate PATH`` in a child process limited to 1 GB of memory and 60 seconds: exit 2 and the
    first error line."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "clausewise", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr.splitlines()[0]


def test_hostile_not_a_zip(tmp_path: Path) -> None:
    path = _write(tmp_path / "evidence.xlsx", "organization,date\nAcme,2021-03-01\n")
    assert _hostile_cli(path) == (
        f"error: {path}: not an .xlsx workbook: the file is not a zip archive "
        "(expected a workbook saved by Excel, WPS or LibreOffice as .xlsx, found bytes 6f 72 67 61)"
    )


def test_hostile_zip_bomb(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(100):  # 100 MB unpacked, about 100 KB packed
                part.write(chunk)
    assert path.stat().st_size < 2_000_000
    line = _hostile_cli(path)
    assert "unpacks to too much data (a zip bomb" in line and "found 104,857,611 bytes" in line


def test_hostile_macro_enabled(tmp_path: Path) -> None:
    book = _template_book(tmp_path)
    xlsm = tmp_path / "macros.xlsm"
    xlsm.write_bytes(book.read_bytes())
    assert "macro-enabled workbooks are not read" in _hostile_cli(xlsm)
    disguised = _rezip(book, tmp_path / "disguised.xlsx", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert "the workbook contains macros" in _hostile_cli(disguised)


def test_hostile_external_links(tmp_path: Path) -> None:
    book = _template_book(tmp_path)
    linked = _rezip(book, tmp_path / "linked.xlsx", {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    assert "links to other workbooks" in _hostile_cli(linked)


def test_hostile_a_million_formatted_empty_rows(tmp_path: Path) -> None:
    book = _template_book(tmp_path)
    part = _sheet_part(book, "Management reviews")
    rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(3, 1_000_003))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c></row>' + rows + "</sheetData></worksheet>"
    )
    huge = _rezip(book, tmp_path / "rows.xlsx", {part: sheet.encode()})
    assert _hostile_cli(huge) == (
        f"error: {huge}:Management reviews: sheet is too long (expected at most 100,000 rows, found more)"
    )


def test_hostile_huge_cells(tmp_path: Path) -> None:
    """Longer than a spreadsheet program allows (openpyxl itself would cut it: the file is crafted)."""
    book = _template_book(tmp_path)
    part = _sheet_part(book, "Management reviews")

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="2">{text("A2", "id")}{text("B2", "date")}{text("C2", "chaired_by")}</row>'
        f'<row r="3">{text("A3", "mr")}{text("B3", "2020-12-01")}{text("C3", "x" * 5_000_000)}</row>'
        "</sheetData></worksheet>"
    )
    huge = _rezip(book, tmp_path / "huge.xlsx", {part: sheet.encode()})
    assert _hostile_cli(huge) == (
        f"error: {huge}:Management reviews!C3: chaired_by: cell holds more text than a spreadsheet cell can "
        "(expected at most 32,767 characters, found 5,000,000)"
    )
