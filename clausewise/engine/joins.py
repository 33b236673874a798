"""Keep comparisons that durable-rules gets wrong out of it, without changing what a rule means.

Measured while building clausewise (``docs/engine.md``): a ruleset with a single ordering join between two
facts (``{"$gte": {"d": {"p0": "d"}}}``) segfaults inside ``assert_fact`` in about one run in ten,
depending on heap layout; same-fact ``$m`` comparisons took part in crashes too. So, for the durable
backend only, each rule is planned as follows (the reference evaluator is untouched):

* **same-fact comparisons** (``ref`` to the pattern's own alias) become a boolean computed in Python when
  the fact is encoded, tested for ``true``;
* **comparisons with the audit context** (``ref`` to a ``match`` alias of kind ``audit``, of which a dossier
  has exactly one) become a constant comparison on a derived number: the difference between the fact's
  field and the audit field, in days, in month-scaled units for month offsets, or plainly for numbers;
* **every other join between two different facts** (ordering, ``ne``, equality with a date offset, list
  membership ``in``/``contains`` against another fact's field) is removed from the durable pattern and
  checked in Python on each match durable reports (an ``absent`` pattern holding one is checked in Python
  as a whole). Only plain equality joins stay in durable-rules, which hashes them correctly. A ``$neq``
  join on two patterns of one kind crashed inside ``reduceExpressionSequence`` (valgrind: a read past the
  ruleset's expression pool), the shape of docs/engine.md D3 with ``$neq`` instead of ``$lt``; durable-rules has
  no operator for "this fact's list holds that fact's text".

* **large local conditions** (an ``in`` list or an ``any`` of more than :data:`MAX_DURABLE_BRANCHES`
  alternatives that reads only the pattern's own fact) become one boolean computed in Python: durable-rules
  hangs or aborts when hundreds of alternatives branch from one test (docs/engine.md D8; an ``in`` of 512
  constants never returned).

After ``split_join_disjunctions`` no join sits under an ``or``, so every join is a conjunct of its pattern
and removing it from the durable pattern and checking it afterwards is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from clausewise.engine.ir import And, Cmp, Cond, Or, PatternIR, RuleIR, reads_only
from clausewise.operators import OPERATORS

#: Alternatives (``in`` constants, ``or`` branches) a condition may hand to durable-rules; more run in Python.
MAX_DURABLE_BRANCHES = 32


def branches(cond: Cond) -> int:
    """How many alternatives durable-rules would branch into for ``cond`` (list constants count one each)."""
    if isinstance(cond, Cmp):
        return len(cond.value) if OPERATORS[cond.op].operand == "list" and isinstance(cond.value, tuple) else 1
    return sum(branches(c) for c in cond.items)


@dataclass(frozen=True)
class LocalTest:
    """A condition on one fact, computed in Python for facts of ``kind`` into the boolean field ``name``."""

    kind: str
    name: str
    cond: Cond
    alias: str


@dataclass(frozen=True)
class Derived:
    """A field computed in Python for facts of ``kind``: ``name`` holds the value a durable test reads."""

    kind: str
    name: str
    cmp: Cmp  # the original comparison
    own_alias: str
    audit: bool  # True: difference with the audit fact's ``cmp.ref.field``; False: same-fact boolean


@dataclass(frozen=True)
class Plan:
    """One durable rule and what is checked in Python for its matches."""

    rule: RuleIR  # what durable-rules runs
    residue: tuple[tuple[str, Cmp], ...] = ()  # (alias, comparison) checked on each match
    python_absent: tuple[PatternIR, ...] = ()  # absent patterns checked in Python


@dataclass
class Planner:
    derived: dict[tuple[str, Cmp, str, bool], Derived] = field(default_factory=dict)
    local: dict[tuple[str, Cond, str], LocalTest] = field(default_factory=dict)

    def plan(self, rule: RuleIR) -> Plan:
        audit_aliases = {p.alias for p in rule.match if p.kind == "audit"}
        residue: list[tuple[str, Cmp]] = []
        match: list[PatternIR] = []
        for p in rule.match:
            cond, rest = self._rewrite(p, p.cond, audit_aliases)
            residue.extend((p.alias, c) for c in rest)
            match.append(PatternIR(p.alias, p.kind, cond))
        absent: list[PatternIR] = []
        python_absent: list[PatternIR] = []
        for p in rule.absent:
            cond, rest = self._rewrite(p, p.cond, audit_aliases)
            if rest:
                python_absent.append(p)  # the original pattern, judged in Python
            else:
                absent.append(PatternIR(p.alias, p.kind, cond))
        return Plan(replace(rule, match=tuple(match), absent=tuple(absent)), tuple(residue), tuple(python_absent))

    def _rewrite(self, p: PatternIR, cond: Cond | None, audit: set[str]) -> tuple[Cond | None, list[Cmp]]:
        if cond is None:
            return None, []
        if branches(cond) > MAX_DURABLE_BRANCHES and reads_only(cond, p.alias):
            key = (p.kind, cond, p.alias)
            if key not in self.local:
                self.local[key] = LocalTest(p.kind, f"y__{len(self.local)}", cond, p.alias)
            return Cmp(self.local[key].name, "bool", "eq", True), []
        if isinstance(cond, Cmp):
            return self._cmp(p, cond, audit)
        parts = [self._rewrite(p, c, audit) for c in cond.items]
        rest = [c for _, r in parts for c in r]
        kept = tuple(c for c, _ in parts if c is not None)
        if isinstance(cond, Or):
            assert not rest, "joins under 'or' are expanded before planning"
            return Or(kept), []
        if not kept:
            return None, rest
        return (kept[0] if len(kept) == 1 else And(kept)), rest

    def _cmp(self, p: PatternIR, c: Cmp, audit: set[str]) -> tuple[Cond | None, list[Cmp]]:
        if c.ref is None:
            return c, []
        if c.ref.alias == p.alias:
            d = self._derive(p, c, audit=False)
            return Cmp(d.name, "bool", "eq", True), []
        if c.ref.alias in audit and c.ftype in ("date", "number") and OPERATORS[c.op].offsets:
            d = self._derive(p, c, audit=True)
            offset = c.months * 32 if c.months else c.days
            return Cmp(d.name, "number", c.op, offset), []
        if c.op == "eq" and not c.days and not c.months:
            return c, []  # a plain equality join: durable-rules hashes it, correctly
        return None, [c]  # every other join between two facts is checked in Python

    def _derive(self, p: PatternIR, c: Cmp, *, audit: bool) -> Derived:
        key = (p.kind, c, p.alias, audit)
        if key not in self.derived:
            self.derived[key] = Derived(p.kind, f"x__{len(self.derived)}", c, p.alias, audit)
        return self.derived[key]
