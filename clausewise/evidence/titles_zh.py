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

#: The Chinese column titles of the models written in Python: model -> field -> title. Each model takes its entry,
#: with English titles that are the key in words, as its ``titles`` (:data:`TITLES`; a field it redeclares needs
#: its own entry: the words are found on the first class naming it).
_TITLES_ZH: dict[str, dict[str, str]] = {
    "Item": {
        "id": "标识",
        "source": "证据来源",
        "note": "备注",
        "record_verdict": "记录表判定",
    },
    "Exclusion": {
        "clause": "不适用条款",
        "justification": "理由",
        "source": "证据来源",
    },
    "Certificate": {
        "number": "编号",
        "issued_on": "发证日期",
        "expires_on": "有效期至",
        "scope": "范围",
        "decided_on": "认证决定日期",
        "status": "认证状态",
        "status_since": "状态起始日期",
    },
    "AuditPlanEntry": {
        "department": "受审核部门",
        "escorts": "主管领导/陪同人员",
        "auditors": "审核员",
        "date": "审核时间",
        "topics": "审核内容（非条款）",
        "clauses": "条款",
        "source": "证据来源",
    },
    "Audit": {
        "organization": "组织名称",
        "date": "审核日期",
        "end_date": "结束日期",
        "type": "审核类型",
        "standard": "审核准则",
        "edition": "标准版本",
        "scope": "认证范围",
        "departments": "部门",
        "sites": "场所",
        "exclusions": "不适用条款",
        "auditors": "审核组成员",
        "top_management": "最高管理者",
        "management_representative": "管理者代表",
        "previous_audit_date": "上次审核日期",
        "certificate": "认证证书",
        "registered_address": "注册地址",
        "office_address": "办公地址",
        "business_address": "经营地址",
        "plan": "计划",
        "audited_clauses": "审核条款",
        "audited_departments": "受审核部门",
        "source": "证据来源",
        "note": "备注",
    },
}


def _in_words(name: str) -> str:
    """A field key as an English title: ``issued_on`` -> ``Issued on``."""
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


#: :data:`_TITLES_ZH` as each model carries it: model -> field -> {en, zh}.
TITLES: dict[str, dict[str, dict[str, str]]] = {
    model: {name: {"en": _in_words(name), "zh": zh} for name, zh in fields.items()}
    for model, fields in _TITLES_ZH.items()
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
    return str(title[lang]) if title is not None else _in_words(name)


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
