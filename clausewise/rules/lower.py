"""Lower checked rules to the engine IR: resolve parameters, push ``not`` down, add coverage conditions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clausewise.dates import offset_problem
from clausewise.engine.ir import And, Cmp, CoverageIR, FieldRef, Or, PatternIR, RuleIR, conjoin, negate
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.facts import KINDS
from clausewise.numbers import check_number
from clausewise.operators import OPERATORS
from clausewise.rules.limits import rule_problems
from clausewise.rules.loader import Pack
from clausewise.rules.model import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Manifest,
    Not,
    ParamRef,
    Pattern,
    Rule,
    coerce_param,
)


def resolve_params(manifest: Manifest, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with user values (text from ``--param`` or typed values); errors name the key."""
    params = {name: p.default for name, p in manifest.params.items()}
    problems: list[Problem] = []
    for key, raw in overrides.items():
        spec = manifest.params.get(key)
        where = Location("--param")
        if spec is None:
            known = ", ".join(sorted(manifest.params)) or "none"
            problems.append(Problem(where, f"unknown parameter '{key}' for pack {manifest.id}", expected=known))
            continue
        try:
            params[key] = coerce_param(spec.type, raw)
        except ValueError as exc:
            problems.append(Problem(where, str(exc), field=key))
    if problems:
        raise InputErrors(problems)
    return params


def lower_pack(pack: Pack, params: Mapping[str, Any]) -> list[RuleIR]:
    """Every rule in IR form; a parameter that makes an offset or a number out of range is a located error
    naming the rule (``--param review_interval_months=99999999`` would overflow every date)."""
    out: list[RuleIR] = []
    problems: list[Problem] = []
    for r in pack.rules:
        try:
            ir = lower_rule(r.rule, params)
        except ValueError as exc:
            problems.append(Problem(r.location, f"rule '{r.rule.id}': {exc}"))
            continue
        problems.extend(Problem(r.location, f"rule '{r.rule.id}': {p}") for p in rule_problems(ir))
        out.append(ir)
    if problems:
        raise InputErrors(problems)
    return out


def lower_rule(rule: Rule, params: Mapping[str, Any]) -> RuleIR:
    aliases = {**rule.match, **rule.absent}
    match = [_pattern(alias, p, aliases, params) for alias, p in rule.match.items()]
    coverage = None
    if rule.coverage is not None:
        alias, _, fld = rule.coverage.field.partition(".")
        req = rule.coverage.required
        required = tuple(params[req.param] if isinstance(req, ParamRef) else req)
        coverage = CoverageIR(alias, fld, required)
        # An empty or absent list covers nothing, so it lacks every required item.
        gap = Or((Cmp(fld, "text_list", "missing"), *(Cmp(fld, "text_list", "not_contains", r) for r in required)))
        match = [PatternIR(p.alias, p.kind, conjoin(p.cond, gap)) if p.alias == alias else p for p in match]
    absent = tuple(_pattern(alias, p, aliases, params) for alias, p in rule.absent.items())
    sections = frozenset(KINDS[p.kind].section for p in (*rule.match.values(), *rule.absent.values()))
    return RuleIR(
        id=rule.id,
        clause=rule.clause,
        judgment=rule.judgment.value,
        grade=rule.grade,
        match=tuple(match),
        absent=absent,
        coverage=coverage,
        sections=sections,
    )


def _pattern(alias: str, pattern: Pattern, aliases: Mapping[str, Pattern], params: Mapping[str, Any]) -> PatternIR:
    conds = [_cond(c, pattern.kind, aliases, params) for c in pattern.where]
    return PatternIR(alias, pattern.kind, conjoin(*conds))


def _cond(cond: Condition, kind: str, aliases: Mapping[str, Pattern], params: Mapping[str, Any]) -> Any:
    if isinstance(cond, AllOf):
        return And(tuple(_cond(c, kind, aliases, params) for c in cond.all))
    if isinstance(cond, AnyOf):
        return Or(tuple(_cond(c, kind, aliases, params) for c in cond.any))
    if isinstance(cond, Not):
        return negate(_cond(cond.not_, kind, aliases, params))
    assert isinstance(cond, Compare)
    ftype = KINDS[kind].fields[cond.field]

    def param(v: Any) -> Any:
        if not isinstance(v, ParamRef):
            return v
        value = params[v.param]
        return check_number(value * v.times) if v.times != 1 else value

    ref = None
    if cond.ref is not None:
        ref_alias, _, ref_field = cond.ref.partition(".")
        ref = FieldRef(ref_alias, ref_field)
    value = param(cond.value)
    if OPERATORS[cond.op].operand == "list" and ref is None:
        value = tuple(value)
    days, months = int(param(cond.days) or 0), int(param(cond.months) or 0)
    problem = offset_problem(days, months)
    if problem:
        raise ValueError(problem)
    return Cmp(cond.field, ftype, cond.op, value, ref, days, months)
