"""How a dossier is laid out as a workbook: sheets, columns and what each column holds, from the models.

Pure (no openpyxl): the writer and the reader both follow this one layout, so a workbook written by
clausewise reads back as the same dossier. Everything is derived from the evidence models at run time, so a
new section or field gets its sheet or column without editing this module:

* the ``audit`` context and every list section get a sheet, one row per item (the audit sheet has one);
* a nested single model (the audit's ``certificate``) becomes dotted columns (``certificate.number``);
* a list of nested models (an objective's ``results``) becomes a child sheet, one row per child, linked to
  its parent by a ``parent`` column holding the parent's ``id`` (audit children need no link);
* every sheet has the field titles in row 1 and the field keys in row 2 (hidden), data from row 3.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from clausewise.evidence.model import SECTIONS, Audit, Item
from clausewise.evidence.titles_zh import choice_label, field_title
from clausewise.i18n import SECTION_TITLES
from clausewise.lang import LANGS, Lang
from clausewise.modelwalk import choices as _choices
from clausewise.modelwalk import field_annotation, field_description, is_clause_key, unwrap

Kind = Literal["text", "clause", "date", "int", "number", "bool", "choice", "list", "clause_list"]

TITLE_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3
#: Spreadsheet programs refuse longer sheet names and these characters in them.
MAX_SHEET_NAME = 31
_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})

#: The key of the column linking a child row to its parent item.
PARENT = "parent"

INSTRUCTIONS = {"en": "Instructions", "zh": "填写说明"}


@dataclass(frozen=True)
class Column:
    """One column: the field key (dotted for nested models), its titles, what it holds."""

    key: str
    kind: Kind
    titles: dict[Lang, str]
    descriptions: dict[Lang, str]
    required: bool = False
    choices: tuple[str, ...] = ()
    labels: dict[Lang, tuple[str, ...]] = field(default_factory=dict)  # lang -> how each choice is shown

    def title(self, lang: Lang) -> str:
        return self.titles[lang]

    def shown(self, value: str, lang: Lang) -> str:
        """An allowed value as the dropdown shows it in ``lang``."""
        return dict(zip(self.choices, self.labels.get(lang, self.choices), strict=True)).get(value, value)

    @functools.cached_property
    def _by_label(self) -> dict[str, str]:
        out = {
            label.casefold(): value
            for shown in self.labels.values()
            for value, label in zip(self.choices, shown, strict=True)
        }
        out.update({value.casefold(): value for value in self.choices})
        return out

    def choice(self, text: str) -> str:
        """The allowed value a label (either language) or value stands for; the text itself when none."""
        return self._by_label.get(text.strip().casefold(), text.strip())


@dataclass(frozen=True)
class Sheet:
    """One sheet: a section (``field`` None) or a child list of a section's items (``field`` set)."""

    section: str
    field: str | None
    model: type[BaseModel]
    names: dict[Lang, str]
    columns: tuple[Column, ...]
    children: tuple[str, ...] = ()  # list fields of this sheet's model that have child sheets

    @property
    def linked(self) -> bool:
        """Child rows of list sections name their parent's id; the audit's children need not."""
        return self.field is not None and self.section != "audit"

    def name(self, lang: Lang) -> str:
        return self.names[lang]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def accepted_names(self) -> set[str]:
        """Names the reader recognises for this sheet: either language, or the section key."""
        key = self.section if self.field is None else f"{self.section}.{self.field}"
        return {n.casefold() for n in (*self.names.values(), key)}


@dataclass
class Layout:
    """The sheets of one workbook, in order (sections, each followed by its child sheets)."""

    sheets: list[Sheet] = field(default_factory=list)

    def index(self, section: str, list_field: str | None = None) -> int:
        return next(i for i, s in enumerate(self.sheets) if s.section == section and s.field == list_field)

    def find(self, name: str) -> Sheet | None:
        wanted = name.strip().casefold()
        return next((s for s in self.sheets if wanted in s.accepted_names()), None)


def model_of(section: str) -> type[BaseModel]:
    return Audit if section == "audit" else SECTIONS[section]


def layout(sections: typing.Iterable[str]) -> Layout:
    """The sheets for these sections (``audit`` and list section names), in the order given."""
    out = Layout()
    for section in sections:
        model = model_of(section)
        names = {lang: sheet_name(SECTION_TITLES.get(section, {}).get(lang, ""), section) for lang in LANGS}
        columns, children = _columns(model)
        # the id first, then the item's own fields, then what every item has (source, note, ...)
        id_first = sorted(columns, key=lambda c: (c.key != "id", c.key in Item.model_fields))
        out.sheets.append(Sheet(section, None, model, names, tuple(id_first), tuple(children)))
        for list_field, child in children.items():
            child_columns, grandchildren = _columns(child)
            if grandchildren:  # pragma: no cover - guards future models: a child sheet's children need ids
                raise NotImplementedError(f"{child.__name__} nests lists of models: {sorted(grandchildren)}")
            if section != "audit":
                child_columns.insert(0, _parent_column())
            child_names = {
                lang: sheet_name(f"{names[lang]} - {field_title(model, list_field, lang)}", f"{section} {list_field}")
                for lang in LANGS
            }
            out.sheets.append(Sheet(section, list_field, child, child_names, tuple(child_columns)))
    return out


def sheet_name(title: str, key: str) -> str:
    """A capitalised title that a spreadsheet accepts as a sheet name; the key's words when it is too long."""
    for text in (title, key.replace("_", " ")):
        name = text.translate(_FORBIDDEN).strip()
        if name and len(name) <= MAX_SHEET_NAME:
            return name[0].upper() + name[1:]
    return key[:MAX_SHEET_NAME]


def _parent_column() -> Column:
    return Column(
        PARENT,
        "text",
        {"en": "Parent id", "zh": "所属项标识"},
        {
            "en": "The id of the item (on the sheet to the left) this row belongs to; pick it from the list.",
            "zh": "本行所属项（左侧工作表中）的标识；请从下拉列表中选择。",
        },
        required=True,
    )


def _columns(
    model: type[BaseModel], prefix: str = "", heads: dict[Lang, str] | None = None
) -> tuple[list[Column], dict[str, type[BaseModel]]]:
    """The model's columns (nested single models flattened) and its lists of models (child sheets)."""
    columns: list[Column] = []
    children: dict[str, type[BaseModel]] = {}
    for name, info in model.model_fields.items():
        annotation, _optional = unwrap(field_annotation(info))
        nested = _model_in(annotation)
        if nested is not None and typing.get_origin(annotation) is list:
            children[name] = nested
            continue
        if nested is not None:
            outer = {lang: f"{field_title(model, name, lang)} · " for lang in LANGS}
            inner, _ = _columns(nested, prefix + name + ".", outer)
            columns.extend(inner)
            continue
        kind, choices = classify(annotation)
        titles = {lang: (heads or {}).get(lang, "") + field_title(model, name, lang) for lang in LANGS}
        descriptions = {lang: field_description(model, name, lang) or "" for lang in LANGS}
        labels = {lang: tuple(choice_label(model, name, c, lang) for c in choices) for lang in LANGS}
        columns.append(Column(prefix + name, kind, titles, descriptions, info.is_required(), choices, labels))
    return columns, children


def _model_in(annotation: Any) -> type[BaseModel] | None:
    target = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
    target, _ = unwrap(target)
    return target if isinstance(target, type) and issubclass(target, BaseModel) else None


def classify(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    """What a column of this type holds, and the allowed values of a choice."""
    annotation, _ = unwrap(annotation)
    if is_clause_key(annotation):
        return "clause", ()
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        inner, _ = unwrap(args[0])
        return ("clause_list" if is_clause_key(inner) else "list"), _choices(inner)
    choices = _choices(annotation)
    if choices:
        return "choice", choices
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "number", ()
    if annotation is dt.date:
        return "date", ()
    return "text", ()
