"""Every evidence field described in English has a Simplified Chinese description, and none is left in English."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from clausewise.evidence.model import SECTIONS, Audit, Item
from clausewise.modelwalk import declaring_model, field_description, nested_models

MODELS: list[type[BaseModel]] = [Audit, *SECTIONS.values()]
MODELS += [m for m in nested_models(MODELS).values() if m not in MODELS]
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_words(model: type[BaseModel]) -> dict[str, str]:
    """The Chinese descriptions the class itself carries (a declared section's come from its declaration)."""
    words: dict[str, str] = vars(model).get("descriptions_zh", {})
    return words


def untranslated(models: list[type[BaseModel]]) -> list[str]:
    """``Model.field`` for each field with an English description and no Chinese entry."""
    return [
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if info.description and name not in zh_words(declaring_model(model, name))
    ]


def test_every_english_description_has_a_chinese_one() -> None:
    assert untranslated(MODELS) == [], "add the Chinese text (the section's declaration, or descriptions_zh.py)"


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
    owners = {c for m in MODELS for c in m.__mro__ if isinstance(c, type) and issubclass(c, BaseModel)}
    entries = {(model.__name__, name) for model in owners for name in zh_words(model)}
    assert entries - declared == set()


def test_inherited_fields_are_translated_once_and_redeclared_ones_apart() -> None:
    person, plan_entry = SECTIONS["people"], nested_models([Audit])["AuditPlanEntry"]
    assert declaring_model(person, "source") is Item
    assert field_description(person, "source", "zh") == zh_words(Item)["source"]
    assert field_description(plan_entry, "source", "zh") == zh_words(plan_entry)["source"]
    assert field_description(person, "source", "en") == person.model_fields["source"].description
    assert field_description(person, "name", "zh") is None  # no English description, nothing to translate
