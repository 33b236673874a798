"""Every evidence field described in English has a Simplified Chinese description, and none is left in English."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from clausewise.evidence.descriptions_zh import DESCRIPTIONS_ZH
from clausewise.evidence.model import SECTIONS, Audit, Item
from clausewise.modelwalk import declaring_model, field_description, nested_models

MODELS: list[type[BaseModel]] = [Audit, *SECTIONS.values()]
MODELS += [m for m in nested_models(MODELS).values() if m not in MODELS]
CJK = re.compile(r"[\u4e00-\u9fff]")


def untranslated(models: list[type[BaseModel]]) -> list[str]:
    """``Model.field`` for each field with an English description and no Chinese entry."""
    return [
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if info.description and name not in DESCRIPTIONS_ZH.get(declaring_model(model, name).__name__, {})
    ]


def test_every_english_description_has_a_chinese_one() -> None:
    assert untranslated(MODELS) == [], "add the Chinese text to clausewise/evidence/descriptions_zh.py"


def test_a_new_english_only_field_is_caught() -> None:
    class NewItem(Item):
        extra: str = Field("", description="Added in English only.")

    assert untranslated([NewItem]) == ["NewItem.extra"]


def test_no_chinese_description_is_left_in_english() -> None:
    for model in MODELS:
        for name, info in model.model_fields.items():
            if not info.description:
                continue
            zh = field_description(model, name, "zh")
            assert zh and zh.strip() != info.description.strip(), f"{model.__name__}.{name} is English in zh"
            assert CJK.search(zh), f"{model.__name__}.{name}: no Chinese in {zh!r}"


def test_no_entry_for_a_field_without_english() -> None:
    """Stale entries (a field renamed, removed or left undescribed) would never be shown."""
    declared = {(declaring_model(m, n).__name__, n) for m in MODELS for n, i in m.model_fields.items() if i.description}
    entries = {(model, name) for model, fields in DESCRIPTIONS_ZH.items() for name in fields}
    assert entries - declared == set()


def test_inherited_fields_are_translated_once_and_redeclared_ones_apart() -> None:
    person, plan_entry = SECTIONS["people"], nested_models([Audit])["AuditPlanEntry"]
    assert declaring_model(person, "source") is Item
    assert field_description(person, "source", "zh") == DESCRIPTIONS_ZH["Item"]["source"]
    assert field_description(plan_entry, "source", "zh") == DESCRIPTIONS_ZH["AuditPlanEntry"]["source"]
    assert field_description(person, "source", "en") == person.model_fields["source"].description
    assert field_description(person, "name", "zh") is None  # no English description, nothing to translate
