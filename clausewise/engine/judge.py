"""From matches to findings, gaps and a judgment for every clause of the pack's tree (pure functions).

The judgment calculus (docs/engine.md), per clause before roll-up: not audited outside the audit's stated
scope; NA when excluded with a justification in ``audit.exclusions``; N (worst grade) if a rule proved a
violation; insufficient evidence if the clause has a gap (a section not supplied, a match on an unstated
field, or no rule of the clause decided on supplied evidence); O; needs review; NA when only NA rules fired;
C only when a mechanical rule was decided (:mod:`clausewise.engine.decided`) and none fired; not assessed
when the pack has no rule for it. A parent takes the worst of itself and its children (order in
:data:`clausewise.engine.results.SEVERITY`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, cast

from clausewise.bilingual import Bilingual
from clausewise.clauses import clause_sort_key, is_within, parent_of
from clausewise.engine.basis import finding_basis, proposed
from clausewise.engine.decided import MECHANICAL, Decider, Undecided
from clausewise.engine.ir import Cond, PatternIR, RuleIR, conjoin, conjuncts, reads_only
from clausewise.engine.match import Match
from clausewise.engine.messages import Messages, fmt
from clausewise.engine.proof import truth, unproven
from clausewise.engine.results import (
    SEVERITY,
    ClauseJudgment,
    ClauseResult,
    EvidenceRef,
    Finding,
    FindingBasis,
    FindingJudgment,
    Gap,
    Grade,
    Text2,
    id_digest,
    stable_id,
    stable_id_after,
)
from clausewise.engine.window import covered
from clausewise.evidence.display import fact_label, field_label, key_label, kind_label
from clausewise.evidence.facts import KINDS, Fact
from clausewise.evidence.model import SECTIONS
from clausewise.i18n import SECTION_TITLES, SECTION_UNITS_ZH, UI
from clausewise.lang import LANGS
from clausewise.rules.model import Manifest, Rule


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
    messages = Messages(params, labels or {})
    audit_type = next((str(f.get("type")) for f in facts.values() if f.kind == "audit"), None)
    out: list[Finding] = []
    field_gaps: list[Gap] = []
    cache: dict[tuple[str, frozenset[str]], list[Fact]] = {}
    # a fact quoted by many findings is described once, with what it adds to their ids
    refs: dict[tuple[str, str], tuple[EvidenceRef, str]] = {}
    words = _UnstatedWords(facts)
    by_kind: dict[str, list[Fact]] = {}
    for fact in facts.values():
        by_kind.setdefault(fact.kind, []).append(fact)
    by_rule: dict[str, list[Match]] = {}
    for m in matches:
        if m.rule_id not in gapped:
            by_rule.setdefault(m.rule_id, []).append(m)
    for rule_id in sorted(by_rule, key=lambda r: (clause_sort_key(irs[r].clause), r)):
        # what all findings of a rule share is made once (models are never mutated once made)
        rule, ir = rules[rule_id], irs[rule_id]
        proposal = proposed(rule, audit_type, params)  # a value of rules.model.Judgment, and the rule's grade
        judgment, grade = cast(tuple[FindingJudgment, Grade | None], proposal)
        basis: FindingBasis | None = None
        title, message, remedy = rule_title(rule), rule.message, rule.remedy
        proving = rule.judgment.value in ("N", "O", "NA")
        for m in sorted(by_rule[rule_id], key=_BINDINGS):
            pairs = m.bindings  # (alias, fact key)
            bound = {alias: facts[key] for alias, key in pairs}
            quoted = [refs.get(pair) or refs.setdefault(pair, _quoted(pair[0], facts[pair[1]])) for pair in pairs]
            evidence = [ref for ref, _ in quoted]
            unstated = unproven(ir, bound, by_kind, cache) if proving else ()
            if unstated:
                field_gaps.append(_field_gap(rule, words.of(unstated), evidence, [part for _, part in quoted]))
                continue
            missing: list[str] = []
            if ir.coverage is not None:
                have = covered(rule, ir.coverage.alias, ir.coverage.field, bound, by_kind, params)
                missing = [r for r in ir.coverage.required if r not in have]
                if not missing:
                    continue  # covered by another fact of the window
            if basis is None:
                basis = finding_basis(rule, standard, judgment)
            out.append(
                Finding.of(
                    id=stable_id(rule.id, *(part for _, part in quoted)),
                    rule=rule.id,
                    clause=rule.clause,
                    judgment=judgment,
                    grade=grade,
                    title=title,
                    message=messages.render(message.en, message.zh, bound, missing),
                    remedy=messages.render(remedy.en, remedy.zh, bound, missing),
                    evidence=evidence,
                    missing=missing,
                    basis=basis,
                )
            )
    return out, field_gaps


_BINDINGS = attrgetter("bindings")


def rule_title(rule: Rule) -> Text2:
    """A rule's title as findings and gaps carry it: one object for all of them (tens of thousands on a large
    dossier; a model is never mutated once made)."""
    return _title(rule.title.en, rule.title.zh)


@functools.lru_cache(maxsize=4096)
def _title(en: str, zh: str) -> Text2:
    return Text2(en=en, zh=zh)


def _field_gap(rule: Rule, words: _Unstated, evidence: list[EvidenceRef], bound_ids: list[str]) -> Gap:
    return Gap.of_fields(
        id=stable_id_after(rule.id, words.digest, *bound_ids),
        rule=rule.id,
        clause=rule.clause,
        title=rule_title(rule),
        missing_fields=words.names,
        evidence=evidence,
        remedy=words.remedy,
    )


@dataclass(frozen=True)
class _Unstated:
    """What a field gap says about its unstated (fact, field) pairs: their names, the remedy naming them in both
    languages, and the digest of its id up to them. Shared by every gap naming the same pairs (never mutated)."""

    names: list[str]
    remedy: Text2
    digest: Any


class _UnstatedWords:
    """The words of field gaps, made once per distinct set of unstated pairs that :func:`unproven` shares (on a
    large dossier a thousand gaps each name the same 3,000 fields), and each pair named in Chinese once."""

    def __init__(self, facts: Mapping[str, Fact]) -> None:
        self.facts = facts
        self.shared: dict[AbstractSet[tuple[str, str]], _Unstated] = {}
        self.zh: dict[tuple[str, str], str] = {}

    def of(self, unstated: AbstractSet[tuple[str, str]]) -> _Unstated:
        if type(unstated) is not frozenset:  # a match's own few pairs: not worth keeping
            return self._make(unstated)
        found = self.shared.get(unstated)
        if found is None:
            found = self.shared[unstated] = self._make(unstated)
        return found

    def _make(self, unstated: AbstractSet[tuple[str, str]]) -> _Unstated:
        facts, zh = self.facts, self.zh
        pairs = sorted(unstated)
        names = [f"{facts[key].kind} {key}: {fld}" for key, fld in pairs]
        fields = UI["sep"]["en"].join(f"'{fld}' of {facts[key].kind} {key}" for key, fld in pairs)
        fields_zh = UI["sep"]["zh"].join(
            zh.get(pair) or zh.setdefault(pair, _unstated_zh(facts[pair[0]].kind, *pair)) for pair in pairs
        )
        remedy = Text2(
            en=UI["state_field"]["en"].format(fields=fields),
            zh=UI["state_field"]["zh"].format(fields=fields_zh),
        )
        return _Unstated(names, remedy, id_digest("fields", *names))


def _unstated_zh(kind: str, key: str, field: str) -> str:
    return f"{fact_label(kind, key, 'zh')} 的{field_label(kind, field, 'zh')}"


def undecided_gaps(
    rules: Sequence[Rule],
    irs: Mapping[str, RuleIR],
    decider: Decider,
    decided: set[str],
    undecided: Mapping[str, Undecided],
    gaps: Sequence[Gap],
    findings: Sequence[Finding],
    gapped: set[str],
    excluded: Callable[[str], bool],
) -> list[Gap]:
    """Gaps for clauses whose rules all ran yet none was decided: what to state so that one can decide.

    A clause with a finding, a gap or a decided rule needs none; neither does an excluded clause. Review
    prompts that matched nothing name the fields they read (or their sections), for they decide nothing.
    """
    busy = {g.clause for g in gaps} | {f.clause for f in findings}
    by_clause: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.id not in gapped:
            by_clause.setdefault(rule.clause, []).append(rule)
    out: list[Gap] = []
    for key in sorted(by_clause, key=clause_sort_key):
        clause_rules = sorted(by_clause[key], key=lambda r: r.id)
        if key in busy or excluded(key) or any(r.id in decided for r in clause_rules):
            continue
        named: list[Gap] = []
        for rule in clause_rules:
            lacks = undecided.get(rule.id) if rule.judgment.value in MECHANICAL else decider.undecided(irs[rule.id])
            if lacks is not None:
                named.append(_undecided_gap(rule, irs[rule.id], lacks))
        # a clause whose rules lack nothing (prompts that found nothing to review) still says why it is not C
        out += named or [_undecided_gap(rule, irs[rule.id], None) for rule in clause_rules]
    return out


def _undecided_gap(rule: Rule, ir: RuleIR, lacks: Undecided | None) -> Gap:
    shown = 3
    names: list[str] = []
    text: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for (kind, fld), keys in sorted((lacks.fields if lacks else {}).items()):
        names += [f"{kind} {k}: {fld}" for k in keys[:shown]]
        if len(keys) > shown:
            names.append(f"{kind} (+{len(keys) - shown}): {fld}")
        for lang in LANGS:
            who = [key_label(kind, k, lang) for k in keys[:shown]]
            if len(keys) > shown:
                who.append(UI["more"][lang].format(n=len(keys) - shown))
            whose = " ".join(x for x in (kind_label(kind, lang), UI["sep"][lang].join(w for w in who if w)) if x)
            named = field_label(kind, fld, lang)
            text[lang].append(f"{named} of {whose}" if lang == "en" else f"{whose} 的{named}")
    if names:
        remedy = {lang: UI["undecided"][lang].format(fields=UI["sep"][lang].join(text[lang])) for lang in LANGS}
    else:
        sections = sorted(ir.sections)
        remedy = {
            lang: UI["undecided_prompt"][lang].format(
                sections=UI["sep"][lang].join(SECTION_TITLES[s][lang] + f" ({s})" for s in sections)
            )
            for lang in LANGS
        }
    return Gap(
        id=stable_id(rule.id, "undecided", *names),
        rule=rule.id,
        clause=rule.clause,
        title=rule_title(rule),
        missing_fields=names,
        remedy=Text2(en=remedy["en"], zh=remedy["zh"]),
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
                title=rule_title(rule),
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
    decided: set[str] | None = None,
    audited: Callable[[str], bool] | None = None,
) -> list[ClauseResult]:
    """``gapped``: rules not evaluated at all because a section they read was not supplied.

    ``irs`` and ``items`` (see :func:`section_items`) fill each clause's ``checked``; without them it stays None.
    ``decided``: the mechanical rules decided on supplied evidence (:mod:`clausewise.engine.decided`); without
    it any evaluated rule counts (results of callers that predate the calculus). ``audited``: whether a clause
    is within the audit's stated scope; clauses outside it are "not audited".
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
        ruled = [r for r in evaluated if decided is None or r in decided]
        in_scope = audited is None or audited(key)
        judgment, grade = own_judgment(
            [(findings[i].judgment, findings[i].grade) for i in f_idx],
            bool(g_idx),
            # rules that judge here: a cross-check left unjudged (its section not supplied) reports no gap, and
            # a clause with nothing else is not assessed rather than "insufficient evidence" naming nothing
            bool(evaluated or g_idx),
            excluded,
            decided=bool(ruled),
            audited=in_scope,
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
            decided=None if decided is None else ruled,
        )
    roll_up(own)
    if irs is not None and items is not None and decided is not None:
        for result in own.values():
            result.rests_on = rests_on(result, own, irs, items)
    return [own[k] for k in keys]


def rests_on(
    result: ClauseResult, own: Mapping[str, ClauseResult], irs: Mapping[str, RuleIR], items: Mapping[str, int]
) -> Text2 | None:
    """What a C stands on: the decided rules of the clause and the clauses below it, and the items they read."""
    if result.judgment != "C":
        return None
    rules = sorted({r for c in own.values() if is_within(c.key, result.key) for r in (c.decided or [])})
    if not rules:
        return None
    read = checked_items((irs[r] for r in rules), items)
    texts = {}
    for lang in LANGS:
        sep = UI["sep"][lang]
        if lang == "zh":
            over = sep.join(f"{SECTION_TITLES[s][lang]} {n} {SECTION_UNITS_ZH.get(s, '项')}" for s, n in read.items())
        else:
            over = sep.join(f"{SECTION_TITLES[s][lang]} ({n})" for s, n in read.items())
        key = "rests_on" if over else "rests_on_context"
        texts[lang] = UI[key][lang].format(n=len(rules), items=over)
    return Text2(en=texts["en"], zh=texts["zh"])


def own_judgment(
    findings: Sequence[tuple[str, str | None]],
    has_gaps: bool,
    has_rules: bool,
    excluded: str | None,
    *,
    decided: bool = True,
    audited: bool = True,
) -> tuple[ClauseJudgment, Any]:
    """A clause's own judgment and grade from its findings' (judgment, grade) pairs, worst first.

    ``decided``: at least one of its mechanical rules was decided on supplied evidence; C needs it, and a
    clause with rules but none decided is insufficient evidence. ``audited``: within the audit's scope.
    """
    if not audited:
        return "not_audited", None
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
    if not has_rules:
        return "not_assessed", None
    return ("C" if decided else "insufficient_evidence"), None


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
        if child.judgment == "not_audited":
            par.unaudited_children.append(key)
        if par.exclusion is not None:  # an excluded parent stays NA; an NA reached by roll-up does not block
            continue
        if SEVERITY[child.judgment] > SEVERITY[par.judgment]:
            par.judgment = child.judgment
            par.grade = child.grade
        elif child.judgment == par.judgment == "N":
            par.grade = _worst_grade([par.grade, child.grade])
    for result in own.values():
        result.unassessed_children.sort(key=clause_sort_key)
        result.unaudited_children.sort(key=clause_sort_key)


def _worst_grade(grades: Any) -> Any:
    grades = [g for g in grades if g]
    return "major" if "major" in grades else ("minor" if grades else None)


def _quoted(alias: str, fact: Fact) -> tuple[EvidenceRef, str]:
    """A bound fact as findings and gaps quote it, and as their ids name it (alias=kind:id)."""
    return _evidence(alias, fact), f"{alias}={fact.kind}:{fact.key}"


def _evidence(alias: str, fact: Fact) -> EvidenceRef:
    origin = fact.origin
    return EvidenceRef.of(
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
            text = fmt(value, "en")
            parts.append(text if len(text) <= 60 else text[:57] + "...")
    return " · ".join(parts)
