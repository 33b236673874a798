"""Fixed wording of the tool in English and Simplified Chinese (rule text lives in the packs)."""

from __future__ import annotations

from clausewise.glossary import (
    AUDIT_TYPES,
    CLAUSE_JUDGMENTS,
    FINDING_KINDS,
    GRADED,
    GRADES,
    REPORT_TERMS,
    labels,
)
from clausewise.lang import Lang

JUDGMENT_LABELS: dict[str, dict[str, str]] = labels(CLAUSE_JUDGMENTS)
FINDING_LABELS: dict[str, dict[str, str]] = labels(FINDING_KINDS)
GRADE_LABELS: dict[str, dict[str, str]] = labels(GRADES)

#: Section name -> title in en/zh. The audit context is written here; every list section's title comes from its
#: declaration (clausewise/evidence/sections.py puts it in while the section is in force).
SECTION_TITLES: dict[str, dict[str, str]] = {
    "audit": {"en": "audit context", "zh": "审核基本信息"},
}

#: One item of each fact kind, as evidence lines name it ("过程 proc-x · ..."); kinds are listed in
#: :data:`clausewise.evidence.facts.KINDS` and ``tests/test_zh_output.py`` fails on one without a label.
KIND_LABELS: dict[str, dict[str, str]] = {
    "audit": {"en": "audit", "zh": "审核"},
    "exclusion": {"en": "exclusion", "zh": "不适用条款"},
}

UI: dict[str, dict[str, str]] = {
    "clause": {"en": "Clause", "zh": "条款"},
    "judgment": {"en": "Judgment", "zh": "判定"},
    "title": {"en": "Title", "zh": "标题"},
    "evidence": {"en": "evidence", "zh": "证据"},
    "remedy": labels(REPORT_TERMS)["remedy"],
    "rule": {"en": "rule", "zh": "规则"},
    "basis": {"en": "basis", "zh": "依据"},
    "lowered": {
        "en": "the rule judges {declared}; proposed as O: certification rules give N only in a certification audit "
        "with certification_rules_as_n",
        "zh": "该规则判定为{declared}；认证规则仅在认证审核且规则包参数允许时判为不符合，此处作为观察项提出",
    },
    "gap": labels(REPORT_TERMS)["gap"],
    "supply": {"en": "supply the section(s): {sections}", "zh": "请提供以下资料：{sections}"},
    "state_field": {
        "en": "state {fields} (or write it as null / [], in a workbook (none), if there is none); "
        "until then this is not a finding",
        "zh": "请填写{fields}（若确实没有，请写为 null 或 []，工作簿中填写“（无）”）；在此之前不构成发现",
    },
    "gap_message": {
        "en": "Rule {rule} could not be evaluated: the dossier does not supply {sections}.",
        "zh": "规则 {rule} 无法评价：资料中未提供{sections}。",
    },
    "summary": {"en": "Summary", "zh": "汇总"},
    "organization": {"en": "Organization", "zh": "受审核方"},
    "audit_date": {"en": "Audit date", "zh": "审核日期"},
    "as_of": {"en": "Judged as of", "zh": "评价基准日"},
    "pack": {"en": "Rule pack", "zh": "规则包"},
    "pack_folder": {"en": "folder", "zh": "文件夹"},
    "comma": {"en": ", ", "zh": "，"},
    "findings": {"en": "Findings", "zh": "发现"},
    "partial": {"en": "no rules yet for: {clauses}", "zh": "以下条款尚无规则：{clauses}"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "sep": {"en": ", ", "zh": "、"},
    "checked": {"en": "Rules checked: {items}", "zh": "规则检查了：{items}"},
    "shown": {"en": "Clauses shown", "zh": "显示的条款"},
    "shown_text": {
        "en": "{keys} and the clauses below ({shown} of {total}; the summary counts these)",
        "zh": "{keys}及其下级条款（共 {total} 条中的 {shown} 条；汇总仅统计这些条款）",
    },
    # the judgment calculus (docs/engine.md): what a C rests on, and a clause no rule could decide
    "rests_on": {"en": "decided by {n} rule(s) over {items}", "zh": "由 {n} 条规则依据{items}判定"},
    "rests_on_context": {
        "en": "decided by {n} rule(s) over the audit context",
        "zh": "由 {n} 条规则依据审核基本信息判定",
    },
    "undecided": {
        "en": "no rule of this clause could decide on the evidence supplied: state {fields}",
        "zh": "本条款没有规则能依据所提供的证据作出判定：请填写{fields}",
    },
    "undecided_prompt": {
        "en": "this review prompt found nothing to review and no rule of the clause decided it: supply the "
        "records it reads ({sections}) or judge the clause by hand",
        "zh": "该项需审核员判断的内容在所提供的资料中不存在，且本条款没有规则作出判定："
        "请提供其所需记录（{sections}）或由审核员人工判定",
    },
    "more": {"en": "{n} more", "zh": "另 {n} 项"},
    "findings_count": {
        "en": "N major {N_major} · N minor {N_minor} · O {O} · review prompts {review} · gaps {gaps}",
        # the Chinese words are the glossary's, so a label changed there changes here too
        "zh": f"{GRADED['major'].zh} {{N_major}} · {GRADED['minor'].zh} {{N_minor}} · {FINDING_KINDS['O'].zh} {{O}} · "
        f"{REPORT_TERMS['review'].zh} {{review}} · {REPORT_TERMS['gaps'].zh} {{gaps}}",
    },
    "own_judgment": {"en": "own: {judgment}", "zh": "本条款：{judgment}"},
    "not_audited_children": {"en": "not audited: {clauses}", "zh": "以下条款未审核：{clauses}"},
    "notice": {"en": "Notice", "zh": "提示"},
    "no_audit": {
        "en": "the dossier has no 'audit' section: organization, audit date and type are not stated, interval "
        "rules have no reference date, and the result is not an audit of anyone",
        "zh": "证据中没有“审核基本信息”部分：未写明受审核方、审核日期和审核类型，"
        "周期类规则没有基准日期，本结果不构成对任何组织的审核",
    },
    "scope_audited": {
        "en": "Audited: clauses {clauses} and those below them; other clauses are not audited",
        "zh": "本次审核范围：条款 {clauses} 及其下级条款；其余条款未审核",
    },
    "not_audited_cell": {
        "en": "not audited: outside the scope this audit states (audited_clauses / audited_departments); "
        "neither conforming nor a gap",
        "zh": "未审核：不在本次审核写明的范围内（审核条款/受审核部门），既不判为符合，也不记为资料未提供",
    },
    "scope_unknown_clause": {
        "en": "the audit's scope (audited_clauses) names {keys}, which the rule pack does not have: nothing was "
        "audited there; check the clause numbers",
        "zh": "审核范围（已审核条款）中的{keys}在本规则包中不存在，因此没有审核任何相应条款；请核对条款号",
    },
    "no_audit_short": {
        "en": "not stated (the dossier has no 'audit' section)",
        "zh": "未写明（证据中没有审核基本信息）",
    },
}

#: Chinese measure words for counting a section's items ("文件 12 份", "管理评审 3 次"); 项 when not listed.
#: Each section's comes from its declaration (`unit_zh`), put in while the section is in force.
SECTION_UNITS_ZH: dict[str, str] = {}

#: The auditee as the record's first rows confirm it (确认受审方名称 ...), in the record's words.
AUDITEE_LABELS: dict[str, dict[str, str]] = {
    "organization": {"en": "Organization", "zh": "确认受审方名称"},
    "registered_address": {"en": "Registered address", "zh": "注册地址"},
    "office_address": {"en": "Office address", "zh": "办公地址"},
    "business_address": {"en": "Business address", "zh": "经营地址"},
    "sites": {"en": "Sites", "zh": "审核场所"},
    "qualification": {"en": "Qualification check", "zh": "资质确认"},
    "scope": {"en": "Audit scope", "zh": "审核范围"},
    "standard": {"en": "Standard", "zh": "审核准则"},
    "top_management": {"en": "Top management", "zh": "总经理"},
    "management_representative": {"en": "Management representative", "zh": "管理者代表"},
    "changes": {"en": "Changes to the system", "zh": "体系变化"},
}


def t(key: str, lang: Lang, **fields: str) -> str:
    text = UI[key][lang]
    return text.format(**fields) if fields else text


def label(table: dict[str, dict[str, str]], key: str, lang: Lang) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry[lang]


#: The 判定 column of the audit record (审核记录表): the short words an auditor writes there.
AUDIT_TYPE_LABELS: dict[str, dict[str, str]] = labels(AUDIT_TYPES)

#: Fixed wording of the Word audit record (``--format docx``), laid out like the 管理体系审核记录表.
RECORD: dict[str, dict[str, str]] = {
    "title": {"en": "Management system audit record", "zh": "管理体系审核记录表"},
    "col_process": {"en": "Process and activity, sampling plan", "zh": "过程与活动、抽样计划"},
    "col_clause": {"en": "Clause", "zh": "涉及条款"},
    "col_judgment": {"en": "Judgment", "zh": "判定"},
    "department": {"en": "Department audited: ", "zh": "受审核部门："},
    "escorts": {"en": "Manager / escort: ", "zh": "主管领导/陪同人员："},
    "auditors": {"en": "Auditor: ", "zh": "审核员："},
    "date": {"en": "Audit date: ", "zh": "审核时间："},
    "topics": {"en": "Audit topics and clauses: ", "zh": "审核条款："},
    "all_clauses": {
        "en": "all clauses of the rule pack (no audit plan supplied)",
        "zh": "规则包全部条款（未提供审核计划）",
    },
    "topic_sep": {"en": "; ", "zh": "；"},
    "clause_sep": {"en": ", ", "zh": "，"},
    "name_sep": {"en": ", ", "zh": "、"},
    "audit_type": {"en": "Audit type", "zh": "审核类型"},
    "intro": {
        "en": "The Judgment column holds the judgment clausewise suggests from the evidence supplied, and the "
        "evidence column the findings and missing evidence behind it. The auditor checks each row and edits "
        "the text and the judgment in this table. “Rules checked” counts the items the rules read, which is "
        "not proof that they are adequate.",
        "zh": "“判定”栏为 clausewise 依据所提供证据给出的建议判定，证据栏列出其依据的发现和缺少的证据。"
        "“规则检查了”为规则读取的证据项数量，不证明其充分。审核员逐行核实后，可直接在本表中修改描述和判定。",
    },
    "rules_clean": {
        "en": "Evaluated on the supplied evidence without a finding (rules {rules}); the result does not record "
        "which items they read.",
        "zh": "已在所提供的证据上评价，未发现问题（规则 {rules}）；结果未记录规则读取的具体证据项。",
    },
    "rules_clean_checked": {
        "en": "Evaluated on the supplied evidence without a finding (rules {rules}). The items below are what "
        "the rules examined, not proof that they are adequate.",
        "zh": "已在所提供的证据上评价，未发现问题（规则 {rules}）。以下为规则检查的证据项，不证明其充分。",
    },
    "rules_clean_context": {
        "en": "Evaluated without a finding (rules {rules}); the rules read only the audit context, no evidence items.",
        "zh": "已评价，未发现问题（规则 {rules}）；规则只读取了审核基本信息，未读取证据项。",
    },
    "to_fill": {"en": "(for the auditor to fill in)", "zh": "（由审核员填写）"},
    "no_rules": {
        "en": "No rules for this clause yet: not judged. For the auditor to fill in.",
        "zh": "本条款尚无规则，未作判定，由审核员填写。",
    },
    "nothing_known": {
        "en": "No finding and no evidence recorded for this clause.",
        "zh": "本条款无发现，也无记录的证据。",
    },
    "not_in_pack": {"en": "Not a clause of the rule pack.", "zh": "规则包中无此条款。"},
    "exclusion": {"en": "Not applicable (4.3): ", "zh": "不适用理由（4.3）："},
    "in_clause": {"en": " — clause {clause}", "zh": " —— 条款 {clause}"},
    "footer": {
        "en": "clausewise · Management system audit record · page ",
        "zh": "clausewise · 管理体系审核记录表 · 第 ",
    },
    "footer_end": {"en": "", "zh": " 页"},
}


#: Words of the HTML report (headings, filter, summary tables).
REPORT_LABELS: dict[str, dict[str, str]] = {
    "report": {"en": "Audit evidence assessment", "zh": "审核证据评价报告"},
    "show": {"en": "Show", "zh": "显示"},
    "all": {"en": "everything", "zh": "全部"},
    "only_n": {"en": "only N", "zh": "仅不符合"},
    "only_o": {"en": "only O", "zh": "仅观察项"},
    "only_gaps": {"en": "only missing evidence", "zh": "仅资料未提供"},
    "clause_tree": {"en": "Clauses", "zh": "条款"},
    "clauses_by_judgment": {"en": "Clauses by judgment", "zh": "各判定条款数"},
    "finding_counts": {"en": "Findings", "zh": "发现数"},
    "N_major": {"en": "N major", "zh": "严重不符合"},
    "N_minor": {"en": "N minor", "zh": "一般不符合"},
    "O": {"en": "observations", "zh": "观察项"},
    "review": labels(REPORT_TERMS)["review"],
    "gaps": labels(REPORT_TERMS)["gaps"],
    "pack_digest": {"en": "Pack digest", "zh": "规则包摘要"},
    "evidence_digest": {"en": "Evidence digest", "zh": "证据摘要"},
    "files": {"en": "Files", "zh": "文件"},
    "tool": {"en": "Tool", "zh": "工具"},
    "missing_sections": {"en": "missing sections", "zh": "未提供的资料部分"},
    "missing_fields": {"en": "missing fields", "zh": "未填写的项目"},
    "supply": labels(REPORT_TERMS)["supply"],
    "message": {"en": "finding", "zh": "发现"},
    "exclusion": labels(REPORT_TERMS)["exclusion"],
    "no_findings": {"en": "no findings or gaps", "zh": "无发现，资料齐全"},
    "checked_note": {
        "en": "The supplied items the clause's rules read: what they examined, not proof that it is adequate.",
        "zh": "本条款规则读取的所提供证据项：仅为规则检查的范围，不证明其充分。",
    },
}
