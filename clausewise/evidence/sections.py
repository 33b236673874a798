"""Evidence sections declared as data: the built-in section libraries and a pack's ``sections:``.

Every list section of a dossier is declared once, in YAML (docs/rule-format.md#sections): its fact kind, its
fields with types, required flags, defaults and descriptions in en and zh, its title, label and unit in en and
zh, its child lists. The built-in ones are the **section libraries** in ``clausewise/evidence/library/``:
``core`` (the management-system sections ISO 9001, 14001 and 45001 share: people, documents, risks,
internal audits, management reviews, nonconformities, ...) and ``quality`` (ISO 9001's own: design, contracts,
releases, ...). :func:`item_model` builds the pydantic item model of a declaration (``create_model``);
the model carries its own words (titles, Chinese descriptions, choice labels), so nothing else needs an entry
per section. A pack's own sections are put in force beside the built-in ones by :func:`declared_sections`
while the pack is used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, model_validator
from pydantic.fields import FieldInfo

from clausewise.bilingual import Bilingual
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.base import Clause, Item, Model, Text
from clausewise.lang import by_lang
from clausewise.numbers import Integer, Number
from clausewise.validation import pydantic_problems
from clausewise.yamlsource import read_file

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Value = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\s]+$")]
FieldKind = Literal[
    "text", "integer", "number", "date", "boolean", "choice", "text_list", "choice_list", "clause", "clause_list"
]
_LISTS = ("text_list", "choice_list", "clause_list")
#: The built-in section libraries, in the order their sections come in a dossier.
LIBRARIES = ("core", "quality")
LibraryName = Literal["core", "quality"]
LIBRARY_DIR = Path(__file__).resolve().parent / "library"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(Bilingual):
    # a declaration's text (the one bilingual type, frozen like every declaration), with no description
    model_config = ConfigDict(extra="forbid", frozen=True)
    __doc__ = None


class FieldDecl(_Strict):
    """One field of a declared section: its type, whether the dossier must state it, and what it means."""

    type: FieldKind = Field(
        description="text, integer, number, date, boolean, choice (with `values`), text_list, choice_list (with "
        "`values`), clause (a clause key) or clause_list."
    )
    values: dict[Value, Words] | None = Field(
        None, description="A `choice` or `choice_list` field's values, each with en and zh."
    )
    required: bool = Field(False, description="The dossier must state it in every item.")
    default: bool | int | float | str | None = Field(
        None,
        description="The value of a field the item leaves out (boolean, choice, integer, number, text); such a "
        "field cannot be null. Without a default an optional field is null (a list: []).",
    )
    min: float | None = Field(None, description="Smallest allowed value of an integer or number field.")
    max: float | None = Field(None, description="Largest allowed value of an integer or number field.")
    title: Words = Field(description="The field's title in en and zh (questionnaire, workbook, reports).")
    description: Words | None = Field(None, description="What the auditor writes here, in en and zh.")

    @model_validator(mode="after")
    def _consistent(self) -> FieldDecl:
        if (self.type in ("choice", "choice_list")) != bool(self.values):
            raise ValueError("a `choice` or `choice_list` field needs `values`, and only such a field has them")
        if (self.min is not None or self.max is not None) and self.type not in ("integer", "number"):
            raise ValueError("only an integer or number field has `min` and `max`")
        if self.default is not None:
            self._check_default(self.default)
        return self

    def _check_default(self, default: bool | int | float | str) -> None:
        if self.required:
            raise ValueError("a required field has no `default`")
        expected: dict[str, tuple[type, ...]] = {
            "boolean": (bool,),
            "choice": (str,),
            "text": (str,),
            "integer": (int,),
            "number": (int, float),
        }
        types = expected.get(self.type)
        if types is None or not isinstance(default, types) or (isinstance(default, bool) and self.type != "boolean"):
            raise ValueError(f"`default` {default!r} does not fit a {self.type} field")
        if self.type == "choice" and default not in (self.values or {}):
            raise ValueError(f"`default` {default!r} is not one of the field's `values`")


class ChildDecl(_Strict):
    """A list of objects inside an item (an objective's results); each becomes a child fact with `parent`."""

    kind: Name = Field(description="The child facts' kind, as rules name it.")
    after: Name | None = Field(
        None, description="The field of the item this list follows (questionnaire, docs); default: after them all."
    )
    label: Words = Field(description="One child item, as evidence lines name it, in en and zh.")
    title: Words | None = Field(None, description="The list field's title in en and zh (default: the label).")
    description: Words | None = Field(None, description="What the list holds, in en and zh.")
    fields: dict[Name, FieldDecl] = Field(min_length=1)


class SectionDecl(_Strict):
    """One section of a dossier: ``sections: {name: ...}`` in ``pack.yaml`` or a section library."""

    kind: Name = Field(description="The fact kind rules match (singular: `environmental_aspect`).")
    title: Words = Field(description="The section's title in en and zh (reports, questionnaire).")
    label: Words = Field(description="One item, as evidence lines name it, in en and zh.")
    unit_zh: str = Field("项", min_length=1, description="The Chinese measure word counting its items (个, 份, 次).")
    description: Words | None = Field(None, description="What one item is, in en and zh.")
    after: Name | None = Field(
        None,
        description="The section this one follows in a dossier (questionnaire, workbook sheets, reports); the "
        "sections declared after it in the same file follow it. Default: after every section in force.",
    )
    fields: dict[Name, FieldDecl] = Field(min_length=1)
    children: dict[Name, ChildDecl] = Field(default_factory=dict, description="List field -> its child items.")

    @model_validator(mode="after")
    def _no_clash(self) -> SectionDecl:
        inherited = set(Item.model_fields)
        clash = sorted((set(self.fields) | set(self.children)) & inherited)
        if clash:
            raise ValueError(f"field(s) {', '.join(clash)} are given to every item already")
        both = sorted(set(self.fields) & set(self.children))
        if both:
            raise ValueError(f"{', '.join(both)} declared both as a field and as a child list")
        stray = sorted(c.after for c in self.children.values() if c.after is not None and c.after not in self.fields)
        if stray:
            raise ValueError(f"a child list's `after` names no field of the section: {', '.join(stray)}")
        return self


class SectionLibrary(_Strict):
    """A file of ``clausewise/evidence/library/``: sections several packs share."""

    description: Words = Field(description="What the library holds, in en and zh.")
    sections: dict[Name, SectionDecl] = Field(min_length=1)


_TYPES: dict[str, Any] = {
    "text": Text,
    "integer": Integer,
    "number": Number,
    "date": dt.date,
    "boolean": bool,
    "clause": Clause,
    "text_list": list[Text],
    "clause_list": list[Clause],
}


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _annotation(decl: FieldDecl) -> Any:
    if decl.type == "choice":
        return Literal[tuple(decl.values or ())]
    if decl.type == "choice_list":
        return list[Literal[tuple(decl.values or ())]]  # type: ignore[misc]
    return _TYPES[decl.type]


def _field(decl: FieldDecl) -> tuple[Any, Any]:
    annotation = _annotation(decl)
    bounds: dict[str, Any] = {}
    if decl.min is not None:
        bounds["ge"] = int(decl.min) if decl.type == "integer" else decl.min
    if decl.max is not None:
        bounds["le"] = int(decl.max) if decl.type == "integer" else decl.max
    description = decl.description.en if decl.description else None
    if decl.required:
        return annotation, Field(description=description, min_length=1 if decl.type in _LISTS else None, **bounds)
    if decl.type in _LISTS:
        return annotation, Field(default_factory=list, description=description)
    if decl.default is not None:
        return annotation, Field(decl.default, description=description, **bounds)
    return annotation | None, Field(None, description=description, **bounds)


def _model(
    name: str, base: type[Model], fields: Mapping[str, Any], doc: str | None, decls: Mapping[str, FieldDecl]
) -> type[Model]:
    built: type[Model] = create_model(name, __base__=base, __module__=__name__, __doc__=doc, **fields)
    built.titles = {f: by_lang(d.title) for f, d in decls.items()}
    built.descriptions_zh = {f: d.description.zh for f, d in decls.items() if d.description}
    built.choices = {
        f: {v: by_lang(w) for v, w in d.values.items()} for f, d in decls.items() if d.values
    }
    return built


def item_model(name: str, decl: SectionDecl) -> tuple[type[Item], dict[str, type[Model]]]:
    """The item model of section ``name`` and its child models by list field."""
    children: dict[str, type[Model]] = {}
    for list_field, child in decl.children.items():
        child_fields = {f: _field(d) for f, d in child.fields.items()}
        children[list_field] = _model(_class_name(child.kind), Model, child_fields, None, child.fields)
    lists: dict[str, Any] = {}
    for f, m in children.items():
        about = decl.children[f].description
        lists[f] = (list[m], Field(default_factory=list, description=about.en if about else None))  # type: ignore[valid-type]
    fields: dict[str, Any] = {}
    for f, d in decl.fields.items():
        fields[f] = _field(d)
        fields.update({c: lists[c] for c, child in decl.children.items() if child.after == f})
    fields.update({c: lists[c] for c, child in decl.children.items() if child.after is None})
    doc = decl.description.en if decl.description else None
    item = _model(_class_name(decl.kind), Item, fields, doc, decl.fields)
    assert issubclass(item, Item)
    item.kind = decl.kind
    for f, child in decl.children.items():
        words = child.title or child.label
        item.titles[f] = by_lang(words)
        if child.description:
            item.descriptions_zh[f] = child.description.zh
    return item, children


@cache
def _library(name: str) -> SectionLibrary:
    located = read_file(LIBRARY_DIR / f"{name}.yaml")
    try:
        return SectionLibrary.model_validate(located.data)
    except ValidationError as exc:  # pragma: no cover - guards edits to the shipped libraries
        raise InputErrors(pydantic_problems(exc, located, SectionLibrary)) from None


def library(name: str) -> dict[str, SectionDecl]:
    """The sections of built-in library ``name`` (``core``, ``quality``), read once from its YAML file."""
    return _library(name).sections


def library_description(name: str) -> Words:
    """What built-in library ``name`` holds, in en and zh."""
    return _library(name).description


def builtin_sections() -> dict[str, SectionDecl]:
    """Every built-in section, in dossier order: library by library, each placed by its ``after``."""
    order: list[str] = []
    decls: dict[str, SectionDecl] = {}
    for lib in LIBRARIES:
        order = placed(order, library(lib))
        decls.update(library(lib))
    return {name: decls[name] for name in order}


def library_of(section: str) -> str | None:
    """The built-in library declaring ``section``; None for the audit context and a pack's own section."""
    return next((lib for lib in LIBRARIES if section in library(lib)), None)


def placed(order: list[str], sections: Mapping[str, SectionDecl]) -> list[str]:
    """``order`` with ``sections`` put in: each after its ``after`` section, else after the one declared before
    it (the first: at the end); an ``after`` that names no section in force puts it at the end."""
    out = list(order)
    at = len(out)
    for name, decl in sections.items():
        if decl.after is not None:
            at = out.index(decl.after) + 1 if decl.after in out else len(out)
        out.insert(at, name)
        at += 1
    return out


#: The declared sections a pack put in force, by name (the built-in ones are always in force).
ACTIVE: dict[str, SectionDecl] = {}


def _fresh(sections: Mapping[str, SectionDecl]) -> dict[str, SectionDecl]:
    """The declarations not in force yet (the same declaration twice is one section)."""
    return {name: decl for name, decl in sections.items() if ACTIVE.get(name) != decl}


def clashes(sections: Mapping[str, SectionDecl]) -> list[tuple[str, str]]:
    """Declared sections whose name or kinds are taken already: ``(section name, message)``."""
    from clausewise.evidence import facts, model

    fresh = _fresh(sections)
    taken, kinds = set(model.SECTIONS) | {"audit"}, set(facts.KINDS)
    out: list[tuple[str, str]] = []
    for name, decl in fresh.items():
        if name in taken:
            out.append((name, f"section name '{name}' is a section of the dossier already"))
        for kind in (decl.kind, *(c.kind for c in decl.children.values())):
            if kind in kinds:
                out.append((name, f"kind '{kind}' is an evidence kind already"))
            kinds.add(kind)
        taken.add(name)
    return out


@contextlib.contextmanager
def declared_sections(sections: Mapping[str, SectionDecl]) -> Iterator[None]:
    """The sections in force (with the built-in ones) until the block ends; a name already known is refused."""
    problems = [Problem(Location("sections"), f"section '{name}': {message}") for name, message in clashes(sections)]
    if problems:
        raise InputErrors(problems)
    fresh = _fresh(sections)
    if not fresh:
        yield  # nothing new: the same declarations are in force already (a command, then a fixture of its pack)
        return
    saved = _snapshot()
    try:
        from clausewise.evidence import facts, model

        for name, decl in fresh.items():
            ACTIVE[name] = decl
            facts.CHILDREN.update(install(name, decl))
        order = placed([n for n in model.SECTIONS if n not in fresh], fresh)
        _reorder(model.SECTIONS, order)
        _reorder(model.Dossier.model_fields, ["audit", *order])
        _reorder(model.Dossier.__annotations__, ["audit", *order])
        model.Dossier.model_rebuild(force=True)
        facts.KINDS.clear()
        facts.KINDS.update(facts.build_kinds())
        yield
    finally:
        _restore(saved)


def _reorder(table: dict[str, Any], order: list[str]) -> None:
    """Put the keys of ``table`` in ``order``, in place (every module holding the dict sees it)."""
    items = {key: table[key] for key in order}
    table.clear()
    table.update(items)


def install(name: str, decl: SectionDecl) -> dict[tuple[str, str], tuple[str, type[Model]]]:
    """Put section ``name`` in the tables the dossier and the labels read (at the end; rebuild the dossier model
    after); its child lists, for :data:`clausewise.evidence.facts.CHILDREN`."""
    from clausewise import i18n
    from clausewise.evidence import model

    item, children = item_model(name, decl)
    model.SECTIONS[name] = item
    model.KIND_TO_SECTION[decl.kind] = name
    annotation = list[item] | None  # type: ignore[valid-type]
    model.Dossier.model_fields[name] = FieldInfo.from_annotated_attribute(annotation, None)  # type: ignore[arg-type]
    model.Dossier.__annotations__[name] = annotation  # so that a subclass (the fixture schema) has the field too
    i18n.SECTION_TITLES[name] = by_lang(decl.title)
    i18n.SECTION_UNITS_ZH[name] = decl.unit_zh
    i18n.KIND_LABELS[decl.kind] = by_lang(decl.label)
    out: dict[tuple[str, str], tuple[str, type[Model]]] = {}
    for list_field, child in decl.children.items():
        out[(decl.kind, list_field)] = (child.kind, children[list_field])
        i18n.KIND_LABELS[child.kind] = by_lang(child.label)
    return out


def _tables() -> tuple[tuple[Any, str], ...]:
    from clausewise import i18n
    from clausewise.evidence import facts, model

    return (
        (sys.modules[__name__], "ACTIVE"),
        (model, "SECTIONS"),
        (model, "KIND_TO_SECTION"),
        (facts, "KINDS"),
        (facts, "CHILDREN"),
        (i18n, "SECTION_TITLES"),
        (i18n, "SECTION_UNITS_ZH"),
        (i18n, "KIND_LABELS"),
    )


def _snapshot() -> list[dict[Any, Any]]:
    from clausewise.evidence import model

    tables = [dict(getattr(module, table)) for module, table in _tables()]
    return [*tables, dict(model.Dossier.__annotations__), dict(model.Dossier.model_fields)]


def _restore(saved: list[dict[Any, Any]]) -> None:
    from clausewise.evidence import model

    for (module, table), copy in zip(_tables(), saved, strict=False):
        live = getattr(module, table)
        live.clear()
        live.update(copy)  # the same dict object: every module that imported it sees the change
    _reorder(model.Dossier.__annotations__, list(saved[-2]))
    fields = model.Dossier.model_fields
    if set(fields) != set(saved[-1]):
        fields.clear()
        fields.update(saved[-1])
        model.Dossier.model_rebuild(force=True)
