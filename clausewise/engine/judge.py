"""From matches to findings, gaps and a judgment for every clause of the pack's tree (pure functions).

Per clause, before roll-up:
NA when the clause (or an ancestor) is excluded with a justification in ``audit.exclusions``;
otherwise N (worst grade) if a rule proved a violation; insufficient evidence if a rule could not run
because its evidence was not supplied; O; needs review; NA when only NA rules fired (the clause's own
condition does not arise, e.g. no customer property is held); C when at least one rule ran and none
fired; not assessed when the pack has no rule for it. A parent takes the worst of itself and its children
(order in :data:`clausewise.engine.results.SEVERITY`).
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clausewise.clauses import clause_sort_key, is_within, parent_of
from clausewise.engine.basis import finding_basis, proposed
from clausewise.engine.ir import Cond, PatternIR, RuleIR, conjoin, conjuncts, reads_only
from clausewise.engine.match import Match
from clausewise.engine.proof import truth, unproven
from clausewise.engine.results import (
    SEVERITY,
    ClauseJudgment,
    ClauseResult,
    EvidenceRef,
    Finding,
    Gap,
    Text2,
    stable_id,
)
from clausewise.engine.window import covered
from clausewise.evidence.display import fact_label, field_label, value_label
from clausewise.evidence.facts import KINDS, Fact
from clausewise.evidence.model import SECTIONS
from clausewise.i18n import SECTION_TITLES, UI
from clausewise.rules.model import Bilingual, Manifest, Rule

LANGS = ("en", "zh")


def build_findings(
    matches: Sequence[Match],
    rules: Mapping[str, Rule],
    irs: Mapping[str, RuleIR],
    facts: Mapping[str, Fact],
    params: Mapping[str, Any],
    gapped: set[str],
    labels: Mapping[str, Bilingual] | None = None,
    standard: str = "",
) -> tuple[list[Finding], list[Gap]]:
    """One finding per match of a rule that had all its evidence; deterministic order.

    An N or O match that rests on a field the dossier did not state becomes a field gap instead. What a
    match proposes depends on the rule's basis and the audit's type (:func:`clausewise.engine.basis.proposed`).
    """
    labels = labels or {}
    audit_type = next((str(f.get("type")) for f in facts.values() if f.kind == "audit"), None)
    out: list[Finding] = []
    field_gaps: list[Gap] = []
    cache: dict[tuple[str, frozenset[str]], list[Fact]] = {}
    refs: dict[tuple[str, str], EvidenceRef] = {}  # a fact quoted by many findings is described once
    by_kind: dict[str, list[Fact]] = {}
    for fact in facts.values():
        by_kind.setdefault(fact.kind, []).append(fact)
    for m in sorted(matches, key=lambda m: (clause_sort_key(irs[m.rule_id].clause), m.rule_id, m.bindings)):
        if m.rule_id in gapped:
            continue
        rule, ir = rules[m.rule_id], irs[m.rule_id]
        bound = {alias: facts[key] for alias, key in m.bindings}
        evidence = [
            refs.get((alias, fact.key)) or refs.setdefault((alias, fact.key), _evidence(alias, fact))
            for alias, fact in bound.items()
        ]
        unstated = sorted(unproven(ir, bound, by_kind, cache)) if rule.judgment.value in ("N", "O", "NA") else []
        if unstated:
            field_gaps.append(_field_gap(rule, unstated, facts, evidence))
            continue
        missing: list[str] = []
        if ir.coverage is not None:
            have = covered(rule, ir.coverage.alias, ir.coverage.field, bound, by_kind, params)
            missing = [r for r in ir.coverage.required if r not in have]
            if not missing:
                continue  # covered by another fact of the window
        judgment, grade = proposed(rule, audit_type, params)
        out.append(
            Finding(
                id=stable_id(rule.id, *_bound_ids(evidence)),
                rule=rule.id,
                clause=rule.clause,
                judgment=judgment,
                grade=grade,
                basis=finding_basis(rule, standard, judgment),
                title=Text2(en=rule.title.en, zh=rule.title.zh),
                message=_render(rule.message.en, rule.message.zh, bound, params, missing, labels),
                remedy=_render(rule.remedy.en, rule.remedy.zh, bound, params, missing, labels),
                evidence=evidence,
                missing=missing,
            )
        )
    return out, field_gaps


def _bound_ids(evidence: Sequence[EvidenceRef]) -> list[str]:
    """What a finding or gap id is made of: each bound fact as alias=kind:id."""
    return [f"{e.alias}={e.kind}:{e.id}" for e in evidence]


def _field_gap(rule: Rule, unstated: list[tuple[str, str]], facts: Mapping[str, Fact], evidence: Any) -> Gap:
    names = [f"{facts[key].kind} {key}: {fld}" for key, fld in unstated]
    fields = UI["sep"]["en"].join(f"'{fld}' of {facts[key].kind} {key}" for key, fld in unstated)
    fields_zh = UI["sep"]["zh"].join(
        f"{fact_label(facts[k].kind, k, 'zh')} 的{field_label(facts[k].kind, fld, 'zh')}" for k, fld in unstated
    )
    return Gap(
        id=stable_id(rule.id, "fields", *names, *_bound_ids(evidence)),
        rule=rule.id,
        clause=rule.clause,
        title=Text2(en=rule.title.en, zh=rule.title.zh),
        missing_fields=names,
        evidence=evidence,
        remedy=Text2(
            en=UI["state_field"]["en"].format(fields=fields),
            zh=UI["state_field"]["zh"].format(fields=fields_zh),
        ),
    )


def build_gaps(
    rules: Sequence[Rule],
    irs: Mapping[str, RuleIR],
    supplied: set[str],
    facts: Sequence[Fact] = (),
    matched: set[str] | frozenset[str] = frozenset(),
) -> list[Gap]:
    """Rules that read a section the dossier did not supply, unless the supplied evidence already decides.

    A missing section cannot change the outcome when a ``match`` pattern over *supplied* evidence has no
    candidate fact (the rule cannot match whatever the missing section holds), or when the missing sections
    are read only by ``absent`` patterns and the rule matched nothing (more facts could only block it).
    """
    by_kind: dict[str, list[Fact]] = {}
    for fact in facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    out: list[Gap] = []
    for rule in sorted(rules, key=lambda r: (clause_sort_key(r.clause), r.id)):
        ir = irs[rule.id]
        missing = sorted(ir.sections - supplied)
        if not missing or rule.cross_check or _decided_without(ir, set(missing), by_kind, rule.id in matched):
            continue
        names = {
            "en": UI["sep"]["en"].join(SECTION_TITLES[s]["en"] + f" ({s})" for s in missing),
            "zh": UI["sep"]["zh"].join(SECTION_TITLES[s]["zh"] for s in missing),
        }
        out.append(
            Gap(
                id=stable_id(rule.id, "sections", *missing),
                rule=rule.id,
                clause=rule.clause,
                title=Text2(en=rule.title.en, zh=rule.title.zh),
                missing_sections=missing,
                remedy=Text2(
                    en=UI["supply"]["en"].format(sections=names["en"]),
                    zh=UI["supply"]["zh"].format(sections=names["zh"]),
                ),
            )
        )
    return out


def _decided_without(ir: RuleIR, missing: set[str], by_kind: Mapping[str, list[Fact]], matched: bool) -> bool:
    for p in ir.match:
        if KINDS[p.kind].section in missing:
            continue
        local = _local(p)
        if all(truth(local, f, {p.alias: f}, set()) is False for f in by_kind.get(p.kind, ())):
            return True  # no supplied fact can (even with unstated fields) fill this pattern: no match
    only_absent = all(KINDS[p.kind].section not in missing for p in ir.match)
    return only_absent and not matched


def _local(p: PatternIR) -> Cond | None:
    """The conjuncts of a pattern that read only its own fact."""
    return conjoin(*(c for c in conjuncts(p.cond) if reads_only(c, p.alias)))


def section_items(facts: Iterable[Fact], supplied: Iterable[str]) -> dict[str, int]:
    """Supplied evidence section -> number of its items, in dossier order; a section supplied empty counts 0.

    A child fact (an objective's result, a supplier's evaluation) is part of its parent's item, so a count is
    the number of items the user wrote in that section, whichever of its kinds a rule reads. The ``audit``
    context is not counted: every dossier has exactly one, and it frames the evidence rather than being it.
    """
    wanted = set(supplied)
    counts = {s: 0 for s in SECTIONS if s in wanted}
    for fact in facts:
        info = KINDS[fact.kind]
        if info.parent is None and info.section in counts:
            counts[info.section] += 1
    return counts


def checked_items(irs: Iterable[RuleIR], items: Mapping[str, int]) -> dict[str, int]:
    """What these (evaluated) rules examined: the supplied sections they read, with their item counts."""
    read = {s for ir in irs for s in ir.sections}
    return {s: n for s, n in items.items() if s in read}


def judge_clauses(
    manifest: Manifest,
    rules: Sequence[Rule],
    findings: Sequence[Finding],
    gaps: Sequence[Gap],
    gapped: set[str],
    exclusions: Mapping[str, str],
    irs: Mapping[str, RuleIR] | None = None,
    items: Mapping[str, int] | None = None,
) -> list[ClauseResult]:
    """``gapped``: rules not evaluated at all because a section they read was not supplied.

    ``irs`` and ``items`` (see :func:`section_items`) fill each clause's ``checked``; without them it stays None.
    """
    keys = sorted(manifest.clauses, key=clause_sort_key)
    own: dict[str, ClauseResult] = {}
    findings_of: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        findings_of.setdefault(f.clause, []).append(i)
    gaps_of: dict[str, list[int]] = {}
    for i, g in enumerate(gaps):
        gaps_of.setdefault(g.clause, []).append(i)
    for key in keys:
        info = manifest.clauses[key]
        clause_rules = [r.id for r in rules if r.clause == key]
        evaluated = [r for r in clause_rules if r not in gapped]
        f_idx = findings_of.get(key, [])
        g_idx = gaps_of.get(key, [])
        excluded = next((just for clause, just in exclusions.items() if is_within(key, clause)), None)
        judgment, grade = own_judgment(
            [(findings[i].judgment, findings[i].grade) for i in f_idx], bool(g_idx), bool(clause_rules), excluded
        )
        own[key] = ClauseResult(
            key=key,
            title=Text2(en=info.en, zh=info.zh),
            untitled=info.untitled,
            depth=key.count("."),
            judgment=judgment,
            grade=grade,
            own_judgment=judgment,
            findings=f_idx,
            gaps=g_idx,
            rules=evaluated,
            exclusion=excluded,
            checked=None if irs is None or items is None else checked_items((irs[r] for r in evaluated), items),
        )
    roll_up(own)
    return [own[k] for k in keys]


def own_judgment(
    findings: Sequence[tuple[str, str | None]], has_gaps: bool, has_rules: bool, excluded: str | None
) -> tuple[ClauseJudgment, Any]:
    """A clause's own judgment and grade from its findings' (judgment, grade) pairs, worst first."""
    if excluded is not None:
        return "NA", None
    if any(j == "N" for j, _ in findings):
        return "N", _worst_grade(g for j, g in findings if j == "N")
    if has_gaps:
        return "insufficient_evidence", None
    if any(j == "O" for j, _ in findings):
        return "O", None
    if any(j == "review" for j, _ in findings):
        return "needs_review", None
    if findings:  # only NA findings: the clause's condition does not arise
        return "NA", None
    return ("C" if has_rules else "not_assessed"), None


def roll_up(own: Mapping[str, ClauseResult]) -> None:
    """Give each parent the worst judgment of itself and its children (deepest first), in place."""
    keys = list(own)
    for key in sorted(keys, key=lambda k: (-k.count("."), clause_sort_key(k))):
        parent = parent_of(key)
        while parent is not None and parent not in own:
            parent = parent_of(parent)
        if parent is None:
            continue
        child, par = own[key], own[parent]
        if child.judgment == "not_assessed":
            par.unassessed_children.append(key)
        if par.exclusion is not None:  # an excluded parent stays NA; an NA reached by roll-up does not block
            continue
        if SEVERITY[child.judgment] > SEVERITY[par.judgment]:
            par.judgment = child.judgment
            par.grade = child.grade
        elif child.judgment == par.judgment == "N":
            par.grade = _worst_grade([par.grade, child.grade])
    for result in own.values():
        result.unassessed_children.sort(key=clause_sort_key)


def _worst_grade(grades: Any) -> Any:
    grades = [g for g in grades if g]
    return "major" if "major" in grades else ("minor" if grades else None)


def _evidence(alias: str, fact: Fact) -> EvidenceRef:
    origin = fact.origin
    return EvidenceRef(
        alias=alias,
        kind=fact.kind,
        id=fact.key,
        source=fact.source,
        file=origin.file if origin else None,
        line=origin.line if origin and origin.line else None,
        column=origin.column if origin and origin.line and origin.column else None,
        sheet=origin.sheet if origin and origin.sheet else None,
        summary=summarize(fact),
    )


_SUMMARY_FIELDS = ("name", "title", "description", "date", "item", "clause", "organization")


def summarize(fact: Fact) -> str:
    """A short human label for a fact: its kind and its most telling fields."""
    parts = [f"{fact.kind} {fact.key}"]
    for name in _SUMMARY_FIELDS:
        value = fact.values.get(name)
        if value is not None:
            text = _fmt(value, "en")
            parts.append(text if len(text) <= 60 else text[:57] + "...")
    return " · ".join(parts)


def _render(
    en: str,
    zh: str,
    bound: Mapping[str, Fact],
    params: Mapping[str, Any],
    missing: list[str],
    labels: Mapping[str, Bilingual],
) -> Text2:
    def named(lang: str) -> list[str]:
        return [labels[m].get(lang) if m in labels else m for m in missing]

    return Text2(en=_fill(en, "en", bound, params, named("en")), zh=_fill(zh, "zh", bound, params, named("zh")))


@functools.lru_cache(maxsize=4096)
def _parsed(template: str) -> list[tuple[str, str | None]]:
    """Literal text and placeholder names of a message template (parsed once per template)."""
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(template)]


def _fill(template: str, lang: str, bound: Mapping[str, Fact], params: Mapping[str, Any], missing: list[str]) -> str:
    out: list[str] = []
    for literal, name in _parsed(template):
        out.append(literal)
        if name is None:
            continue
        if name == "missing":
            out.append(_fmt(missing, lang))
            continue
        head, _, rest = name.partition(".")
        if head == "param":
            out.append(_fmt(params.get(rest), lang))
            continue
        fact = bound.get(head)
        value = None
        if fact is not None:
            value = fact.source if rest == "source" else value_label(fact.kind, rest, fact.get(rest), lang)
        out.append(_fmt(value, lang))
    return "".join(out)


def _fmt(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return UI["yes" if value else "no"]["zh" if lang.startswith("zh") else "en"]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return UI["sep"]["zh" if lang.startswith("zh") else "en"].join(_fmt(v, lang) for v in value)
    return str(value)
