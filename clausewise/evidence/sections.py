"""Evidence sections declared as data: a pack's ``sections:`` in ``pack.yaml`` (docs/rule-format.md#sections).

A pack for another standard (ISO 14001's environmental aspects, compliance obligations) declares each section
once — its fact kind, its fields with types, required flags and descriptions in en and zh, its title and unit
in en and zh, its child lists — and :func:`item_model` builds the pydantic item model from it. While a pack's
sections are in force (:func:`declared_sections`), the dossier model, the facts, the rule checks, the
questionnaire and the reports know them exactly as they know the built-in ISO 9001 sections, which stay
Python models in :mod:`clausewise.evidence.model`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator
from pydantic.fields import FieldInfo

from clausewise import i18n
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence import descriptions_zh, facts, model, titles_zh
from clausewise.numbers import Integer, Number

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
FieldKind = Literal["text", "integer", "number", "date", "boolean", "choice", "text_list"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class FieldDecl(_Strict):
    """One field of a declared section: its type, whether the dossier must state it, and what it means."""

    type: FieldKind = Field(description="text, integer, number, date, boolean, choice (with `values`) or text_list.")
    values: dict[Name, Words] | None = Field(None, description="A `choice` field's values, each with en and zh.")
    required: bool = Field(False, description="The dossier must state it in every item.")
    title: Words = Field(description="The field's title in en and zh (questionnaire, reports).")
    description: Words = Field(description="What the auditor writes here, in en and zh.")

    @model_validator(mode="after")
    def _choices(self) -> FieldDecl:
        if (self.type == "choice") != bool(self.values):
            raise ValueError("a `choice` field needs `values`, and only a choice field has them")
        return self


class ChildDecl(_Strict):
    """A list of objects inside an item (a compliance obligation's evaluations); each becomes a child fact."""

    kind: Name = Field(description="The child facts' kind, as rules name it.")
    label: Words = Field(description="One child item, as evidence lines name it, in en and zh.")
    fields: dict[Name, FieldDecl] = Field(min_length=1)


class SectionDecl(_Strict):
    """One section of a dossier: ``sections: {name: ...}`` in ``pack.yaml``."""

    kind: Name = Field(description="The fact kind rules match (singular: `environmental_aspect`).")
    title: Words = Field(description="The section's title in en and zh (reports, questionnaire).")
    label: Words = Field(description="One item, as evidence lines name it, in en and zh.")
    unit_zh: str = Field("项", min_length=1, description="The Chinese measure word counting its items (个, 份, 次).")
    fields: dict[Name, FieldDecl] = Field(min_length=1)
    children: dict[Name, ChildDecl] = Field(default_factory=dict, description="List field -> its child items.")

    @model_validator(mode="after")
    def _no_clash(self) -> SectionDecl:
        inherited = set(model.Item.model_fields)
        clash = sorted((set(self.fields) | set(self.children)) & inherited)
        if clash:
            raise ValueError(f"field(s) {', '.join(clash)} are given to every item already")
        both = sorted(set(self.fields) & set(self.children))
        if both:
            raise ValueError(f"{', '.join(both)} declared both as a field and as a child list")
        return self


_TEXT = Annotated[str, StringConstraints(min_length=1)]
_TYPES: dict[str, Any] = {
    "text": _TEXT,
    "integer": Integer,
    "number": Number,
    "date": dt.date,
    "boolean": bool,
    "text_list": list[_TEXT],
}


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _field(decl: FieldDecl) -> tuple[Any, Any]:
    annotation: Any = Literal[tuple(decl.values or ())] if decl.type == "choice" else _TYPES[decl.type]
    if decl.required:
        return annotation, Field(description=decl.description.en, min_length=1 if decl.type == "text_list" else None)
    if decl.type == "text_list":
        return annotation, Field(default_factory=list, description=decl.description.en)
    return annotation | None, Field(None, description=decl.description.en)


def _model(name: str, base: type[BaseModel], fields: Mapping[str, Any]) -> type[BaseModel]:
    built: type[BaseModel] = create_model(name, __base__=base, __module__=__name__, **fields)
    return built


def item_model(name: str, decl: SectionDecl) -> tuple[type[model.Item], dict[str, type[BaseModel]]]:
    """The item model of section ``name`` and its child models by list field."""
    children: dict[str, type[BaseModel]] = {}
    for list_field, child in decl.children.items():
        child_fields = {f: _field(d) for f, d in child.fields.items()}
        children[list_field] = _model(_class_name(child.kind), model.Model, child_fields)
    fields: dict[str, Any] = {f: _field(d) for f, d in decl.fields.items()}
    fields.update({f: (list[m], Field(default_factory=list)) for f, m in children.items()})  # type: ignore[valid-type]
    item = _model(_class_name(decl.kind), model.Item, fields)
    assert issubclass(item, model.Item)
    item.kind = decl.kind
    return item, children


def _words(decl: SectionDecl | ChildDecl, cls: str) -> None:
    titles_zh.TITLES_ZH_BY_MODEL[cls] = {f: d.title.zh for f, d in decl.fields.items()}
    descriptions_zh.DESCRIPTIONS_ZH[cls] = {f: d.description.zh for f, d in decl.fields.items()}
    i18n.KIND_LABELS[decl.kind] = {"en": decl.label.en, "zh": decl.label.zh}
    for f, d in decl.fields.items():
        if d.values:
            titles_zh.CHOICES_ZH_BY_FIELD[(cls, f)] = {value: words.zh for value, words in d.values.items()}


#: The declared sections in force, by name.
ACTIVE: dict[str, SectionDecl] = {}


def _fresh(sections: Mapping[str, SectionDecl]) -> dict[str, SectionDecl]:
    """The declarations not in force yet (the same declaration twice is one section)."""
    return {name: decl for name, decl in sections.items() if ACTIVE.get(name) != decl}


def clashes(sections: Mapping[str, SectionDecl]) -> list[tuple[str, str]]:
    """Declared sections whose name or kinds are taken already: ``(section name, message)``."""
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
        for name, decl in fresh.items():
            ACTIVE[name] = decl
            item, children = item_model(name, decl)
            model.SECTIONS[name] = item
            model.KIND_TO_SECTION[decl.kind] = name
            model.Dossier.model_fields[name] = FieldInfo.from_annotated_attribute(list[item] | None, None)  # type: ignore[valid-type,arg-type]
            i18n.SECTION_TITLES[name] = {"en": decl.title.en, "zh": decl.title.zh}
            i18n.SECTION_UNITS_ZH[name] = decl.unit_zh
            _words(decl, item.__name__)
            for list_field, child in decl.children.items():
                titles_zh.TITLES_ZH_BY_MODEL[item.__name__][list_field] = child.label.zh
                facts.CHILDREN[(decl.kind, list_field)] = (child.kind, children[list_field])
                _words(child, children[list_field].__name__)
        model.Dossier.model_rebuild(force=True)
        facts.KINDS.clear()
        facts.KINDS.update(facts.build_kinds())
        yield
    finally:
        _restore(saved)


_TABLES: tuple[tuple[Any, str], ...] = (
    (sys.modules[__name__], "ACTIVE"),
    (model, "SECTIONS"),
    (model, "KIND_TO_SECTION"),
    (facts, "KINDS"),
    (facts, "CHILDREN"),
    (i18n, "SECTION_TITLES"),
    (i18n, "SECTION_UNITS_ZH"),
    (i18n, "KIND_LABELS"),
    (titles_zh, "TITLES_ZH_BY_MODEL"),
    (titles_zh, "CHOICES_ZH_BY_FIELD"),
    (descriptions_zh, "DESCRIPTIONS_ZH"),
)


def _snapshot() -> list[dict[Any, Any]]:
    return [dict(getattr(module, table)) for module, table in _TABLES] + [dict(model.Dossier.model_fields)]


def _restore(saved: list[dict[Any, Any]]) -> None:
    for (module, table), copy in zip(_TABLES, saved, strict=False):
        live = getattr(module, table)
        live.clear()
        live.update(copy)  # the same dict object: every module that imported it sees the change
    fields = model.Dossier.model_fields
    if set(fields) != set(saved[-1]):
        fields.clear()
        fields.update(saved[-1])
        model.Dossier.model_rebuild(force=True)
