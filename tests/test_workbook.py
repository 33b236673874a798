"""The workbook questionnaire: template, reading (cells, errors), provenance, convert both ways, examples.

Hostile workbooks (zip bombs, macros, ...) are in tests/test_bad_input.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, create_model

from clausewise.dossiers import load_dossier
from clausewise.dossiers.convert import dossier_yaml
from clausewise.engine.assess import assess
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.base import Item
from clausewise.evidence.facts import dossier_facts
from clausewise.evidence.model import SECTIONS, Audit, AuditPlanEntry, Certificate, Dossier, Exclusion
from clausewise.evidence.sections import declared_sections
from clausewise.evidence.titles_zh import choice_label, field_title, missing_titles
from clausewise.reports import render
from clausewise.rules.loader import load_pack
from clausewise.workbook.build import dossier_workbook, template_workbook
from clausewise.workbook.cells import NONE_WORDS
from clausewise.workbook.layout import PARENT, layout
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
MANUFACTURER = ROOT / "examples" / "manufacturer"
EXAMPLE_BOOK = ROOT / "examples" / "workbook" / "manufacturer.xlsx"
PACK = load_pack("iso9001")


def facts(dossier: Dossier) -> list[tuple[Any, ...]]:
    """What the engine sees, without where it came from."""
    return [(f.kind, f.key, f.values, f.source, f.stated) for f in dossier_facts(dossier)]


def problems(path: Path) -> list[Problem]:
    with pytest.raises(InputErrors) as info:
        load_dossier(path)
    return info.value.problems


def template(tmp_path: Path, lang: str = "en", clauses: tuple[str, ...] = ()) -> Path:
    path = tmp_path / f"template-{lang}.xlsx"
    path.write_bytes(template_workbook(PACK, clauses, lang))
    return path


def put(path: Path, sheet: str, rows: list[dict[str, Any]], start: int = 3) -> None:
    """Fill rows of a sheet by field key (as a user would, typing under the headers); save."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    columns = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws.cell(start + offset, columns[key], value)
    book.save(path)


# --- the template -------------------------------------------------------------------------------------------


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    """The models inside a field's type, however deep (``list[Person] | None``, ``Certificate | None``)."""
    own = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    return own + [m for arg in typing.get_args(annotation) for m in _inner_models(arg)]


def dossier_models() -> list[type[BaseModel]]:
    """Every model reachable from :class:`Dossier`: the audit header written in Python, the declared sections and
    their children."""
    found: list[type[BaseModel]] = []
    todo: list[type[BaseModel]] = [Dossier]
    while todo:
        for info in todo.pop().model_fields.values():
            fresh = [m for m in dict.fromkeys(_inner_models(info.annotation)) if m not in found]
            found += fresh
            todo += fresh
    return found


def _untitled_fields_of_the_dossier() -> list[str]:
    models = dossier_models()
    assert {Audit, Certificate, Exclusion, AuditPlanEntry, *SECTIONS.values()} <= set(models)
    return missing_titles(models) + [
        f"{model.__name__}.{name}: {field_title(model, name, 'zh')}"
        for model in models
        for name in model.model_fields
        if not CJK.search(field_title(model, name, "zh"))
    ]


def test_every_field_of_the_dossier_has_a_chinese_title_on_its_class() -> None:
    """The built-in dossier, and with a pack's own sections in force (examples/iso14001)."""
    assert _untitled_fields_of_the_dossier() == [], "give the field a title: its declaration, or titles_zh.TITLES"
    own = load_pack(ROOT / "examples" / "iso14001").manifest.sections
    with declared_sections(own):
        assert own and set(own) <= set(SECTIONS)
        assert _untitled_fields_of_the_dossier() == []


def test_missing_titles_names_a_field_its_class_has_no_words_for() -> None:
    untitled = create_model("Untitled", __base__=Item, shelf=(str, ...))
    assert missing_titles([untitled]) == ["Untitled.shelf"]


@contextlib.contextmanager
def renamed(model: type[BaseModel], name: str) -> Iterator[None]:
    """``model`` under another class name while the block runs (a class's ``__name__`` is not in its
    ``__dict__``, so monkeypatch could not put it back)."""
    before = model.__name__
    model.__name__ = name
    try:
        yield
    finally:
        model.__name__ = before


def test_a_renamed_class_keeps_its_words() -> None:
    """The words are on the class, not in a table keyed by its name: a new name, or a subclass, keeps them."""

    class Sub(Certificate):
        pass

    with renamed(Audit, "AuditContext"), renamed(Certificate, "Certification"), renamed(Item, "Evidence"):
        for model in (Certificate, Sub):
            assert field_title(model, "status", "zh") == "认证状态"
            assert field_title(model, "status_since", "en") == "Status since"
            assert choice_label(model, "status", "suspended", "zh") == "暂停"
        assert field_title(Audit, "type", "zh") == "审核类型"
        assert choice_label(Audit, "type", "surveillance", "zh") == "监督审核"
        assert field_title(SECTIONS["people"], "source", "zh") == "证据来源"  # a base field: on Item
        assert missing_titles([Audit, Certificate, Sub, SECTIONS["people"]]) == []
    assert Audit.__name__ == "Audit"


def test_choices_have_distinct_chinese_labels_that_read_back() -> None:
    for sheet in layout(["audit", *SECTIONS]).sheets:
        for column in sheet.columns:
            for lang in ("en", "zh"):
                labels = column.labels.get(lang, ())
                assert len(set(labels)) == len(column.choices), (sheet.names["en"], column.key, labels)
                assert all(column.choice(column.shown(v, lang)) == v for v in column.choices)
            if column.choices and column.key != "comparison":
                assert all(CJK.search(label) for label in column.labels["zh"]), (column.key, column.labels["zh"])


def test_layout_follows_the_models_generically() -> None:
    """Every field of every model is a column or a child sheet, so a new field appears without code changes."""
    shape = layout(["audit", *SECTIONS])
    for sheet in shape.sheets:
        keys = {c.key.split(".")[0] for c in sheet.columns} | set(sheet.children)
        assert set(sheet.model.model_fields) <= keys, sheet.names["en"]
        assert sheet.linked == (sheet.field is not None and sheet.section != "audit")
        if sheet.linked:
            assert sheet.columns[0].key == PARENT
        elif sheet.field is None and sheet.section != "audit":
            assert sheet.columns[0].key == "id"
        assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in sheet.names.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_sheets_headers_comments_dropdowns_formats(tmp_path: Path, lang: str) -> None:
    book = openpyxl.load_workbook(template(tmp_path, lang, ("9.2", "9.3")))
    names = book.sheetnames
    assert names[0] == ("Instructions" if lang == "en" else "填写说明")
    expected = {
        "en": ["Audit context", "Internal audits", "Management reviews"],
        "zh": ["审核基本信息", "内部审核", "管理评审"],
    }
    assert all(n in names for n in expected[lang])
    child = "Internal audits - Assignments" if lang == "en" else "内部审核 - 审核分工"
    assert child in names
    assert "Documents" not in names and "文件" not in names  # 9.2/9.3 rules do not read documents
    ws = book[expected[lang][2]]
    keys = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    assert keys[0] == "id" and "date" in keys and "inputs" in keys
    assert ws.row_dimensions[2].hidden and ws.freeze_panes == "A3"
    date_col = keys.index("date") + 1
    title = ws.cell(1, date_col)
    assert title.value == ("Date" if lang == "en" else "日期")
    assert title.comment is not None and "[date]" in title.comment.text
    assert ("required" if lang == "en" else "必填") in title.comment.text
    letter = openpyxl.utils.get_column_letter(date_col)
    assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions[letter].width >= 12
    # dropdowns: the parent ids of the child sheet, yes/no of the audit sheet's booleans, choices
    rules = {str(dv.sqref).split(":")[0][:1]: dv for dv in book[child].data_validations.dataValidation}
    parent = rules["A"]
    assert parent.type == "list" and "$A$3" in str(parent.formula1) and expected[lang][1] in str(parent.formula1)
    audit = book[expected[lang][0]]
    formulas = [str(dv.formula1) for dv in audit.data_validations.dataValidation]
    assert any(("surveillance" if lang == "en" else "监督审核") in f for f in formulas)  # the audit type choice
    people = openpyxl.load_workbook(template(tmp_path, lang, ("7.3",)))
    sheet = people["People" if lang == "en" else "人员"]
    yes_no = [str(dv.formula1) for dv in sheet.data_validations.dataValidation]
    assert any(("yes,no" if lang == "en" else "是,否") in f for f in yes_no)


def test_template_validates_and_cli_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    result = run("evidence", "template", "--format", "xlsx", "--lang", "zh", "--clause", "9.3", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert run("validate", out).exit_code == 0
    assert run("evidence", "template", "-f", "xlsx", "-c", "99.9", "-o", out).exit_code == 2


# --- the whole loop: template -> fill in -> assess -> fill the gaps -> assess --------------------------------


def test_self_assessment_loop_without_yaml(tmp_path: Path) -> None:
    book = template(tmp_path, "zh", ("9.3",))
    put(book, "审核基本信息", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "管理评审", [{"id": "mr-2019", "date": dt.datetime(2019, 12, 1), "chaired_by": "Li Ming"}])
    first = assess(load_dossier(book), PACK)
    finding = next(f for f in first.findings if f.rule == "mr-none-within-interval")
    assert finding.judgment == "O"  # no interval of the organization's own: the certification-practice fallback
    assert [e.where() for e in finding.evidence] == [f"{book}:审核基本信息!3"]
    put(book, "管理评审", [{"id": "mr-2020", "date": "2020-12-15", "chaired_by": "Li Ming"}], start=4)
    second = assess(load_dossier(book), PACK)
    assert not any(f.rule == "mr-none-within-interval" for f in second.findings)


# --- reading cells -------------------------------------------------------------------------------------------


def test_cells_are_read_deliberately(tmp_path: Path) -> None:
    book = template(tmp_path, "en", ("7.1.5", "7.3", "6.2"))
    put(book, "Audit context", [{"organization": "  Acme  ", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(
        book,
        "People",
        [
            {"id": "p1", "name": "Li", "top_management": "是", "internal_auditor": "TRUE", "policy_aware": "no"},
            {},  # an empty row is skipped
            {"id": 7, "name": "Wang", "top_management": True, "internal_auditor": "否", "roles": "检查人\n维护人 "},
        ],
    )
    put(book, "Quality objectives", [{"id": "o1", "name": "On time", "target_value": "95", "unit": "%"}])
    put(book, "Quality objectives - Results", [{PARENT: "o1", "period": 2024, "value": 96.5, "achieved": "yes"}])
    dossier = load_dossier(book)
    assert dossier.audit is not None and dossier.audit.organization == "Acme"
    assert dossier.audit.date == dt.date(2021, 3, 1)
    people = dossier.people or []
    assert [p.id for p in people] == ["p1", "7"]  # a number in a text column is its text, not 7.0
    assert people[0].top_management and people[0].internal_auditor and people[0].policy_aware is False
    assert people[1].top_management and not people[1].internal_auditor and people[1].roles == ["检查人", "维护人"]
    assert people[1]._origin == Location(str(book), 5, 0, "People")  # row 4 was empty
    objective = (dossier.objectives or [])[0]
    assert objective.target_value == 95.0  # a number stored as text
    assert objective.results[0].period == "2024" and objective.results[0].achieved


def test_none_words_state_null_and_empty_sections(tmp_path: Path) -> None:
    book = template(tmp_path, "zh", ("9.3", "7.3"))
    put(book, "审核基本信息", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "管理评审", [{"id": "（无）"}])
    put(book, "人员", [{"id": "p1", "name": "Li", "policy_aware": "（无）", "roles": "(none)"}])
    dossier = load_dossier(book)
    assert dossier.management_reviews == []  # supplied: there are none
    person = (dossier.people or [])[0]
    assert person.policy_aware is None and "policy_aware" in person.model_fields_set
    assert person.roles == [] and "roles" in person.model_fields_set
    assert dossier.internal_audits is None  # an untouched sheet is "not supplied"


def test_merged_cells_fill_down_and_merges_across_columns_are_errors(tmp_path: Path) -> None:
    book = template(tmp_path, "en", ("7.3",))
    put(book, "Audit context", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "People", [{"id": "p1", "name": "Li", "department": "QA"}, {"id": "p2", "name": "Wang"}])
    wb = openpyxl.load_workbook(book)
    ws = wb["People"]
    keys = [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]
    dept = openpyxl.utils.get_column_letter(keys.index("department") + 1)
    ws.merge_cells(f"{dept}3:{dept}4")
    wb.save(book)
    people = load_dossier(book).people or []
    assert [p.department for p in people] == ["QA", "QA"]
    ws.merge_cells("B5:C5")
    ws["B5"] = "Zhao"
    wb.save(book)
    (p,) = problems(book)
    assert str(p.location).endswith("People!B5") and "merged across columns" in p.message


def test_formulas_without_a_saved_value_are_errors(tmp_path: Path) -> None:
    book = template(tmp_path, "en", ("9.3",))
    put(book, "Audit context", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "Management reviews", [{"id": "mr", "date": "=DATE(2020,12,1)"}])
    (p,) = problems(book)
    assert str(p.location) == f"{book}:Management reviews!B3"
    assert "formula has no calculated value saved" in p.message


def test_errors_are_located_in_cells_all_at_once(tmp_path: Path) -> None:
    book = template(tmp_path, "en", ("9.3", "6.2"))
    put(book, "Audit context", [{"organization": "Acme", "date": "2021-02-30", "type": "surveilance"}])
    put(book, "Management reviews", [{"id": "mr", "date": 45000}, {"id": "mr2", "chaired_by": "Li"}])
    put(book, "Quality objectives", [{"id": "o1", "name": "x", "target_value": "lots"}])
    put(book, "Quality objectives - Results", [{PARENT: "o2", "period": "2024"}])
    wb = openpyxl.load_workbook(book)
    wb["Management reviews"].cell(1, 30, "Chaired")
    wb["Management reviews"].cell(2, 30, "chaired")
    wb["Management reviews"].cell(3, 30, "x")
    wb.create_sheet("Managment reviews")
    wb.save(book)
    found = [str(p) for p in problems(book)]
    name = str(book)
    expected = [
        f"{name}:Audit context!B3: Date (date): not a valid date: February 2021 has no day 30",
        f"{name}:Audit context!D3: Type (type): unknown value 'surveilance'; did you mean 'surveillance'?",
        f"{name}:Management reviews!AD2: unknown column 'chaired'; did you mean 'chaired_by'?",
        f"{name}:Management reviews!B3: Date (date): a number is not a date",
        f"{name}:Management reviews!B4: Date (date): required field is missing",
        f"{name}:Managment reviews: unknown sheet 'Managment reviews'; did you mean 'Management reviews'?",
        f"{name}:Quality objectives - Results!A3: Parent id (parent): no item with id 'o2'",
        f"{name}:Quality objectives!G3: Target value (target_value): must be a number",
    ]
    for text in expected:
        assert any(line.startswith(text) for line in found), (text, found)
    assert len(found) == len(expected)
    result = run("validate", book)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("error: ") == len(expected)


def test_renamed_headers_still_load_and_unknown_headers_without_keys_are_errors(tmp_path: Path) -> None:
    book = template(tmp_path, "en", ("9.3",))
    put(book, "Audit context", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "Management reviews", [{"id": "mr", "date": dt.datetime(2020, 12, 1)}])
    wb = openpyxl.load_workbook(book)
    wb["Management reviews"]["B1"] = "Meeting held on"
    wb.save(book)
    assert (load_dossier(book).management_reviews or [])[0].date == dt.date(2020, 12, 1)
    wb["Management reviews"].delete_rows(2)  # no key row: the titles are matched instead
    wb["Management reviews"]["B1"] = "Dat"
    wb.save(book)
    first, then = problems(book)
    assert str(first).startswith(f"{book}:Management reviews!B1: unknown column 'Dat'; did you mean 'Date'?")
    assert str(then).startswith(f"{book}:Management reviews!2: management_reviews[0].date: required field is missing")


# --- provenance in every report format ---------------------------------------------------------------------


def test_every_report_format_cites_sheet_and_row(tmp_path: Path) -> None:
    book = tmp_path / "m.xlsx"
    book.write_bytes(EXAMPLE_BOOK.read_bytes())
    result = assess(load_dossier(book), PACK, files=[str(book)])
    finding = next(f for f in result.findings if f.judgment == "N" and f.evidence[0].kind != "audit")
    where = finding.evidence[0].where()
    assert where.startswith(f"{book}:") and "!" in where and where.rsplit("!", 1)[1].isdigit()
    for fmt in ("table", "markdown", "html", "junit"):
        text = render([result], fmt, "zh", single=True)
        assert isinstance(text, str)
        assert where in text, fmt
    data = json.loads(str(render([result], "json", "en", single=True)))
    ref = next(f for f in data["findings"] if f["id"] == finding.id)["evidence"][0]
    assert ref["sheet"] and ref["line"] and ref["column"] is None
    docx = render([result], "docx", "zh", single=True)
    assert isinstance(docx, bytes)
    from docx import Document

    document = Document(io.BytesIO(docx))
    cells = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert where in cells


# --- convert both ways --------------------------------------------------------------------------------------


def test_convert_both_ways_keeps_the_facts(tmp_path: Path) -> None:
    original = facts(load_dossier(MANUFACTURER))
    book, back = tmp_path / "m.xlsx", tmp_path / "m.yaml"
    assert run("evidence", "convert", MANUFACTURER, "-o", book, "--lang", "zh").exit_code == 0
    assert run("evidence", "convert", book, "-o", back).exit_code == 0
    assert facts(load_dossier(book)) == original
    assert facts(load_dossier(back)) == original
    whole = load_dossier(MANUFACTURER).model_dump()  # and what no rule reads, which facts leave out
    assert load_dossier(book).model_dump() == load_dossier(back).model_dump() == whole
    bad = run("evidence", "convert", MANUFACTURER, "-o", tmp_path / "m.txt")
    assert bad.exit_code == 2 and "cannot tell the output format" in bad.stderr


def test_a_folder_mixes_yaml_json_and_workbooks(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "audit.yaml").write_text("audit: {organization: Acme, date: 2021-03-01, type: surveillance}\n")
    (folder / "people.json").write_text('{"people": [{"id": "p1", "name": "Li"}]}')
    book = template(tmp_path, "en", ("9.3",))
    put(book, "Management reviews", [{"id": "mr", "date": dt.datetime(2020, 12, 1)}])
    shutil.copy(book, folder / "reviews.xlsx")
    (folder / "~$reviews.xlsx").write_bytes(b"\x05lock")  # Excel's lock file while reviews.xlsx is open: skipped
    dossier = load_dossier(folder)
    assert dossier.audit and dossier.people and dossier.management_reviews
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # not skipped unseen: refused with the reason
    (p,) = problems(folder)
    assert str(p).startswith(f"{folder / 'old.xls'}: old binary (Excel 97-2003) workbooks are not read")
    assert str((dossier.management_reviews or [])[0]._origin).endswith("reviews.xlsx:Management reviews!3")


_TEXT = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"], include_characters="-/.，。"), min_size=1)
_WORD = _TEXT.map(str.strip).filter(lambda s: s and s not in NONE_WORDS and s.casefold() not in NONE_WORDS)
_DATE = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@st.composite
def dossiers(draw: st.DrawFn) -> dict[str, Any]:
    """Dossier data over several kinds of field: text, dates, numbers, yes/no/null, lists, choices, children."""
    data: dict[str, Any] = {
        "audit": {"organization": draw(_WORD), "date": draw(_DATE), "type": "surveillance"},
        "people": [
            {
                "id": f"p{i}",
                "name": draw(_WORD),
                "top_management": draw(st.booleans()),
                "policy_aware": draw(st.sampled_from([True, False, None])),
                "roles": draw(st.lists(_WORD, max_size=3)),
                "note": draw(st.one_of(st.none(), _TEXT.map(lambda s: s + "\n" + s))),
            }
            for i in range(draw(st.integers(0, 3)))
        ],
        "objectives": [
            {
                "id": f"o{i}",
                "name": draw(_WORD),
                # a spreadsheet keeps 15 significant digits (Excel's precision; docs/self-assessment.md)
                "target_value": draw(st.floats(-1e9, 1e9).map(lambda x: float(f"{x:.15g}"))),
                "comparison": draw(st.sampled_from([">=", "<=", None])),
                "results": [
                    {"period": draw(_WORD), "value": draw(st.integers(0, 100)), "achieved": draw(st.booleans())}
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "management_reviews": draw(st.sampled_from([[], [{"id": "mr", "date": dt.date(2020, 1, 2)}]])),
    }
    for person in data["people"]:
        person.update({k: v for k, v in [("note", person.pop("note"))] if v is not None})
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=dossiers())
def test_yaml_to_workbook_to_yaml_gives_identical_facts(tmp_path: Path, data: dict[str, Any]) -> None:
    import yaml

    source = tmp_path / "d.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True))
    original = load_dossier(source)
    book = tmp_path / "d.xlsx"
    book.write_bytes(dossier_workbook(original, "zh"))
    via_book = load_dossier(book)
    back = tmp_path / "back.yaml"
    back.write_text(dossier_yaml(via_book))
    assert facts(via_book) == facts(original)
    assert facts(load_dossier(back)) == facts(original)
    # and what no rule reads, which facts leave out (a note's lines)
    assert via_book.model_dump() == load_dossier(back).model_dump() == original.model_dump()


# --- the checked-in example workbook -----------------------------------------------------------------------


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in book.worksheets}


def test_example_workbook_is_in_sync_with_the_yaml_example(tmp_path: Path) -> None:
    """Regenerate with: clausewise evidence convert examples/manufacturer -o examples/workbook/manufacturer.xlsx
    --lang zh"""
    assert facts(load_dossier(EXAMPLE_BOOK)) == facts(load_dossier(MANUFACTURER))
    fresh = tmp_path / "fresh.xlsx"
    fresh.write_bytes(dossier_workbook(load_dossier(MANUFACTURER), "zh"))
    assert _cells(EXAMPLE_BOOK) == _cells(fresh)


# --- a workbook saved by LibreOffice ------------------------------------------------------------------------


def _soffice() -> str:
    """LibreOffice's path; skip without it, but fail on CI, where .ci/run installs it."""
    found = shutil.which("soffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("soffice not found; CI is set, so the LibreOffice workbook test must run")
    pytest.skip("soffice not found")


def test_a_workbook_saved_by_libreoffice_loads(tmp_path: Path) -> None:
    soffice = _soffice()
    book = template(tmp_path, "zh", ("9.3",))
    put(book, "审核基本信息", [{"organization": "Acme", "date": dt.datetime(2021, 3, 1), "type": "surveillance"}])
    put(book, "管理评审", [{"id": "mr", "date": "=DATE(2020,12,1)", "chaired_by": "Li", "inputs": "a\nb"}])
    saved = tmp_path / "saved"
    saved.mkdir()
    env = {**os.environ, "HOME": str(tmp_path)}  # a private LibreOffice profile
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(saved), str(book)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    dossier = load_dossier(saved / book.name)
    review = (dossier.management_reviews or [])[0]
    assert review.date == dt.date(2020, 12, 1)  # the formula's value, calculated and saved by LibreOffice
    assert review.inputs == ["a", "b"] and review.chaired_by == "Li"
    assert dossier.audit is not None and dossier.audit.organization == "Acme"


# --- start-up and writing limits ----------------------------------------------------------------------------


def test_openpyxl_is_imported_only_for_workbooks(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, pathlib\n"
        "from clausewise.cli.app import app\n"
        "from clausewise.dossiers import load_dossier\n"
        f"load_dossier(pathlib.Path({str(MANUFACTURER)!r}))\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported at start-up'\n"
        f"load_dossier(pathlib.Path({str(EXAMPLE_BOOK)!r}))\n"
        "assert 'openpyxl' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_text_a_cell_cannot_hold_is_an_error_not_cut(tmp_path: Path) -> None:
    source = tmp_path / "d.yaml"
    source.write_text(
        "audit: {organization: Acme, date: 2021-03-01, type: surveillance}\n"
        f"people: [{{id: p1, name: Li, note: {'x' * 40_000}}}]\n"
    )
    result = run("evidence", "convert", source, "-o", tmp_path / "d.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {source}:2:10: note: text of 40,000 characters does not fit a cell")
    assert not (tmp_path / "d.xlsx").exists()
