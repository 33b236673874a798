"""The audit record (管理体系审核记录表) as a Word document: one table per department of the audit plan.

It copies the paper form auditors fill in, so that the auditor edits the suggestion instead of retyping it:
real Word tables and named styles (no drawn boxes), East Asian fonts set on every style so Word and
LibreOffice pick Chinese glyphs, A4, and the form's three header rows repeated on each page. The bytes are
deterministic (fixed zip dates and document properties): ``assess`` and ``report`` write the same file, and
two runs compare.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell

from clausewise.clauses import clause_sort_key, is_within, parent_of
from clausewise.engine.results import Assessment, ClauseResult, DossierInfo, EvidenceRef, Finding, PlanEntry
from clausewise.glossary import RECORD_JUDGMENTS, graded
from clausewise.i18n import (
    AUDIT_TYPE_LABELS,
    AUDITEE_LABELS,
    RECORD,
    SECTION_TITLES,
    label,
    t,
)
from clausewise.lang import Lang
from clausewise.reports.decided import decision_line, store_lines
from clausewise.reports.text import (
    basis_line,
    by_rule,
    checked_line,
    evidence_summary,
    finding_head,
    notice_lines,
    organization_text,
    standard_text,
)

LATIN_FONT = "Times New Roman"
BODY_EA_FONT = "宋体"  # SimSun: what Chinese Word writes; LibreOffice falls back to an installed CJK font
HEADING_LATIN_FONT = "Arial"
HEADING_EA_FONT = "黑体"  # SimHei
#: Font-table entries so Word substitutes a GB2312 font when the named one is missing.
EA_FONTS = {"宋体": ("SimSun", "02010600030101010101"), "黑体": ("SimHei", "02010609060101010101")}

#: Column widths (A4 portrait, 20 mm margins: 170 mm of text width), as on the form.
WIDTHS_MM = (28, 16, 104, 22)
HEADER_ROWS = 3

CELL = "Record Cell"
CELL_HEADING = "Record Cell Heading"
FINDING = "Record Finding"
DETAIL = "Record Detail"
JUDGMENT = "Record Judgment"
META = "Record Meta"
TABLE_STYLE = "Audit Record"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_docx(results: Sequence[Assessment], lang: Lang = "en") -> bytes:
    """One Word document for all ``results``: each dossier's record after the previous one, on a new page."""
    doc = Document()
    _setup(doc, lang)
    for n, a in enumerate(results):
        if n:
            doc.add_section(WD_SECTION_START.NEW_PAGE)
        _record(doc, a, lang, intro=n == 0)
    _properties(doc, results, lang)
    out = io.BytesIO()
    doc.save(out)
    return _deterministic_zip(out.getvalue())


# --- content -----------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a department table: a clause and the clauses its row covers (itself and untitled parts)."""

    key: str
    clause: ClauseResult | None
    covers: list[ClauseResult] = field(default_factory=list)
    parent: ClauseResult | None = None  # named before a general title: 领导作用和承诺 / 总则, as the form does

    def process(self, lang: Lang) -> str:
        """The 过程与活动 cell: the clause title, after its parent's when it is only "General" (总则)."""
        if self.clause is None:
            return "—"
        title = self.clause.title.get(lang)
        return f"{self.parent.title.get(lang)}\n{title}" if self.parent else title


def r(key: str, lang: Lang, **fields: str) -> str:
    text = label(RECORD, key, lang)
    return text.format(**fields) if fields else text


def _record(doc: DocxDocument, a: Assessment, lang: Lang, *, intro: bool) -> None:
    doc.add_paragraph(_clean(r("title", lang)), style="Heading 1")
    d = a.dossier
    sep = "　" if _zh(lang) else "   "
    meta = [
        f"{t('organization', lang)}: {organization_text(a, lang)}",
        f"{r('audit_type', lang)}: {label(AUDIT_TYPE_LABELS, d.audit_type, lang) if d.audit_type else '—'}",
        f"{t('audit_date', lang)}: {_date(d.audit_date, lang)}",
        f"{t('as_of', lang)}: {_date(d.as_of, lang)}",
        f"{t('pack', lang)}: {a.pack.title.get(lang)} [{a.pack.ref(lang)}]",
    ]
    doc.add_paragraph(_clean(sep.join(meta[:3])), style=META).paragraph_format.space_after = Pt(0)
    doc.add_paragraph(_clean(sep.join(meta[3:])), style=META)
    for line in notice_lines(a, lang):
        doc.add_paragraph(_clean(line), style=META)
    if intro:
        doc.add_paragraph(_clean(r("intro", lang)), style=META)
    for heading_text, section in store_lines(a, lang):  # the previous findings to verify come first
        doc.add_paragraph(_clean(heading_text), style="Heading 2")
        for line in section:
            doc.add_paragraph(_clean(line), style=META)
    plan = d.plan or [PlanEntry(department="—", date=d.audit_date)]
    tables = [(entry, plan_rows(a, entry)) for entry in plan]
    if a.selection is not None:  # departments whose planned clauses are all outside the selection: no table
        tables = [(entry, rows) for entry, rows in tables if rows] or tables[:1]
    for n, (entry, rows) in enumerate(tables):
        heading = doc.add_paragraph(_clean(entry.department), style="Heading 2")
        heading.paragraph_format.page_break_before = n > 0
        _department_table(doc, a, entry, rows, lang, auditee_lines(d, lang) if n == 0 else [])


def auditee_lines(d: DossierInfo, lang: Lang) -> list[str]:
    """The 确认受审方名称 block the form opens its first table with; what the dossier lacks reads —.

    资质确认 and 体系变化 are the auditor's own confirmations (the form's 营业执照真实有效, 基本无变更): left
    for them to fill in, not guessed.
    """
    colon = "：" if _zh(lang) else ": "
    names = r("name_sep", lang)

    def line(key: str, value: str | None) -> str:
        return label(AUDITEE_LABELS, key, lang) + colon + (value or "—")

    lines = [
        line("organization", d.organization),
        line("registered_address", d.registered_address),
        line("office_address", d.office_address),
        line("business_address", d.business_address),
    ]
    if d.sites:
        lines.append(line("sites", names.join(d.sites)))
    lines += [
        line("qualification", r("to_fill", lang)),
        line("scope", d.scope),
        line("standard", standard_text(d)),
        line("top_management", names.join(d.top_management))
        + ("，" if _zh(lang) else "; ")
        + line("management_representative", d.management_representative),
        line("changes", r("to_fill", lang)),
    ]
    return lines


def plan_rows(a: Assessment, entry: PlanEntry) -> list[Row]:
    """The rows of one department's table, in the pack's clause order.

    A planned clause is expanded into its sub-clauses that have a title of their own, down to the leaves
    (8.5 -> 8.5.1 ... 8.5.6, 9.1 -> 9.1.1 ... 9.1.3), as the seed record does; numbered paragraphs without a
    title (4.4.1, 6.1.2: ``untitled`` in the pack) stay in their parent's row. No clauses means
    every clause of the pack. A lettered item (9.3.2.c) is reported in its clause's row; a clause number the
    pack does not have gets a row of its own that says so.
    """
    by_key = {c.key: c for c in a.clauses}
    order = {c.key: i for i, c in enumerate(a.clauses)}
    children: dict[str, list[ClauseResult]] = {}
    for c in a.clauses:
        parent = parent_of(c.key)
        if parent is not None:
            children.setdefault(parent, []).append(c)

    def subtree(c: ClauseResult) -> list[ClauseResult]:
        return [c, *(d for k in children.get(c.key, []) for d in subtree(k))]

    def rows_for(c: ClauseResult) -> list[Row]:
        kids = children.get(c.key, [])
        if kids and all(_titled(k) for k in kids):
            return [row for k in kids for row in rows_for(k)]
        parent = by_key.get(parent_of(c.key) or "")
        return [Row(c.key, c, subtree(c), parent if parent and c.title.en == "General" else None)]

    wanted = entry.clauses or [c.key for c in a.clauses if parent_of(c.key) not in by_key]
    if a.selection is not None:  # assess --clause: the planned clauses within what is shown, nothing else
        wanted = within_selection(wanted, a.selection.clauses)
    rows: dict[str, Row] = {}
    for key in wanted:
        found: str | None = key
        while found is not None and found not in by_key and not found.replace(".", "").isdigit():
            found = parent_of(found)  # a lettered item (9.3.2.c) is reported in its clause's row
        for row in rows_for(by_key[found]) if found in by_key else [Row(key, None)]:
            rows.setdefault(row.key, row)
    return sorted(
        rows.values(), key=lambda row: (row.key not in order, order.get(row.key, 0), clause_sort_key(row.key))
    )


def within_selection(keys: list[str], selected: list[str]) -> list[str]:
    """``keys`` restricted to the selected clauses: a key inside a selected clause stays, a key above one
    becomes the selected clauses below it (plan 9, shown 9.3: 9.3), any other key goes."""
    out: list[str] = []
    for key in keys:
        if any(is_within(key, s) for s in selected):
            out.append(key)
        else:
            out += [s for s in selected if is_within(s, key)]
    return list(dict.fromkeys(out))


def _titled(c: ClauseResult) -> bool:
    return not c.untitled and c.title.en != f"Clause {c.key}"  # the second test: results saved before 'untitled'


def judgment_label(c: ClauseResult, lang: Lang) -> str:
    """The 判定 cell: 符合 / 一般不符合 / 观察项 / 不适用 / 无法判定 / 需审核员判断 (C / N (minor) / ... in English)."""
    return graded(RECORD_JUDGMENTS, c.judgment, c.grade, lang)


def evidence_paragraphs(a: Assessment, row: Row, lang: Lang) -> list[tuple[str, str]]:
    """(style, text) of the evidence cell: exclusions, findings with evidence and remedy, gaps; else what is known."""
    if row.clause is None:
        return [(CELL, r("not_in_pack", lang))]
    if row.clause.judgment == "not_audited":
        return [(CELL, t("not_audited_cell", lang))]
    out: list[tuple[str, str]] = []
    for c in row.covers:
        if c.exclusion:
            out.append((CELL, r("exclusion", lang) + c.exclusion))

    def where(clause: str) -> str:
        return r("in_clause", lang, clause=clause) if clause != row.key else ""

    findings = [a.findings[i] for c in row.covers for i in c.findings]
    # decided findings by their judgment in force; rejected ones last
    findings.sort(key=lambda f: _FINDING_ORDER.get(f.in_force() or ("rejected", None), len(_FINDING_ORDER)))
    groups = by_rule(findings)
    # what decides the judgment first, in its order of severity: N, missing evidence, O, review prompts, NA
    for group in (g for g in groups if (g[0].in_force() or ("",))[0] == "N"):
        out.extend(_finding_paragraphs(group, lang, where(group[0].clause)))
    for gaps in by_rule([a.gaps[i] for c in row.covers for i in c.gaps]):
        g0 = gaps[0]
        out.append(
            (FINDING, f"[{t('gap', lang)}] {g0.title.get(lang)} ({t('rule', lang)} {g0.rule})" + where(g0.clause))
        )
        for g in gaps:
            out.append((DETAIL, "– " + g.remedy.get(lang)))
            out.extend((DETAIL, line) for line in _evidence_lines(g.evidence, lang))
    for group in (g for g in groups if (g[0].in_force() or ("",))[0] != "N"):
        out.extend(_finding_paragraphs(group, lang, where(group[0].clause)))
    checked = row_checked(row)
    if not out:
        rules = t("sep", lang).join(sorted({rule for c in row.covers for rule in c.rules}))
        if row.clause.judgment == "not_assessed":
            out.append((CELL, r("no_rules", lang)))
        elif not rules:
            out.append((CELL, r("nothing_known", lang)))
        elif checked is None:  # a result written before clauses recorded what their rules read
            out.append((CELL, r("rules_clean", lang, rules=rules)))
        else:
            out.append((CELL, r("rules_clean_checked" if checked else "rules_clean_context", lang, rules=rules)))
    if row.clause.rests_on is not None:
        out.append((CELL, row.clause.rests_on.get(lang)))
    if checked:
        out.append((CELL, checked_line(checked, lang)))
    unaudited = [k for c in row.covers for k in c.unaudited_children if k not in {x.key for x in row.covers}]
    if unaudited:
        out.append((CELL, t("not_audited_children", lang, clauses=t("sep", lang).join(unaudited))))
    unassessed = [k for c in row.covers for k in c.unassessed_children if k not in {x.key for x in row.covers}]
    if unassessed and row.clause.judgment != "not_assessed":
        out.append((CELL, t("partial", lang, clauses=t("sep", lang).join(unassessed))))
    return out


def row_checked(row: Row) -> dict[str, int] | None:
    """What the rules of the row's clauses read, per section in dossier order; None when no clause recorded it.

    Clauses of one row read the same sections' items, so a section counts once (its largest count), not summed.
    """
    recorded = [c.checked for c in row.covers if c.checked is not None]
    if not recorded:
        return None
    merged: dict[str, int] = {}
    for checked in recorded:
        for section, n in checked.items():
            merged[section] = max(n, merged.get(section, 0))
    order = {s: i for i, s in enumerate(SECTION_TITLES)}
    return dict(sorted(merged.items(), key=lambda item: order.get(item[0], len(order))))


def _finding_paragraphs(group: list[Finding], lang: Lang, where: str) -> list[tuple[str, str]]:
    """One rule's findings: its head, each message with its evidence, the remedy (once when they share it)."""
    f0 = group[0]
    out = [(FINDING, finding_head(f0, lang) + where)]
    basis = basis_line(f0, lang)
    if basis:
        out.append((DETAIL, basis))
    shared = all(f.remedy == f0.remedy for f in group)
    for f in group:
        out.append((DETAIL, "– " + f.message.get(lang)))
        decided = decision_line(f.decision, lang)
        if decided:
            out.append((FINDING, decided))
        out.extend((DETAIL, line) for line in _evidence_lines(f.evidence, lang))
        if not shared:
            out.append((DETAIL, f"{t('remedy', lang)}: {f.remedy.get(lang)}"))
    if shared:
        out.append((DETAIL, f"{t('remedy', lang)}: {f0.remedy.get(lang)}"))
    return out


#: Findings within a row: N major, N minor (then the gaps), O, review prompts, NA.
_FINDING_ORDER: dict[tuple[str, str | None], int] = {
    ("N", "major"): 0,
    ("N", "minor"): 1,
    ("N", None): 1,
    ("O", None): 2,
    ("review", None): 3,
    ("NA", None): 4,
}


def _evidence_lines(evidence: Iterable[EvidenceRef], lang: Lang) -> list[str]:
    out = []
    for e in evidence:
        where = e.source or e.where()
        if e.sheet and e.source:  # a workbook row: the company finds the record by its sheet and row
            where += f" ({e.where()})"
        out.append(f"{t('evidence', lang)}: {evidence_summary(e, lang)}" + (f" — {where}" if where else ""))
    return out


def header_texts(entry: PlanEntry, lang: Lang) -> tuple[str, str, str]:
    """The three header lines of a department table, worded as on the form."""
    gap = "　　" if _zh(lang) else "    "
    names = r("name_sep", lang)
    first = r("department", lang) + entry.department
    first += gap + r("escorts", lang) + (names.join(entry.escorts) or "—")
    second = r("auditors", lang) + (names.join(entry.auditors) or "—") + gap + r("date", lang) + _date(entry.date, lang)
    scope = r("topic_sep", lang).join(entry.topics)
    clauses = r("clause_sep", lang).join(entry.clauses) if entry.clauses else r("all_clauses", lang)
    third = r("topics", lang) + (f"{scope}\n{clauses}" if scope else clauses)
    return first, second, third


# --- layout ------------------------------------------------------------------------------------------------


def _department_table(
    doc: DocxDocument, a: Assessment, entry: PlanEntry, rows: list[Row], lang: Lang, auditee: list[str]
) -> None:
    """The form's table: three header rows, then ``auditee`` (when given) in a row across the table, then the
    clause rows."""
    table: Table = doc.add_table(rows=HEADER_ROWS, cols=4)
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_w = _child(table._tbl.tblPr, "w:tblW", ())
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(_twips(sum(WIDTHS_MM))))
    for col, width in zip(table.columns, WIDTHS_MM, strict=True):
        col.width = Mm(width)
    for col, key in ((0, "col_process"), (1, "col_clause"), (3, "col_judgment")):
        cell = table.cell(0, col).merge(table.cell(HEADER_ROWS - 1, col))
        _write(cell, [(CELL_HEADING, r(key, lang))])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for i, text in enumerate(header_texts(entry, lang)):
        _write(table.cell(i, 2), [(CELL, text)])
    for header in table.rows[:HEADER_ROWS]:
        tr_pr = header._tr.get_or_add_trPr()
        _child(tr_pr, "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))
        _child(tr_pr, "w:tblHeader", ("w:tblCellSpacing", "w:jc", "w:hidden"))
        for tc in header._tr.tc_lst:
            _shade(tc, "F2F2F2")
    if auditee:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx 1.2 leaves it unannotated
        block = cells[0].merge(cells[-1])
        _write(block, [(CELL, text) for text in auditee])
        block.width = Mm(sum(WIDTHS_MM))
        _child(table.rows[-1]._tr.get_or_add_trPr(), "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:jc"))
    for row in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx 1.2 leaves it unannotated
        _write(cells[0], [(CELL, row.process(lang))])
        _write(cells[1], [(JUDGMENT, row.key)])
        _write(cells[2], evidence_paragraphs(a, row, lang))
        _write(cells[3], [(JUDGMENT, judgment_label(row.clause, lang) if row.clause else "—")])
        for cell, width in zip(cells, WIDTHS_MM, strict=True):
            cell.width = Mm(width)


def _write(cell: _Cell, paragraphs: Sequence[tuple[str, str]]) -> None:
    """Replace the cell's content by one paragraph per (style, text)."""
    first = cell.paragraphs[0]
    for n, (style, text) in enumerate(paragraphs):
        p = first if n == 0 else cell.add_paragraph()
        p._p.style = _style_id(style)  # by id: python-docx's lookup by name is slow (a scan per paragraph)
        p.add_run(_clean(text))


def _style_id(name: str) -> str:
    """The id python-docx gives a style it adds: the name without spaces (checked in :func:`_setup`)."""
    return name.replace(" ", "")


def _shade(tc: CT_Tc, fill: str) -> None:
    shd = _child(
        tc.get_or_add_tcPr(),
        "w:shd",
        ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    )
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _child(parent: BaseOxmlElement, tag: str, successors: Iterable[str]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, created before the first of ``successors`` (Word wants schema order)."""
    found = parent.find(qn(tag))
    if found is not None:
        return found  # type: ignore[no-any-return]
    element: BaseOxmlElement = OxmlElement(tag)
    for name in successors:
        after = parent.find(qn(name))
        if after is not None:
            after.addprevious(element)
            return element
    parent.append(element)
    return element


def _setup(doc: DocxDocument, lang: Lang) -> None:
    """A4 portrait, fonts (Latin and East Asian) on the defaults and on every style used, the named styles."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)

    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _fonts(rpr, LATIN_FONT, BODY_EA_FONT, lang)
            lang_el = _child(rpr, "w:lang", ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
            lang_el.set(qn("w:val"), "zh-CN" if _zh(lang) else "en-US")
            lang_el.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.size = Pt(10.5)
    _style_fonts(normal, LATIN_FONT, BODY_EA_FONT, lang)
    for name, size, align in (("Heading 1", 16, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 2", 12, None)):
        heading = styles[name]
        assert isinstance(heading, ParagraphStyle)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.alignment = align
        heading.paragraph_format.space_before = Pt(6 if name == "Heading 2" else 0)
        heading.paragraph_format.space_after = Pt(6)
        _style_fonts(heading, HEADING_LATIN_FONT, HEADING_EA_FONT, lang)
    footer_style = styles["Footer"]
    assert isinstance(footer_style, ParagraphStyle)
    _style_fonts(footer_style, LATIN_FONT, BODY_EA_FONT, lang)

    def paragraph_style(name: str, base: ParagraphStyle, size: float, *, bold: bool = False) -> ParagraphStyle:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = base
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        _style_fonts(style, LATIN_FONT, BODY_EA_FONT, lang)
        assert style.style_id == _style_id(name), style.style_id
        return style

    meta = paragraph_style(META, normal, 9)
    meta.paragraph_format.space_after = Pt(4)
    cell = paragraph_style(CELL, normal, 9)
    heading_cell = paragraph_style(CELL_HEADING, cell, 9, bold=True)
    heading_cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    finding = paragraph_style(FINDING, cell, 9, bold=True)
    finding.paragraph_format.space_before = Pt(3)
    detail = paragraph_style(DETAIL, cell, 9)
    detail.paragraph_format.left_indent = Mm(3)
    judgment = paragraph_style(JUDGMENT, cell, 9, bold=True)
    judgment.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = styles["Table Grid"]
    tbl_pr = _child(table_style.element, "w:tblPr", ("w:trPr", "w:tcPr", "w:tblStylePr"))
    borders = _child(tbl_pr, "w:tblBorders", ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = _child(borders, f"w:{side}", ())
        for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            edge.set(qn(f"w:{attr}"), value)
    margins = _child(tbl_pr, "w:tblCellMar", ("w:tblLook",))
    for side, width in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
        margin = _child(margins, f"w:{side}", ())
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")

    _font_table(doc)
    _footer(doc, lang)


def _style_fonts(style: ParagraphStyle, latin: str, east_asian: str, lang: Lang) -> None:
    _fonts(style.element.get_or_add_rPr(), latin, east_asian, lang)


def _fonts(rpr: BaseOxmlElement, latin: str, east_asian: str, lang: Lang) -> None:
    """Explicit fonts, theme fonts removed (a theme attribute would win over them); eastAsia is the CJK font."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian), ("cs", latin)):
        rfonts.set(qn(f"w:{attr}"), value)
    if _zh(lang):
        rfonts.set(qn("w:hint"), "eastAsia")  # quotes and dashes in Chinese text take the Chinese font


def _font_table(doc: DocxDocument) -> None:
    """Declare the CJK fonts with their English names and GB2312 charset, for Word's font substitution."""
    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    fonts = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in fonts.findall(qn("w:font"))}
    for name, (alt, panose) in EA_FONTS.items():
        if name in known:
            continue
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"), ("w:family", "auto")):
            font.append(OxmlElement(tag, {qn("w:val"): value}))
        font.append(OxmlElement("w:pitch", {qn("w:val"): "variable"}))
        fonts.append(font)
    part._blob = serialize_part_xml(fonts)


def _footer(doc: DocxDocument, lang: Lang) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.style = doc.styles["Footer"]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(r("footer", lang)).font.size = Pt(8)
    field_el = OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_el.append(run)
    p._p.append(field_el)
    if r("footer_end", lang):
        p.add_run(r("footer_end", lang)).font.size = Pt(8)


def _properties(doc: DocxDocument, results: Sequence[Assessment], lang: Lang) -> None:
    """Fixed document properties (no clock time), so the same results give the same bytes."""
    props = doc.core_properties
    orgs = [a.dossier.organization for a in results if a.dossier.organization]
    props.title = r("title", lang)
    props.subject = _clean("; ".join(orgs))
    props.author = props.last_modified_by = "clausewise"
    props.language = "zh-CN" if _zh(lang) else "en-US"
    props.keywords = "ISO 9001; audit record; 审核记录表"
    props.comments = ""
    props.revision = 1
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    for a in results:
        day = a.dossier.as_of or a.dossier.audit_date
        if day:
            stamp = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=dt.UTC)
            break
    props.created = props.modified = props.last_printed = stamp


def _deterministic_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01 (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --- small helpers -----------------------------------------------------------------------------------------


def _zh(lang: Lang) -> bool:
    return lang == "zh"


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _date(iso: str | None, lang: Lang) -> str:
    """``2020年12月03日`` as the form writes it (``2020-12-03`` in English)."""
    if not iso:
        return "—"
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if _zh(lang) else day.isoformat()


def _clean(text: str) -> str:
    """Drop characters XML cannot hold (python-docx refuses them); everything else is kept as typed."""
    return _XML_ILLEGAL.sub("\ufffd", text)
