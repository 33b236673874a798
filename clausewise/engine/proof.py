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
from collections.abc import Set as AbstractSet
from typing import Any

from clausewise.engine.ir import And, Cmp, Cond, Or, PatternIR, RuleIR, comparisons, conjoin, conjuncts, reads_only
from clausewise.engine.reference import holds
from clausewise.evidence.facts import KINDS, Fact

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
        return holds(cond, fact, binding if type(binding) is dict else dict(binding))  # a copy only if need be
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
    cache: dict[Any, Any] | None = None,
) -> AbstractSet[tuple[str, str]]:
    """The unstated fields a match depends on; empty when the evidence proves it.

    For absent patterns only candidates with an unstated field among those the pattern compares can be
    anything but false (every candidate was false in two-valued logic, or the match would not exist), so
    only those are re-checked, unless a joined field of a bound fact is itself unstated. ``cache`` keeps
    those candidate lists, narrowed as :class:`_Candidates` says, across the matches of one assessment.

    When the whole answer is the fields a pattern's candidates leave unstated whatever the match (the same
    for thousands of matches on a large dossier), it is that one shared frozenset: callers may key by it.
    """
    unknown: Unknown = set()
    alone: list[frozenset[tuple[str, str]]] = []  # shared answers, unioned in only when there is more
    cache = {} if cache is None else cache
    for p in rule.match:
        # a pattern whose compared fields are all stated adds no unknown field, whatever its truth
        reads_key = ("reads", id(p))
        own, refs = cache.get(reads_key) or cache.setdefault(reads_key, _reads(p))
        if own <= bound[p.alias].stated and all(field in bound[alias].stated for alias, field in refs):
            continue
        seen: Unknown = set()
        if truth(p.cond, bound[p.alias], bound, seen) is not True:
            unknown |= seen
    bound_keys = {f.key for f in bound.values()}
    for p in rule.absent:
        cmps = comparisons(p.cond)
        unknown |= _unstated_child_lists(p, cmps, bound)
        own = frozenset(c.field for c in cmps)
        joined_unstated = any(
            c.ref is not None and c.ref.alias != p.alias and not _stated(bound[c.ref.alias], c.ref.field) for c in cmps
        )
        narrowed = cache.get((id(p), joined_unstated))
        if narrowed is None:
            if joined_unstated:
                candidates: Sequence[Fact] = by_kind.get(p.kind, ())
            else:
                key = (p.kind, own)
                if key not in cache:
                    cache[key] = [f for f in by_kind.get(p.kind, ()) if not own <= (f.stated | {"id"})]
                candidates = cache[key]
            narrowed = cache[(id(p), joined_unstated)] = _Candidates(p, candidates, not joined_unstated)
        if narrowed.unknown_alone:
            if not bound_keys & narrowed.alone_keys:
                alone.append(narrowed.unknown_alone)
            else:
                unknown |= {pair for pair in narrowed.unknown_alone if pair[0] not in bound_keys}
        for candidate in narrowed.for_match(bound):
            if candidate.key in bound_keys:
                continue
            seen = set()
            if truth(p.cond, candidate, {**bound, p.alias: candidate}, seen) is not False:
                unknown |= seen
    if len(alone) == 1 and not unknown:
        return alone[0]
    return unknown.union(*alone) if alone else unknown


def _reads(p: PatternIR) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The fields a pattern's tests read: its own fact's, and (alias, field) of the facts it joins; ``id`` is
    always stated."""
    cmps = comparisons(p.cond)
    own = frozenset(c.field for c in cmps) - {"id"}
    refs = {(c.ref.alias, c.ref.field) for c in cmps if c.ref is not None and c.ref.field != "id"}
    return own, tuple(sorted(refs))


class _Candidates:
    """The candidates of an absent pattern that can be anything but false, narrowed once per assessment.

    A candidate that a conjunct reading only itself makes false makes the whole pattern false, whatever the
    match, so it is dropped once; with ``by_value`` (the bound side of the join is stated), the first plain
    equality join splits the rest by the candidate's value: one whose joined field is stated can only be
    true or unknown for a match whose value equals it. The answers are those of checking every candidate,
    without the matches x candidates loop that made judging large dossiers superlinear.
    """

    def __init__(self, p: PatternIR, candidates: Sequence[Fact], by_value: bool) -> None:
        items = conjuncts(p.cond)
        local = conjoin(*(c for c in items if reads_only(c, p.alias)))
        self.kept = [f for f in candidates if truth(local, f, {p.alias: f}, set()) is not False]
        # A pattern of one comparison whose own field a candidate does not state is unknown for every match
        # (the bound side is stated when ``by_value``): its one unknown field is known without checking.
        self.unknown_alone: frozenset[tuple[str, str]] = frozenset()
        cond = p.cond
        if by_value and isinstance(cond, Cmp) and (cond.ref is None or cond.ref.alias != p.alias):
            alone = [f for f in self.kept if not _stated(f, cond.field)]
            self.unknown_alone = frozenset((f.key, cond.field) for f in alone)
            self.kept = [f for f in self.kept if _stated(f, cond.field)]
        self.alone_keys = {key for key, _ in self.unknown_alone}
        self.join = next(
            (
                c
                for c in items
                if isinstance(c, Cmp)
                and c.op == "eq"
                and c.ref is not None
                and c.ref.alias != p.alias
                and not c.days
                and not c.months
            ),
            None,
        )
        if not by_value:
            self.join = None
        self.unstated: list[Fact] = []
        self.by_value: dict[Any, list[Fact]] = {}
        if self.join is not None:
            for f in self.kept:
                if not _stated(f, self.join.field):
                    self.unstated.append(f)
                elif (value := f.get(self.join.field)) is not None:  # a stated null compares false
                    self.by_value.setdefault(_hashable(value), []).append(f)

    def for_match(self, bound: Mapping[str, Fact]) -> Sequence[Fact]:
        if self.join is None or self.join.ref is None:
            return self.kept
        value = bound[self.join.ref.alias].get(self.join.ref.field)
        if value is None:
            return self.unstated
        return [*self.unstated, *self.by_value.get(_hashable(value), ())]


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _unstated_child_lists(p: PatternIR, cmps: Sequence[Cmp], bound: Mapping[str, Fact]) -> Unknown:
    """Absence of child items (a supplier's evaluations, ...) proves nothing when the list was not written.

    Child facts come from a list field of their parent; ``evaluations: []`` states there are none, while
    leaving the field out says nothing, so an absent pattern joined to its parent needs the list stated.
    """
    info = KINDS.get(p.kind)
    if info is None or info.parent is None:
        return set()
    list_field = next(f for f, child in KINDS[info.parent].children.items() if child == p.kind)
    out: Unknown = set()
    for c in cmps:
        if c.field == "parent" and c.op == "eq" and c.ref is not None and c.ref.field == "id" and c.ref.alias in bound:
            parent = bound[c.ref.alias]
            if list_field not in parent.stated:
                out.add((parent.key, list_field))
    return out
