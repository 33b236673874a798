"""The Word audit record (``--format docx``): reopened with python-docx, its cells are the seed form's layout
and the assessment's judgments; East Asian fonts, A4 and repeated header rows are set; it is the same file from
``assess`` and ``report``; and LibreOffice renders it to a PDF that shows the Chinese text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from helpers import run

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment, ClauseResult
from clausewise.reports import render
from clausewise.reports.docx import render_docx
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed-2020"

# Written out here, not imported: a wrong label in the renderer must fail these tests.
ZH = {"C": "符合", "N": "不符合", "O": "观察项", "NA": "不适用", "insufficient_evidence": "无法判定"}
ZH |= {"needs_review": "需审核员判断", "not_assessed": "未评价"}
EN = {"C": "C", "N": "N", "O": "O", "NA": "NA", "insufficient_evidence": "insufficient evidence"}
EN |= {"needs_review": "needs review", "not_assessed": "not assessed"}
GRADES = {"zh": {"major": "严重不符合", "minor": "一般不符合"}, "en": {"major": "major", "minor": "minor"}}

#: The seed record's rows, table by table (the header's 9.1 and 8.5 become their sub-clauses, as on the form).
SEED_ROWS = {
    "管理层": "4.1 4.2 4.3 4.4 5.1.1 5.1.2 5.2.1 5.2.2 5.3 6.1 6.2 6.3 7.1.1 9.1.1 9.1.2 9.1.3 9.2 "
    "9.3.1 9.3.2 9.3.3 10.1 10.3",
    "技术部": "5.3 6.2 7.1.5.1 7.1.5.2 8.1 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5 8.3.6 8.5.1 8.5.2 8.5.3 8.5.4 8.5.5 8.5.6 "
    "8.6 8.7 10.2",
}


@cache
def assessed(name: str) -> Assessment:
    folder = EXAMPLES / name
    return assess(load_dossier(folder), load_pack("iso9001"), files=[str(folder)])


def reopen(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def expected_label(c: ClauseResult, lang: str) -> str:
    text = (ZH if lang == "zh" else EN)[c.judgment]
    if c.judgment == "N" and c.grade:
        grade = GRADES[lang][c.grade]
        text = grade if lang == "zh" else f"{text} ({grade})"
    return text


def data_rows(table: Table) -> list[list[str]]:
    """Cell texts of the clause rows (below the three header rows and the auditee row across the table)."""
    return [[cell.text for cell in row.cells] for row in table.rows[3:] if len(row._tr.tc_lst) > 1]


def spanning_rows(table: Table) -> list[list[str]]:
    """Paragraph texts of each body row that is one cell across the whole table (the 确认受审方名称 block)."""
    spanning = [row for row in table.rows[3:] if len(row._tr.tc_lst) == 1]
    return [[p.text for p in row.cells[0].paragraphs] for row in spanning]



# --- the seed record -------------------------------------------------------------------------------------


def test_seed_header_block_as_on_the_form() -> None:
    doc = reopen(render_docx([assessed("seed-2020")], "zh"))
    title = doc.paragraphs[0]
    assert (title.text, title.style.name if title.style else None) == ("管理体系审核记录表", "Heading 1")
    assert len(doc.tables) == 2
    management, tech = doc.tables
    for table in doc.tables:
        for row in range(3):  # the three header rows share the merged label cells
            assert table.cell(row, 0).text == "过程与活动、抽样计划"
            assert table.cell(row, 1).text == "涉及条款"
            assert table.cell(row, 3).text == "判定"
    assert "受审核部门：管理层" in management.cell(0, 2).text
    assert "主管领导/陪同人员：付微" in management.cell(0, 2).text
    assert "审核员：朱晓丽" in management.cell(1, 2).text
    assert "审核时间：2020年12月03日" in management.cell(1, 2).text
    topics = management.cell(2, 2).text
    assert topics.startswith("审核条款：标准/规范/法规的执行情况；上次审核不符合项的验证；")
    assert "4.1，4.2，4.3，4.4，5.1.1" in topics and "9.3，10.1，10.3" in topics
    assert "受审核部门：技术部" in tech.cell(0, 2).text
    assert tech.cell(2, 2).text == "审核条款：5.3，6.2，7.1.5，8.1，8.3，8.5，8.6，8.7，10.2"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_rows_and_judgments(lang: str) -> None:
    a = assessed("seed-2020")
    by_key = {c.key: c for c in a.clauses}
    doc = reopen(render_docx([a], lang))
    for table, (department, keys) in zip(doc.tables, SEED_ROWS.items(), strict=True):
        assert department in table.cell(0, 2).text
        rows = data_rows(table)
        assert [row[1] for row in rows] == keys.split()
        for process, key, evidence, judgment in rows:
            c = by_key[key]
            assert process.split("\n")[-1] == c.title.get(lang)
            assert judgment == expected_label(c, lang), key
            assert evidence.strip(), key


def test_seed_nonconformity_row_carries_evidence_and_remedy() -> None:
    rows = {row[1]: row for row in data_rows(reopen(render_docx([assessed("seed-2020")], "zh")).tables[1])}
    assert rows["7.1.5.1"][0] == "监视和测量资源\n总则"  # a bare 总则 is named after its parent, as on the form
    _, _, evidence, judgment = rows["8.5.1"]
    assert judgment == "观察项"  # issue 9: the signature mismatch is an observation on record integrity
    assert "[观察项] 服务记录的实施人签字与记载的实施人不一致" in evidence
    assert "sr-signed-by-other" in evidence and "依据: ISO 9001 7.5.3.1 b)" in evidence
    assert "李磊" in evidence and "技术部 8.5.1 生产和服务提供的控制（抽服务记录）" in evidence  # the source
    assert "需补充的证据" in evidence
    _, _, design, design_judgment = rows["8.3.4"]
    assert design_judgment == "一般不符合" and "依据: ISO 9001 8.3.4 c), f)" in design
    # a conforming clause says which rules looked and over what: the seed's one release record
    _, _, evidence_86, judgment_86 = rows["8.6"]
    assert judgment_86 == "符合"
    assert "rel-before-verification" in evidence_86 and "不证明其充分" in evidence_86
    # ... the people and competence records that show the releaser's competence (comp-releaser-no-record) and the
    # monitoring resources a release may name (mmr-release-verified-past-due)
    assert evidence_86.endswith("规则检查了：人员 7 人、监视和测量资源 7 项、能力和培训记录 5 份、放行记录 1 份")
    # a row with findings also says what its rules read: people, documents, competence records and the two
    # service records
    assert evidence.endswith("规则检查了：人员 7 人、过程 13 个、文件 32 份、能力和培训记录 5 份、服务/维护记录 2 份")
    # an untitled paragraph (6.1.2) is reported inside its parent's row, marked with its clause
    management = {row[1]: row for row in data_rows(reopen(render_docx([assessed("seed-2020")], "zh")).tables[0])}
    assert "条款 6.1.2" in management["6.1"][2]


#: The seed record's first rows of the 管理层 table (examples/seed-2020/README.md), as the dossier has them.
SEED_AUDITEE_ZH = [
    "确认受审方名称：中食互联（北京）科技有限公司",
    "注册地址：北京市房山区良乡凯旋大街建设路18号-D5689",
    "办公地址：北京市朝阳区东土城路8号林达大厦A座14E",
    "经营地址：北京市朝阳区东土城路8号林达大厦A座14E",
    "审核场所：北京市朝阳区东土城路8号林达大厦A座14E",
    "资质确认：（由审核员填写）",
    "审核范围：基础软件服务",
    "审核准则：ISO 9001:2015 / GB/T 19001-2016",
    "总经理：段进生，管理者代表：付微",
    "体系变化：（由审核员填写）",
]


def test_seed_auditee_block_opens_the_first_table() -> None:
    doc = reopen(render_docx([assessed("seed-2020")], "zh"))
    management, tech = doc.tables
    row = management.rows[3]  # right under the three header rows, before the first clause
    assert len(row._tr.tc_lst) == 1
    span = row._tr.tc_lst[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    assert span is not None and span.get(qn("w:val")) == "4"  # one cell across the table, as on the form
    assert [p.text for p in row.cells[0].paragraphs] == SEED_AUDITEE_ZH
    assert {p.style.name for p in row.cells[0].paragraphs if p.style} == {"Record Cell"}
    assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None  # not repeated on every page
    assert data_rows(management)[0][1] == "4.1"
    assert spanning_rows(tech) == []  # once per dossier, in its first table


def test_auditee_block_in_english_and_without_the_fields(tmp_path: Path) -> None:
    (block,) = spanning_rows(reopen(render_docx([assessed("seed-2020")], "en")).tables[0])
    assert block[0] == "Organization: 中食互联（北京）科技有限公司"
    assert "Registered address: 北京市房山区良乡凯旋大街建设路18号-D5689" in block
    assert "Audit scope: 基础软件服务" in block
    assert "Top management: 段进生; Management representative: 付微" in block
    assert "Qualification check: (for the auditor to fill in)" in block
    # a dossier that states none of it still gets the form's lines, to fill in by hand
    path = tmp_path / "acme.yaml"
    path.write_text(NO_PLAN, encoding="utf-8")
    (block,) = spanning_rows(reopen(render_docx([assess(load_dossier(path), load_pack("iso9001"))], "zh")).tables[0])
    assert block[1:4] == ["注册地址：—", "办公地址：—", "经营地址：—"]
    assert "总经理：—，管理者代表：—" in block and not any(line.startswith("审核场所") for line in block)


def test_english_variant() -> None:
    doc = reopen(render_docx([assessed("seed-2020")], "en"))
    assert doc.paragraphs[0].text == "Management system audit record"
    table = doc.tables[0]
    assert table.cell(0, 0).text == "Process and activity, sampling plan"
    assert (table.cell(0, 1).text, table.cell(0, 3).text) == ("Clause", "Judgment")
    assert table.cell(0, 2).text.startswith("Department audited: 管理层")
    assert "Auditor: 朱晓丽" in table.cell(1, 2).text and "Audit date: 2020-12-03" in table.cell(1, 2).text
    judgments = {row[3] for t in doc.tables for row in data_rows(t)}
    assert "N (minor)" in judgments and "C" in judgments
    assert not any("符合" in j or "判定" in j for j in judgments)


# --- Word features: styles, fonts, page, header rows -----------------------------------------------------


def test_styles_fonts_page_and_repeated_header() -> None:
    doc = reopen(render_docx([assessed("seed-2020")], "zh"))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts is not None and fonts.get(qn("w:eastAsia")) == "宋体"
    assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the named one
    for name in ("Normal", "Heading 1", "Heading 2", "Record Cell", "Record Finding", "Record Judgment"):
        style = doc.styles[name]
        rfonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), name
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    for table in doc.tables:
        assert table.style is not None and table.style.name == "Audit Record"
        assert table.style.base_style is not None and table.style.base_style.name == "Table Grid"
        repeated = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows]
        assert repeated[:4] == [True, True, True, False] and not any(repeated[3:])
        # every paragraph in the table uses a named style of the record, none is formatted by hand
        names = {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs if p.style}
        assert names <= {"Record Cell", "Record Cell Heading", "Record Finding", "Record Detail", "Record Judgment"}
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert headings == ["管理层", "技术部"]


def test_deterministic_bytes() -> None:
    a = assessed("seed-2020")
    first, second = render_docx([a], "zh"), render_docx([a], "zh")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
    assert render([a], "docx", "zh") == first  # the dispatch gives the same document


# --- every example, several dossiers, no plan ------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed-2020", "manufacturer", "service-company"])
def test_every_example_one_table_per_planned_department(name: str) -> None:
    a = assessed(name)
    by_key = {c.key: c for c in a.clauses}
    doc = reopen(render_docx([a], "zh"))
    assert len(a.dossier.plan) > 1
    assert len(doc.tables) == len(a.dossier.plan)
    for table, entry in zip(doc.tables, a.dossier.plan, strict=True):
        assert f"受审核部门：{entry.department}" in table.cell(0, 2).text
        keys = [row[1] for row in data_rows(table)]
        assert len(keys) == len(set(keys))
        order = [c.key for c in a.clauses]
        assert keys == sorted(keys, key=order.index)  # the pack's clause order
        for planned in entry.clauses:  # every planned clause has its row(s)
            assert any(k == planned or k.startswith(planned + ".") for k in keys), planned
        for row in data_rows(table):
            assert row[3] == expected_label(by_key[row[1]], "zh")


def test_several_dossiers_one_document() -> None:
    results = [assessed("seed-2020"), assessed("manufacturer")]
    doc = reopen(render_docx(results, "zh"))
    assert len(doc.tables) == 2 + 6
    assert [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"] == [
        "管理体系审核记录表"
    ] * 2
    assert len(doc.sections) == 2  # the second dossier starts on a new page
    assert "受审核部门：总经办" in doc.tables[2].cell(0, 2).text


NO_PLAN = """\
audit:
  organization: "Acme \\a <w:t>&amp;"
  date: 2021-03-01
  type: internal
  departments: ["Sales", "Production"]
  auditors: ["Li Ming"]
management_reviews:
  - id: mr-2019
    date: 2019-12-01
    chaired_by: Li Ming
    source: "MR minutes"
"""


def test_without_plan_one_table_with_every_clause(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(NO_PLAN, encoding="utf-8")
    a = assess(load_dossier(path), load_pack("iso9001"))
    doc = reopen(render_docx([a], "en"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.cell(0, 2).text.startswith("Department audited: Sales, Production")
    assert "Auditor: Li Ming" in table.cell(1, 2).text
    assert "all clauses of the rule pack" in table.cell(2, 2).text
    keys = [row[1] for row in data_rows(table)]
    assert keys[0] == "4.1" and keys[-1] == "10.3"
    assert {"4.4", "7.1.5.1", "8.5.1", "9.3.2"} <= set(keys) and "4.4.1" not in keys
    leaves = {c.key for c in a.clauses if not any(d.key.startswith(c.key + ".") for d in a.clauses)}
    covered = {leaf for leaf in leaves if any(leaf == k or leaf.startswith(k + ".") for k in keys)}
    assert covered == leaves  # every clause of the pack is in some row
    rows = {row[1]: row for row in data_rows(table)}
    # the only review is 15 months old; with no interval of the organization's own, the 12 months are
    # certification practice: an observation (issue 8)
    assert rows["9.3.1"][3] == "O"
    # user text as typed, not markup; the bell cannot be in XML and is replaced
    assert "audit audit · 2021-03-01 · Acme \ufffd <w:t>&amp;" in rows["9.3.1"][2]
    assert doc.core_properties.subject == "Acme \ufffd <w:t>&amp;"
    # a result saved before plans existed (plan: []) still renders, with an unnamed department
    old = a.model_copy(update={"dossier": a.dossier.model_copy(update={"plan": []})})
    assert reopen(render_docx([old], "zh")).tables[0].cell(0, 2).text.startswith("受审核部门：—")


# --- the command line ------------------------------------------------------------------------------------


def test_cli_assess_and_report_write_the_same_file(tmp_path: Path) -> None:
    direct, saved, rendered = tmp_path / "a.docx", tmp_path / "r.json", tmp_path / "b.docx"
    result = run("assess", SEED, "-f", "docx", "--lang", "zh", "-o", direct, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert run("assess", SEED, "-f", "json", "-o", saved, "--fail-on", "never").exit_code == 0
    result = run("report", saved, "-f", "docx", "--lang", "zh", "-o", rendered)
    assert result.exit_code == 0, result.output
    assert direct.read_bytes() == rendered.read_bytes()
    doc = reopen(direct.read_bytes())
    assert "受审核部门：管理层" in doc.tables[0].cell(0, 2).text


def test_cli_error_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("audit:\n  organization: Acme\n  date: not-a-date\n  type: internal\n", encoding="utf-8")
    out = tmp_path / "record.docx"
    result = run("assess", bad, "-f", "docx", "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    out.write_bytes(b"previous record")
    assert run("report", bad, "-f", "docx", "-o", out).exit_code == 2
    assert out.read_bytes() == b"previous record"  # an existing file is replaced only on success
    assert not [p for p in tmp_path.iterdir() if p.name not in {"bad.yaml", "record.docx"}]


# --- LibreOffice ---------------------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required on CI (install LibreOffice and poppler-utils)")
        pytest.skip(f"{name} not installed: the LibreOffice rendering is not checked")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_libreoffice_renders_pdf(tmp_path: Path, lang: str) -> None:
    soffice, pdftotext = _tool("soffice"), _tool("pdftotext")
    docx_path = tmp_path / f"seed-{lang}.docx"
    docx_path.write_bytes(render_docx([assessed("seed-2020")], lang))
    profile = tmp_path / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    cmd += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / f"seed-{lang}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    flat = "".join(text.split())
    if lang == "zh":
        assert "管理体系审核记录表" in flat and "受审核部门：管理层" in flat
        assert "一般不符合" in flat and "需审核员判断" in flat
    else:
        assert "Managementsystemauditrecord" in flat and "N(minor)" in flat
    assert "中食互联（北京）科技有限公司" in flat  # Chinese glyphs reach the PDF's text layer in both
    pages = text.count("\f")  # pdftotext ends every page with a form feed
    assert pages > 2, pages


PLAN_FORMS = """\
audit:
  organization: Acme
  date: 2021-03-01
  type: internal
  plan:
    - department: QA
      clauses: ["9.3.2 c)", "管理评审", "2008:7.5.3", "10.9"]
"""


def test_plan_clause_forms(tmp_path: Path) -> None:
    """Plan clauses take every clause form; an item goes to its clause's row, an unknown number says so."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN_FORMS, encoding="utf-8")
    a = assess(load_dossier(path), load_pack("iso9001"))
    assert a.dossier.plan[0].clauses == ["9.3.2.c", "9.3", "8.5.2", "10.9"]
    rows = data_rows(reopen(render_docx([a], "zh")).tables[0])
    assert [row[1] for row in rows] == ["8.5.2", "9.3.1", "9.3.2", "9.3.3", "10.9"]
    assert rows[-1][2:] == ["规则包中无此条款。", "—"]
    path.write_text(PLAN_FORMS.replace("clauses:", "clause:"), encoding="utf-8")
    result = run("assess", path, "-f", "docx", "-o", tmp_path / "out.docx")
    assert result.exit_code == 2
    assert "audit.plan[0].clause: unknown field 'clause'; did you mean 'clauses'?" in result.output
    assert not (tmp_path / "out.docx").exists()
