"""Write a workbook: the blank questionnaire (template) or a dossier's evidence (convert), with openpyxl.

Each sheet gets the field titles in row 1 (a comment on each says what the field means, its type and
whether it is required), the field keys in hidden row 2, a frozen header, column widths, date and text
formats, and dropdowns for yes/no and choice columns and for the parent id of child rows. openpyxl is
imported here only, so the other commands do not pay for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.model import Dossier
from clausewise.i18n import SECTION_TITLES
from clausewise.lang import Lang
from clausewise.workbook.cells import MAX_CELL_CHARS, NO, NONE, YES, stated, to_cell
from clausewise.workbook.layout import FIRST_DATA_ROW, INSTRUCTIONS, KEY_ROW, PARENT, TITLE_ROW, Column, Layout, Sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Rows of a blank sheet that get the dropdowns and formats (a spreadsheet program extends them on insert).
TEMPLATE_ROWS = 500

_KIND_WORDS: dict[str, dict[str, str]] = {
    "text": {"en": "text", "zh": "文本"},
    "clause": {"en": "clause number, e.g. 9.3", "zh": "条款号，如 9.3"},
    "date": {"en": "date", "zh": "日期"},
    "int": {"en": "whole number", "zh": "整数"},
    "number": {"en": "number", "zh": "数值"},
    "bool": {"en": "yes / no", "zh": "是 / 否"},
    "choice": {"en": "one of the list", "zh": "从列表中选择"},
    "list": {"en": "one entry per line", "zh": "每行一项"},
    "clause_list": {"en": "clause numbers, one per line", "zh": "条款号，每行一个"},
    "required": {"en": "required", "zh": "必填"},
    "none": {"en": "write {none} when there is none", "zh": "没有时填 {none}"},
}
_WIDTH = {"date": 13, "bool": 9, "int": 10, "number": 11, "clause": 10, "choice": 16, "list": 30, "text": 24}

Rows = dict[int, list[dict[str, Any]]]  # sheet index in the layout -> rows (column key -> plain value)
#: Row key holding the :class:`Location` of the item a row was written from (for errors); not a column.
ORIGIN = "\0origin"


def workbook_bytes(shape: Layout, rows: Rows, lang: Lang, intro: Sequence[str]) -> bytes:
    """The whole workbook: the instructions sheet, then one sheet per layout sheet with its rows."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    _instructions(first, shape, lang, intro)
    for index, sheet in enumerate(shape.sheets):
        ws = book.create_sheet(sheet.name(lang))
        _header(ws, sheet, lang)
        data = rows.get(index, [])
        problems: list[Problem] = []
        for offset, row in enumerate(data):
            _write_row(ws, sheet, FIRST_DATA_ROW + offset, row, lang, problems)
        if problems:
            raise InputErrors(problems)
        _formats(ws, sheet, shape, lang, max(TEMPLATE_ROWS, len(data) + FIRST_DATA_ROW + 50))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(ws: Worksheet, shape: Layout, lang: Lang, intro: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = INSTRUCTIONS[lang]
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    ws.cell(1, 1, intro[0]).font = Font(bold=True, size=14)
    row = 2
    for line in intro[1:]:
        row += 1
        _text(ws, row, 1, line)
    row += 2
    ws.cell(row, 1, "工作表" if lang == "zh" else "Sheet").font = Font(bold=True)
    ws.cell(row, 2, "内容" if lang == "zh" else "What it holds").font = Font(bold=True)
    for sheet in shape.sheets:
        row += 1
        _text(ws, row, 1, sheet.name(lang))
        title = SECTION_TITLES.get(sheet.section, {}).get(lang, sheet.section)
        what = title if sheet.field is None else f"{title} · {sheet.name(lang)}"
        _text(ws, row, 2, what).alignment = Alignment(wrap_text=True)


def _header(ws: Worksheet, sheet: Sheet, lang: Lang) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    plain_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    for number, column in enumerate(sheet.columns, start=1):
        cell = _text(ws, TITLE_ROW, number, column.title(lang))
        cell.font = Font(bold=True)
        cell.fill = required_fill if column.required else plain_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        comment = Comment(_comment_text(column, lang), "clausewise")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        _text(ws, KEY_ROW, number, column.key)
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1).coordinate


def _comment_text(column: Column, lang: Lang) -> str:
    words = [_KIND_WORDS[column.kind][lang]]
    if column.required:
        words.append(_KIND_WORDS["required"][lang])
    else:
        words.append(_KIND_WORDS["none"][lang].format(none=NONE[lang]))
    text = " · ".join(words)
    if column.choices:
        text += "\n" + " / ".join(column.labels[lang])
    if column.descriptions[lang]:
        text += "\n" + " ".join(column.descriptions[lang].split())
    return text + f"\n[{column.key}]"


def _formats(ws: Worksheet, sheet: Sheet, shape: Layout, lang: Lang, last: int) -> None:
    """Widths, number formats and dropdowns over the data rows of every column."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    for number, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(number)
        span = f"{letter}{FIRST_DATA_ROW}:{letter}{last}"
        title = column.title(lang)
        wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in title) + 2
        ws.column_dimensions[letter].width = min(max(wide, _WIDTH.get(column.kind, 16)), 40)
        if column.kind == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.kind in ("text", "clause", "list", "clause_list", "choice"):
            ws.column_dimensions[letter].number_format = "@"
        valid: DataValidation | None = None
        if column.kind == "bool":
            valid = DataValidation("list", formula1=f'"{YES[lang]},{NO[lang]},{NONE[lang]}"')
        elif column.kind == "choice":
            valid = DataValidation("list", formula1='"' + ",".join((*column.labels[lang], NONE[lang])) + '"')
        elif column.key == PARENT:
            parent = shape.sheets[shape.index(sheet.section)]
            where = quote_sheetname(parent.name(lang))
            valid = DataValidation("list", formula1=f"{where}!$A${FIRST_DATA_ROW}:$A${last}")
        elif column.kind == "date":
            valid = DataValidation("date", operator="greaterThan", formula1="DATE(1900,1,1)")
            valid.errorStyle = "warning"  # the "none" word is text: allow it after a warning
        if valid is not None:
            valid.allow_blank = True
            valid.showErrorMessage = True
            if column.kind != "date":
                valid.errorStyle = "warning" if column.key == PARENT else "stop"
            ws.add_data_validation(valid)
            valid.add(span)


def _write_row(ws: Worksheet, sheet: Sheet, row: int, values: dict[str, Any], lang: Lang, out: list[Problem]) -> None:
    for number, column in enumerate(sheet.columns, start=1):
        if column.key not in values:
            continue
        given = values[column.key]
        if column.choices and isinstance(given, list):  # shown as the dropdown shows them
            given = [column.shown(v, lang) for v in given]
        elif column.choices and isinstance(given, str):
            given = column.shown(given, lang)
        value = to_cell(given, lang)
        if isinstance(value, str):
            problem = _unwritable(value, column, values)
            if problem:
                where = values.get(ORIGIN) or Location(ws.title)
                out.append(Problem(where, problem, field=column.key))
                continue
        cell = _text(ws, row, number, value) if isinstance(value, str) else ws.cell(row, number, value)
        if column.kind == "date" and not isinstance(value, str):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, str):
            cell.number_format = "@"
        if isinstance(value, str) and "\n" in value:
            from openpyxl.styles import Alignment

            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _unwritable(text: str, column: Column, values: dict[str, Any]) -> str:
    """Why a text cannot go into a cell (and come back unchanged), or ''."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(text) > MAX_CELL_CHARS:
        return f"text of {len(text):,} characters does not fit a cell (at most {MAX_CELL_CHARS:,})"
    if ILLEGAL_CHARACTERS_RE.search(text):
        return "text holds control characters a workbook cannot store"
    items = values[column.key]
    if isinstance(items, list) and any("\n" in str(v) for v in items):
        return "a list entry spans several lines; a cell holds one entry per line"
    return ""


def _text(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Set a cell; text stays text even when it starts with '=' (openpyxl would take it for a formula)."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


# --- rows from a dossier ------------------------------------------------------------------------------------


def dossier_rows(dossier: Dossier, shape: Layout, lang: Lang) -> Rows:
    """The cell values of every item, child and "there are none" marker, by sheet."""
    rows: Rows = {}
    for index, sheet in enumerate(shape.sheets):
        if sheet.field is not None:
            continue
        value = getattr(dossier, sheet.section)
        items: list[BaseModel] = [value] if isinstance(value, BaseModel) else list(value or [])
        out = rows.setdefault(index, [])
        if isinstance(value, list) and not value:
            out.append({sheet.columns[0].key: None})  # the section is supplied and empty
        for item in items:
            origin = getattr(item, "_origin", None)
            out.append({**_flat(stated(item)), ORIGIN: origin})
            for child_field in sheet.children:
                child_index = shape.index(sheet.section, child_field)
                child_rows = rows.setdefault(child_index, [])
                child_sheet = shape.sheets[child_index]
                link = {PARENT: getattr(item, "id", None)} if child_sheet.linked else {}
                children = getattr(item, child_field)
                if not children and child_field in item.model_fields_set:
                    first = next(c.key for c in child_sheet.columns if c.key != PARENT)
                    child_rows.append({**link, first: None})  # stated as none
                for child in children:
                    child_rows.append({**link, **_flat(stated(child)), ORIGIN: origin})
    return rows


def _flat(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested single models as dotted keys; lists of models are left to their child sheets."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out.update(_flat(value, prefix + key + "."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            continue
        else:
            out[prefix + key] = value
    return out
