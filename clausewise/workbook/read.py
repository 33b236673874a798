"""Read a workbook dossier into the same plain data a YAML dossier gives, every value tied to its cell.

The result is a :class:`SheetLocated`, so the one validation path (``validate_document``) checks it and
every problem is located as ``FILE.xlsx:Sheet!C12``. What a cell means is deliberate (docs/self-assessment.md):

* sheets are found by name (either language, or the section key); the instructions sheet is skipped; any
  other sheet is an error with a did-you-mean;
* columns are found by the key in row 2, else by the title in row 1 (either language, or the key); an
  unknown column is an error with a did-you-mean;
* empty rows are skipped; text is trimmed; a number or date in a text column becomes its text (``3``, not
  ``3.0``); yes/no cells accept 是/否, yes/no, TRUE/FALSE (any case), y/n, 1/0; the "none" words state null;
* a cell merged down several rows gives its value to each row; a merge across columns is an error;
* a formula gives the value the spreadsheet program last calculated; without one it is an error saying so;
  an error value (``#REF!``) is an error;
* hostile files are refused before or while parsing: not a zip archive, more unpacked bytes than
  :data:`MAX_UNPACKED` (a zip bomb), macros (``.xlsm``, ``vbaProject.bin``), links to other workbooks, more
  than :data:`MAX_ROWS` rows in a sheet, a cell longer than Excel allows.

All file access is in :func:`open_workbook`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausewise.errors import Location, Problem, fail
from clausewise.evidence.model import SECTIONS
from clausewise.fileio import DEFAULT_MAX_BYTES, read_bytes
from clausewise.lang import LANGS
from clausewise.workbook.cells import FALSE_WORDS, MAX_CELL_CHARS, TRUE_WORDS, is_none_word
from clausewise.workbook.layout import INSTRUCTIONS, KEY_ROW, PARENT, TITLE_ROW, Column, Layout, Sheet, layout
from clausewise.yamlsource import Located

WORKBOOK_SUFFIXES = (".xlsx",)
REFUSED_SUFFIXES = {".xlsm": "macro-enabled", ".xltm": "macro-enabled", ".xls": "old binary (Excel 97-2003)"}
#: Unpacked size of all parts of one workbook: a 10,000-row dossier unpacks to a few MB; parsing time grows
#: with it (openpyxl reads a sheet without a declared size twice), so this bounds time as well as memory.
MAX_UNPACKED = 64 * 1024 * 1024
#: Parts in one workbook archive.
MAX_PARTS = 10_000
#: Rows (empty ones included) in one sheet.
MAX_ROWS = 100_000
#: Columns in one sheet (a layout has at most a few dozen).
MAX_COLUMNS = 1_000

Path_ = tuple[str | int, ...]
_FORMULA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class SheetLocated(Located):
    """Workbook data; ``cells`` maps a data path to its (sheet, row, column), ``labels`` a (sheet, column) to
    the column's header and key as the user sees them."""

    cells: dict[Path_, tuple[str, int, int]] = field(default_factory=dict)
    labels: dict[tuple[str, int], str] = field(default_factory=dict)

    def location(self, path: Path_) -> Location:
        p = tuple(path)
        while p not in self.cells and p:
            p = p[:-1]
        if p not in self.cells:
            return Location(self.file)
        sheet, row, column = self.cells[p]
        return Location(self.file, row, column, sheet)

    def relabel(self, problem: Problem) -> Problem:
        """Name the field by its column (``Approved on (approved_on)``) instead of its path in the data."""
        where = problem.location
        label = self.labels.get((where.sheet, where.column))
        if label is None:
            return problem
        return Problem(problem.location, problem.message, label, problem.expected, problem.found)


@dataclass
class _Cell:
    value: Any
    kind: str  # openpyxl's data type: n, s, b, d, e
    formula: bool = False


_Row = dict[int, _Cell]
_Rows = list[tuple[int, _Row]]
_Ids = dict[str, dict[str, int]]  # section -> item id -> index


def open_workbook(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None) -> Any:
    """Check the file and open it with openpyxl (read-only); the one place a workbook file is read."""
    name = display or str(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise fail(
            Location(name),
            f"{REFUSED_SUFFIXES[suffix]} workbooks are not read",
            expected="an .xlsx workbook (File → Save As → Excel Workbook)",
            found=suffix,
        )
    data = read_bytes(path, max_bytes=max_bytes, display=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise fail(
            Location(name),
            "not an .xlsx workbook: the file is not a zip archive",
            expected="a workbook saved by Excel, WPS or LibreOffice as .xlsx",
            found=_sniff(data),
        ) from None
    _check_parts(name, parts)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on broken files
        raise fail(Location(name), f"cannot read the workbook: {type(exc).__name__}: {exc}"[:300]) from None


def _sniff(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old binary .xls or an encrypted workbook"
    if not data:
        return "an empty file"
    return "bytes " + data[:4].hex(" ")


def _check_parts(name: str, parts: list[zipfile.ZipInfo]) -> None:
    names = {p.filename for p in parts}
    if len(parts) > MAX_PARTS:
        raise fail(
            Location(name), "workbook has too many parts", expected=f"at most {MAX_PARTS:,}", found=f"{len(parts):,}"
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED:
        raise fail(
            Location(name),
            "workbook unpacks to too much data (a zip bomb, or far more than a dossier)",
            expected=f"at most {MAX_UNPACKED:,} bytes unpacked",
            found=f"{unpacked:,} bytes",
        )
    if "xl/workbook.xml" not in names:
        raise fail(Location(name), "not an .xlsx workbook: the archive has no xl/workbook.xml", found="a zip file")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise fail(
            Location(name),
            "the workbook contains macros; clausewise reads only macro-free workbooks",
            expected="an .xlsx workbook without macros (File → Save As → Excel Workbook)",
            found="a VBA project",
        )
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise fail(
            Location(name),
            "the workbook links to other workbooks; their values would not be checked",
            expected="values, not links (Excel: Data → Edit Links → Break Link; then save)",
            found="external links",
        )


def read_workbook(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[SheetLocated, list[Problem]]:
    """Read a workbook dossier: its data with cell locations, and the problems found in its cells.

    Problems that make the file unreadable as a whole raise :class:`InputErrors`.
    """
    name = str(path)
    book = open_workbook(path, max_bytes=max_bytes)
    try:
        return _Reader(name, book).read()
    finally:
        book.close()


class _Reader:
    def __init__(self, file: str, book: Any) -> None:
        self.file = file
        self.book = book
        self.shape: Layout = layout(["audit", *SECTIONS])
        self.problems: list[Problem] = []
        self.located = SheetLocated(file, {})

    def problem(self, sheet: str, row: int, column: int, message: str, **kw: str) -> None:
        self.problems.append(Problem(Location(self.file, row, column, sheet), message, **kw))

    def read(self) -> tuple[SheetLocated, list[Problem]]:
        found: list[tuple[Sheet, str, list[tuple[int, _Row]]]] = []
        instructions = {n.casefold() for n in INSTRUCTIONS.values()}
        for ws in self.book.worksheets:
            title = ws.title
            if title.strip().casefold() in instructions:
                continue
            sheet = self.shape.find(title)
            if sheet is None:
                names = sorted({s.name(lang) for s in self.shape.sheets for lang in LANGS})
                hint = difflib.get_close_matches(title, names, n=1, cutoff=0.5)
                self.problem(
                    title,
                    0,
                    0,
                    f"unknown sheet '{title}'" + (f"; did you mean '{hint[0]}'?" if hint else ""),
                    expected="a sheet of the questionnaire (clausewise evidence template --format xlsx)",
                )
                continue
            if any(s is sheet for s, _, _ in found):
                self.problem(title, 0, 0, f"a second sheet for {sheet.name('en')}; a workbook has one")
                continue
            found.append((sheet, title, self._rows(ws)))
        data: dict[str, Any] = {}
        ids: dict[str, dict[str, int]] = {}  # section -> item id -> index
        for sheet, title, rows in found:
            if sheet.field is None:
                self._section(sheet, title, rows, data, ids)
        for sheet, title, rows in found:
            if sheet.field is not None:
                self._children(sheet, title, rows, data, ids)
        self.located.data = data
        return self.located, self.problems

    # --- raw rows ---------------------------------------------------------------------------------------

    def _rows(self, ws: Any) -> list[tuple[int, _Row]]:
        """Non-empty rows as {column: cell}, merged-down values filled in; stops at MAX_ROWS."""
        from openpyxl.worksheet._reader import WorkSheetParser  # the parser openpyxl's read-only mode uses

        declared = ws.max_row if isinstance(ws.max_row, int) else 0
        if declared > MAX_ROWS:
            self._too_long(ws.title, f"{declared:,} rows")
            return []
        book = self.book

        class Parser(WorkSheetParser):
            def parse_cell(self, element: Any) -> dict[str, Any]:
                cell: dict[str, Any] = super().parse_cell(element)
                cell["formula"] = element.find(_FORMULA_TAG) is not None
                return cell

        rows: list[tuple[int, _Row]] = []
        count = 0
        with ws._get_source() as source:
            parser = Parser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for index, cells in parser.parse():
                count += 1
                if count > MAX_ROWS:
                    self._too_long(ws.title, "more")
                    return []
                row: _Row = {}
                for c in cells:
                    if c["column"] > MAX_COLUMNS:
                        self.problem(ws.title, index, 0, "row is too wide", expected=f"at most {MAX_COLUMNS:,} columns")
                        return []
                    if c["value"] is None and not c["formula"]:
                        continue
                    if isinstance(c["value"], str) and len(c["value"]) > MAX_CELL_CHARS:
                        self.problem(
                            ws.title,
                            index,
                            c["column"],
                            "cell holds more text than a spreadsheet cell can",
                            expected=f"at most {MAX_CELL_CHARS:,} characters",
                            found=f"{len(c['value']):,}",
                        )
                        continue
                    if isinstance(c["value"], str) and not c["value"].strip():
                        continue
                    row[c["column"]] = _Cell(c["value"], c["data_type"], c["formula"])
                if row:
                    rows.append((index, row))
            merged = parser.merged_cells
        return self._unmerge(ws.title, rows, merged)

    def _too_long(self, title: str, found: str) -> None:
        self.problem(title, 0, 0, "sheet is too long", expected=f"at most {MAX_ROWS:,} rows", found=found)

    def _unmerge(self, title: str, rows: list[tuple[int, _Row]], merged: Any) -> list[tuple[int, _Row]]:
        if merged is None or not merged.mergeCell:
            return rows
        from openpyxl.utils.cell import range_boundaries

        by_index = dict(rows)
        for cell_range in merged.mergeCell:
            min_col, min_row, max_col, max_row = (int(n or 0) for n in range_boundaries(cell_range.ref))
            if max_col != min_col:
                self.problem(
                    title,
                    min_row,
                    min_col,
                    f"cells {cell_range.ref} are merged across columns; each field needs its own cell",
                    expected="unmerged cells (or cells merged down one column)",
                )
                continue
            top = by_index.get(min_row, {}).get(min_col)
            if top is None:
                continue
            for r in range(min_row + 1, max_row + 1):
                by_index.setdefault(r, {})[min_col] = top
        return sorted(by_index.items())

    # --- columns ----------------------------------------------------------------------------------------

    def _columns(self, sheet: Sheet, title: str, rows: list[tuple[int, _Row]]) -> tuple[dict[int, Column], int]:
        """Column number -> layout column, and the first data row."""
        head = dict(rows).get(TITLE_ROW, {})
        keys = dict(rows).get(KEY_ROW, {})
        known = {c.key: c for c in sheet.columns}
        has_keys = any(str(cell.value).strip() in known for cell in keys.values())
        first = KEY_ROW + 1 if has_keys else KEY_ROW
        by_title = {t.casefold(): c for c in sheet.columns for t in (*c.titles.values(), c.key)}
        used: set[int] = {n for _, row in rows for n in row if _ >= first}
        out: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for number in sorted(set(head) | (set(keys) if has_keys else set()) | used):
            key_cell = keys.get(number) if has_keys else None
            title_cell = head.get(number)
            column = None
            if key_cell is not None:
                column = known.get(str(key_cell.value).strip())
            if column is None and title_cell is not None:
                column = by_title.get(str(title_cell.value).strip().casefold())
            header = key_cell or title_cell
            shown = str(header.value).strip() if header is not None else ""
            if column is None:
                if not shown and number not in used:
                    continue
                options = [c.title("en") for c in sheet.columns] + [c.title("zh") for c in sheet.columns]
                options += list(known)
                hint = difflib.get_close_matches(shown, options, n=1, cutoff=0.5)
                self.problem(
                    title,
                    KEY_ROW if key_cell is not None else TITLE_ROW,
                    number,
                    (f"unknown column '{shown}'" if shown else "a column holds data but has no header")
                    + (f"; did you mean '{hint[0]}'?" if hint else ""),
                    expected="one of: " + ", ".join(known),
                )
                continue
            if column.key in seen:
                first_at = seen[column.key]
                self.problem(title, TITLE_ROW, number, f"second column for '{column.key}' (the first is {first_at})")
                continue
            seen[column.key] = number
            out[number] = column
            written = str(title_cell.value).strip() if title_cell is not None else column.key
            self.located.labels[(title, number)] = _label(written, column.key)
        return out, first

    # --- sections and children --------------------------------------------------------------------------

    def _section(self, sheet: Sheet, title: str, rows: _Rows, data: dict[str, Any], ids: _Ids) -> None:
        columns, first = self._columns(sheet, title, rows)
        body = [(n, row) for n, row in rows if n >= first]
        if not body:
            return  # an empty sheet: the section is not supplied
        if _none_row(body[0][1], columns, None):
            data[sheet.section] = None if sheet.section == "audit" else []
            for n, _ in body[1:]:
                self.problem(title, n, 0, f"row {body[0][0]} states there are none, yet this row holds data")
            if sheet.section == "audit":
                data.pop("audit")
            return
        items: list[dict[str, Any]] = []
        for number, row in body:
            index = len(items)
            path: Path_ = ("audit",) if sheet.section == "audit" else (sheet.section, index)
            items.append(self._values(sheet, title, number, row, columns, path))
            ident = items[-1].get("id")
            if isinstance(ident, str):
                ids.setdefault(sheet.section, {}).setdefault(ident, index)
        if sheet.section == "audit":
            if len(items) > 1:
                self.problem(title, body[1][0], 0, "the audit sheet has one row (the audit being assessed)")
            data["audit"] = items[0]
        else:
            data[sheet.section] = items

    def _children(self, sheet: Sheet, title: str, rows: _Rows, data: dict[str, Any], ids: _Ids) -> None:
        assert sheet.field is not None
        columns, first = self._columns(sheet, title, rows)
        body = [(n, row) for n, row in rows if n >= first]
        if not body:
            return
        parent_column = next((n for n, c in columns.items() if c.key == PARENT), None)
        for number, row in body:
            owner_path: Path_
            if sheet.linked:
                index = self._parent(sheet, title, number, row, parent_column, ids)
                if index is None:
                    continue
                parent, owner_path = data[sheet.section][index], (sheet.section, index)
            else:
                parent, owner_path = data.get("audit"), ("audit",)
                if not isinstance(parent, dict):
                    self.problem(title, number, 0, "these rows belong to the audit, but the audit sheet is empty")
                    return
            children = parent.setdefault(sheet.field, [])
            if _none_row(row, columns, parent_column):
                if children:
                    self.problem(title, number, 0, "states there are none, yet other rows belong to the same item")
                continue
            path: Path_ = (*owner_path, sheet.field, len(children))
            children.append(self._values(sheet, title, number, row, columns, path, skip=PARENT))

    def _parent(
        self,
        sheet: Sheet,
        title: str,
        number: int,
        row: _Row,
        parent_column: int | None,
        ids: _Ids,
    ) -> int | None:
        """The index of the item the row's parent id names (None, with a problem, when it names none)."""
        parents = ids.get(sheet.section, {})
        cell = row.get(parent_column) if parent_column is not None else None
        where = parent_column or 1
        if cell is None:
            self.problem(title, number, where, "the row names no parent", field=PARENT, expected="the id of an item")
            return None
        ident = _text(cell.value)
        if ident not in parents:
            hint = difflib.get_close_matches(ident, list(parents), n=1)
            parent_sheet = self.shape.sheets[self.shape.index(sheet.section)]
            self.problem(
                title,
                number,
                where,
                f"no item with id '{ident}' on sheet {parent_sheet.name('zh')} / {parent_sheet.name('en')}"
                + (f"; did you mean '{hint[0]}'?" if hint else ""),
                field=PARENT,
                expected="one of: " + ", ".join(list(parents)[:20]) if parents else "an item with an id",
            )
            return None
        return parents[ident]

    # --- values -----------------------------------------------------------------------------------------

    def _values(
        self,
        sheet: Sheet,
        title: str,
        number: int,
        row: _Row,
        columns: dict[int, Column],
        path: Path_,
        skip: str = "",
    ) -> dict[str, Any]:
        self.located.cells[path] = (title, number, 0)
        values: dict[str, Any] = {}
        for col, column in columns.items():
            if column.key == skip:
                continue
            parts = column.key.split(".")
            cell_path: Path_ = (*path, *parts)
            self.located.cells[cell_path] = (title, number, col)
            for k in range(1, len(parts)):
                self.located.cells.setdefault((*path, *parts[:k]), (title, number, col))
            cell = row.get(col)
            if cell is None:
                continue
            try:
                value = convert(column, cell)
            except ValueError as exc:
                self.problem(title, number, col, str(exc), field=self.located.labels[(title, col)])
                continue
            target = values
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = value
        return values


def _label(head: str, key: str) -> str:
    """How a problem names a column: its header as written, and the key when the header differs."""
    return head if head == key else f"{head} ({key})"


def _none_row(row: _Row, columns: dict[int, Column], parent_column: int | None) -> bool:
    """A row whose only content (beside the parent id) is one "none" word: "there are none"."""
    rest = [cell for number, cell in row.items() if number != parent_column]
    return len(rest) == 1 and is_none_word(rest[0].value)


def convert(column: Column, cell: _Cell) -> Any:
    """The value of one non-empty cell for one column (see the module docstring). Raises ValueError."""
    value = cell.value
    if cell.formula and value is None:
        raise ValueError(
            "the formula has no calculated value saved; open the workbook in Excel, WPS or LibreOffice and save it"
        )
    if cell.kind == "e":
        raise ValueError(f"the cell shows the error {value}")
    if is_none_word(value):
        return [] if column.kind in ("list", "clause_list") else None
    kind = column.kind
    if kind == "date":
        return _date(value)
    if kind == "bool":
        word = _text(value).casefold()
        if isinstance(value, bool):
            return value
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return _text(value)  # validation says it must be yes or no
    if kind in ("int", "number"):
        if isinstance(value, str):
            return value.strip().replace(",", "")  # numbers stored as text; validation checks the rest
        return value
    if kind in ("list", "clause_list"):
        if isinstance(value, str):
            return [column.choice(part) for part in value.splitlines() if part.strip()]
        return [_text(value)]
    return column.choice(_text(value)) if column.choices else _text(value)


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise ValueError(f"a date has no time of day (found {value.isoformat(sep=' ')})")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_TEXT.match(value.strip())
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return value.strip()  # validation explains what is wrong with it
        return value.strip()
    return value  # a number: validation says a number is not a date


def _text(value: Any) -> str:
    """A cell's value as text: whole numbers without '.0', dates as YYYY-MM-DD, yes/no as TRUE/FALSE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0, 0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
