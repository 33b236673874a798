"""Short column titles and choice labels of the evidence fields, in English and in a GB/T 19001 auditor's Chinese.

The workbook questionnaire (:mod:`clausewise.workbook`) shows them as column headers; the keys stay in a
hidden row, so a renamed header still loads. Every evidence model carries the words of its fields on its class
(:class:`clausewise.evidence.base.Model`): ``titles`` (field -> {en, zh} column title) and ``choices`` (field ->
value -> {en, zh} label). A section declared as data takes them from its declaration; the models written in
Python, the audit context and the fields every item inherits, take their entry of :data:`TITLES` and
:data:`CHOICES` here (English titles: the field key in words), as they take their ``descriptions_zh``. The
words are looked up along the class's bases, never by its name, so a subclass or a renamed class keeps them.
``tests/test_workbook.py`` fails when a field of a dossier's model has no Chinese title on its class.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from clausewise.glossary import AUDIT_TYPES
from clausewise.lang import Lang, by_lang

_SOURCE = {"en": "Source", "zh": "证据来源"}
_NOTE = {"en": "Note", "zh": "备注"}

#: The column titles of the models written in Python: model -> field -> {en, zh}; each model takes its entry as
#: its ``titles`` (a field it redeclares needs its own entry: the words are found on the first class naming it).
TITLES: dict[str, dict[str, dict[str, str]]] = {
    "Item": {
        "id": {"en": "Id", "zh": "标识"},
        "source": _SOURCE,
        "note": _NOTE,
        "record_verdict": {"en": "Record verdict", "zh": "记录表判定"},
    },
    "Exclusion": {
        "clause": {"en": "Clause", "zh": "不适用条款"},
        "justification": {"en": "Justification", "zh": "理由"},
        "source": _SOURCE,
    },
    "Certificate": {
        "number": {"en": "Number", "zh": "编号"},
        "issued_on": {"en": "Issued on", "zh": "发证日期"},
        "expires_on": {"en": "Expires on", "zh": "有效期至"},
        "scope": {"en": "Scope", "zh": "范围"},
        "decided_on": {"en": "Decided on", "zh": "认证决定日期"},
        "status": {"en": "Status", "zh": "认证状态"},
        "status_since": {"en": "Status since", "zh": "状态起始日期"},
    },
    "AuditPlanEntry": {
        "department": {"en": "Department", "zh": "受审核部门"},
        "escorts": {"en": "Escorts", "zh": "主管领导/陪同人员"},
        "auditors": {"en": "Auditors", "zh": "审核员"},
        "date": {"en": "Date", "zh": "审核时间"},
        "topics": {"en": "Topics", "zh": "审核内容（非条款）"},
        "clauses": {"en": "Clauses", "zh": "条款"},
        "source": _SOURCE,
    },
    "Audit": {
        "organization": {"en": "Organization", "zh": "组织名称"},
        "date": {"en": "Date", "zh": "审核日期"},
        "end_date": {"en": "End date", "zh": "结束日期"},
        "type": {"en": "Type", "zh": "审核类型"},
        "standard": {"en": "Standard", "zh": "审核准则"},
        "edition": {"en": "Edition", "zh": "标准版本"},
        "scope": {"en": "Scope", "zh": "认证范围"},
        "departments": {"en": "Departments", "zh": "部门"},
        "sites": {"en": "Sites", "zh": "场所"},
        "exclusions": {"en": "Exclusions", "zh": "不适用条款"},
        "auditors": {"en": "Auditors", "zh": "审核组成员"},
        "top_management": {"en": "Top management", "zh": "最高管理者"},
        "management_representative": {"en": "Management representative", "zh": "管理者代表"},
        "previous_audit_date": {"en": "Previous audit date", "zh": "上次审核日期"},
        "certificate": {"en": "Certificate", "zh": "认证证书"},
        "registered_address": {"en": "Registered address", "zh": "注册地址"},
        "office_address": {"en": "Office address", "zh": "办公地址"},
        "business_address": {"en": "Business address", "zh": "经营地址"},
        "plan": {"en": "Plan", "zh": "计划"},
        "audited_clauses": {"en": "Audited clauses", "zh": "审核条款"},
        "audited_departments": {"en": "Audited departments", "zh": "受审核部门"},
        "source": _SOURCE,
        "note": _NOTE,
    },
}

#: The labels of the allowed values of the Python models' choice fields (the workbook's dropdowns): model ->
#: field -> value -> {en, zh}; each model takes its entry as its ``choices``.
CHOICES: dict[str, dict[str, dict[str, dict[str, str]]]] = {
    "Certificate": {
        "status": {
            "valid": {"en": "valid", "zh": "有效"},
            "suspended": {"en": "suspended", "zh": "暂停"},
            "withdrawn": {"en": "withdrawn", "zh": "撤销"},
        },
    },
    "Audit": {"type": {key: by_lang(term) for key, term in AUDIT_TYPES.items()}},
}


def _carried(model: type[BaseModel], table: str, name: str) -> Any:
    """The words ``model``'s class carries for field ``name`` in ``table`` (``titles`` or ``choices``): those of
    the first class along its bases that has them; None when none has."""
    for cls in model.__mro__:
        words = vars(cls).get(table, {})
        if name in words:
            return words[name]
    return None


def field_title(model: type[BaseModel], name: str, lang: Lang) -> str:
    """The column title of ``model.name`` in ``lang``, as the model carries it (the key in words when it carries
    none: :func:`missing_titles` keeps that from being shipped)."""
    title = _carried(model, "titles", name)
    if title is not None:
        return str(title[lang])
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def missing_titles(models: list[type[BaseModel]]) -> list[str]:
    """``Model.field`` for each field whose model carries no Chinese title (kept empty by a test)."""
    return [
        f"{model.__name__}.{name}"
        for model in models
        for name in model.model_fields
        if not (_carried(model, "titles", name) or {}).get("zh")
    ]


def choice_label(model: type[BaseModel], name: str, value: str, lang: Lang) -> str:
    """How a dropdown shows an allowed value: the value itself in English, its Chinese label in Chinese (the value
    when the model carries no label for it)."""
    if lang != "zh":
        return value
    labels = _carried(model, "choices", name) or {}
    return str(labels[value]["zh"]) if value in labels else value
