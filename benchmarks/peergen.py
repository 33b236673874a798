"""Synthetic facts for the peer workload (``peers.py``): the evidence the five rules of ``peers/pack`` read.

``generate(n_facts, seed)`` returns dossier data (what a user would write) that yields exactly ``n_facts`` clausewise
facts once loaded (n_facts >= 100); ``peer_facts(data)`` turns the same data into plain records for CLIPS,
raw durable-rules and the Python baseline (dates as epoch days), so every engine gets the same facts.

Mix: people 25 %, internal-audit assignments 20 % (ten per audit, plus the audits themselves), documents
20 %, measuring resources 11 %, nonconformities 11 %, complaints the rest. About one item in ten is defective
(an explicit ``null`` where a record is missing: a field the dossier does not state is a gap, not a finding),
and one assignment in ten sends an auditor to their own department: the equality join
``audit_assignment ⋈ person`` on name and department that the benchmark is about.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import yaml

AUDIT_DATE = dt.date(2024, 11, 20)
EPOCH = dt.date(1970, 1, 1)
PER_AUDIT = 10  # assignments per internal audit
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞云峰建国志文斌海波宁亮婷雪琳晨浩宇欣然博")
DEPTS = [
    f"{base}{n}组" for base in ("技术", "质量", "销售", "采购", "生产", "运维", "研发", "客服") for n in range(1, 6)
]


def _day(offset: int) -> dt.date:
    return AUDIT_DATE + dt.timedelta(days=offset)


def generate(n_facts: int, seed: int = 1) -> dict[str, Any]:
    """Dossier data with exactly ``n_facts`` facts (the audit, every item, every assignment)."""
    if n_facts < 100:
        raise ValueError("the peer workload needs at least 100 facts")
    r = random.Random(seed * 1_000_003 + n_facts)
    n_people = n_facts // 4
    n_audits = n_facts // (5 * (PER_AUDIT + 1))
    n_docs = n_facts // 5
    n_mmr = n_nc = n_facts * 11 // 100
    n_cmp = n_facts - 1 - n_people - n_audits * (PER_AUDIT + 1) - n_docs - n_mmr - n_nc
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n_people:
        name = r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN)
        name = name if name not in seen else f"{name}{len(names)}"
        seen.add(name)
        names.append(name)
    dept_of = {name: r.choice(DEPTS) for name in names}
    people = [{"id": f"P{i:06d}", "name": name, "department": dept_of[name]} for i, name in enumerate(names)]
    audits = []
    for i in range(n_audits):
        assignments = []
        for _ in range(PER_AUDIT):
            auditor = r.choice(names)
            own = r.random() < 0.1
            dept = dept_of[auditor] if own else r.choice([d for d in DEPTS if d != dept_of[auditor]])
            assignments.append({"auditor": auditor, "department": dept})
        audits.append({"id": f"IA{i:05d}", "date": _day(-r.randint(30, 700)), "assignments": assignments})
    documents = []
    for i in range(n_docs):
        doc: dict[str, Any] = {"id": f"DOC{i:06d}", "title": f"程序文件 {i}", "approved_by": None}
        if r.random() >= 0.08:
            doc["approved_by"] = r.choice(names)
        documents.append(doc)
    resources = []
    for i in range(n_mmr):
        mmr: dict[str, Any] = {"id": f"MR{i:06d}", "name": f"游标卡尺 #{i}", "calibration_required": r.random() < 0.7}
        if mmr["calibration_required"]:
            mmr["calibration_due"] = _day(-r.randint(1, 90) if r.random() < 0.1 else r.randint(0, 330))
        resources.append(mmr)
    ncs = []
    for i in range(n_nc):
        nc: dict[str, Any] = {"id": f"NC{i:06d}", "description": "测试记录缺少签字", "root_cause": None}
        if r.random() >= 0.1:
            nc["root_cause"] = "人员对程序要求理解不足"
        ncs.append(nc)
    complaints = []
    for i in range(n_cmp):
        received = _day(-r.randint(5, 700))
        cmp: dict[str, Any] = {
            "id": f"CP{i:06d}",
            "received_on": received,
            "description": "系统响应缓慢",
            "responded_on": None,
        }
        if r.random() >= 0.1:
            cmp["responded_on"] = received + dt.timedelta(days=r.randint(0, 5))
        complaints.append(cmp)
    return {
        "audit": {"organization": "中食互联（北京）科技有限公司", "date": AUDIT_DATE, "type": "surveillance"},
        "people": people,
        "internal_audits": audits,
        "documents": documents,
        "measuring_resources": resources,
        "nonconformities": ncs,
        "complaints": complaints,
    }


def peer_facts(data: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Per kind, plain tuples of the fields the rules read (None = not stated; dates as epoch days)."""

    def days(value: dt.date | None) -> int | None:
        return None if value is None else (value - EPOCH).days

    return {
        "person": [(p["id"], p["name"], p["department"]) for p in data["people"]],
        "assignment": [
            (f"{ia['id']}/{k}", a["auditor"], a["department"])
            for ia in data["internal_audits"]
            for k, a in enumerate(ia["assignments"])
        ],
        "document": [(d["id"], d.get("approved_by")) for d in data["documents"]],
        "mmr": [
            (m["id"], m["calibration_required"], days(m.get("calibration_due"))) for m in data["measuring_resources"]
        ],
        "nc": [(n["id"], n.get("root_cause")) for n in data["nonconformities"]],
        "complaint": [(c["id"], days(c.get("responded_on"))) for c in data["complaints"]],
    }


AS_OF = (AUDIT_DATE - EPOCH).days


def write(path: Path, data: dict[str, Any]) -> None:
    """YAML (``.yaml``) or JSON (``.json``) by suffix; dates as ISO text in JSON, as YAML dates in YAML."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat(), indent=1)
    else:
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(text, encoding="utf-8")
