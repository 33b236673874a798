"""The library entry point: ``assess(dossier, pack)`` -> :class:`Assessment`.

Compilation (rules -> IR -> each evaluator's compiled form, e.g. durable-rules rulesets) is cached per (pack
digest, parameters), so a process that assesses thousands of dossiers compiles once. Evaluators are chosen by name
from :mod:`clausewise.engine.evaluators`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clausewise import __version__
from clausewise.clauses import is_within
from clausewise.engine.decided import Decider, decided_rules
from clausewise.engine.evaluators import DEFAULT_EVALUATOR, Evaluator, compile_rules
from clausewise.engine.fanout import MAX_COMBINATIONS, too_many_combinations
from clausewise.engine.ir import RuleIR
from clausewise.engine.judge import build_findings, build_gaps, judge_clauses, section_items, undecided_gaps
from clausewise.engine.match import Match
from clausewise.engine.results import Assessment, DossierInfo, Notice, PackInfo, PlanEntry, Text2, summarize
from clausewise.errors import InputErrors, Problem
from clausewise.evidence.facts import Fact, dossier_facts
from clausewise.evidence.model import Audit, Dossier
from clausewise.gcpause import paused, settled
from clausewise.i18n import UI
from clausewise.numbers import json_encoder
from clausewise.rules.loader import Pack
from clausewise.rules.lower import lower_pack, resolve_params
from clausewise.rules.registry import pack_origin


@dataclass(frozen=True)
class Compiled:
    """A pack's rules lowered to the IR once, and compiled for each evaluator the first time it is asked for."""

    rules: tuple[RuleIR, ...]
    _evaluators: dict[str, Evaluator] = field(default_factory=dict, compare=False, repr=False)

    def evaluator(self, name: str = DEFAULT_EVALUATOR) -> Evaluator:
        found = self._evaluators.get(name)
        if found is None:
            found = self._evaluators[name] = compile_rules(name, self.rules)
        return found


#: Compiled packs by (pack digest, parameters). durable-rules cannot free a ruleset (docs/engine.md D11, D12), so
#: entries live as long as the process; a process sees few distinct (pack, parameter) pairs.
_COMPILED: dict[tuple[str, str], Compiled] = {}


def compile_pack(pack: Pack, params: Mapping[str, Any], evaluator: str = DEFAULT_EVALUATOR) -> Compiled:
    """The pack lowered with ``params`` and compiled for ``evaluator`` (cached: later calls cost a lookup)."""
    key = (pack.digest, json.dumps(params, sort_keys=True, default=str))
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = Compiled(tuple(lower_pack(pack, params)))
    compiled.evaluator(evaluator)
    return compiled


def assess(
    dossier: Dossier,
    pack: Pack,
    *,
    params: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    evaluator: str = DEFAULT_EVALUATOR,
    files: Sequence[str] = (),
) -> Assessment:
    resolved = resolve_params(pack.manifest, params or {})
    compiled = compile_pack(pack, resolved, evaluator)
    with paused():  # building facts makes many objects and no cycles (evaluation does make cycles: GC on)
        facts = dossier_facts(dossier, as_of)
    check_fan_out(pack, compiled.rules, facts)
    with settled():  # the dossier and its facts are still young: collections during evaluation skip them
        matches = run(compiled, facts, evaluator)
    return build_assessment(dossier, pack, compiled.rules, resolved, facts, matches, as_of, files)


def check_fan_out(pack: Pack, rules: Sequence[RuleIR], facts: Sequence[Fact]) -> None:
    """Refuse, naming the rule, to evaluate a rule that would pair up more facts than memory and time allow."""
    costly = too_many_combinations(rules, facts)
    if costly:
        where = {r.rule.id: r.location for r in pack.rules}
        raise InputErrors(
            [
                Problem(
                    where[rule_id],
                    f"rule '{rule_id}' would try {n:,} combinations of this dossier's facts "
                    f"(at most {MAX_COMBINATIONS:,}); tie its patterns with equality joins",
                )
                for rule_id, n in costly
            ]
        )


def run(compiled: Compiled, facts: Sequence[Fact], evaluator: str = DEFAULT_EVALUATOR) -> list[Match]:
    return compiled.evaluator(evaluator).evaluate(facts)


@paused()  # judging makes many objects and no reference cycles: collections would only walk the dossier
def build_assessment(
    dossier: Dossier,
    pack: Pack,
    rules_ir: Sequence[RuleIR],
    params: Mapping[str, Any],
    facts: Sequence[Fact],
    matches: Sequence[Match],
    as_of: dt.date | None,
    files: Sequence[str],
) -> Assessment:
    audit = dossier.audit
    scope = audit.audited_scope() if audit else []
    audited = in_scope(scope)
    # rules of clauses outside the audit's stated scope are not judged: no finding, no gap, no C
    rules = {r.rule.id: r.rule for r in pack.rules if audited(r.rule.clause)}
    irs = {r.id: r for r in rules_ir}
    supplied = dossier.supplied()
    section_gaps = build_gaps(list(rules.values()), irs, supplied, facts, {m.rule_id for m in matches})
    # a cross-check whose section was left out is not judged and reports no gap (rules/model.py, cross_check)
    skipped = {r.id for r in rules.values() if r.cross_check and irs[r.id].sections - supplied}
    gapped = {g.rule for g in section_gaps} | skipped
    by_key = {f.key: f for f in facts}
    matches = [m for m in matches if m.rule_id in rules]
    findings, field_gaps = build_findings(
        matches, rules, irs, by_key, params, gapped, pack.manifest.labels, pack.manifest.standard
    )
    excluded = audit.exclusions if audit and pack.manifest.scope_exclusions else []
    exclusions = {e.clause: e.justification for e in excluded if e.justification}
    decider = Decider(facts)
    fired = {f.rule for f in findings}
    unproven = {g.rule for g in field_gaps} - fired
    judgments = {r.id: r.judgment.value for r in rules.values()}
    decided, undecided = decided_rules(judgments, irs, decider, fired, unproven, gapped)
    gaps = section_gaps + field_gaps
    gaps += undecided_gaps(
        list(rules.values()),
        irs,
        decider,
        decided,
        undecided,
        gaps,
        findings,
        gapped,
        lambda key: any(is_within(key, clause) for clause in exclusions),
    )
    items = section_items(facts, supplied)
    clauses = judge_clauses(
        pack.manifest,
        list(rules.values()),
        findings,
        gaps,
        gapped,
        exclusions,
        irs,
        items,
        decided=decided,
        audited=audited,
    )
    return Assessment(
        tool=f"clausewise {__version__}",
        pack=PackInfo(
            id=pack.id,
            version=pack.manifest.version,
            digest=pack.digest,
            title=Text2(en=pack.manifest.title.en, zh=pack.manifest.title.zh),
            origin=pack_origin(pack.path),
        ),
        params={k: _jsonable(v) for k, v in sorted(params.items())},
        dossier=DossierInfo(
            organization=audit.organization if audit else None,
            audit_date=audit.date.isoformat() if audit else None,
            audit_type=audit.type.value if audit else None,
            as_of=(as_of or (audit.date if audit else None) or dt.date.today()).isoformat() if audit or as_of else None,
            files=list(files),
            digest=dossier_digest(facts),
            sections_supplied=sorted(supplied),
            facts=len(facts),
            plan=audit_plan(audit),
            audited_clauses=scope,
            **auditee(audit),
        ),
        summary=summarize(clauses, findings, gaps),
        clauses=clauses,
        findings=findings,
        gaps=gaps,
        notices=notices(dossier, files, pack.manifest.clauses),
    )


def in_scope(scope: Sequence[str]) -> Callable[[str], bool]:
    """Whether a clause is audited: within a scope clause (every clause when the audit states no scope)."""
    if not scope:
        return lambda key: True
    return lambda key: any(is_within(key, clause) for clause in scope)


def notices(dossier: Dossier, files: Sequence[str], tree: Collection[str] = ()) -> list[Notice]:
    """What every report says before its judgments: a dossier without ``audit`` is nobody's audit; an audited
    scope naming a clause the pack does not have audits nothing there (a typo would otherwise pass silently)."""
    where = ", ".join(files) or None
    if dossier.audit is None:
        return [Notice(code="no_audit", text=Text2(en=UI["no_audit"]["en"], zh=UI["no_audit"]["zh"]), where=where)]
    unknown = [k for k in dossier.audit.audited_clauses if not any(is_within(c, k) for c in tree)]
    if not unknown or not tree:
        return []
    keys = ", ".join(unknown)
    text = Text2(
        en=UI["scope_unknown_clause"]["en"].format(keys=keys), zh=UI["scope_unknown_clause"]["zh"].format(keys=keys)
    )
    return [Notice(code="scope_unknown_clause", text=text, where=where)]


def auditee(audit: Audit | None) -> dict[str, Any]:
    """The audit's fields the record's 确认受审方名称 block shows, as :class:`DossierInfo` fields."""
    if audit is None:
        return {}
    return {
        "scope": audit.scope,
        "standard": audit.standard,
        "edition": audit.edition,
        "sites": list(audit.sites),
        "registered_address": audit.registered_address,
        "office_address": audit.office_address,
        "business_address": audit.business_address,
        "top_management": list(audit.top_management),
        "management_representative": audit.management_representative,
    }


def audit_plan(audit: Audit | None) -> list[PlanEntry]:
    """The audit plan for the audit record (docx), auditors and date defaulting to the audit's.

    Without ``audit.plan`` it is one entry for all departments with no clauses, which the record reads as
    "every clause of the pack"; a written entry always names at least one clause.
    """
    if audit is None:
        return []
    if not audit.plan:
        sep = "、" if any(not name.isascii() for name in audit.departments) else ", "
        return [
            PlanEntry(
                department=sep.join(audit.departments) or "—",
                auditors=list(audit.auditors),
                date=audit.date.isoformat(),
            )
        ]
    return [
        PlanEntry(
            department=e.department,
            escorts=list(e.escorts),
            auditors=list(e.auditors or audit.auditors),
            date=(e.date or audit.date).isoformat(),
            topics=list(e.topics),
            clauses=list(e.clauses),
        )
        for e in audit.plan
    ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dossier_digest(facts: Sequence[Fact]) -> str:
    """A content digest of the evidence (independent of file layout and formatting)."""
    h = hashlib.sha256()
    for f in sorted(facts, key=lambda f: (f.kind, f.key)):
        h.update(_record_json([f.kind, f.key, f.values, f.source]).encode())
    return h.hexdigest()[:16]


_record_json = json_encoder(sort_keys=True, default=str)  # json.dumps with these options, built once
