"""Fixed wording of the tool in English and Simplified Chinese (rule text lives in the packs)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]

JUDGMENT_LABELS: dict[str, dict[str, str]] = {
    "C": {"en": "conforming", "zh": "符合"},
    "N": {"en": "nonconforming", "zh": "不符合"},
    "O": {"en": "observation", "zh": "观察项"},
    "NA": {"en": "not applicable", "zh": "不适用"},
    "insufficient_evidence": {"en": "insufficient evidence", "zh": "证据不足"},
    "needs_review": {"en": "needs review", "zh": "需人工评审"},
    "not_assessed": {"en": "not assessed (no rules)", "zh": "未评价（无规则）"},
}

FINDING_LABELS: dict[str, dict[str, str]] = {
    "N": {"en": "nonconformity", "zh": "不符合"},
    "O": {"en": "observation", "zh": "观察项"},
    "review": {"en": "review prompt", "zh": "评审提示"},
    "NA": {"en": "not applicable: the condition does not arise", "zh": "不适用：条件不存在"},
}

GRADE_LABELS: dict[str, dict[str, str]] = {
    "major": {"en": "major", "zh": "严重"},
    "minor": {"en": "minor", "zh": "一般"},
}

SECTION_TITLES: dict[str, dict[str, str]] = {
    "audit": {"en": "audit context", "zh": "审核基本信息"},
    "people": {"en": "people", "zh": "人员"},
    "departments": {"en": "departments", "zh": "部门"},
    "processes": {"en": "processes", "zh": "过程"},
    "documents": {"en": "documents", "zh": "文件"},
    "policies": {"en": "quality policy", "zh": "质量方针"},
    "legal_requirements": {"en": "legal and other requirements", "zh": "法律法规及其他要求"},
    "context_issues": {"en": "internal and external issues", "zh": "内外部因素"},
    "interested_parties": {"en": "interested parties", "zh": "相关方"},
    "risks": {"en": "risks and opportunities", "zh": "风险和机遇"},
    "objectives": {"en": "quality objectives", "zh": "质量目标"},
    "changes": {"en": "changes", "zh": "变更"},
    "resources": {"en": "resources", "zh": "资源"},
    "measuring_resources": {"en": "monitoring and measuring resources", "zh": "监视和测量资源"},
    "competence_records": {"en": "competence and training records", "zh": "能力和培训记录"},
    "infrastructure": {"en": "infrastructure and its maintenance", "zh": "基础设施及其维护"},
    "environment_checks": {"en": "process environment checks", "zh": "过程运行环境检查"},
    "knowledge": {"en": "organizational knowledge", "zh": "组织的知识"},
    "communications": {"en": "communication plan", "zh": "沟通计划"},
    "satisfaction_surveys": {"en": "customer satisfaction surveys", "zh": "顾客满意度调查"},
    "audit_programmes": {"en": "internal audit programmes", "zh": "内部审核方案"},
    "internal_audits": {"en": "internal audits", "zh": "内部审核"},
    "management_reviews": {"en": "management reviews", "zh": "管理评审"},
    "nonconformities": {"en": "nonconformities and corrective actions", "zh": "不合格和纠正措施"},
    "previous_audit_findings": {"en": "findings of the previous external audit", "zh": "上次审核不符合项"},
    "complaints": {"en": "complaints", "zh": "顾客投诉"},
    "regulatory_checks": {"en": "regulatory spot checks", "zh": "监督抽查"},
    "certificate_uses": {"en": "use of certificate and marks", "zh": "认证证书和标志的使用"},
    "incidents": {"en": "incidents and accidents", "zh": "事故"},
    "design_projects": {"en": "design and development projects", "zh": "设计和开发项目"},
    "design_changes": {"en": "design and development changes", "zh": "设计和开发更改"},
    "suppliers": {"en": "external providers and their evaluations", "zh": "外部供方及其评价"},
    "customer_properties": {"en": "customer and external-provider property", "zh": "顾客或外部供方的财产"},
    "contracts": {"en": "contracts", "zh": "合同"},
    "service_records": {"en": "service and maintenance records", "zh": "服务/维护记录"},
    "releases": {"en": "release records", "zh": "放行记录"},
}

UI: dict[str, dict[str, str]] = {
    "clause": {"en": "Clause", "zh": "条款"},
    "judgment": {"en": "Judgment", "zh": "判定"},
    "title": {"en": "Title", "zh": "标题"},
    "evidence": {"en": "evidence", "zh": "证据"},
    "remedy": {"en": "would change it", "zh": "改变判定所需证据"},
    "rule": {"en": "rule", "zh": "规则"},
    "gap": {"en": "missing evidence", "zh": "缺少证据"},
    "supply": {"en": "supply the section(s): {sections}", "zh": "请提供以下证据：{sections}"},
    "state_field": {
        "en": "state {fields} (or write it as null / [] if there is none); until then this is not a finding",
        "zh": "请填写{fields}（若确实没有，请写为 null 或 []）；在此之前不构成发现",
    },
    "gap_message": {
        "en": "Rule {rule} could not be evaluated: the dossier does not supply {sections}.",
        "zh": "规则 {rule} 无法评价：证据中未提供{sections}。",
    },
    "summary": {"en": "Summary", "zh": "汇总"},
    "organization": {"en": "Organization", "zh": "受审核方"},
    "audit_date": {"en": "Audit date", "zh": "审核日期"},
    "as_of": {"en": "Judged as of", "zh": "评价基准日"},
    "pack": {"en": "Rule pack", "zh": "规则包"},
    "findings": {"en": "Findings", "zh": "发现"},
    "partial": {"en": "no rules yet for: {clauses}", "zh": "以下条款尚无规则：{clauses}"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "sep": {"en": ", ", "zh": "、"},
}


def t(key: str, lang: str, **fields: str) -> str:
    text = UI[key]["zh" if lang.startswith("zh") else "en"]
    return text.format(**fields) if fields else text


def label(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry["zh" if lang.startswith("zh") else "en"]
