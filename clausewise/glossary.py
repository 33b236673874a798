"""The words of clausewise's judgments and the GB/T 19001-2016 terms its Chinese follows, declared once.

A Chinese lead auditor reads the labels: 一般不符合 / 严重不符合 (not 不符合，一般), 资料未提供，无法判定 (证据不足
reads as a finding against the organization), 需审核员判断 (待评审 clashes with 管理评审 and 合同评审), 不涉及
(the activity does not occur) and 不适用 for a 4.3 determination, never the 2008 term 删减.
:mod:`clausewise.i18n` builds its label tables from here, ``docs/glossary.md`` is generated from here
(``clausewise docs docs/``), and ``tests/test_glossary.py`` keeps each term's ``avoid`` words out of the
tool's and the built-in pack's Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clausewise.lang import Lang, by_lang


@dataclass(frozen=True)
class Term:
    """One label or term: English, Chinese, why this Chinese, and Chinese wording not to use for it."""

    en: str
    zh: str
    why: str = ""
    #: Where the term comes from (a clause of GB/T 19001-2016, another standard, or certification practice).
    ref: str = ""
    avoid: tuple[str, ...] = ()

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


#: A clause's judgment (the 判定 of a report row).
CLAUSE_JUDGMENTS: dict[str, Term] = {
    "C": Term("conforming", "符合"),
    "N": Term("nonconforming", "不符合", "with a grade it is one word: 一般不符合 / 严重不符合 (see Grades)"),
    "O": Term("observation", "观察项", "certification-body practice: a concern that is not (yet) a nonconformity"),
    "NA": Term(
        "not applicable",
        "不适用",
        "a requirement determined not applicable (4.3), or none of the clause's activities occurs",
        "GB/T 19001-2016 4.3",
        ("删减",),
    ),
    "insufficient_evidence": Term(
        "insufficient evidence",
        "资料未提供，无法判定",
        "the dossier does not hold what a rule needs; 证据不足 would read as a finding against the organization",
        avoid=("证据不足",),
    ),
    "needs_review": Term(
        "needs review",
        "需审核员判断",
        "the evidence exists, its adequacy is the auditor's call; 待评审 clashes with 管理评审 and 合同评审",
        avoid=("待评审",),
    ),
    "not_assessed": Term("not assessed (no rules)", "未评价（无规则）", "the pack has no rule for the clause"),
    "not_audited": Term(
        "not audited", "未审核", "outside the scope the audit states (audit.audited_clauses / audited_departments)"
    ),
}

#: The same judgments as an auditor writes them in the narrow 判定 column of the audit record (docx).
RECORD_JUDGMENTS: dict[str, Term] = {
    "C": Term("C", "符合"),
    "N": Term("N", "不符合"),
    "O": Term("O", "观察项"),
    "NA": Term("NA", "不适用"),
    "insufficient_evidence": Term("insufficient evidence", "无法判定", "short for 资料未提供，无法判定"),
    "needs_review": Term("needs review", "需审核员判断"),
    "not_assessed": Term("not assessed", "未评价"),
    "not_audited": Term("not audited", "未审核"),
}

#: What one finding is (the bracketed head of a finding line).
FINDING_KINDS: dict[str, Term] = {
    "N": Term("nonconformity", "不符合"),
    "O": Term("observation", "观察项"),
    "review": Term("review prompt", "需审核员判断", "a prompt for the auditor's judgment", avoid=("评审提示",)),
    "NA": Term(
        "not applicable: the condition does not arise",
        "不涉及",
        "what an auditor writes when the activity does not occur (不涉及（未…）); 不适用 is kept for 4.3",
        avoid=("条件不出现", "条件不存在"),
    ),
}

#: The grade alone (a table column, a parameter).
GRADES: dict[str, Term] = {
    "major": Term("major", "严重"),
    "minor": Term("minor", "一般"),
}

#: A nonconformity with its grade: one word in Chinese.
GRADED: dict[str, Term] = {
    "major": Term(
        "major nonconformity", "严重不符合", ref="ISO/IEC 17021-1 3.12", avoid=("不符合，严重", "不符合（严重）")
    ),
    "minor": Term(
        "minor nonconformity", "一般不符合", ref="ISO/IEC 17021-1 3.13", avoid=("不符合，一般", "不符合（一般）")
    ),
}

#: Words around findings shared by every report format.
REPORT_TERMS: dict[str, Term] = {
    "remedy": Term("would change it", "需补充的证据", "what would change the judgment", avoid=("改变判定所需证据",)),
    "gap": Term(
        "missing evidence", "资料未提供", "a rule could not run: the dossier does not hold it", avoid=("缺少证据",)
    ),
    "gaps": Term("missing evidence", "资料未提供"),
    "supply": Term("to supply", "需提供"),
    "review": Term("review prompts", "需审核员判断"),
    "exclusion": Term(
        "exclusion (4.3)", "不适用理由（4.3）", "the organization's justification", "GB/T 19001-2016 4.3", ("删减",)
    ),
}

#: The audit types of the audit context (``audit.type``).
AUDIT_TYPES: dict[str, Term] = {
    "internal": Term("internal audit", "内部审核", ref="GB/T 19001-2016 9.2"),
    "stage1": Term("stage 1 audit", "第一阶段审核", ref="ISO/IEC 17021-1 9.3.1.2"),
    "stage2": Term("stage 2 audit", "第二阶段审核", ref="ISO/IEC 17021-1 9.3.1.3"),
    "surveillance": Term("surveillance audit", "监督审核", ref="ISO/IEC 17021-1 9.6.2"),
    "recertification": Term("recertification audit", "再认证审核", ref="ISO/IEC 17021-1 9.6.3"),
    "special": Term("special audit", "特殊审核", ref="ISO/IEC 17021-1 9.6.4"),
}

#: How a finding changed between two audits (``clausewise diff``).
CHANGES: dict[str, Term] = {
    "new": Term("new", "新增"),
    "resolved": Term("resolved", "已消除"),
    "recurring": Term("recurring", "重复发生"),
}

#: GB/T 19001-2016 (and GB/T 19000-2016) terms the Chinese texts use, with the wording they replace.
STANDARD_TERMS: tuple[Term, ...] = (
    Term("documented information", "成文信息", "", "GB/T 19000-2016 3.8.6; 7.5", ("文件化信息", "形成文件的信息")),
    Term("maintain documented information", "保持成文信息", "what documents are (procedures, instructions)", "7.5.1"),
    Term("retain documented information", "保留成文信息", "what records are (evidence of results)", "7.5.1"),
    Term("determined not applicable", "确定为不适用", "2008 wording was 删减 (exclusion)", "4.3", ("删减",)),
    Term("interested parties", "相关方", "", "4.2"),
    Term("risks and opportunities", "风险和机遇", "", "6.1"),
    Term("quality policy", "质量方针", "", "5.2"),
    Term("quality objectives", "质量目标", "", "6.2"),
    Term("top management", "最高管理者", "", "5.1; GB/T 19000-2016 3.1.1"),
    Term("changes (to the QMS)", "变更", "planning of changes", "6.3"),
    Term("monitoring and measuring resources", "监视和测量资源", "", "7.1.5"),
    Term("measurement traceability", "测量溯源", "", "7.1.5.2"),
    Term("environment for the operation of processes", "过程运行环境", "", "7.1.4"),
    Term("organizational knowledge", "组织的知识", "", "7.1.6"),
    Term("competence", "能力", "", "7.2"),
    Term("awareness", "意识", "", "7.3"),
    Term("customer", "顾客", "", "GB/T 19000-2016 3.2.4", ("客户",)),
    Term("external provider", "外部供方", "", "8.4; GB/T 19000-2016 3.2.6", ("供应商",)),
    Term("outsourced process", "外包过程", "", "8.4.1"),
    Term("design and development", "设计和开发", "", "8.3"),
    Term("verification", "验证", "objective evidence that requirements are fulfilled", "GB/T 19000-2016 3.8.12"),
    Term("validation", "确认", "requirements for a specific intended use are fulfilled", "GB/T 19000-2016 3.8.13"),
    Term("identification and traceability", "标识和可追溯性", "", "8.5.2"),
    Term("property belonging to customers or external providers", "顾客或外部供方的财产", "", "8.5.3"),
    Term("preservation", "防护", "", "8.5.4"),
    Term("post-delivery activities", "交付后的活动", "", "8.5.5"),
    Term("control of changes", "更改控制", "changes for production or service provision", "8.5.6"),
    Term("release of products and services", "产品和服务的放行", "", "8.6"),
    Term("concession", "让步", "", "8.6, 8.7; GB/T 19000-2016 3.12.5"),
    Term("nonconforming outputs", "不合格输出", "a form may still be called 不合格品处置单", "8.7"),
    Term("correction", "纠正", "", "10.2.1 a); GB/T 19000-2016 3.12.3"),
    Term("corrective action", "纠正措施", "", "10.2; GB/T 19000-2016 3.12.2", ("预防措施",)),
    Term("customer satisfaction", "顾客满意", "", "9.1.2"),
    Term("analysis and evaluation", "分析与评价", "", "9.1.3"),
    Term("internal audit", "内部审核", "", "9.2"),
    Term("audit programme", "审核方案", "not 审核计划 (the audit plan of one audit)", "9.2.2"),
    Term("management review", "管理评审", "", "9.3"),
    Term("continual improvement", "持续改进", "", "10.3"),
    Term("suitability, adequacy and effectiveness", "适宜性、充分性和有效性", "", "9.3.1"),
    Term("audit evidence", "审核证据", "", "GB/T 19011-2021 3.9"),
    Term("audit finding", "审核发现", "", "GB/T 19011-2021 3.10"),
)


def labels(table: Mapping[str, Term]) -> dict[str, dict[str, str]]:
    """A table of terms as the ``{key: {"en": ..., "zh": ...}}`` shape of :mod:`clausewise.i18n`."""
    return {key: by_lang(term) for key, term in table.items()}


def graded(table: Mapping[str, Term], judgment: str, grade: str | None, lang: Lang, en_form: str = "{} ({})") -> str:
    """A judgment in words with its grade: ``一般不符合`` in Chinese, ``nonconforming (minor)`` in English.

    ``en_form`` joins the English judgment and grade (``"{}, {}"`` gives ``nonconformity, minor``).
    """
    term = table.get(judgment)
    text = term.get(lang) if term else judgment
    if judgment != "N" or not grade or grade not in GRADES:
        return text
    if lang == "zh":
        return GRADED[grade].zh
    return en_form.format(text, GRADES[grade].en)


def avoided() -> dict[str, str]:
    """Chinese wording not to use -> the term to use instead (what the glossary test looks for)."""
    tables: list[Mapping[str, Term]] = [CLAUSE_JUDGMENTS, FINDING_KINDS, GRADED, REPORT_TERMS]
    terms = [t for table in tables for t in table.values()] + list(STANDARD_TERMS)
    return {word: term.zh for term in terms for word in term.avoid}
