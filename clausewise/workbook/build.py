"""The two workbooks clausewise writes: the blank questionnaire and a dossier converted to a workbook."""

from __future__ import annotations

from collections.abc import Iterable

from clausewise.clauses import normalize_clause
from clausewise.evidence.model import Dossier
from clausewise.glossary import CLAUSE_JUDGMENTS
from clausewise.questionnaire.template import template_sections
from clausewise.rules.loader import Pack
from clausewise.workbook.cells import NO, NONE, YES
from clausewise.workbook.layout import layout
from clausewise.workbook.write import dossier_rows, workbook_bytes

#: The instructions sheet, line by line.
_INTRO: dict[str, tuple[str, ...]] = {
    "en": (
        "Self-assessment workbook: {what}",
        "One sheet per kind of record; one row per record. Fill in what your records show, starting on row 3.",
        "Column headers: hover over a header (its comment) to see what the "
        "field means, its type and whether it is required (orange headers are "
        "required).",
        "Hidden row 2 holds the field keys clausewise reads: you may rename the headers, but keep row 2.",
        "Dates: type them as dates (2025-01-15); yes/no fields: {yes} / {no} from the dropdown.",
        "Several entries in one cell (names, clause numbers): one per line (Alt+Enter in Excel, Ctrl+Enter in WPS).",
        'An empty cell means "not stated"; write {none} to state that there is none.',
        "A sheet left empty means you did not supply that evidence (its "
        'clauses are judged "insufficient evidence"); to state that there are '
        "no such records, write {none} in its first cell (row 3).",
        'Sheets named "... - ..." list the parts of a record (e.g. an '
        "objective's results): pick the parent's id in the first column.",
        "Formulas are fine: clausewise reads the value the spreadsheet last "
        "calculated, so save the file in Excel, WPS or LibreOffice.",
        "Check:   clausewise validate THIS_FILE.xlsx",
        "Assess:  clausewise assess THIS_FILE.xlsx   (findings cite "
        "FILE.xlsx:Sheet!row; fill the gaps it names and assess again)",
    ),
    "zh": (
        "自评工作簿：{what}",
        "每个工作表对应一类记录，每行一条记录。请从第 3 行起填写贵组织记录中的实际内容。",
        "列标题：将鼠标停在标题上（批注）可查看该字段的含义、类型以及是否必填（橙色标题为必填）。",
        "隐藏的第 2 行是 clausewise 读取的字段键：可以修改标题文字，但请保留第 2 行。",
        "日期请按日期格式填写（2025-01-15）；是/否字段请从下拉列表中选择 {yes} / {no}。",
        "一个单元格中有多项内容（姓名、条款号）时，每项占一行（Excel 中按 Alt+Enter，WPS 中按 Ctrl+Enter）。",
        "空单元格表示“未说明”；确实没有时请填写 {none}。",
        f"工作表留空表示未提供该项证据（相关条款将判为“{CLAUSE_JUDGMENTS['insufficient_evidence'].zh}”）；"
        "确实没有此类记录时，请在该表第一个单元格（第 3 行）填写 {none}。",
        "名称为“… - …”的工作表列出某条记录的组成部分（如质量目标的结果）：请在第一列选择所属项的标识。",
        "可以使用公式：clausewise 读取表格程序最后计算的结果，因此请在 Excel、WPS 或 LibreOffice 中保存文件。",
        "检查：clausewise validate 本文件.xlsx",
        "评价：clausewise assess 本文件.xlsx --lang zh（结果引用“文件.xlsx:工作表!行号”；按提示补充证据后再次评价）",
    ),
}

_WHAT: dict[str, dict[str, str]] = {
    "template": {
        "en": "the evidence the rules of pack {pack} {version} read{scope}.",
        "zh": "规则包 {pack} {version} 的规则所读取的证据{scope}。",
    },
    "scope": {"en": " for clauses {clauses}", "zh": "（条款 {clauses}）"},
    "dossier": {"en": "the evidence of {organization}.", "zh": "{organization} 的证据。"},
}


def _intro(lang: str, what: str) -> list[str]:
    return [line.format(what=what, yes=YES[lang], no=NO[lang], none=NONE[lang]) for line in _INTRO[lang]]


def template_workbook(pack: Pack, clauses: Iterable[str] = (), lang: str = "en", all_sections: bool = False) -> bytes:
    """The blank questionnaire: a sheet per section the chosen clauses' rules read (see the module docs)."""
    clauses = list(clauses)
    sections = template_sections(pack, clauses, all_sections)
    scope = _WHAT["scope"][lang].format(clauses=", ".join(normalize_clause(c) for c in clauses)) if clauses else ""
    what = _WHAT["template"][lang].format(pack=pack.id, version=pack.manifest.version, scope=scope)
    return workbook_bytes(layout(sections), {}, lang, _intro(lang, what))


def dossier_workbook(dossier: Dossier, lang: str = "en") -> bytes:
    """A dossier as a workbook: the supplied sections, every stated field; reads back as the same facts."""
    sections = [name for name in Dossier.model_fields if getattr(dossier, name) is not None]
    shape = layout(sections)
    organization = dossier.audit.organization if dossier.audit else ("?" if lang == "en" else "？")
    what = _WHAT["dossier"][lang].format(organization=organization)
    return workbook_bytes(shape, dossier_rows(dossier, shape, lang), lang, _intro(lang, what))
