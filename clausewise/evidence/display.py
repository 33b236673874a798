"""How reports name a fact's kind, field and choice value in the reader's language.

The words live where they are declared once: kind names in :data:`clausewise.i18n.KIND_LABELS`, field titles
and choice labels on the evidence model classes (looked up by :mod:`clausewise.evidence.titles_zh`). English
shows the identifiers as before; Chinese never shows one (``tests/test_zh_output.py``).
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from clausewise.evidence.facts import KINDS
from clausewise.evidence.titles_zh import choice_label, field_title
from clausewise.i18n import KIND_LABELS, label
from clausewise.lang import Lang
from clausewise.modelwalk import choices, field_annotation, unwrap


def _zh(lang: Lang) -> bool:
    return lang == "zh"


def kind_label(kind: str, lang: Lang) -> str:
    """``context_issue`` in English, ``内外部因素`` in Chinese."""
    return label(KIND_LABELS, kind, lang) if _zh(lang) else kind


def key_label(kind: str, key: str, lang: Lang) -> str:
    """A fact's key as a reader sees it: the user's id; in Chinese, the keys the tool made up in words
    (the audit context has none, a nested item is its parent's ``第2项``)."""
    if not _zh(lang):
        return key
    if kind == "audit":
        return ""
    info = KINDS.get(kind)
    parent, sep, rest = key.rpartition("#")
    if info is not None and info.parent is None and _generated(info.section, key):
        return f"第{key[len(info.section) + 1 :].split('-')[0]}项"
    if info is None or info.parent is None or not sep:
        return key
    return f"{key_label(info.parent, parent, lang)} 第{rest.lstrip('abcdefghijklmnopqrstuvwxyz_')}项".strip()


def _generated(section: str, key: str) -> bool:
    """Whether ``key`` has the shape of an id the loader made up for an item written without one
    (``people-2``, ``people-2-2``: evidence/loader.py); a user's own id of that shape reads the same."""
    head, sep, tail = key.partition("-")
    return head == section and bool(sep) and all(p.isdigit() for p in tail.split("-"))


def fact_label(kind: str, key: str, lang: Lang) -> str:
    """Kind and key, as an evidence line starts: ``context_issue ctx-x`` / ``内外部因素 ctx-x``."""
    return f"{kind_label(kind, lang)} {key_label(kind, key, lang)}".strip()


def _walk_path(model: type[BaseModel] | None, name: str) -> list[tuple[type[BaseModel] | None, str]]:
    out: list[tuple[type[BaseModel] | None, str]] = []
    for part in name.split("."):
        owner = model if model is not None and part in model.model_fields else None
        out.append((owner, part))
        inner = unwrap(owner.model_fields[part].annotation)[0] if owner else None
        model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return out


def field_label(kind: str, name: str, lang: Lang) -> str:
    """A field as a reader names it: ``'criteria'`` in English, ``“准则”`` in Chinese (dotted fields joined by 的)."""
    if not _zh(lang):
        return f"'{name}'"
    info = KINDS.get(kind)
    return _zh_field_label(info.model if info else None, name)


@functools.lru_cache(maxsize=4096)
def _zh_field_label(model: type[BaseModel] | None, name: str) -> str:
    """The Chinese words for field ``name`` of a kind's ``model``, made once per field: a gap names the same
    fields of thousands of facts. Keyed by the model class, which carries its titles, so a pack's declared
    sections (new classes) never read another's words."""
    return "“" + "的".join(field_title(m, part, "zh") if m else part for m, part in _walk_path(model, name)) + "”"


@functools.lru_cache(maxsize=4096)
def _choice_field(model: type[BaseModel] | None, name: str) -> tuple[type[BaseModel] | None, str, tuple[str, ...]]:
    """The model declaring the last segment of field ``name`` of a kind's ``model``, that segment, and its choices
    (looked up once per field: value labels are asked for every value shown)."""
    owner, last = _walk_path(model, name)[-1]
    return owner, last, choices(field_annotation(owner.model_fields[last])) if owner is not None else ()


def value_label(kind: str, name: str, value: Any, lang: Lang) -> Any:
    """A field's value for a message: a choice value as its Chinese label in Chinese, anything else unchanged."""
    if not _zh(lang) or not isinstance(value, str | list):
        return value
    info = KINDS.get(kind)
    model, last, allowed = _choice_field(info.model if info else None, name)
    if model is None or not allowed:
        return value
    if isinstance(value, list):
        return [choice_label(model, last, v, "zh") if v in allowed else v for v in value]
    return choice_label(model, last, value, "zh") if value in allowed else value
