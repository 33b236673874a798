"""Simplified Chinese field descriptions of the evidence models written in Python: the audit context and the
fields every item inherits, in GB/T 19001-2016 audit language.

Each model takes its entry as its ``descriptions_zh`` (keyed by the class that *declares* the field, so an
inherited field is translated once, under ``Item``). The list sections are declared as data and carry their
Chinese in their declaration (``clausewise/evidence/library/``). ``tests/test_descriptions.py`` fails when a
field with an English description has no Chinese text, or when it is left in English.
"""

from __future__ import annotations

DESCRIPTIONS_ZH: dict[str, dict[str, str]] = {
    "Item": {
        "id": "在本证据档案内唯一的标识；未填写时自动生成。",
        "source": "在何处看到该证据：文件编号、页码、面谈、记录表中的行。",
        "note": "自由备注，原样引用。",
        "record_verdict": "本项所取自的审核记录表行中，审核员在“判定”栏的填写内容，照录原文（如 'N'）；"
        "该栏空白或本项无对应行时不填。",
    },
    "Exclusion": {
        "justification": "该要求不适用的理由（4.3）。",
    },
    "Certificate": {
        "decided_on": "作出授予现行认证证书的认证决定的日期（ISO/IEC 17021-1 9.5）。",
        "status": "认证状态：有效、暂停或撤销（ISO/IEC 17021-1 9.6.5）。",
        "status_since": "认证被暂停或撤销的起始日期。",
    },
    "AuditPlanEntry": {
        "department": "受审核部门，如“管理层”。",
        "escorts": "该部门的主管领导/陪同人员姓名。",
        "auditors": "审核该部门的审核员；未填写时取审核的 `auditors`。",
        "date": "该部门的审核时间；未填写时取审核的 `date`。",
        "topics": "不是条款号的审核条款内容，照录原文，如“上次审核不符合项的验证”。",
        "clauses": "审核计划为该部门所列的审核条款（如 '8.5'）；审核记录表为每个有标题的子条款"
        "（8.5.1 … 8.5.6）各列一行。",
        "source": "该计划条目的来源（审核计划、审核记录表表头）。",
    },
    "Audit": {
        "date": "审核的首日（或唯一一日）；按间隔判定的规则以此为基准日期。",
        "edition": "如 'GB/T 19001-2016' 或 'ISO 9001:2015/Amd 1:2024'。",
        "top_management": "最高管理者的姓名。",
        "business_address": "单独列明时的经营地址。",
        "plan": "审核计划，每个受审核部门一项；用于编排 Word 版审核记录表（`--format docx`），不是证据：规则不读取。",
        "audited_clauses": "本次审核不覆盖整个体系时的审核范围：所审核的条款（含其下级条款），如监督审核抽查的条款、"
        "针对部分体系的内部审核。范围以外的条款在各类报告中均为“未审核”：既不判为符合，也不构成证据缺口。"
        "审核全部条款时（且未填写 audited_departments）请不要填写。规则包中不存在的条款号会在各类报告的提示中列出。",
        "audited_departments": "本次审核覆盖的部门，按 `plan` 中条目的部门名称填写：这些条目所列条款即为审核范围"
        "（与 audited_clauses 合并）。",
    },
}
