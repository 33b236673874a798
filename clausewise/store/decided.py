"""Decided judgments: a stored assessment with the auditor's decisions applied (pure functions, no database).

A decision follows its finding by the finding's stable id, so it carries over to every re-assessment of the
audit. A decision whose finding no longer appears is *stale*: kept and shown with the finding's old text. A
rejection holds while the evidence it cites is unchanged: each finding's *evidence digest* (the content of
the facts it cites, see :func:`evidence_digests`) is stored with the assessment and with the decision; when
they differ the rejection *lapses* and the finding stands as the rules suggest until the auditor decides again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clausewise.clauses import is_within
from clausewise.engine.judge import own_judgment, roll_up, summarize
from clausewise.engine.results import (
    Assessment,
    Correction,
    Decision,
    Finding,
    StaleDecision,
    StoreRef,
    Text2,
    VerificationItem,
)
from clausewise.engine.results import summarize as summary_of
from clausewise.evidence.facts import Fact

AUDITOR_RULE = "auditor"
"""The ``rule`` of a finding the auditor added: no rule made it."""

Action = Literal["accept", "reject", "regrade", "add"]


@dataclass(frozen=True)
class DecisionRecord:
    """A decision as the store keeps it (the current one of its finding: not superseded)."""

    id: int
    finding_id: str | None
    rule: str | None
    clause: str
    action: Action
    judgment: str | None
    grade: str | None
    reason: str
    by: str
    at: str
    finding_text: Mapping[str, Any]
    evidence_digest: str | None


def evidence_digests(result: Assessment, facts: Sequence[Fact]) -> dict[str, str]:
    """Finding id -> digest of the content (values and source) of the facts the finding cites."""
    by_key = {(f.kind, f.key): f for f in facts}
    out = {}
    for finding in result.findings:
        cited = []
        for ref in sorted(finding.evidence, key=lambda e: (e.kind, e.id)):
            fact = by_key.get((ref.kind, ref.id))
            cited.append([ref.kind, ref.id, fact.values if fact else None, fact.source if fact else None])
        payload = json.dumps(cited, sort_keys=True, default=str, ensure_ascii=False)
        out[finding.id] = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    return out


#: Kinds whose records show a nonconformity's correction: (kind, corrective-action field, verified fields).
_CORRECTION_KINDS = {
    "nonconformity": ("corrective_action", ("effectiveness_verified", "effectiveness_verified_on")),
    "previous_audit_finding": ("corrective_action", ("verified_effective", "verified_on")),
}


def correction_records(facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """The dossier's records of correction that name a clause, as stored with an assessment."""
    out = []
    for fact in facts:
        fields = _CORRECTION_KINDS.get(fact.kind)
        clause = fact.values.get("clause")
        if fields is None or not clause:
            continue
        action, verified = fields
        origin = fact.origin
        out.append(
            Correction(
                kind=fact.kind,
                id=fact.key,
                clause=str(clause),
                summary=summarize(fact),
                where=str(origin) if origin and origin.file else None,
                corrective_action=bool(fact.values.get(action)),
                verified=any(bool(fact.values.get(v)) for v in verified),
            ).model_dump()
        )
    return out


def finding_text(f: Finding) -> dict[str, Any]:
    """What a decision remembers of its finding, to show it when the finding is gone."""
    return {
        "judgment": f.judgment,
        "grade": f.grade,
        "title": f.title.model_dump(),
        "message": f.message.model_dump(),
    }


def apply_decisions(
    result: Assessment,
    decisions: Sequence[DecisionRecord],
    digests: Mapping[str, str],
    ref: StoreRef,
    verification: Sequence[VerificationItem] = (),
) -> Assessment:
    """``result`` with decisions attached, auditors' own findings added and clause judgments decided."""
    # copy what changes (a deep copy of the whole result costs more than the rest of this function)
    a = result.model_copy(
        update={
            "findings": [f.model_copy() for f in result.findings],
            "clauses": [
                c.model_copy(update={"findings": list(c.findings), "unassessed_children": list(c.unassessed_children)})
                for c in result.clauses
            ],
        }
    )
    a.store = ref
    a.verification = list(verification)
    by_finding = {d.finding_id: d for d in decisions if d.finding_id is not None and d.action != "add"}
    present = {f.id for f in a.findings}
    for f in a.findings:
        d = by_finding.get(f.id)
        if d is not None:
            lapsed = (
                d.action == "reject"
                and d.evidence_digest is not None
                and f.id in digests
                and digests[f.id] != d.evidence_digest
            )
            f.decision = _decision(d, lapsed)
    # a rejected own finding (auditor#N) is withdrawn, not stale: its add decision is superseded
    a.stale_decisions = [
        _stale(d) for fid, d in by_finding.items() if fid not in present and not fid.startswith(AUDITOR_RULE + "#")
    ]
    clauses = {c.key: c for c in a.clauses}
    for d in decisions:
        if d.action == "add" and d.clause in clauses:
            clauses[d.clause].findings.append(len(a.findings))
            a.findings.append(_own_finding(d))
    if decisions:
        _decide_clauses(a)
    return a


def _decision(d: DecisionRecord, lapsed: bool = False) -> Decision:
    return Decision(
        id=d.id,
        action=d.action,
        judgment=d.judgment,
        grade=d.grade,
        reason=d.reason,
        by=d.by,
        at=d.at,
        lapsed=lapsed,
    )


def _stale(d: DecisionRecord) -> StaleDecision:
    text = d.finding_text
    return StaleDecision(
        finding_id=d.finding_id or "",
        rule=d.rule,
        clause=d.clause,
        judgment=text.get("judgment"),
        grade=text.get("grade"),
        title=Text2.model_validate(text.get("title") or {"en": "", "zh": ""}),
        message=Text2.model_validate(text.get("message") or {"en": "", "zh": ""}),
        decision=_decision(d),
    )


def own_finding_id(decision_id: int) -> str:
    return f"{AUDITOR_RULE}#{decision_id}"


def _own_finding(d: DecisionRecord) -> Finding:
    return Finding(
        id=own_finding_id(d.id),
        rule=AUDITOR_RULE,
        clause=d.clause,
        judgment=d.judgment,
        grade=d.grade,
        title=Text2(en="Auditor's finding", zh="审核员的发现"),
        message=Text2(en=d.reason, zh=d.reason),
        remedy=Text2(en="", zh=""),
        evidence=[],
        decision=_decision(d),
    )


def _decide_clauses(a: Assessment) -> None:
    """Judge every clause again from the findings in force (same precedence and roll-up as the engine)."""
    own = {}
    for c in a.clauses:
        c.suggested_judgment, c.suggested_grade = c.judgment, c.grade
        in_force = [x for x in (a.findings[i].in_force() for i in c.findings) if x is not None]
        has_rules = bool(c.rules or c.gaps) or c.own_judgment != "not_assessed"
        # a C still needs a decided rule (a rejected finding's rule was decided too); results before schema 2
        # did not record it
        decided = c.decided is None or bool(c.decided) or bool(c.findings)
        c.own_judgment, c.grade = own_judgment(
            in_force, bool(c.gaps), has_rules, c.exclusion, decided=decided, audited=c.own_judgment != "not_audited"
        )
        c.judgment = c.own_judgment
        c.unassessed_children = []
        own[c.key] = c
    roll_up(own)
    for c in a.clauses:
        if c.judgment != "C":
            c.rests_on = None  # what a suggested C rested on says nothing of a decided N or O
    a.summary = summary_of(a.clauses, a.findings, a.gaps)


def verification_items(
    previous: Assessment, previous_ref: StoreRef, current: Assessment, corrections: Sequence[Mapping[str, Any]] = ()
) -> list[VerificationItem]:
    """The previous audit's decided N and O findings, each judged against ``current`` (already decided).

    ``corrections``: the current dossier's records of correction (:func:`correction_records`); each item gets
    those on its clause, or on a clause above or below it.
    """
    records = [Correction.model_validate(c) for c in corrections]
    now_by_id = {f.id: f for f in current.findings if f.rule != AUDITOR_RULE}
    correction = next((c.judgment for c in current.clauses if c.key == "10.2"), None)
    out = []
    for f in previous.findings:
        force = f.in_force()
        if f.decision is None or force is None or force[0] not in ("N", "O"):
            continue  # only what the auditor decided stands as a finding
        if f.rule == AUDITOR_RULE:
            status: Literal["closed", "open", "recurring", "manual"] = "manual"
            now: list[str] = []
        elif f.id in now_by_id and now_by_id[f.id].in_force() is not None:
            status, now = "open", [f.id]
        else:
            again = [g.id for g in current.findings if g.rule == f.rule and g.clause == f.clause and g.in_force()]
            status, now = ("recurring", again) if again else ("closed", [])
        out.append(
            VerificationItem(
                audit=previous_ref.audit,
                audit_date=previous_ref.audit_date,
                finding_id=f.id,
                rule=None if f.rule == AUDITOR_RULE else f.rule,
                clause=f.clause,
                judgment=force[0],
                grade=force[1],
                title=f.message if f.rule == AUDITOR_RULE else f.title,
                status=status,
                now=now,
                correction=correction,
                corrections=[c for c in records if is_within(c.clause, f.clause) or is_within(f.clause, c.clause)],
            )
        )
    return out
