"""What this audit covers: clauses outside ``audit.audited_clauses`` / ``audited_departments`` are not audited,
neither C nor a gap, in every report format (the 审核记录表 included) and in the summary."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors
from clausewise.reports.docx import render_docx
from clausewise.reports.html import render_html
from clausewise.reports.text import render_markdown, render_table
from clausewise.rules.loader import load_pack

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"
runner = CliRunner()


def scoped(tmp_path: Path, **fields: object) -> Path:
    """The seed example with ``fields`` added to its audit section."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder, ignore=shutil.ignore_patterns("*.md"))
    path = folder / "audit.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["audit"].update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def judged(folder: Path) -> Assessment:
    return assess(load_dossier(folder), load_pack("iso9001"))


def test_clauses_outside_the_sample_are_not_audited(tmp_path: Path) -> None:
    a = judged(scoped(tmp_path, audited_clauses=["9.2", "9.3"]))
    by_key = {c.key: c for c in a.clauses}
    assert a.dossier.audited_clauses == ["9.2", "9.3"]
    for c in a.clauses:
        inside = c.key in ("9", "9.2", "9.3") or c.key.startswith(("9.2.", "9.3."))
        assert (c.judgment == "not_audited") is not inside, c.key
        if not inside:
            assert not c.findings and not c.gaps and c.rests_on is None, c.key
    assert {f.clause for f in a.findings} | {g.clause for g in a.gaps} <= {k for k in by_key if k.startswith("9.")}
    assert by_key["9.3.3"].judgment == "N"  # what is audited is judged as before
    assert by_key["9"].unaudited_children == ["9.1"]
    assert a.summary.counts["not_audited"] == sum(c.judgment == "not_audited" for c in a.clauses) > 0
    assert a.summary.counts["C"] == 2  # 9.2.1, 9.3.1: the seed's other C clauses are not audited here


def test_the_same_clauses_through_the_audited_department(tmp_path: Path) -> None:
    """Auditing 管理层 audits the clauses of its plan entry, and nothing else."""
    plan = yaml.safe_load((SEED / "audit.yaml").read_text(encoding="utf-8"))["audit"]["plan"]
    entry = next(e for e in plan if e["department"] == "管理层")
    a = judged(scoped(tmp_path, audited_departments=["管理层"]))
    assert a.dossier.audited_clauses == entry["clauses"]
    audited = [c.key for c in a.clauses if c.own_judgment != "not_audited"]
    assert audited and all(any(k == s or k.startswith(s + ".") for s in entry["clauses"]) for k in audited)


def test_a_department_not_in_the_plan_is_a_located_error(tmp_path: Path) -> None:
    folder = scoped(tmp_path, audited_departments=["财务部"])
    with pytest.raises(InputErrors) as caught:
        load_dossier(folder)
    (problem,) = caught.value.problems
    assert problem.field == "audit.audited_departments" and problem.location.line > 0
    assert "财务部" in problem.message and "管理层" in problem.message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_says_not_audited(tmp_path: Path, lang: str) -> None:
    a = judged(scoped(tmp_path, audited_clauses=["9.3"]))
    word = "not audited" if lang == "en" else "未审核"
    for text in (render_table(a, lang), render_markdown(a, lang), render_html(a, lang)):
        assert word in text
        plain = text.replace("\\", "")  # Markdown escapes the dots
        assert ("9.3" + (" and those below them" if lang == "en" else " 及其下级条款")) in plain
    from docx import Document

    record = Document(io.BytesIO(render_docx([a], lang)))
    rows = {
        row.cells[1].text: row.cells[-1].text for table in record.tables for row in table.rows if len(row.cells) > 2
    }
    assert rows.get("4.1") == word  # the 判定 column of the 审核记录表
    assert ("N" if lang == "en" else "不符合") in rows.get("9.3.3", "")
    data = json.loads(runner.invoke(app, ["assess", str(tmp_path / "seed"), "-f", "json"]).stdout)
    assert {c["judgment"] for c in data["clauses"] if c["key"].startswith("4")} == {"not_audited"}


def test_a_scope_clause_the_pack_does_not_have_is_a_notice_in_every_report(tmp_path: Path) -> None:
    """A typo in ``audited_clauses`` ("9.22") would silently audit nothing there: every report says so."""
    a = judged(scoped(tmp_path, audited_clauses=["9.22", "9.3"]))
    assert [n.code for n in a.notices] == ["scope_unknown_clause"]
    assert "9.22" in a.notices[0].text.en and "9.22" in a.notices[0].text.zh
    assert "9.22" in render_table(a, "en") and "请核对条款号" in render_markdown(a, "zh")
    assert judged(scoped(tmp_path / "ok", audited_clauses=["9.2", "9.3"])).notices == []
