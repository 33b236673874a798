"""Is a match proven by the evidence, or does it rest on fields the dossier never stated?

The evaluators treat a field without a value as having none. That is right for matching, but a finding
must not rest on it: an item whose ``criteria`` were simply not written down is not proof that the process
has no criteria. So before a match becomes an N or O finding it is re-checked in three-valued (Kleene)
logic, where a comparison touching an unstated field is *unknown*:

* every ``match`` pattern must be *true* for its bound fact;
* for every ``absent`` pattern, every other fact of its kind must make it *false* (one that might satisfy
  it leaves the absence unproven).

An unproven match becomes a field gap: the clause is "insufficient evidence" and the gap names the fields
to state (or to write as ``null`` / ``[]`` when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clausewise.engine.ir import And, Cmp, Cond, Or, RuleIR, comparisons
from clausewise.engine.reference import holds
from clausewise.evidence.facts import Fact

Unknown = set[tuple[str, str]]  # (fact key, field) pairs that made a test unknown


def truth(cond: Cond | None, fact: Fact, binding: Mapping[str, Fact], unknown: Unknown) -> bool | None:
    """Kleene truth of ``cond``; unknown leaves add their unstated fields to ``unknown``."""
    if cond is None:
        return True
    if isinstance(cond, Cmp):
        missing = []
        if not _stated(fact, cond.field):
            missing.append((fact.key, cond.field))
        if cond.ref is not None:
            other = binding[cond.ref.alias]
            if not _stated(other, cond.ref.field):
                missing.append((other.key, cond.ref.field))
        if missing:
            unknown.update(missing)
            return None
        return holds(cond, fact, dict(binding))
    results = [truth(c, fact, binding, unknown) for c in cond.items]
    if isinstance(cond, And):
        if any(r is False for r in results):
            return False
        return True if all(r is True for r in results) else None
    assert isinstance(cond, Or)
    if any(r is True for r in results):
        return True
    return False if all(r is False for r in results) else None


def _stated(fact: Fact, field: str) -> bool:
    return field == "id" or field in fact.stated


def unproven(
    rule: RuleIR,
    bound: Mapping[str, Fact],
    by_kind: Mapping[str, Sequence[Fact]],
    cache: dict[tuple[str, frozenset[str]], list[Fact]] | None = None,
) -> Unknown:
    """The unstated fields a match depends on; empty when the evidence proves it.

    For absent patterns only candidates with an unstated field among those the pattern compares can be
    anything but false (every candidate was false in two-valued logic, or the match would not exist), so
    only those are re-checked, unless a joined field of a bound fact is itself unstated. ``cache`` keeps
    those candidate lists across the matches of one assessment.
    """
    unknown: Unknown = set()
    for p in rule.match:
        seen: Unknown = set()
        if truth(p.cond, bound[p.alias], bound, seen) is not True:
            unknown |= seen
    bound_keys = {f.key for f in bound.values()}
    cache = {} if cache is None else cache
    for p in rule.absent:
        cmps = comparisons(p.cond)
        own = frozenset(c.field for c in cmps)
        joined_unstated = any(
            c.ref is not None and c.ref.alias != p.alias and not _stated(bound[c.ref.alias], c.ref.field) for c in cmps
        )
        if joined_unstated:
            candidates: Sequence[Fact] = by_kind.get(p.kind, ())
        else:
            key = (p.kind, own)
            if key not in cache:
                cache[key] = [f for f in by_kind.get(p.kind, ()) if not own <= (f.stated | {"id"})]
            candidates = cache[key]
        for candidate in candidates:
            if candidate.key in bound_keys:
                continue
            seen = set()
            if truth(p.cond, candidate, {**bound, p.alias: candidate}, seen) is not False:
                unknown |= seen
    return unknown
