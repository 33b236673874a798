"""The auditor's story end to end on the seed example, on SQLite and on PostgreSQL (issue 11's 'done means').

Assess the 2020 dossier into an audit, decide three findings, re-assess after editing the dossier (decisions
kept, one reported stale), print the Word record with the decided judgments, then a year later open a
surveillance audit and verify the previous N findings against the new evidence.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from helpers import run
from storedb import store_url

__all__ = ["store_url"]

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"
ORG = "中食互联（北京）科技有限公司"
ACCEPT = "dd-verification-after-start#ff9a9fa4a5"  # 8.3.4 N minor
REJECT = "sr-signed-by-other#3b21c6c01c"  # 8.5.1 O (record integrity, 7.5.3.1 b))
REGRADE = "mr-outputs-incomplete#2583c2fb96"  # 9.3.3 N minor


def _json(result_stdout: str) -> dict:  # type: ignore[type-arg]
    return json.loads(result_stdout)


def _record_rows(path: Path) -> dict[str, str]:
    """判定 cell by clause cell, over every table of the Word record."""
    doc = Document(io.BytesIO(path.read_bytes()))
    rows: dict[str, str] = {}
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 4 and cells[1][:1].isdigit():
                rows.setdefault(cells[1], cells[3])
    return rows


def test_auditor_story(store_url: str, tmp_path: Path) -> None:
    s = ["--store", store_url]
    created = run("audit", "create", "--org", ORG, "--date", "2020-12-03", *s)
    assert created.exit_code == 0, created.stderr
    assert created.stdout.startswith("audit 1:")

    first = run("assess", SEED, "--audit", 1, "-f", "json", *s)
    assert first.exit_code == 1, first.stderr  # N findings
    result = _json(first.stdout)
    assert result["store"]["audit"] == 1
    ids = {f["id"] for f in result["findings"]}
    assert {ACCEPT, REJECT, REGRADE} <= ids

    assert run("decide", "accept", 1, ACCEPT, "--by", "朱晓丽", *s).exit_code == 0
    rejected = run("decide", "reject", 1, REJECT, "--reason", "签字人已获授权", "--by", "朱晓丽", *s)
    assert rejected.exit_code == 0, rejected.stderr
    why = "资源需求已在会上讨论，仅纪要未记录"
    regraded = run("decide", "regrade", 1, REGRADE, "--to", "O", "--reason", why, "--by", "朱晓丽", *s)
    assert regraded.exit_code == 0, regraded.stderr

    decided = _json(run("audit", "report", 1, "-f", "json", *s).stdout)
    clauses = {c["key"]: c for c in decided["clauses"]}
    assert clauses["8.3.4"]["judgment"] == "N"
    assert clauses["8.5.1"]["judgment"] != "O" and clauses["8.5.1"]["suggested_judgment"] == "O"
    assert clauses["9.3.3"]["judgment"] == "O" and clauses["9.3.3"]["suggested_judgment"] == "N"
    by_id = {f["id"]: f for f in decided["findings"]}
    assert by_id[REJECT]["decision"]["action"] == "reject"
    assert by_id[REJECT]["decision"]["reason"] == "签字人已获授权"
    assert by_id[REGRADE]["decision"] == {**by_id[REGRADE]["decision"], "action": "regrade", "judgment": "O"}

    # the company sends more evidence: the rejected finding's record now carries the right signature, so
    # that finding is gone and its decision is reported stale (with its old text); the other two stay attached
    edited = tmp_path / "dossier"
    shutil.copytree(SEED, edited)
    operation = edited / "operation.yaml"
    text = operation.read_text(encoding="utf-8")
    assert text.count('signed_by: "李磊"') == 1
    operation.write_text(text.replace('signed_by: "李磊"', 'signed_by: "付微"'), encoding="utf-8")
    second = run("assess", edited, "--audit", 1, "-f", "json", *s)
    assert second.exit_code == 1, second.stderr
    again = _json(second.stdout)
    by_id = {f["id"]: f for f in again["findings"]}
    assert REJECT not in by_id
    assert by_id[ACCEPT]["decision"]["action"] == "accept"
    assert by_id[REGRADE]["decision"]["action"] == "regrade"
    (stale,) = again["stale_decisions"]
    assert stale["finding_id"] == REJECT and stale["decision"]["reason"] == "签字人已获授权"
    assert stale["judgment"] == "O" and stale["grade"] is None and stale["title"]["zh"]
    assert f"decision 2 (reject) is stale: finding {REJECT}" in second.stderr

    # the Word record: 判定 shows the decided judgments, and the decisions with who and why
    record = tmp_path / "record.docx"
    word = run("audit", "report", 1, "-f", "docx", "--lang", "zh", "-o", record, *s)
    assert word.exit_code == 0, word.stderr
    rows = _record_rows(record)
    assert rows["9.3.3"] == "观察项", rows  # suggested N (minor), regraded
    assert rows["8.3.4"] == "一般不符合", rows
    doc = Document(io.BytesIO(record.read_bytes()))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "审核员判定：改判为观察项 — 资源需求已在会上讨论，仅纪要未记录 (朱晓丽" in cells
    assert "审核员判定：采纳 (朱晓丽" in cells
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "原发现已不再出现的判定" in paragraphs and "签字人已获授权" in paragraphs

    # a year later: a surveillance audit of the same organization verifies last year's decided N findings
    nxt = run("audit", "create", "--org", ORG, "--date", "2021-12-03", *s)
    assert nxt.exit_code == 0 and "previous audit 1" in nxt.stdout, nxt.stdout + nxt.stderr
    # the company's record of correcting last year's 8.3.4 finding
    evaluation = edited / "evaluation.yaml"
    evaluation.write_text(
        evaluation.read_text(encoding="utf-8").replace(
            "previous_audit_findings:\n",
            "previous_audit_findings:\n"
            "  - id: paf-8-3-4\n"
            '    clause: "8.3.4"\n'
            '    description: "设计验证晚于开发开始"\n'
            '    corrective_action: "修订设计开发程序，验证前置"\n'
            "    verified_on: 2021-06-01\n"
            "    verified_effective: true\n",
        ),
        encoding="utf-8",
    )
    later = run("assess", edited, "--audit", 2, "-f", "json", *s)
    assert later.exit_code in (0, 1), later.stderr
    items = {v["finding_id"]: v for v in _json(later.stdout)["verification"]}
    # accepted N: its rule still fires on the same facts -> not closed; the regraded O is verified too
    assert items[ACCEPT]["status"] == "open" and items[ACCEPT]["judgment"] == "N" and items[ACCEPT]["audit"] == 1
    assert items[REGRADE]["status"] == "open" and items[REGRADE]["judgment"] == "O"
    assert set(items) == {ACCEPT, REGRADE}  # the rejected (and stale) one is not a finding to verify
    assert items[ACCEPT]["correction"] is not None
    (record,) = items[ACCEPT]["corrections"]
    assert record["id"] == "paf-8-3-4" and record["corrective_action"] and record["verified"]
    assert record["where"].startswith(f"{evaluation}:")
    assert items[REGRADE]["corrections"] == []  # nothing recorded on 9.3.3
    md = run("audit", "report", 2, "-f", "markdown", "--lang", "zh", *s)
    assert "上次审核不符合项验证" in md.stdout and "未关闭" in md.stdout
    assert "纠正记录：previous\\_audit\\_finding paf\\-8\\-3\\-4" in md.stdout and "有效性已验证" in md.stdout

    history = run("history", ORG, "-f", "json", *s)
    assert history.exit_code == 0, history.stderr
    assert [h["audit"] for h in _json(history.stdout)] == [1, 1, 2]
    stats = {r["rule"]: r for r in _json(run("rules", "stats", "-f", "json", *s).stdout)}
    assert stats["sr-signed-by-other"]["rejected"] == 1 and stats["mr-outputs-incomplete"]["regraded"] == 1


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "junit"])
def test_every_text_format_shows_the_decision(fmt: str, tmp_path: Path) -> None:
    s = ["--store", str(tmp_path / "s.sqlite")]
    assert run("audit", "create", "--org", ORG, "--date", "2020-12-03", *s).exit_code == 0
    assert run("assess", SEED, "--audit", 1, "-o", tmp_path / "r.txt", *s).exit_code == 1
    why = "signed by the deputy, authorised"
    assert run("decide", "reject", 1, REJECT, "-r", why, "--by", "Zhu", *s).exit_code == 0
    out = run("audit", "report", 1, "-f", fmt, *s)
    assert out.exit_code == 0, out.stderr
    assert "rejected — signed by the deputy, authorised (Zhu" in out.stdout.replace("\\", "")


def test_a_stored_result_validates_against_the_shipped_schema_and_renders_again(tmp_path: Path) -> None:
    import jsonschema

    from clausewise.reports.schema import shipped_schema_text

    s = ["--store", str(tmp_path / "s.sqlite")]
    assert run("audit", "create", "--org", ORG, "--date", "2020-12-03", *s).exit_code == 0
    assert run("assess", SEED, "--audit", 1, "-o", tmp_path / "r.txt", *s).exit_code == 1
    assert run("decide", "regrade", 1, REGRADE, "--to", "N-major", "-r", "systemic", *s).exit_code == 0
    assert run("decide", "add", 1, "--clause", "7.5.3", "--to", "O", "-r", "外来文件清单未更新", *s).exit_code == 0
    saved = tmp_path / "decided.json"
    assert run("audit", "report", 1, "-f", "json", "-o", saved, *s).exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(shipped_schema_text())).validate(data)
    own = [f for f in data["findings"] if f["rule"] == "auditor"]
    assert [(f["clause"], f["judgment"], f["message"]["zh"]) for f in own] == [("7.5.3", "O", "外来文件清单未更新")]
    assert data["summary"]["findings"]["N_major"] == 1  # the regrade counts as decided
    again = run("report", saved, "-f", "markdown")  # a saved decided result renders like any result
    assert again.exit_code == 0 and "regraded to nonconformity \\(major\\) — systemic" in again.stdout


def test_assess_without_audit_stores_nothing_and_with_output_says_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store.sqlite"
    monkeypatch.setenv("CLAUSEWISE_STORE", str(store))
    assert run("assess", SEED, "-o", tmp_path / "plain.txt").exit_code == 1
    assert not store.exists()  # without --audit nothing is stored, as before the store existed
    assert run("audit", "create", "--org", ORG, "--date", "2020-12-03").exit_code == 0
    assert run("decide", "accept", 1, ACCEPT).exit_code == 2  # no assessment yet
    stored = run("assess", SEED, "--audit", 1, "-o", tmp_path / "r.json", "-f", "json")
    assert stored.exit_code == 1
    assert f"wrote {tmp_path / 'r.json'} (json, " in stored.stderr and "findings: 2 nonconformities" in stored.stderr
    assert run("decide", "regrade", 1, REGRADE, "--to", "O", "-r", "minor gap").exit_code == 0
    again = run("assess", SEED, "--audit", 1, "-o", tmp_path / "r.json", "-f", "json")
    assert "findings: 1 nonconformity (0 major, 1 minor), 2 observations" in again.stderr  # decided counts
    both = run("assess", SEED, SEED, "--audit", 1)
    assert both.exit_code == 2 and "--audit records one dossier" in both.stderr
