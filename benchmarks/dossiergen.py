"""Deterministic synthetic dossiers for the benchmark: a valid ``audit`` section plus a realistic mix of evidence.

``generate(n_facts, seed)`` returns plain data (the YAML a user would write) that yields exactly ``n_facts``
facts once loaded (``dossier_facts``) for n_facts >= 40; ``write(path, data)`` dumps it as one YAML file.

The mix is shaped like a mid-size certified organisation's records, scaled: people and documents, contracts,
service records and releases dominate; objectives carry monthly/quarterly results and internal audits carry
auditor-department assignments (both become child facts). About one item in ten is deliberately defective
(missing root cause, overdue calibration, unanswered complaint, auditor auditing their own department, stale
management reviews, ...), so a rule pack has something to find. Names are unique, so name joins are 1:1.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

AUDIT_DATE = dt.date(2024, 11, 20)

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞云峰建国志文斌海波宁亮婷雪琳晨浩宇欣然博")
DEPT_BASE = [
    "管理层",
    "技术部",
    "质量部",
    "销售部",
    "采购部",
    "生产部",
    "人事行政部",
    "财务部",
    "运维部",
    "研发部",
    "客服部",
    "仓储部",
]
MR_INPUTS = [
    "previous_actions",
    "changes_in_issues",
    "customer_satisfaction",
    "objectives",
    "process_performance",
    "nonconformities",
    "monitoring_results",
    "audit_results",
    "external_providers",
    "resources",
    "risk_actions",
    "improvement",
]
CLAUSES = [
    "4.1",
    "5.3",
    "6.1.2",
    "6.2.1",
    "7.1.5.1",
    "7.2",
    "7.5.3.1",
    "8.2.3.1",
    "8.4.1",
    "8.5.1",
    "8.6",
    "8.7.1",
    "9.1.2",
    "9.2.2",
    "9.3.2",
    "10.2.1",
]
CUSTOMERS = [
    "北京市朝阳区卫生健康委员会",
    "中粮集团有限公司",
    "北京首都机场股份有限公司",
    "国家电网北京分公司",
    "华润万家有限公司",
    "Acme Logistics Ltd",
    "北京地铁运营有限公司",
    "中国农业银行北京分行",
    "京东物流",
    "顺丰速运",
]
SYSTEMS = ["食品追溯平台", "冷链监控系统", "ERP 接口", "移动巡检 App", "数据中台", "OA 审批流"]
INSTRUMENTS = ["温湿度记录仪", "游标卡尺", "网络测试仪", "万用表", "电子秤", "压力表", "性能测试软件", "扭力扳手"]
PROCESS_NAMES = [
    "合同评审",
    "需求分析",
    "软件设计",
    "编码实现",
    "测试验证",
    "部署上线",
    "运维服务",
    "采购控制",
    "人员培训",
    "文件控制",
    "内部审核",
    "管理评审",
    "不合格控制",
    "纠正措施",
    "顾客满意度测量",
]


def _d(days_before: int) -> dt.date:
    return AUDIT_DATE - dt.timedelta(days=days_before)


class _Names:
    """Unique three-character Chinese personal names (surname + two given characters), in random order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def take(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)
            if name not in self.used:
                self.used.add(name)
                return name


#: section -> (share of all facts, facts per item). Service records take whatever is left.
MIX: dict[str, tuple[float, int]] = {
    "people": (0.10, 1),
    "departments": (0.01, 1),
    "processes": (0.015, 1),
    "documents": (0.10, 1),
    "policies": (0.0005, 1),
    "legal_requirements": (0.02, 1),
    "context_issues": (0.01, 1),
    "interested_parties": (0.008, 1),
    "risks": (0.03, 1),
    "objectives": (0.08, 5),  # 1 objective + 4 quarterly results
    "changes": (0.01, 1),
    "resources": (0.01, 1),
    "measuring_resources": (0.03, 1),
    "satisfaction_surveys": (0.01, 1),
    "audit_programmes": (0.002, 1),
    "internal_audits": (0.05, 5),  # 1 audit + 4 assignments
    "management_reviews": (0.01, 1),
    "nonconformities": (0.06, 1),
    "previous_audit_findings": (0.01, 1),
    "complaints": (0.04, 1),
    "regulatory_checks": (0.005, 1),
    "certificate_uses": (0.005, 1),
    "incidents": (0.005, 1),
    "design_projects": (0.01, 1),
    "contracts": (0.05, 1),
    "releases": (0.12, 1),
}
AUDIT_FACTS = 2  # the audit fact and its one exclusion
#: Upper bounds for records made per period (see generate()).
PER_PERIOD_CAPS: dict[str, int] = {
    "management_reviews": 4,
    "internal_audits": 12,
    "audit_programmes": 3,
    "satisfaction_surveys": 8,
    "policies": 2,
    "previous_audit_findings": 10,
    "nonconformities": 120,
}


def generate(n_facts: int, seed: int = 20241120, *, capped: bool = True) -> dict[str, Any]:
    """The dossier data; ``capped=False`` lets per-period records grow with the size too (a stress test)."""
    rng = random.Random(seed * 1_000_003 + n_facts)
    names = _Names(rng)
    # Sections with a share of at least 1% get at least one item; rarer ones may be supplied empty ("none").
    counts = {s: max(int(share >= 0.01), round(n_facts * share / per)) for s, (share, per) in MIX.items()}
    # Records made per period do not grow with the size of the organisation's evidence: a dossier covers
    # a few years, with one management review and a handful of internal audits and surveys a year. Letting
    # them grow with the fact count would benchmark rules that compare such records pairwise (the gap
    # between consecutive management reviews, recurrence of nonconformities on one clause) on data no
    # audit has, and make the cost look quadratic.
    # ``capped=False`` keeps the proportional counts: a stress test of those pairwise rules.
    for section, cap in PER_PERIOD_CAPS.items() if capped else ():
        counts[section] = min(counts[section], cap)
    used = AUDIT_FACTS + sum(counts[s] * MIX[s][1] for s in MIX)
    counts["service_records"] = max(1, n_facts - used)
    g = _Gen(rng, names, counts)
    data: dict[str, Any] = {"audit": g.audit()}
    for section in [*MIX, "service_records"]:
        make: Callable[[int], dict[str, Any]] = getattr(g, section)
        data[section] = [make(i) for i in range(counts[section])]
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(text, encoding="utf-8")


class _Gen:
    def __init__(self, rng: random.Random, names: _Names, counts: dict[str, int]) -> None:
        self.r = rng
        self.counts = counts
        n_dept = counts["departments"]
        self.depts = [
            DEPT_BASE[i] if i < len(DEPT_BASE) else f"{DEPT_BASE[i % len(DEPT_BASE)]}{i // len(DEPT_BASE) + 1}分部"
            for i in range(n_dept)
        ]
        self.staff = [names.take() for _ in range(counts["people"])]
        # Everyone belongs to a department; the first person of each department heads it.
        self.dept_of = {p: self.depts[i % n_dept] for i, p in enumerate(self.staff)}
        self.auditors = [p for i, p in enumerate(self.staff) if i % 9 == 4] or self.staff[:1]
        self.top = self.staff[0]
        self.mr = self.staff[1 % len(self.staff)]

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def person(self) -> str:
        return self.r.choice(self.staff)

    def dept(self) -> str:
        return self.r.choice(self.depts)

    def src(self, what: str, i: int) -> str:
        return f"{what} 第{i // 20 + 1}页 第{i % 20 + 1}行"

    # --- audit -----------------------------------------------------------------------------------------------

    def audit(self) -> dict[str, Any]:
        return {
            "organization": "中食互联（北京）科技有限公司",
            "date": AUDIT_DATE,
            "end_date": AUDIT_DATE + dt.timedelta(days=1),
            "type": "surveillance",
            "standard": "ISO 9001:2015",
            "edition": "GB/T 19001-2016",
            "scope": "基础软件服务；信息系统集成和运维服务",
            "departments": self.depts[: min(len(self.depts), 12)],
            "sites": ["北京市朝阳区东土城路8号林达大厦A座14E"],
            "exclusions": [
                {"clause": "8.5.3", "justification": "不接收顾客或外部供方的财产", "source": "质量手册 4.3"}
            ],
            "auditors": ["朱晓丽", "陈建华"],
            "top_management": [self.top],
            "management_representative": self.mr,
            "previous_audit_date": dt.date(2023, 11, 16),
            "certificate": {
                "number": "00122Q31234R1M",
                "issued_on": dt.date(2022, 12, 1),
                "expires_on": dt.date(2025, 11, 30),
                "scope": "基础软件服务",
            },
            "registered_address": "北京市房山区良乡凯旋大街建设路18号-D5689",
            "office_address": "北京市朝阳区东土城路8号林达大厦A座14E",
            "source": "管理体系审核记录表 表头",
        }

    # --- organisation --------------------------------------------------------------------------------------

    def people(self, i: int) -> dict[str, Any]:
        name = self.staff[i]
        item: dict[str, Any] = {
            "id": f"P{i + 1:05d}",
            "name": name,
            "department": self.dept_of[name],
            "position": self.r.choice(["工程师", "高级工程师", "项目经理", "专员", "主管", "经理", "技术员"]),
            "education": self.r.choice(["本科", "硕士", "大专", "博士"]),
            "training_records": [f"TR-{i + 1:05d}-{k}" for k in range(self.r.randint(0, 3))],
            "responsibilities": self.r.sample(["文件控制", "质量检验", "客户服务", "设备维护", "数据分析"], 2),
            "source": self.src("人员花名册", i),
        }
        if name == self.top:
            item["top_management"] = True
            item["position"] = "总经理"
        if name in self.auditors:
            item["internal_auditor"] = True
            # Defect: one auditor in eight has no appointment date.
            if not self.chance(0.125):
                item["auditor_appointed_on"] = _d(self.r.randint(400, 2000))
        if not item["training_records"]:
            del item["training_records"]
        return item

    def departments(self, i: int) -> dict[str, Any]:
        name = self.depts[i]
        heads = [p for p in self.staff if self.dept_of[p] == name]
        return {
            "id": f"D{i + 1:03d}",
            "name": name,
            "head": heads[0] if heads else self.top,
            "responsibilities": self.r.sample(["产品实现", "质量控制", "顾客沟通", "采购", "人力资源", "基础设施"], 3),
            "accompanied_by": self.person(),
            "audited_clauses": self.r.sample(CLAUSES, 4),
            "source": f"部门职责 {name}",
        }

    def processes(self, i: int) -> dict[str, Any]:
        return {
            "id": f"PR{i + 1:04d}",
            "name": PROCESS_NAMES[i % len(PROCESS_NAMES)] + ("" if i < len(PROCESS_NAMES) else f"（{self.dept()}）"),
            "owner": self.person(),
            "department": self.dept(),
            "inputs": ["顾客要求", "合同"],
            "outputs": ["交付物", "记录"],
            "criteria": ["一次交付合格率≥95%"] if not self.chance(0.1) else [],
            "steps": ["策划", "实施", "检查", "改进"],
            "outsourced": self.chance(0.05),
        }

    def documents(self, i: int) -> dict[str, Any]:
        kind = self.r.choice(["procedure", "instruction", "form", "record", "plan", "manual", "external"])
        suffix = {"procedure": "控制程序", "instruction": "作业指导书"}.get(kind, "记录表")
        item: dict[str, Any] = {
            "id": f"DOC-{i + 1:05d}",
            "title": f"{self.r.choice(PROCESS_NAMES)}{suffix}",
            "type": kind,
            "number": f"ZS/QP-{i + 1:04d}",
            "revision": self.r.choice(["A/0", "A/1", "B/0", "B/2"]),
            "prepared_by": self.person(),
            "approved_by": self.top,
            "approved_on": _d(self.r.randint(30, 1500)),
            "controlled": True,
            "clauses": self.r.sample(CLAUSES, 2),
            "source": self.src("受控文件清单", i),
        }
        item["effective_on"] = item["approved_on"] + dt.timedelta(days=self.r.randint(0, 10))
        if self.chance(0.08):  # defect: not approved
            del item["approved_by"], item["approved_on"]
        elif self.chance(0.04):  # defect: effective before approval
            item["effective_on"] = item["approved_on"] - dt.timedelta(days=5)
        if self.chance(0.03):
            item["controlled"] = False
        return item

    def policies(self, i: int) -> dict[str, Any]:
        return {
            "id": f"POL{i + 1}",
            "text": "以顾客为中心，持续改进，满足法律法规要求，为顾客提供安全可靠的软件服务。",
            "approved_by": self.top,
            "approved_on": dt.date(2021, 3, 1),
            "document": "DOC-00001",
            "communicated_via": ["宣贯培训", "公司网站"],
            "commitments": ["requirements", "continual_improvement"]
            if i % 2
            else ["requirements", "continual_improvement", "framework_for_objectives"],
        }

    def legal_requirements(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": f"LR{i + 1:04d}",
            "title": self.r.choice(
                [
                    "中华人民共和国网络安全法",
                    "中华人民共和国数据安全法",
                    "中华人民共和国个人信息保护法",
                    "GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求",
                    "中华人民共和国食品安全法",
                ]
            ),
            "type": self.r.choice(["law", "regulation", "national_standard"]),
            "communicated_on": _d(self.r.randint(30, 700)),
            "complied": not self.chance(0.05),
        }
        return item

    def context_issues(self, i: int) -> dict[str, Any]:
        return {
            "id": f"CI{i + 1:04d}",
            "description": self.r.choice(
                ["行业竞争加剧", "核心技术人员流失风险", "客户数字化需求增长", "数据安全监管趋严"]
            ),
            "type": self.r.choice(["internal", "external"]),
            "reviewed_on": _d(self.r.randint(10, 500)),
            "climate_related": self.chance(0.1),
        }

    def interested_parties(self, i: int) -> dict[str, Any]:
        return {
            "id": f"IP{i + 1:04d}",
            "name": self.r.choice([*CUSTOMERS, "员工", "供方", "监管部门", "股东"]),
            "needs": ["按时交付", "数据安全"],
            "monitored_via": ["满意度调查"],
            "reviewed_on": _d(self.r.randint(10, 500)),
        }

    def risks(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": f"RK{i + 1:04d}",
            "description": self.r.choice(
                ["服务器宕机导致服务中断", "需求理解偏差", "关键供方交付延迟", "新市场拓展机遇"]
            ),
            "type": "opportunity" if self.chance(0.2) else "risk",
            "actions": ["双机热备", "定期演练"],
            "owner": self.person(),
        }
        if not self.chance(0.15):  # defect: effectiveness never evaluated
            item["effectiveness_evaluated_on"] = _d(self.r.randint(10, 300))
            item["effectiveness_method"] = "季度评审"
        return item

    def objectives(self, i: int) -> dict[str, Any]:
        dept = self.dept()
        target = self.r.choice([90.0, 95.0, 98.0])
        item: dict[str, Any] = {
            "id": f"OBJ{i + 1:04d}",
            "name": self.r.choice(["顾客满意度", "一次交付合格率", "项目按期交付率", "系统可用率", "投诉处理及时率"]),
            "level": "department",
            "department": dept,
            "formula": "达标数/总数×100%",
            "target": f"≥{target:g}%",
            "target_value": target,
            "comparison": ">=",
            "unit": "%",
            "owner": self.person(),
            "plan": "每季度统计，未达标时分析原因并采取措施",
            "results": [
                {
                    "period": f"2024Q{q}",
                    "value": round(self.r.uniform(target - 6, 100), 1),
                    "source": f"目标考核表 2024Q{q}",
                }
                for q in range(1, 5)
            ],
        }
        for res in item["results"]:
            res["achieved"] = res["value"] >= target
        if self.chance(0.1):  # defect: no plan to achieve it
            del item["plan"]
        if self.chance(0.05):  # defect: not measurable
            del item["target_value"], item["comparison"], item["formula"]
        return item

    def changes(self, i: int) -> dict[str, Any]:
        planned = not self.chance(0.2)
        item: dict[str, Any] = {
            "id": f"CH{i + 1:04d}",
            "description": self.r.choice(["组织机构调整", "认证范围变更", "办公地址迁移", "新增运维服务"]),
            "date": _d(self.r.randint(30, 400)),
            "type": self.r.choice(["organization", "scope", "site", "process"]),
            "planned": planned,
            "impact_assessed": planned and not self.chance(0.1),
        }
        if planned:
            item["planned_on"] = item["date"] - dt.timedelta(days=self.r.randint(5, 60))
            item["approved_by"] = self.top
        return item

    def resources(self, i: int) -> dict[str, Any]:
        return {
            "id": f"RS{i + 1:04d}",
            "type": self.r.choice(["people", "infrastructure", "environment", "finance"]),
            "description": self.r.choice(["服务器集群", "办公场所", "研发人员", "年度预算"]),
            "quantity": float(self.r.randint(1, 200)),
            "adequate": not self.chance(0.05),
        }

    def measuring_resources(self, i: int) -> dict[str, Any]:
        required = self.chance(0.7)
        item: dict[str, Any] = {
            "id": f"MR-EQ{i + 1:04d}",
            "name": f"{self.r.choice(INSTRUMENTS)} #{i + 1}",
            "type": "software" if self.chance(0.2) else "instrument",
            "calibration_required": required,
            "used_on": _d(self.r.randint(1, 60)),
        }
        if required:
            cal = _d(self.r.randint(30, 340))
            item["calibrated_on"] = cal
            item["calibration_due"] = cal + dt.timedelta(days=365)
            if self.chance(0.1):  # defect: calibration overdue at the audit / when used
                item["calibration_due"] = _d(self.r.randint(5, 90))
        else:
            item["fitness_confirmed_on"] = _d(self.r.randint(10, 300))
            item["fitness_evidence"] = "比对测试记录"
        return item

    def satisfaction_surveys(self, i: int) -> dict[str, Any]:
        return {
            "id": f"SS{i + 1:04d}",
            "date": _d(60 + 90 * (i % 12)),
            "method": "问卷调查",
            "respondents": f"{self.r.randint(8, 60)}家顾客",
            "topics": ["质量", "交付", "服务"],
            "score": round(self.r.uniform(85, 99), 1),
            "target": 90.0,
            "analysed": not self.chance(0.1),
        }

    def audit_programmes(self, i: int) -> dict[str, Any]:
        return {
            "id": f"AP{i + 1:03d}",
            "title": f"{2024 - i}年度内部审核方案",
            "year": 2024 - i,
            "frequency": "每年一次",
            "covers": self.depts[:12],
            "approved_by": self.top,
            "approved_on": dt.date(2024 - i, 1, 10),
        }

    def internal_audits(self, i: int) -> dict[str, Any]:
        date = _d(40 + 30 * (i % 60) + self.r.randint(0, 20))
        depts = self.r.sample(self.depts, min(4, len(self.depts)))
        while len(depts) < 4:
            depts.append(self.dept())
        assignments = []
        for k, dept in enumerate(depts):
            candidates = [a for a in self.auditors if self.dept_of[a] != dept] or self.auditors
            auditor = self.r.choice(candidates)
            if self.chance(0.08):  # defect: auditor audits their own department
                own = [a for a in self.auditors if self.dept_of[a] == dept]
                auditor = own[0] if own else auditor
            assignments.append(
                {"auditor": auditor, "department": dept, "source": f"内审计划 IA{i + 1:04d} 第{k + 1}行"}
            )
        item: dict[str, Any] = {
            "id": f"IA{i + 1:04d}",
            "date": date,
            "programme": f"AP{1 + (AUDIT_DATE.year - date.year) % max(1, self.counts['audit_programmes']):03d}",
            "auditors": sorted({a["auditor"] for a in assignments}),
            "audited_departments": depts,
            "assignments": assignments,
            "nonconformities_found": self.r.randint(0, 4),
            "records": [f"内审检查表 IA{i + 1:04d}"],
        }
        if not self.chance(0.1):  # defect: no report
            item["report_date"] = date + dt.timedelta(days=self.r.randint(1, 14))
        return item

    def management_reviews(self, i: int) -> dict[str, Any]:
        # Defect by design: the newest review is 14 months before the audit, so "no review within 12 months" fires.
        date = _d(425 + 182 * i + self.r.randint(0, 20))
        inputs = list(MR_INPUTS)
        if self.chance(0.3):  # defect: inputs missing
            for drop in self.r.sample(MR_INPUTS, self.r.randint(1, 3)):
                inputs.remove(drop)
        item: dict[str, Any] = {
            "id": f"MRV{i + 1:04d}",
            "date": date,
            "chaired_by": self.top,
            "attendees": [self.top, self.mr, *self.r.sample(self.staff, min(4, len(self.staff)))],
            "inputs": inputs,
            "outputs": ["改进机会", "体系变更需求", "资源需求"],
            "conclusion": "质量管理体系持续适宜、充分、有效",
            "records": [f"管理评审报告 {date.year}"],
        }
        if self.chance(0.1):  # defect: chaired by someone outside top management
            item["chaired_by"] = self.mr
        return item

    def nonconformities(self, i: int) -> dict[str, Any]:
        raised = _d(self.r.randint(20, 700))
        item: dict[str, Any] = {
            "id": f"NC{i + 1:05d}",
            "raised_on": raised,
            "origin": self.r.choice(["internal_audit", "external_audit", "complaint", "process", "product"]),
            "clause": self.r.choice(CLAUSES),
            "grade": "major" if self.chance(0.1) else "minor",
            "description": self.r.choice(
                [
                    "未按规定进行合同评审",
                    "测试记录缺少签字",
                    "培训记录不完整",
                    "供方评价未按期进行",
                    "监视测量设备未校准",
                    "文件版本未受控",
                ]
            ),
            "correction": "已补充记录",
            "root_cause": "人员对程序要求理解不足",
            "corrective_action": "组织相关人员重新培训并修订程序",
            "due_on": raised + dt.timedelta(days=30),
            "source": self.src("不符合报告", i),
        }
        roll = self.r.random()
        if roll < 0.08:  # defect: no root cause analysis
            del item["root_cause"]
        elif roll < 0.16:  # defect: overdue and still open
            item["due_on"] = _d(self.r.randint(10, 100))
            item["raised_on"] = item["due_on"] - dt.timedelta(days=30)
            return item
        implemented = item["due_on"] - dt.timedelta(days=self.r.randint(0, 20))
        if implemented <= AUDIT_DATE:
            item["implemented_on"] = implemented
            if self.r.random() < 0.9:  # otherwise, defect: closed without verifying effectiveness
                item["effectiveness_verified_on"] = implemented + dt.timedelta(days=self.r.randint(7, 30))
                item["effectiveness_verified"] = True
            item["closed_on"] = implemented + dt.timedelta(days=31)
        return item

    def previous_audit_findings(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": f"PAF{i + 1:03d}",
            "clause": self.r.choice(CLAUSES),
            "grade": self.r.choice(["minor", "observation"]),
            "description": "上次审核发现：放行记录不完整",
            "raised_on": dt.date(2023, 11, 16),
            "corrective_action": "完善放行记录模板",
        }
        if not self.chance(0.2):  # defect: not verified
            item["verified_on"] = dt.date(2024, 1, 15)
            item["verified_effective"] = True
        return item

    def complaints(self, i: int) -> dict[str, Any]:
        received = _d(self.r.randint(5, 700))
        item: dict[str, Any] = {
            "id": f"CP{i + 1:05d}",
            "received_on": received,
            "customer": self.r.choice(CUSTOMERS),
            "description": self.r.choice(["系统响应缓慢", "数据同步失败", "现场服务不及时", "报表错误"]),
            "source": self.src("顾客投诉登记表", i),
        }
        if not self.chance(0.1):  # defect: never answered
            item["responded_on"] = received + dt.timedelta(days=self.r.randint(0, 5))
            if item["responded_on"] + dt.timedelta(days=10) <= AUDIT_DATE:
                item["closed_on"] = item["responded_on"] + dt.timedelta(days=10)
        return item

    def regulatory_checks(self, i: int) -> dict[str, Any]:
        failed = self.chance(0.1)
        item: dict[str, Any] = {
            "id": f"RC{i + 1:03d}",
            "date": _d(self.r.randint(20, 700)),
            "authority": "北京市市场监督管理局",
            "result": "failed" if failed else "passed",
        }
        if failed and self.chance(0.5):
            item["follow_up"] = "已整改并复查通过"
        return item

    def certificate_uses(self, i: int) -> dict[str, Any]:
        return {
            "id": f"CU{i + 1:03d}",
            "description": "投标文件中使用认证证书复印件",
            "where": "投标文件",
            "compliant": not self.chance(0.1),
        }

    def incidents(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": f"INC{i + 1:03d}",
            "date": _d(self.r.randint(20, 700)),
            "description": "服务中断超过4小时",
            "severity": "major" if self.chance(0.1) else "minor",
        }
        if self.chance(0.8):
            item["reported_to"] = "认证机构"
        return item

    def design_projects(self, i: int) -> dict[str, Any]:
        start = _d(self.r.randint(120, 900))

        def step(k: int) -> dt.date:
            return start + dt.timedelta(days=10 * k)

        item: dict[str, Any] = {
            "id": f"DP{i + 1:04d}",
            "name": f"{self.r.choice(SYSTEMS)}项目 {i + 1}",
            "customer": self.r.choice(CUSTOMERS),
            "manager": self.person(),
            "team": self.r.sample(self.staff, min(3, len(self.staff))),
            "plan_on": step(0),
            "plan_by": self.person(),
            "inputs": ["用户需求说明书"],
            "inputs_on": step(1),
            "outputs": ["设计说明书", "源代码"],
            "outputs_on": step(4),
            "outputs_by": self.person(),
            "review_on": step(5),
            "review_result": "通过",
            "verification_on": step(7),
            "verification_method": "系统测试",
            "verification_by": [self.person()],
            "verification_result": "通过",
            "validation_on": step(9),
            "validation_method": "用户试运行",
            "validation_by": [self.person()],
            "validation_result": "满足预期用途",
            "released_on": step(10),
        }
        if self.chance(0.08):  # defect: validated before verification
            item["validation_on"] = step(6)
        if self.chance(0.05):  # defect: released without validation
            for k in ("validation_on", "validation_method", "validation_by", "validation_result"):
                del item[k]
        return item

    def contracts(self, i: int) -> dict[str, Any]:
        signed = _d(self.r.randint(10, 900))
        item: dict[str, Any] = {
            "id": f"CT{i + 1:05d}",
            "customer": self.r.choice(CUSTOMERS),
            "subject": f"{self.r.choice(SYSTEMS)}运维服务合同",
            "signed_on": signed,
            "reviewed_on": signed - dt.timedelta(days=self.r.randint(1, 10)),
            "starts_on": signed + dt.timedelta(days=7),
            "ends_on": signed + dt.timedelta(days=372),
        }
        if self.chance(0.07):  # defect: reviewed after signing
            item["reviewed_on"] = signed + dt.timedelta(days=self.r.randint(1, 20))
        elif self.chance(0.04):  # defect: never reviewed
            del item["reviewed_on"]
        return item

    def releases(self, i: int) -> dict[str, Any]:
        date = _d(self.r.randint(1, 700))
        item: dict[str, Any] = {
            "date": date,
            "item": f"{self.r.choice(SYSTEMS)} v{self.r.randint(1, 9)}.{self.r.randint(0, 20)}.{i % 100}",
            "released_by": self.person(),
            "verified_on": date - dt.timedelta(days=self.r.randint(0, 3)),
            "criteria": "测试用例全部通过，无A类缺陷",
            "result": "pass",
            "source": self.src("发布记录", i),
        }
        roll = self.r.random()
        if roll < 0.04:  # defect: released although it failed
            item["result"] = "fail"
        elif roll < 0.08:  # defect: no verification before release
            del item["verified_on"]
        elif roll < 0.10:
            item["result"] = "concession"
        return item

    def service_records(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "date": _d(self.r.randint(1, 700)),
            "customer": self.r.choice(CUSTOMERS),
            "system": self.r.choice(SYSTEMS),
            "reason": self.r.choice(["例行巡检", "故障处理", "版本升级", "数据备份检查"]),
            "description": "检查系统运行状态，处理告警，记录日志",
            "performed_by": self.person(),
            "signed_by": self.r.choice(["客户代表", "项目经理"]),
            "source": self.src("运维服务记录", i),
        }
        if not self.chance(0.06):  # defect: customer did not sign / nobody checked
            item["checked_by"] = self.person()
        if i % 7 == 0:
            item["record_verdict"] = "Y"
        return item
