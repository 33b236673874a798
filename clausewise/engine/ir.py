"""The checked, parameter-resolved form of a rule that both evaluators execute.

Conditions are in negation normal form: ``not`` has been pushed down onto the comparisons, so a backend
never needs a general negation (durable-rules has none). The operators, their negations and what each means on
values are declared once in :mod:`clausewise.operators`. Semantics, shared by both evaluators:

* a comparison whose field (or joined field) has no value is false, negated or not; test absence with
  ``missing``;
* ``contains``/``not_contains`` test membership in a list field; a missing list contains nothing;
* ``matches`` is ``re.search`` on the text, run by RE2 (linear time; :mod:`clausewise.regex`);
* date offsets: ``days`` shift the right-hand date by whole days; ``months`` shift the calendar month and
  keep the day number, comparing (year, month, day) tuples without clamping (2020-03-31 minus one month is
  "2020-02-31", which sorts after every real February date); shifting runs on an extended calendar
  (:mod:`clausewise.dates`), so 30 days after 9999-12-31 is a later instant, never an overflow;
* patterns bind distinct facts; an absent pattern is satisfied by no fact other than those already bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clausewise.fieldtypes import FieldType
from clausewise.operators import OPERATORS

#: An operator's name: a key of :data:`clausewise.operators.OPERATORS`, where each is declared once.
CmpOp = str


@dataclass(frozen=True)
class FieldRef:
    alias: str
    field: str


@dataclass(frozen=True)
class Cmp:
    """``left op right`` where ``left`` is a field of the pattern's own fact."""

    field: str
    ftype: FieldType
    op: CmpOp
    value: Any = None  # a constant (date, number, bool, text, or a tuple for in/not_in)
    ref: FieldRef | None = None  # a field of a bound fact (same alias = same fact)
    days: int = 0
    months: int = 0

    def negated(self) -> Cmp:
        return Cmp(self.field, self.ftype, OPERATORS[self.op].negation, self.value, self.ref, self.days, self.months)


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]


Cond = Cmp | And | Or


@dataclass(frozen=True)
class PatternIR:
    alias: str
    kind: str
    cond: Cond | None


@dataclass(frozen=True)
class CoverageIR:
    alias: str
    field: str
    required: tuple[str, ...]


@dataclass(frozen=True)
class RuleIR:
    id: str
    clause: str
    judgment: str
    grade: str | None
    match: tuple[PatternIR, ...]
    absent: tuple[PatternIR, ...] = ()
    coverage: CoverageIR | None = None
    sections: frozenset[str] = field(default_factory=frozenset)

    def kinds(self) -> frozenset[str]:
        return frozenset(p.kind for p in (*self.match, *self.absent))


def comparisons(cond: Cond | None) -> list[Cmp]:
    if cond is None:
        return []
    if isinstance(cond, Cmp):
        return [cond]
    return [c for item in cond.items for c in comparisons(item)]


def conjuncts(cond: Cond | None) -> list[Cond]:
    """The items of a conjunction, nested ``and``s flattened (``None``: no items)."""
    if cond is None:
        return []
    if isinstance(cond, And):
        return [c for item in cond.items for c in conjuncts(item)]
    return [cond]


def reads_only(cond: Cond, alias: str) -> bool:
    """True when ``cond`` reads no fact but the one bound to ``alias`` (no join to another pattern)."""
    return all(c.ref is None or c.ref.alias == alias for c in comparisons(cond))


def conjoin(*conds: Cond | None) -> Cond | None:
    items = tuple(c for c in conds if c is not None)
    if not items:
        return None
    return items[0] if len(items) == 1 else And(items)


def negate(cond: Cond) -> Cond:
    """De Morgan push-down; see the module docstring for what negation means on missing values."""
    if isinstance(cond, Cmp):
        return cond.negated()
    if isinstance(cond, And):
        return Or(tuple(negate(c) for c in cond.items))
    return And(tuple(negate(c) for c in cond.items))
