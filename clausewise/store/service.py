"""What the store commands do, as library calls: each write is one transaction (see :meth:`Store.write`).

Every user error is an :class:`~clausewise.errors.InputErrors` naming what was wrong and, for an unknown id,
the nearest ids that exist.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausewise.clauses import clause_sort_key
from clausewise.engine.results import Assessment, StoreRef
from clausewise.errors import InputErrors, Location, Problem
from clausewise.store.db import Store, display
from clausewise.store.decided import (
    AUDITOR_RULE,
    DecisionRecord,
    apply_decisions,
    finding_text,
    own_finding_id,
    verification_items,
)
from clausewise.store.models import AssessmentRow, Audit, DecisionRow, Organization

GRADES = {"N-major": ("N", "major"), "N-minor": ("N", "minor"), "O": ("O", None)}
"""What a finding can be regraded to, or an auditor's own finding be: ``--to`` values."""
REASON_REQUIRED = ("reject", "regrade", "add")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def nearest(wanted: str, existing: Sequence[str], n: int = 3) -> str:
    """``"; nearest: a, b"`` (or all, when few) for an error message; empty when nothing exists."""
    if not existing:
        return ""
    close = difflib.get_close_matches(wanted, list(existing), n=n, cutoff=0.0)
    return f"; nearest: {', '.join(close)}"


def parse_grade(text: str, where: Location) -> tuple[str, str | None]:
    key = text.strip().replace("/", "-").replace(" ", "-")
    for name, value in GRADES.items():
        if key.lower() == name.lower() or key.lower() == name.split("-")[-1].lower():
            return value
    raise InputErrors([Problem(where, "not a grade", field="to", expected=", ".join(GRADES), found=repr(text))])


@dataclass
class AuditInfo:
    id: int
    organization: str
    type: str
    date: str
    standard: str
    pack: str
    pack_version: str | None
    previous: int | None
    assessments: int
    decisions: int
    params: dict[str, Any] = field(default_factory=dict)


def _where(store: Store) -> Location:
    return Location(display(store.url))


def _audit(s: Session, store: Store, audit_id: int) -> Audit:
    audit = s.get(Audit, audit_id)
    if audit is None:
        ids = [str(i) for i in s.scalars(select(Audit.id).order_by(Audit.id))]
        closest = sorted(ids, key=lambda i: abs(int(i) - audit_id))[:3]
        hint = f"; nearest: {', '.join(sorted(closest, key=int))}" if closest else "; the store has no audits yet"
        raise InputErrors([Problem(_where(store), f"no audit {audit_id}{hint}")])
    return audit


def _org_name(s: Session, audit: Audit) -> str:
    org = s.get(Organization, audit.organization_id)
    return org.name if org else ""


def create_audit(
    store: Store,
    organization: str,
    *,
    type: str,
    date: dt.date,
    standard: str,
    pack: str,
    params: Mapping[str, Any],
    previous: int | None = None,
    link_previous: bool = True,
) -> AuditInfo:
    """A new audit of ``organization`` (created if new), linked to its latest earlier audit unless told."""
    from clausewise.evidence.model import AuditType

    name = organization.strip()
    if not name:
        raise InputErrors([Problem(Location("--org"), "the organization's name is empty")])
    types = [t.value for t in AuditType]
    if type not in types:
        raise InputErrors([Problem(Location("--type"), "unknown audit type", expected=", ".join(types), found=type)])
    with store.write() as s:
        org = s.scalars(select(Organization).where(Organization.name == name)).one_or_none()
        if org is None:
            org = Organization(name=name, created_at=now())
            s.add(org)
            s.flush()
        if previous is not None:
            prev = _audit(s, store, previous)
            if prev.organization_id != org.id:
                raise InputErrors(
                    [Problem(Location("--previous"), f"audit {previous} is of {_org_name(s, prev)!r}, not of {name!r}")]
                )
        elif link_previous:
            previous = s.scalars(
                select(Audit.id)
                .where(Audit.organization_id == org.id, Audit.date <= date)
                .order_by(Audit.date.desc(), Audit.id.desc())
                .limit(1)
            ).first()
        audit = Audit(
            organization_id=org.id,
            type=type,
            date=date,
            standard=standard,
            pack=pack,
            pack_version=None,
            params=json.dumps(dict(params), sort_keys=True),
            previous_audit_id=previous,
            created_at=now(),
        )
        s.add(audit)
        s.flush()
        return _info(s, audit, name)


def _info(s: Session, audit: Audit, org: str) -> AuditInfo:
    n_assess = s.scalar(select(func.count()).select_from(AssessmentRow).where(AssessmentRow.audit_id == audit.id))
    n_dec = s.scalar(
        select(func.count())
        .select_from(DecisionRow)
        .where(DecisionRow.audit_id == audit.id, DecisionRow.superseded_by.is_(None))
    )
    return AuditInfo(
        id=audit.id,
        organization=org,
        type=audit.type,
        date=audit.date.isoformat(),
        standard=audit.standard,
        pack=audit.pack,
        pack_version=audit.pack_version,
        previous=audit.previous_audit_id,
        assessments=n_assess or 0,
        decisions=n_dec or 0,
        params=json.loads(audit.params),
    )


def list_audits(store: Store, organization: str | None = None) -> list[AuditInfo]:
    with store.read() as s:
        query = select(Audit, Organization.name).join(Organization, Organization.id == Audit.organization_id)
        if organization is not None:
            known = list(s.scalars(select(Organization.name)))
            if organization not in known:
                raise InputErrors(
                    [Problem(_where(store), f"no organization {organization!r}{nearest(organization, known)}")]
                )
            query = query.where(Organization.name == organization)
        rows = s.execute(query.order_by(Audit.date, Audit.id)).all()
        return [_info(s, audit, name) for audit, name in rows]


def get_audit(store: Store, audit_id: int) -> AuditInfo:
    with store.read() as s:
        audit = _audit(s, store, audit_id)
        return _info(s, audit, _org_name(s, audit))


def record_assessment(
    store: Store,
    audit_id: int,
    result: Assessment,
    digests: Mapping[str, str],
    evaluator: str,
    corrections: Sequence[Mapping[str, Any]] = (),
) -> int:
    """Store ``result`` as the audit's newest assessment; its decisions carry over by finding id."""
    with store.write() as s:
        audit = _audit(s, store, audit_id)
        org = _org_name(s, audit)
        dossier_org = result.dossier.organization
        if dossier_org is not None and dossier_org.strip() != org:
            where = Location(", ".join(result.dossier.files) or "dossier")
            message = f"the dossier is of {dossier_org!r} (audit.organization), audit {audit_id} of {org!r}"
            raise InputErrors([Problem(where, message)])
        audit.pack_version = result.pack.version
        row = AssessmentRow(
            audit_id=audit_id,
            dossier_digest=result.dossier.digest,
            evaluator=evaluator,
            result=result.model_dump_json(),
            evidence_digests=json.dumps(dict(digests), sort_keys=True),
            corrections=json.dumps(list(corrections), ensure_ascii=False),
            created_at=now(),
        )
        s.add(row)
        s.flush()
        return row.id


def _latest(s: Session, audit_id: int) -> AssessmentRow | None:
    return s.scalars(
        select(AssessmentRow).where(AssessmentRow.audit_id == audit_id).order_by(AssessmentRow.id.desc()).limit(1)
    ).first()


def _current_decisions(s: Session, audit_id: int) -> list[DecisionRow]:
    return list(
        s.scalars(
            select(DecisionRow)
            .where(DecisionRow.audit_id == audit_id, DecisionRow.superseded_by.is_(None))
            .order_by(DecisionRow.id)
        )
    )


@dataclass(frozen=True)
class DecisionInput:
    """One decision to make: on ``finding`` (accept, reject, regrade) or on ``clause`` (add)."""

    action: str
    finding: str | None = None
    clause: str | None = None
    to: str | None = None  # regrade / add: N-major, N-minor or O
    reason: str = ""
    by: str = ""
    where: Location = field(default_factory=lambda: Location("command line"))
    #: where each field was written (a decisions file), for the problems of that field
    fields: Mapping[str, Location] = field(default_factory=dict)

    def at(self, name: str) -> Location:
        return self.fields.get(name, self.where)


def decide(store: Store, audit_id: int, items: Sequence[DecisionInput]) -> list[int]:
    """Record decisions, all or none (one transaction); a new decision on a finding supersedes the old one."""
    with store.write() as s:
        audit = _audit(s, store, audit_id)
        latest = _latest(s, audit_id)
        if latest is None:
            raise InputErrors(
                [Problem(_where(store), f"audit {audit_id} has no assessment yet: run 'assess … --audit {audit_id}'")]
            )
        result = Assessment.model_validate_json(latest.result)
        digests: dict[str, str] = json.loads(latest.evidence_digests or "{}")
        findings: dict[str, Any] = {f.id: f for f in result.findings}
        # the auditor's own findings in force can be withdrawn (rejected) by their id auditor#N
        for d in _current_decisions(s, audit_id):
            if d.action == "add":
                findings[own_finding_id(d.id)] = d
        clauses = [c.key for c in result.clauses]
        problems: list[Problem] = []
        planned: list[tuple[DecisionInput, DecisionRow]] = []
        for item in items:
            try:
                planned.append((item, _row(s, store, audit, item, findings, clauses, digests)))
            except InputErrors as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputErrors(problems)
        ids = []
        for item, row in planned:
            s.add(row)
            s.flush()
            if item.action != "add":
                same = DecisionRow.finding_id == row.finding_id
                if isinstance(findings.get(row.finding_id or ""), DecisionRow):  # withdrawing an own finding
                    same = DecisionRow.id == findings[row.finding_id or ""].id
                old = s.scalars(
                    select(DecisionRow).where(
                        DecisionRow.audit_id == audit_id,
                        same,
                        DecisionRow.superseded_by.is_(None),
                        DecisionRow.id != row.id,
                    )
                ).all()
                for o in old:
                    o.superseded_by = row.id
            ids.append(row.id)
        s.flush()
        return ids


def _row(
    s: Session,
    store: Store,
    audit: Audit,
    item: DecisionInput,
    findings: Mapping[str, Any],
    clauses: Sequence[str],
    digests: Mapping[str, str],
) -> DecisionRow:
    where = item.where
    if item.action not in ("accept", "reject", "regrade", "add"):
        raise InputErrors(
            [Problem(where, "unknown action", expected="accept, reject, regrade or add", found=item.action)]
        )
    if item.action != "add" and (item.finding or "") not in findings:
        fid = item.finding or ""
        raise InputErrors([Problem(where, _unknown_finding(s, audit, fid, list(findings)), field="finding")])
    if item.action in REASON_REQUIRED and not item.reason.strip():
        raise InputErrors([Problem(item.at("reason"), f"a reason is required to {item.action}", field="reason")])
    if not item.by.strip():
        raise InputErrors([Problem(where, "who decides is empty", field="by")])
    judgment = grade = None
    if item.action in ("regrade", "add"):
        if not item.to:
            raise InputErrors(
                [Problem(where, f"{item.action} needs the judgment", field="to", expected=", ".join(GRADES))]
            )
        judgment, grade = parse_grade(item.to, item.at("to"))
    if item.action == "add":
        if not item.clause or item.clause not in clauses:
            found = item.clause or "nothing"
            raise InputErrors(
                [Problem(where, f"no clause {found!r} in this audit's pack{nearest(found, clauses)}", field="clause")]
            )
        return DecisionRow(
            audit_id=audit.id, finding_id=None, rule=AUDITOR_RULE, clause=item.clause, action="add",
            judgment=judgment, grade=grade, reason=item.reason.strip(), by=item.by.strip(), at=now(),
            finding_text="{}", evidence_digest=None,
        )  # fmt: skip
    fid = item.finding or ""
    f = findings[fid]
    if isinstance(f, DecisionRow):  # the auditor's own finding: it can only be withdrawn
        if item.action != "reject":
            raise InputErrors(
                [
                    Problem(
                        where,
                        f"{fid} is the auditor's own finding: reject it (withdraw) and add another",
                        field="action",
                    )
                ]
            )
        return DecisionRow(
            audit_id=audit.id, finding_id=fid, rule=AUDITOR_RULE, clause=f.clause, action="reject", judgment=None,
            grade=None, reason=item.reason.strip(), by=item.by.strip(), at=now(),
            finding_text=json.dumps({"judgment": f.judgment, "grade": f.grade}, ensure_ascii=False),
            evidence_digest=None,
        )  # fmt: skip
    if item.action == "regrade" and (judgment, grade) == (f.judgment, f.grade):
        raise InputErrors([Problem(where, f"{fid} already is {item.to}: accept it instead", field="to")])
    return DecisionRow(
        audit_id=audit.id, finding_id=fid, rule=f.rule, clause=f.clause, action=item.action, judgment=judgment,
        grade=grade, reason=item.reason.strip(), by=item.by.strip(), at=now(),
        finding_text=json.dumps(finding_text(f), ensure_ascii=False), evidence_digest=digests.get(fid),
    )  # fmt: skip


def _unknown_finding(s: Session, audit: Audit, fid: str, existing: list[str]) -> str:
    other = s.scalars(
        select(AssessmentRow.audit_id)
        .where(AssessmentRow.audit_id != audit.id, AssessmentRow.result.contains(f'"id":"{fid}"', autoescape=True))
        .limit(1)
    ).first()
    if fid and other is not None:
        return f"finding {fid} is of audit {other}, not of audit {audit.id}"
    return f"no finding {fid!r} in audit {audit.id}'s latest assessment{nearest(fid, existing)}"


def audit_result(store: Store, audit_id: int, assessment_id: int | None = None) -> Assessment:
    """The audit's latest (or given) assessment with its decisions and the previous audit's verification items."""
    with store.read() as s:
        return _decided(s, store, audit_id, assessment_id)


def _decided(s: Session, store: Store, audit_id: int, assessment_id: int | None = None, depth: int = 0) -> Assessment:
    audit = _audit(s, store, audit_id)
    if assessment_id is None:
        row = _latest(s, audit_id)
        if row is None:
            raise InputErrors(
                [Problem(_where(store), f"audit {audit_id} has no assessment yet: run 'assess … --audit {audit_id}'")]
            )
    else:
        row = s.get(AssessmentRow, assessment_id)
        if row is None or row.audit_id != audit_id:
            ids = [str(i) for i in s.scalars(select(AssessmentRow.id).where(AssessmentRow.audit_id == audit_id))]
            raise InputErrors(
                [
                    Problem(
                        _where(store),
                        f"no assessment {assessment_id} in audit {audit_id}{nearest(str(assessment_id), ids)}",
                    )
                ]
            )
    result = Assessment.model_validate_json(row.result)
    ref = StoreRef(
        audit=audit.id, assessment=row.id, organization=_org_name(s, audit), audit_type=audit.type,
        audit_date=audit.date.isoformat(), previous_audit=audit.previous_audit_id,
    )  # fmt: skip
    records = [_record(d) for d in _current_decisions(s, audit_id)]
    decided = apply_decisions(result, records, json.loads(row.evidence_digests or "{}"), ref)
    if audit.previous_audit_id is not None and depth == 0 and _latest(s, audit.previous_audit_id) is not None:
        previous = _decided(s, store, audit.previous_audit_id, depth=1)
        assert previous.store is not None
        decided.verification = verification_items(
            previous, previous.store, decided, json.loads(row.corrections or "[]")
        )
    return decided


def _record(d: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        id=d.id, finding_id=d.finding_id, rule=d.rule, clause=d.clause, action=d.action,  # type: ignore[arg-type]
        judgment=d.judgment, grade=d.grade, reason=d.reason, by=d.by, at=_iso(d.at),
        finding_text=json.loads(d.finding_text or "{}"), evidence_digest=d.evidence_digest,
    )  # fmt: skip


def _iso(when: dt.datetime) -> str:
    if when.tzinfo is None:  # SQLite gives naive datetimes back: the store writes UTC
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def decision_history(store: Store, audit_id: int) -> list[DecisionRecord]:
    """Every decision of the audit, superseded ones included, oldest first."""
    with store.read() as s:
        _audit(s, store, audit_id)
        rows = s.scalars(select(DecisionRow).where(DecisionRow.audit_id == audit_id).order_by(DecisionRow.id))
        return [_record(d) for d in rows]


@dataclass
class HistoryRow:
    audit: int
    type: str
    date: str
    assessment: int | None
    when: str | None
    digest: str | None
    counts: dict[str, int]
    decisions: int


def history(store: Store, organization: str) -> list[HistoryRow]:
    """Every assessment of the organization's audits, oldest first, with decided counts."""
    audits = list_audits(store, organization)
    out = []
    with store.read() as s:
        for info in audits:
            rows = list(
                s.scalars(select(AssessmentRow).where(AssessmentRow.audit_id == info.id).order_by(AssessmentRow.id))
            )
            if not rows:
                out.append(HistoryRow(info.id, info.type, info.date, None, None, None, {}, info.decisions))
            for row in rows:
                a = _decided(s, store, info.id, row.id, depth=1)
                counts = {k: v for k, v in a.summary.findings.items() if v and k != "gaps"}
                counts["clauses_N"] = a.summary.counts.get("N", 0)
                out.append(
                    HistoryRow(
                        info.id,
                        info.type,
                        info.date,
                        row.id,
                        _iso(row.created_at),
                        row.dossier_digest,
                        counts,
                        info.decisions,
                    )
                )
    return out


@dataclass
class DiffEntry:
    clause: str
    status: str  # new | resolved | recurring
    rule: str
    finding: str
    judgment: str
    grade: str | None
    title: str
    title_zh: str


def diff(old: Assessment, new: Assessment) -> list[DiffEntry]:
    """In-force N and O findings of ``new`` against ``old``: new, resolved, recurring (same id or rule and clause)."""

    def in_force(a: Assessment) -> dict[str, Any]:
        return {f.id: f for f in a.findings if (x := f.in_force()) is not None and x[0] in ("N", "O")}

    before, after = in_force(old), in_force(new)
    rules_before = {(f.rule, f.clause) for f in before.values()}
    rules_after = {(f.rule, f.clause) for f in after.values()}
    out = []
    for fid, f in after.items():
        status = (
            "recurring" if fid in before or ((f.rule, f.clause) in rules_before and f.rule != AUDITOR_RULE) else "new"
        )
        out.append(_entry(f, status))
    for fid, f in before.items():
        if fid not in after and not ((f.rule, f.clause) in rules_after and f.rule != AUDITOR_RULE):
            out.append(_entry(f, "resolved"))
    return sorted(out, key=lambda e: (clause_sort_key(e.clause), e.status, e.finding))


def _entry(f: Any, status: str) -> DiffEntry:
    judgment, grade = f.in_force()
    title = f.title if f.rule != AUDITOR_RULE else f.message
    return DiffEntry(f.clause, status, f.rule, f.id, judgment, grade, title.en, title.zh)


def assessment_by_id(store: Store, assessment_id: int) -> Assessment:
    with store.read() as s:
        row = s.get(AssessmentRow, assessment_id)
        if row is None:
            ids = [str(i) for i in s.scalars(select(AssessmentRow.id))]
            raise InputErrors(
                [Problem(_where(store), f"no assessment {assessment_id}{nearest(str(assessment_id), ids)}")]
            )
        return _decided(s, store, row.audit_id, row.id, depth=1)


@dataclass
class RuleStats:
    rule: str
    suggested: int = 0
    accepted: int = 0
    rejected: int = 0
    regraded: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)


def rule_stats(store: Store) -> list[RuleStats]:
    """Per rule: findings suggested (once per audit and finding id), and the current decisions on them."""
    stats: dict[str, RuleStats] = {}
    reasons: dict[str, dict[str, int]] = {}
    with store.read() as s:
        seen: set[tuple[int, str]] = set()
        for audit_id, result in s.execute(select(AssessmentRow.audit_id, AssessmentRow.result)):
            for f in json.loads(result)["findings"]:
                if (audit_id, f["id"]) not in seen and f["judgment"] in ("N", "O", "review"):
                    seen.add((audit_id, f["id"]))
                    stats.setdefault(f["rule"], RuleStats(f["rule"])).suggested += 1
        current = select(DecisionRow).where(DecisionRow.superseded_by.is_(None), DecisionRow.rule != AUDITOR_RULE)
        for d in s.scalars(current):
            st = stats.setdefault(d.rule or "", RuleStats(d.rule or ""))
            if d.action == "accept":
                st.accepted += 1
            elif d.action == "reject":
                st.rejected += 1
            else:
                st.regraded += 1
            if d.reason:
                bucket = reasons.setdefault(st.rule, {})
                bucket[d.reason] = bucket.get(d.reason, 0) + 1
    for rule, bucket in reasons.items():
        stats[rule].reasons = sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return sorted(stats.values(), key=lambda r: (-(r.rejected + r.regraded), -r.suggested, r.rule))


def assess_into(
    store: Store,
    audit_id: int,
    dossier_path: Any,
    pack: str,
    params: Mapping[str, str],
    as_of: dt.date | None,
    evaluator: str,
) -> Assessment:
    """Assess one dossier with the audit's pack and parameters, record it, return it decided."""
    from clausewise.dossiers import load_dossier
    from clausewise.engine.assess import assess
    from clausewise.evidence.facts import dossier_facts
    from clausewise.rules.loader import load_pack
    from clausewise.store.decided import correction_records, evidence_digests

    info = get_audit(store, audit_id)
    if pack != info.pack:
        raise InputErrors(
            [
                Problem(
                    Location("--pack"),
                    f"audit {audit_id} is assessed with pack {info.pack!r}: give --pack {info.pack}",
                    found=repr(pack),
                )
            ]
        )
    from clausewise.evidence.sections import declared_sections
    from clausewise.packtree import clause_trees

    loaded = load_pack(info.pack)
    with declared_sections(loaded.manifest.sections):  # the dossier may fill the pack's own sections
        with clause_trees(loaded.tree):  # clause titles in the dossier name clauses of the audit's pack
            dossier = load_dossier(dossier_path)
        merged = {**info.params, **params}
        result = assess(dossier, loaded, params=merged, as_of=as_of, evaluator=evaluator, files=[str(dossier_path)])  # type: ignore[arg-type]
        facts = dossier_facts(dossier, as_of)
    digests = evidence_digests(result, facts)
    assessment_id = record_assessment(store, audit_id, result, digests, evaluator, correction_records(facts))
    return audit_result(store, audit_id, assessment_id)


def counts(store: Store) -> dict[str, int]:
    """How many organizations, audits, assessments and current decisions the store holds."""
    with store.read() as s:
        return {
            "organizations": s.scalar(select(func.count()).select_from(Organization)) or 0,
            "audits": s.scalar(select(func.count()).select_from(Audit)) or 0,
            "assessments": s.scalar(select(func.count()).select_from(AssessmentRow)) or 0,
            "decisions": s.scalar(
                select(func.count()).select_from(DecisionRow).where(DecisionRow.superseded_by.is_(None))
            )
            or 0,
        }
