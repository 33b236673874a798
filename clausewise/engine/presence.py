"""Split rules so that no join ever reads a missing field (a durable-rules workaround).

durable-rules 2.0.28 aborts an assert with ``error code: 311`` when a join expression (``{alias: field}``
or ``{"$m": field}``) reads a property the bound fact does not have; for ``eq`` it silently fails instead.
The IR's semantics say such a comparison is simply false. This module rewrites a rule into variants, one
per presence assignment of the referenced fields: each variant tests ``present``/``missing`` on those fields
and replaces comparisons against a missing field by *false*. The variants are disjoint, so together they
produce exactly the matches of the original rule. Absent patterns that compare against their own fields are
split into several absent patterns (no fact may satisfy any of them). The same error hits when the
pattern's own compared field is missing, so both sides of every join are split on.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from clausewise.engine.ir import And, Cmp, Cond, Or, PatternIR, RuleIR, comparisons

Key = tuple[str, str]  # (alias, field)


def presence_variants(rule: RuleIR) -> list[RuleIR]:
    match_aliases = {p.alias for p in rule.match}
    refs = sorted(_join_keys(rule))
    match_refs = [k for k in refs if k[0] in match_aliases]
    out: list[RuleIR] = []
    for flags in itertools.product((True, False), repeat=len(match_refs)):
        missing = {k for k, present in zip(match_refs, flags, strict=True) if not present}
        match: list[PatternIR] = []
        possible = True
        for p in rule.match:
            guards = [
                Cmp(f, "text", "present" if k not in missing else "missing")
                for k in match_refs
                if k[0] == p.alias
                for f in [k[1]]
            ]
            cond = _simplify(p.cond, missing, p.alias)
            if cond is False:
                possible = False
                break
            match.append(PatternIR(p.alias, p.kind, _conjoin(guards, cond)))
        if not possible:
            continue
        absent: list[PatternIR] = []
        for p in rule.absent:
            absent.extend(_split_absent(p, missing, [k for k in refs if k[0] == p.alias]))
        out.append(replace(rule, match=tuple(match), absent=tuple(absent)))
    return out


def _split_absent(p: PatternIR, missing: set[Key], own: list[Key]) -> list[PatternIR]:
    out: list[PatternIR] = []
    for flags in itertools.product((True, False), repeat=len(own)):
        own_missing = {k for k, present in zip(own, flags, strict=True) if not present}
        cond = _simplify(p.cond, missing | own_missing, p.alias)
        if cond is False:
            continue  # no fact can satisfy this part: it never blocks the rule
        guards = [Cmp(k[1], "text", "missing" if k in own_missing else "present") for k in own]
        out.append(PatternIR(p.alias, p.kind, _conjoin(guards, cond)))
    return out


def _conjoin(guards: list[Cmp], cond: Cond | bool | None) -> Cond | None:
    items: list[Cond] = [*guards]
    if isinstance(cond, And | Or | Cmp):
        items.append(cond)
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _join_keys(rule: RuleIR) -> set[Key]:
    """Both sides of every join: the joined field and the pattern's own compared field."""
    keys: set[Key] = set()
    for p in (*rule.match, *rule.absent):
        for c in comparisons(p.cond):
            if c.ref is not None:
                keys.add((c.ref.alias, c.ref.field))
                keys.add((p.alias, c.field))
    return keys


def _simplify(cond: Cond | None, missing: set[Key], alias: str) -> Cond | bool | None:
    """Replace comparisons against missing joined fields by False and fold constants."""
    if cond is None:
        return None
    if isinstance(cond, Cmp):
        if cond.ref is not None and ((cond.ref.alias, cond.ref.field) in missing or (alias, cond.field) in missing):
            return False
        return cond
    parts = [_simplify(c, missing, alias) for c in cond.items]
    if isinstance(cond, And):
        if any(p is False for p in parts):
            return False
        kept = tuple(p for p in parts if isinstance(p, And | Or | Cmp))
        return None if not kept else (kept[0] if len(kept) == 1 else And(kept))
    if any(p is True or p is None for p in parts):
        return None  # an always-true branch makes the Or true
    kept = tuple(p for p in parts if isinstance(p, And | Or | Cmp))
    return False if not kept else (kept[0] if len(kept) == 1 else Or(kept))


def split_join_disjunctions(rule: RuleIR) -> list[RuleIR]:
    """Expand every ``or`` that contains a join into separate rules (match) or absent patterns (absent).

    durable-rules answers wrongly for an ``$or`` mixing a join with other tests inside a ``$not`` (measured:
    a fact satisfying neither branch still blocked the absence), so joins never sit under ``$or``. For
    ``match`` the expansion can produce overlapping variants; the engine reports each match once.
    """
    per_pattern = [[PatternIR(p.alias, p.kind, alt) for alt in _alternatives(p.cond)] for p in rule.match]
    absent = [PatternIR(p.alias, p.kind, alt) for p in rule.absent for alt in _alternatives(p.cond)]
    return [replace(rule, match=tuple(combo), absent=tuple(absent)) for combo in itertools.product(*per_pattern)]


def _has_join(cond: Cond | None) -> bool:
    return any(c.ref is not None for c in comparisons(cond))


def _alternatives(cond: Cond | None) -> list[Cond | None]:
    if cond is None or isinstance(cond, Cmp) or not _has_join(cond):
        return [cond]
    if isinstance(cond, Or):
        return [alt for item in cond.items for alt in _alternatives(item)]
    out: list[Cond | None] = []
    for combo in itertools.product(*(_alternatives(item) for item in cond.items)):
        parts = tuple(c for c in combo if c is not None)
        out.append(None if not parts else parts[0] if len(parts) == 1 else And(parts))
    return out
