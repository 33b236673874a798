"""Short column titles and choice labels of the evidence fields, in English and in a GB/T 19001 auditor's Chinese.

The workbook questionnaire (:mod:`clausewise.workbook`) shows them as column headers; the keys stay in a
hidden row, so a renamed header still loads. A section declared as data carries its fields' titles and choice
labels in its declaration (the model's ``titles`` and ``choices``); the tables here are for the models written
in Python, the audit context (by field name, with per-model entries where a name reads differently). English
titles of those are the field key in words. ``tests/test_workbook.py`` fails when a field has no Chinese title.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from clausewise.glossary import AUDIT_TYPES
from clausewise.lang import Lang

TITLES_ZH: dict[str, str] = {
    "audited_clauses": "审核条款",
    "audited_departments": "受审核部门",
    "auditors": "审核员",
    "business_address": "经营地址",
    "certificate": "认证证书",
    "clause": "条款",
    "clauses": "条款",
    "date": "日期",
    "department": "部门",
    "departments": "部门",
    "edition": "标准版本",
    "decided_on": "认证决定日期",
    "status_since": "状态起始日期",
    "end_date": "结束日期",
    "escorts": "主管领导/陪同人员",
    "exclusions": "不适用条款",
    "expires_on": "有效期至",
    "id": "标识",
    "issued_on": "发证日期",
    "justification": "理由",
    "management_representative": "管理者代表",
    "note": "备注",
    "number": "编号",
    "office_address": "办公地址",
    "organization": "组织名称",
    "plan": "计划",
    "previous_audit_date": "上次审核日期",
    "record_verdict": "记录表判定",
    "registered_address": "注册地址",
    "scope": "范围",
    "sites": "场所",
    "source": "证据来源",
    "standard": "审核准则",
    "top_management": "最高管理者",
    "topics": "审核内容",
    "type": "类别",
}

#: Where a field name means something narrower in one model: model class name -> field -> title.
TITLES_ZH_BY_MODEL: dict[str, dict[str, str]] = {
    "Audit": {"date": "审核日期", "type": "审核类型", "scope": "认证范围", "auditors": "审核组成员"},
    "Exclusion": {"clause": "不适用条款"},
    "Certificate": {"status": "认证状态"},
    "AuditPlanEntry": {"department": "受审核部门", "date": "审核时间", "topics": "审核内容（非条款）"},
}


def _declared(model: type[BaseModel], table: str, name: str) -> Any:
    """The words a declared section's model carries for field ``name`` (``titles`` or ``choices``), if any."""
    for cls in model.__mro__:
        words = vars(cls).get(table, {})
        if name in words:
            return words[name]
    return None


def field_title(model: type[BaseModel], name: str, lang: Lang) -> str:
    """The column title of ``model.name`` in ``lang``: the declared title, else (the Python audit models) the
    Chinese tables here, and in English the key in words."""
    declared = _declared(model, "titles", name)
    if declared is not None:
        return str(declared[lang])
    if lang == "zh":
        for cls in model.__mro__:
            title = TITLES_ZH_BY_MODEL.get(cls.__name__, {}).get(name)
            if title:
                return title
        if name in TITLES_ZH:
            return TITLES_ZH[name]
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def missing_titles(models: list[type[BaseModel]]) -> list[str]:
    """``Model.field`` for each field without a Chinese title (kept empty by a test)."""
    return [
        f"{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        if name not in TITLES_ZH
        and not any(name in TITLES_ZH_BY_MODEL.get(c.__name__, {}) for c in model.__mro__)
        and _declared(model, "titles", name) is None
    ]


#: Chinese labels of the allowed values of choice fields (the workbook's dropdowns), by value.
CHOICES_ZH: dict[str, str] = {
    "valid": "有效",
    "suspended": "暂停",
    "withdrawn": "撤销",
}

#: Where a value reads differently in one field: (model class name, field) -> value -> label.
CHOICES_ZH_BY_FIELD: dict[tuple[str, str], dict[str, str]] = {
    ("Audit", "type"): {key: term.zh for key, term in AUDIT_TYPES.items()},
}


def choice_label(model: type[BaseModel], name: str, value: str, lang: Lang) -> str:
    """How a dropdown shows an allowed value: the value itself in English, its Chinese label in Chinese."""
    if lang != "zh":
        return value
    declared = _declared(model, "choices", name)
    if declared is not None and value in declared:
        return str(declared[value]["zh"])
    for cls in model.__mro__:
        label = CHOICES_ZH_BY_FIELD.get((cls.__name__, name), {}).get(value)
        if label:
            return label
    return CHOICES_ZH.get(value, value)
