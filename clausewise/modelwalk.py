"""Walk the evidence models: readable type names, field descriptions and nested item models.

Shared by the reference-doc generator (:mod:`clausewise.docgen`) and the questionnaire template
(:mod:`clausewise.questionnaire.template`), so both describe a field the same way.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from clausewise.lang import Lang

_WORDS: dict[Any, dict[str, str]] = {
    "clause": {"en": "clause key (quoted text)", "zh": "条款号（加引号的文本）"},
    "or": {"en": " or ", "zh": " 或 "},
    "optional": {"en": " (optional)", "zh": "（可选）"},
    "list": {"en": "list of {}", "zh": "{}的列表"},
    "one_of": {"en": "one of ", "zh": "取值之一："},
    str: {"en": "text", "zh": "文本"},
    int: {"en": "whole number", "zh": "整数"},
    float: {"en": "number", "zh": "数值"},
    bool: {"en": "true/false", "zh": "true/false"},
    dt.date: {"en": "date", "zh": "日期"},
}


def is_clause_key(annotation: Any) -> bool:
    """True for :data:`clausewise.clauses.ClauseKey` (an ``Annotated`` text marked ``Strict``)."""
    return typing.get_origin(annotation) is typing.Annotated and any(
        type(a).__name__ == "Strict" for a in typing.get_args(annotation)[1:]
    )


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``Annotated`` (but not a clause key) and ``| None``: the inner type, and whether None is allowed."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated and not is_clause_key(annotation):
        return unwrap(args[0])
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return unwrap(rest[0])[0], True
    return annotation, False


def type_name(annotation: Any, lang: Lang = "en") -> str:
    """A reader's name for a field type: text, date, number, list of text, one of a / b, ..."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        if is_clause_key(annotation):
            return _WORDS["clause"][lang]
        return type_name(args[0], lang)
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a, lang) for a in args if a is not type(None)]
        return _WORDS["or"][lang].join(names) + (_WORDS["optional"][lang] if type(None) in args else "")
    if origin is list:
        return _WORDS["list"][lang].format(type_name(args[0], lang))
    if origin is typing.Literal:
        return _WORDS["one_of"][lang] + " / ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _WORDS["one_of"][lang] + " / ".join(f"`{m.value}`" for m in annotation)
    if annotation in _WORDS:
        return _WORDS[annotation][lang]
    return str(getattr(annotation, "__name__", annotation))


def field_annotation(info: FieldInfo) -> Any:
    """The field's full type: pydantic moves a required field's ``Annotated`` extras (the ``Strict`` of a
    clause key) into ``info.metadata``; put them back."""
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def declaring_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The class in ``model``'s MRO whose body declares field ``name``: the key of its translation, so an
    inherited field is translated once and a redeclared one needs its own entry."""
    for cls in model.__mro__:
        if name in inspect.get_annotations(cls):
            return typing.cast(type[BaseModel], cls)
    raise KeyError(f"{model.__name__} has no field {name!r}")


def field_description(model: type[BaseModel], name: str, lang: Lang = "en") -> str | None:
    """The field's meaning in ``lang``; None when the field has no English description. The Chinese text is the
    ``descriptions_zh`` of the class declaring the field (a declared section's model carries its declaration's);
    a missing one falls back to the English (``tests/test_descriptions.py`` keeps that from being shipped)."""
    english = model.model_fields[name].description
    if english is None or lang == "en":
        return english
    words: dict[str, str] = vars(declaring_model(model, name)).get("descriptions_zh", {})
    return words.get(name, english)


def nested_models(owners: list[type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Models used inside the owners' fields (``exclusions``, ``results``, ...), by class name."""
    nested: dict[str, type[BaseModel]] = {}
    for owner in owners:
        for info in owner.model_fields.values():
            for arg in typing.get_args(info.annotation) or ():
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    nested[arg.__name__] = arg
    return nested


def choices(annotation: Any) -> tuple[str, ...]:
    """The allowed values of a choice field (a ``Literal`` or an ``Enum``, alone or in a list); () otherwise."""
    annotation, _ = unwrap(annotation)
    if typing.get_origin(annotation) is list:
        annotation, _ = unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(m.value) for m in annotation)
    return ()
