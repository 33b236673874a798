"""Run the rule IR on durable-rules 2.0.28, behind one narrow call: ``DurableEngine(rules).evaluate(facts)``.

The only module that imports durable-rules, and only :mod:`clausewise.engine.evaluators` imports it.

Every workaround of the durable-rules behaviours in ``docs/engine.md`` (D1-D14) is applied here and nowhere else:

* JSON rulesets only, built from whitelisted operators (D10); each registration gets a deep copy;
* every pattern starts with a positive kind test ``t == <kind>`` (D4 state-document loop);
* no business field is called ``id``/``sid``: the user's id travels as ``k`` and joins use it (D1);
* absence rules are gated: ``[gate(END), subject..., alias$not]``, END asserted last (D5);
* every fact gets an explicit unique integer ``id``; a hash-collision rejection is retried with a salt (D6);
* dates become integers (epoch days, and ``field__m`` = month-scaled for month arithmetic), lists of text
  stay lists, booleans stay booleans (D7); regular expressions are evaluated in Python into booleans
  (D9 dialect differences);
* only plain equality joins reach durable-rules; ordering, ``ne``, offset and list joins are checked in
  Python on its matches (joins.py; D3 segfault and the defects in docs/engine.md);
* rules are sharded into rulesets by the kinds they connect, and at most :data:`MAX_PATTERNS_PER_KIND`
  patterns test one kind in a shard (error 303 / the 512-branch hang, D8);
* a ruleset's facts are spread over several sessions of about a thousand facts when its rules allow
  (partition.py): durable's fact index has a fixed 512 buckets, so joins slow down with a session's size;
* one Host without background threads (D11), one ruleset per (pack, parameters), one ``sid`` per
  evaluation with a sentinel action (D2), ``delete_state`` in ``finally`` (D11);
* fired actions are read by clausewise's own dispatch loop over the C engine (:class:`_Session`), so no
  action error is swallowed into ``state['exception']`` (D13) and no Python Closure is built per match (D14);
* one evaluation at a time per engine (a lock; one sid is owned by one thread, D12).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import durable_rules_engine

from clausewise.dates import date_key
from clausewise.engine.ir import And, Cmp, Cond, PatternIR, RuleIR, comparisons, conjuncts, reads_only
from clausewise.engine.joins import Derived, LocalTest, Plan, Planner
from clausewise.engine.match import Match, ordered
from clausewise.engine.partition import bucket, partition_fields, partitions
from clausewise.engine.presence import presence_variants, split_join_disjunctions
from clausewise.engine.reference import holds
from clausewise.errors import InternalError
from clausewise.evidence.facts import Fact
from clausewise.numbers import durable_json
from clausewise.operators import OPERATORS, compare

MAX_PATTERNS_PER_KIND = 40
#: Kinds with exactly one fact per dossier: they do not tie rules into one ruleset (the fact goes to each).
SINGLETON_KINDS = frozenset({"audit"})
START, END = "__start", "__end"
_EPOCH = dt.date(1970, 1, 1)
_GATE = "g__"
# docs/engine.md D10: only these operators are emitted (and the compiler checks its own output)
_WHITELIST = frozenset("$and $or $lt $lte $gt $gte $neq $ex $nex $iany $iall $i $add $l $r $m".split())


# Result codes of durable_rules_engine.assert_fact (durable/engine.py Ruleset._handle_result).
_NOT_HANDLED, _OBSERVED, _DEFERRED = 1, 2, 3


class EngineError(InternalError):
    """The C engine reported an error or an action failed: a bug in clausewise, never a user error."""


def epoch_days(value: dt.date) -> int:
    return (value - _EPOCH).days


def month_scaled(value: dt.date) -> int:
    """Months since year 0 times 32 plus the day: comparing these compares (year, month, day)."""
    return (value.year * 12 + value.month - 1) * 32 + value.day


def _alias(name: str) -> str:
    return "a_" + name  # keeps user aliases clear of durable's Closure attributes (m, s, ...)


def _durable_field(name: str) -> str:
    return "k" if name == "id" else name


@dataclass
class _Shard:
    name: str
    rules: list[RuleIR] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    per_kind: dict[str, int] = field(default_factory=dict)

    def fits(self, rule: RuleIR) -> bool:
        need = _patterns_per_kind(rule)
        return all(self.per_kind.get(k, 0) + n <= MAX_PATTERNS_PER_KIND for k, n in need.items())

    def add(self, rule: RuleIR) -> None:
        self.rules.append(rule)
        for k, n in _patterns_per_kind(rule).items():
            self.per_kind[k] = self.per_kind.get(k, 0) + n
        self.kinds |= rule.kinds()


def _patterns_per_kind(rule: RuleIR) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in (*rule.match, *rule.absent):
        out[p.kind] = out.get(p.kind, 0) + 1
    if rule.absent:
        out[END] = out.get(END, 0) + 1
    return out


def shard(rules: Sequence[RuleIR], prefix: str) -> list[_Shard]:
    """Rules grouped by the kinds they connect, then first-fit within a group, in rule order (deterministic).

    Rules that share no kind (other than the one audit fact, asserted into every ruleset that reads it) go
    to different rulesets, so each durable session holds only the facts its rules can use. A session's cost
    per assert grows with the facts it holds (10k facts: 20 µs; 100k: 40-100 µs), so smaller sessions keep
    evaluation linear in the dossier's size.

    Rules that need all their facts in one session (partition.py) are grouped apart from those whose facts
    may be spread, and by the kinds they connect among themselves: one such rule no longer keeps every kind
    its neighbours read in one session. durable-rules keeps about 8 KB per fact a session holds, so that one
    session held 30,000 of a 40,000-fact dossier's facts (250 MB); a kind both groups read is asserted into
    each (docs/benchmarks.md, memory).
    """
    whole = [partition_fields([rule], SINGLETON_KINDS) is None for rule in rules]
    groups: dict[tuple[bool, str], list[RuleIR]] = {}
    for together in (False, True):
        kind_of = [rule for rule, w in zip(rules, whole, strict=True) if w == together]
        for rule, root in zip(kind_of, _components(kind_of), strict=True):
            groups.setdefault((together, root), []).append(rule)
    shards: list[_Shard] = []
    place = {id(rule): n for n, rule in enumerate(rules)}  # groups in the order of their first rule
    for (together, _root), group in sorted(groups.items(), key=lambda g: place[id(g[1][0])]):
        mine: list[_Shard] = []
        for rule in group:
            target = next((s for s in mine if s.fits(rule) and (together or _spreads(s, rule))), None)
            if target is None:
                target = _Shard(f"{prefix}_{len(shards)}")
                shards.append(target)
                mine.append(target)
            target.add(rule)
    return shards


def _spreads(s: _Shard, rule: RuleIR) -> bool:
    """Whether ``s`` with ``rule`` added may still spread its facts over sessions (the fields agree)."""
    return partition_fields([*s.rules, rule], SINGLETON_KINDS) is not None


def _components(rules: Sequence[RuleIR]) -> list[str]:
    """For each rule, a representative of the connected component of kinds it belongs to (union-find)."""
    parent: dict[str, str] = {}

    def find(kind: str) -> str:
        parent.setdefault(kind, kind)
        while parent[kind] != kind:
            parent[kind] = parent[parent[kind]]
            kind = parent[kind]
        return kind

    linked = [sorted(k for k in rule.kinds() if k not in SINGLETON_KINDS) or sorted(rule.kinds()) for rule in rules]
    for kinds in linked:
        for kind in kinds[1:]:
            parent[find(kind)] = find(kinds[0])
    return [find(kinds[0]) for kinds in linked]


class _PythonTests:
    """Comparisons with an operator durable-rules cannot run (no entry in :data:`_NATIVE`: regular expressions)
    are computed in Python when a fact is encoded, each (kind, comparison) into a boolean field the durable
    pattern tests for true; :func:`clausewise.operators.compare` is the reference evaluator's own evaluation."""

    def __init__(self, rules: Iterable[RuleIR]) -> None:
        self.fields: dict[tuple[str, Cmp], str] = {}
        for rule in rules:
            for p in (*rule.match, *rule.absent):
                for c in comparisons(p.cond):
                    if c.op not in _NATIVE:
                        # the planner checks every join but a plain equality in Python, and compares derived
                        # differences with the audit by order/equality operators, which must be native
                        if c.ref is not None or OPERATORS[c.op].offsets:
                            raise EngineError(f"internal: {c.op} needs a native lowering here (_NATIVE)")
                        self.fields.setdefault((p.kind, c), f"py__{len(self.fields)}")
        self.by_kind: dict[str, list[tuple[Cmp, str]]] = {}
        for (kind, cmp), name in self.fields.items():
            self.by_kind.setdefault(kind, []).append((cmp, name))

    def name(self, kind: str, cmp: Cmp) -> str:
        return self.fields[(kind, cmp)]


def _in(f: str, values: tuple[Any, ...]) -> dict[str, Any]:
    if not values:
        return {"$and": [{"$ex": {f: 1}}, {"$nex": {f: 1}}]}  # never true
    return {"$or": [{f: v} for v in values]}


def _not_in(f: str, values: tuple[Any, ...]) -> dict[str, Any]:
    if not values:
        return {"$ex": {f: 1}}
    return {"$and": [{"$neq": {f: v}} for v in values]}


#: The operators durable-rules runs natively: (durable field, right side) -> the durable test. The right side is
#: the constant (a tuple for a list operand), or for ``eq`` a join, or for an order/equality test a shifted date
#: or a derived difference (joins.py). An operator declared in clausewise.operators without an entry here is
#: computed in Python (:class:`_PythonTests`), so adding one needs nothing here unless it can be matched natively.
_NATIVE: dict[str, Callable[[str, Any], dict[str, Any]]] = {
    "eq": lambda f, r: {f: r},
    "ne": lambda f, r: {"$neq": {f: r}},
    "lt": lambda f, r: {"$lt": {f: r}},
    "le": lambda f, r: {"$lte": {f: r}},
    "gt": lambda f, r: {"$gt": {f: r}},
    "ge": lambda f, r: {"$gte": {f: r}},
    "in": _in,
    "not_in": _not_in,
    "contains": lambda f, r: {"$iany": {f: {"$i": r}}},
    "not_contains": lambda f, r: {"$and": [{"$ex": {f: 1}}, {"$iall": {f: {"$neq": {"$i": r}}}}]},
    "present": lambda f, _: {"$ex": {f: 1}},
    "missing": lambda f, _: {"$nex": {f: 1}},
}


class _Compiler:
    def __init__(self, python: _PythonTests) -> None:
        self.python = python

    def rule(self, rule: RuleIR, action: str) -> dict[str, Any]:
        patterns: list[dict[str, Any]] = []
        if rule.absent:
            patterns.append({_GATE: {"t": END}})
        for p in rule.match:
            patterns.append({_alias(p.alias): self.pattern(p)})
        for n, p in enumerate(rule.absent):  # split patterns share an alias: each $not needs its own
            patterns.append({f"{_alias(p.alias)}_{n}$not": self.pattern(p)})
        return {"all": patterns, "run": action}

    def pattern(self, p: PatternIR) -> dict[str, Any]:
        """``t == kind`` first (D4), then the presence tests, then joins, then everything else.

        Order matters to durable-rules: an equality join placed after an ``$or`` in the same conjunction is
        ignored (``[{"$or": [{"b": false}]}, {"b": {"a_p0": "b"}}]`` matched p1.b = false with p0.b = true;
        found by the differential test), and a join before the presence test of its field aborts with error
        311 when the field is missing. The conjunction is flattened, so the order is the same at every depth.
        """
        tests: list[dict[str, Any]] = [{"t": p.kind}]
        items = conjuncts(p.cond)
        tests += [self.cond(c, p) for c in sorted(items, key=lambda c: _conjunct_rank(c, p))]
        return {"$and": tests}

    def cond(self, cond: Cond, p: PatternIR) -> dict[str, Any]:
        if isinstance(cond, Cmp):
            return self.cmp(cond, p)
        key = "$and" if isinstance(cond, And) else "$or"
        return {key: [self.cond(c, p) for c in cond.items]}

    def cmp(self, c: Cmp, p: PatternIR) -> dict[str, Any]:
        if c.op not in _NATIVE:
            return {self.python.name(p.kind, c): True}
        if c.ref is not None and c.ref.alias != p.alias and (c.op != "eq" or c.days or c.months):
            raise EngineError(f"internal: join {c.op} must be checked in Python (joins.py), not compiled")
        f = _durable_field(c.field)
        if not OPERATORS[c.op].offsets:  # presence, lists, membership: against constants only (joins.py)
            right = tuple(_const(v) for v in c.value) if OPERATORS[c.op].operand == "list" else _const(c.value)
            return _NATIVE[c.op](f, right)
        # an order/equality test against a constant or a joined field, dates with optional offsets
        if c.ftype == "date" and c.months:
            f = f + "__m"
        if c.ref is None:
            value = c.value
            if c.ftype == "date":
                right = _month_scaled_shifted(value, c.months) if c.months else epoch_days(value) + c.days
            else:
                right = _const(value)
        else:
            ref_field = _durable_field(c.ref.field) + ("__m" if c.ftype == "date" and c.months else "")
            right = {"$m": ref_field} if c.ref.alias == p.alias else {_alias(c.ref.alias): ref_field}
            offset = c.months * 32 if c.months else c.days
            if offset:
                right = {"$add": {"$l": right, "$r": offset}}
        return _NATIVE[c.op](f, right)


def _conjunct_rank(cond: Cond, p: PatternIR) -> int:
    if isinstance(cond, Cmp) and cond.op in ("present", "missing"):
        return 0
    if isinstance(cond, Cmp) and cond.ref is not None and cond.ref.alias != p.alias:
        return 1
    return 2


def _month_scaled_shifted(value: dt.date, months: int) -> int:
    """``month_scaled`` of a date moved by calendar months, keeping the day number (no clamping)."""
    return (value.year * 12 + value.month - 1 + months) * 32 + value.day


def _const(value: Any) -> Any:
    if isinstance(value, dt.date):
        return epoch_days(value)
    return value


def _check_whitelist(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("$") and key not in _WHITELIST:
                raise EngineError(f"compiler produced non-whitelisted operator {key}")
            _check_whitelist(value)
    elif isinstance(node, list):
        for item in node:
            _check_whitelist(item)


#: Session ids are unique per process: engines with identical rules share rulesets (same names).
_SIDS = itertools.count(1)
#: Ruleset name -> C handle. Rulesets are created through the C API, with no durable Host at all: no timer
#: threads (D11), no action dispatch (:class:`_Session` reads fired actions itself), and the definition is
#: written by :func:`durable_json`, whose numbers durable's parser reads (``json.dumps`` writes ``1e-05``,
#: error 204).
_HANDLES: dict[str, int] = {}
_HOST_LOCK = threading.Lock()


def _create_ruleset(name: str, definition: dict[str, Any]) -> int:
    rules = {rule_name: {k: v for k, v in rule.items() if k != "run"} for rule_name, rule in definition.items()}
    handle: int = durable_rules_engine.create_ruleset(name, durable_json(rules))
    return handle


class DurableEngine:
    """Compiled once per rule set; ``evaluate`` isolates each call in fresh sids. The durable evaluator of
    :mod:`clausewise.engine.evaluators`, which alone imports this module."""

    unit = "durable-rules rule"

    def __init__(self, rules: Sequence[RuleIR]) -> None:
        self.rules = list(rules)
        digest = hashlib.sha256(repr(self.rules).encode()).hexdigest()[:16]
        # Each rule becomes one or more durable rules named "<id>~<n>" (see presence.py and joins.py).
        planner = Planner()
        self._plans: dict[str, Plan] = {}
        for r in self.rules:
            variants = (x for d in split_join_disjunctions(r) for x in presence_variants(d))
            for n, v in enumerate(variants):
                plan = planner.plan(replace(v, id=f"{r.id}~{n}"))
                self._plans[plan.rule.id] = plan
        self._derived: dict[str, list[Derived]] = {}
        for d in planner.derived.values():
            self._derived.setdefault(d.kind, []).append(d)
        self._local: dict[str, list[LocalTest]] = {}
        for t in planner.local.values():
            self._local.setdefault(t.kind, []).append(t)
        planned = [plan.rule for plan in self._plans.values()]
        self._fields = _fields_read(planned)
        self._python = _PythonTests(planned)
        compiler = _Compiler(self._python)
        self._shards = shard(planned, f"cw_{digest}")
        # Per ruleset, the field (as sent to durable) by which each kind's facts may be spread over sessions.
        self._split: dict[str, dict[str, str | None] | None] = {}
        for s in self._shards:
            split = partition_fields(s.rules, SINGLETON_KINDS)
            self._split[s.name] = None if split is None else {k: f and _durable_field(f) for k, f in split.items()}
        self._lock = threading.Lock()
        self.rulesets: dict[str, dict[str, Any]] = {}
        for s in self._shards:
            definition: dict[str, Any] = {r.id: compiler.rule(r, f"{s.name}:{r.id}") for r in s.rules}
            definition[START] = {"all": [{"m": {"t": START}}], "run": START}
            _check_whitelist(definition)
            self.rulesets[s.name] = definition
        # Per ruleset, each durable rule's (alias, durable alias) pairs: what _Session reads from a fired action.
        self._aliases: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
            s.name: {r.id: tuple((p.alias, _alias(p.alias)) for p in r.match) for r in s.rules} for s in self._shards
        }
        with _HOST_LOCK:
            for name, definition in self.rulesets.items():
                if name not in _HANDLES:  # compiled once per process per (rules) digest
                    _HANDLES[name] = _create_ruleset(name, definition)
            self._handles = {name: _HANDLES[name] for name in self.rulesets}

    def evaluate(self, facts: Sequence[Fact]) -> list[Match]:
        audits = [f for f in facts if f.kind == "audit"]
        if len(audits) > 1 and any(d.audit for ds in self._derived.values() for d in ds):
            raise EngineError("comparisons with the audit context need exactly one audit fact")
        audit = audits[0] if audits else None
        encoded = [self._encode(f, audit) for f in facts]
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for fact in encoded:
            by_kind.setdefault(fact["t"], []).append(fact)
        found: list[Match] = []
        with self._lock:
            for s in self._shards:
                self._run_shard(s, by_kind, found)
        return ordered(self._finish(set(found), facts))  # an $or can reach one fact twice: report once

    def _finish(self, found: set[Match], facts: Sequence[Fact]) -> set[Match]:
        """Apply the Python-side checks of joins.py and map variants back to their rule."""
        by_key = {f.key: f for f in facts}
        by_kind: dict[str, list[Fact]] = {}
        for f in facts:
            by_kind.setdefault(f.kind, []).append(f)
        indexes: dict[tuple[str, int], _AbsentIndex] = {}
        out: set[Match] = set()
        for m in found:
            plan = self._plans[m.rule_id]
            if not plan.residue and not plan.python_absent:  # durable-rules decided it all
                out.add(Match(m.rule_id.partition("~")[0], m.bindings))
                continue
            bound = {alias: by_key[key] for alias, key in m.bindings}
            if not all(holds(c, bound[alias], bound) for alias, c in plan.residue):
                continue
            keys = {f.key for f in bound.values()}
            blocked = False
            for n, p in enumerate(plan.python_absent):
                index = indexes.get((m.rule_id, n))
                if index is None:
                    index = indexes[(m.rule_id, n)] = _AbsentIndex(p, by_kind.get(p.kind, ()))
                if index.blocks(bound, keys):
                    blocked = True
                    break
            if not blocked:
                out.add(Match(m.rule_id.partition("~")[0], m.bindings))
        return out

    def _run_shard(self, s: _Shard, by_kind: dict[str, list[dict[str, Any]]], found: list[Match]) -> None:
        """Assert the shard's facts and collect its matches, in one session or, when the shard's rules allow
        and the facts are many, in several (partition.py: durable's joins slow down with the facts a session
        holds)."""
        split = self._split[s.name]
        spread = sum(len(by_kind.get(k, ())) for k in split) if split is not None else 0
        parts = partitions(spread)
        if split is None or parts == 1:
            self._run_session(s, [by_kind.get(kind, []) for kind in sorted(s.kinds)], found)
            return
        groups: list[list[list[dict[str, Any]]]] = [[] for _ in range(parts)]
        for kind in sorted(s.kinds):
            facts = by_kind.get(kind, [])
            if kind not in split:  # a singleton (the audit): in every partition
                for group in groups:
                    group.append(facts)
                continue
            mine: list[list[dict[str, Any]]] = [[] for _ in range(parts)]
            fld = split[kind]
            for n, fact in enumerate(facts):
                mine[n % parts if fld is None else bucket(fact.get(fld), parts)].append(fact)
            for group, part in zip(groups, mine, strict=True):
                group.append(part)
        for group in groups:
            self._run_session(s, group, found)

    def _run_session(self, s: _Shard, facts: Iterable[Sequence[dict[str, Any]]], found: list[Match]) -> None:
        sid = f"e{next(_SIDS)}"
        session = _Session(self._handles[s.name], sid, self._aliases[s.name], found)
        try:
            session.assert_fact({"id": 0, "t": START})
            ids = itertools.count(1)
            for batch in facts:
                for fact in batch:
                    session.assert_fact({**fact, "id": next(ids)})
            if any(r.absent for r in s.rules):
                session.assert_fact({"t": END, "id": next(ids)})
        finally:
            durable_rules_engine.delete_state(self._handles[s.name], sid)
            session.buffers.clear()  # only now may the fact texts be freed

    def _encode(self, fact: Fact, audit: Fact | None) -> dict[str, Any]:
        out: dict[str, Any] = {"t": fact.kind, "k": fact.key}
        values = fact.values
        for name in self._fields.get(fact.kind, ()):
            if name not in values:
                continue
            value = values[name]
            if isinstance(value, dt.date):
                out[name] = epoch_days(value)
                out[name + "__m"] = month_scaled(value)
            else:
                out[name] = value
        for c, name in self._python.by_kind.get(fact.kind, ()):
            value = values.get(c.field)
            if value is not None or OPERATORS[c.op].operand == "none":  # no value: the field stays absent, false
                out[name] = compare(c.op, c.ftype, value, c.value, c.days, c.months)
        for t in self._local.get(fact.kind, ()):
            out[t.name] = holds(t.cond, fact, {t.alias: fact})
        for d in self._derived.get(fact.kind, ()):
            if not d.audit:
                out[d.name] = holds(d.cmp, fact, {d.own_alias: fact, d.cmp.ref.alias: fact} if d.cmp.ref else {})
                continue
            assert d.cmp.ref is not None
            mine = fact.get(d.cmp.field)
            theirs = audit.get(d.cmp.ref.field) if audit is not None else None
            if mine is None or theirs is None:
                continue  # no value: every comparison on it is false
            if isinstance(mine, dt.date):
                if d.cmp.months:
                    out[d.name] = month_scaled(mine) - month_scaled(theirs)
                else:
                    out[d.name] = epoch_days(mine) - epoch_days(theirs)
            else:
                out[d.name] = mine - theirs
        return out

    def describe(self) -> dict[str, Any]:
        """The compiled rulesets as JSON-able data (for ``rules show --compiled`` and debugging)."""
        described: dict[str, Any] = json.loads(json.dumps(self.rulesets, default=str))
        return described

    def compiled(self, rule_id: str) -> list[tuple[str, Any]]:
        """``(heading, definition)`` of every durable rule compiled from ``rule_id`` (``rules show --compiled``).

        A pack rule becomes one or more durable rules named ``<id>~<n>`` (one per presence variant and
        join disjunct), possibly in different shards.
        """
        return [
            (f"durable-rules rule {name} (ruleset {ruleset})", definition)
            for ruleset, rules in self.describe().items()
            for name, definition in rules.items()
            if name.partition("~")[0] == rule_id
        ]


class _AbsentIndex:
    """Candidates for an absent pattern checked in Python, pre-filtered once per evaluation.

    Conjuncts that read only the candidate are applied once; an equality join becomes a hash lookup, or
    else ordering joins on one field become a range of a sorted list; every join is still checked per
    candidate, so the answers are those of the plain nested loop, only faster.
    """

    def __init__(self, pattern: PatternIR, facts: Sequence[Fact]) -> None:
        self.alias = pattern.alias
        items = conjuncts(pattern.cond)
        local = [c for c in items if reads_only(c, self.alias)]
        self.joins: list[Cond] = [c for c in items if c not in local]
        kept = [f for f in facts if all(holds(c, f, {self.alias: f}) for c in local)]
        joins = [c for c in self.joins if isinstance(c, Cmp) and c.ref is not None]
        self.key = next((c for c in joins if c.op == "eq" and not c.days and not c.months), None)
        self.buckets: dict[Any, list[Fact]] = {}
        self.all = kept
        self.ranges: list[Cmp] = []
        if self.key is not None:
            for f in kept:
                value = f.get(self.key.field)
                if value is not None:
                    self.buckets.setdefault(_order_key(value), []).append(f)
            return
        ordering = [c for c in joins if c.op in ("lt", "le", "gt", "ge")]
        if ordering:
            fld = ordering[0].field
            self.ranges = [c for c in ordering if c.field == fld]
            present = [f for f in kept if f.get(fld) is not None]
            present.sort(key=lambda f: _order_key(f.get(fld)))
            self.sorted = present
            self.sort_keys = [_order_key(f.get(fld)) for f in present]

    def _candidates(self, bound: dict[str, Fact]) -> Sequence[Fact]:
        if self.key is not None and self.key.ref is not None:
            value = bound[self.key.ref.alias].get(self.key.ref.field)
            return self.buckets.get(_order_key(value), []) if value is not None else []
        if not self.ranges:
            return self.all
        lo, hi = 0, len(self.sorted)
        for c in self.ranges:
            assert c.ref is not None
            right = bound[c.ref.alias].get(c.ref.field)
            if right is None:
                return []
            key = date_key(right, c.days, c.months) if c.ftype == "date" else right
            if c.op == "gt":
                lo = max(lo, bisect.bisect_right(self.sort_keys, key))
            elif c.op == "ge":
                lo = max(lo, bisect.bisect_left(self.sort_keys, key))
            elif c.op == "lt":
                hi = min(hi, bisect.bisect_left(self.sort_keys, key))
            else:
                hi = min(hi, bisect.bisect_right(self.sort_keys, key))
        return self.sorted[lo:hi]

    def blocks(self, bound: dict[str, Fact], keys: set[str]) -> bool:
        """True when some candidate (not a bound fact) satisfies the pattern for this match."""
        for cand in self._candidates(bound):
            if cand.key in keys:
                continue
            binding = {**bound, self.alias: cand}
            if all(holds(c, cand, binding) for c in self.joins):
                return True
        return False


def _order_key(value: Any) -> Any:
    """Dates order as (year, month, day), the key the IR's month arithmetic compares."""
    return date_key(value, 0, 0) if isinstance(value, dt.date) else value


def _fields_read(rules: Iterable[RuleIR]) -> dict[str, tuple[str, ...]]:
    """Per kind, the fact fields some durable pattern tests (directly or as the far side of a join).

    Only these travel to durable-rules: text the rules never read (descriptions, sources, notes) would be
    serialised, parsed and copied by the C engine and parsed back out of every fired action for nothing.
    ``id`` never travels (docs/engine.md D1: durable's ``id`` is the internal counter).
    """
    read: dict[str, set[str]] = {}
    for rule in rules:
        patterns = (*rule.match, *rule.absent)
        kinds = {p.alias: p.kind for p in patterns}
        for p in patterns:
            for c in comparisons(p.cond):
                read.setdefault(p.kind, set()).add(c.field)
                if c.ref is not None:
                    read.setdefault(kinds[c.ref.alias], set()).add(c.ref.field)
    return {kind: tuple(sorted(names - {"id"})) for kind, names in read.items()}


class _Session:
    """One sid of one ruleset, driven through the C engine's API directly.

    durable-rules' Python Host wraps every fired action in JSON round trips of the session state, a Closure
    and a Promise (about 60-80 µs each, docs/engine.md D14). The matches are all clausewise needs from an
    action, so this loop asks the C engine for each pending action, records its rule and fact keys, and
    completes it: the same calls the Host makes (``start_action_for_state`` / ``complete_and_start_action``),
    without the state write-back (clausewise never changes the state document). An error while recording
    abandons the action and propagates: nothing is swallowed into ``state['exception']`` (D13).
    """

    __slots__ = ("aliases", "buffers", "found", "handle", "sid")

    def __init__(
        self, handle: int, sid: str, aliases: dict[str, tuple[tuple[str, str], ...]], found: list[Match]
    ) -> None:
        self.handle, self.sid, self.aliases, self.found = handle, sid, aliases, found
        # The C engine keeps pointers into the JSON text of stored facts for ``id`` and ``sid`` (docs/engine.md D1):
        # every text asserted stays alive until the session is deleted.
        self.buffers: list[str] = []

    def assert_fact(self, fact: dict[str, Any]) -> None:
        """Assert ``fact`` and run every action it makes due; a colliding identity is salted (D6)."""
        base: int = fact["id"]
        salt = 0
        while True:
            fact["id"], fact["sid"] = base + salt, self.sid
            text = durable_json(fact)  # numbers in a form durable's parser reads (clausewise/numbers.py)
            self.buffers.append(text)
            code, state = durable_rules_engine.assert_fact(self.handle, text)
            if code == _OBSERVED:
                salt += 1_000_003  # 32-bit identity hash collided with another fact (D6)
                if salt > 50_000_000:
                    raise EngineError("could not find a free fact identity")
                continue
            if code != _NOT_HANDLED:  # not handled: matches no pattern of this shard, nothing could use it
                self._dispatch(0 if code == _DEFERRED else state)
            return

    def _dispatch(self, state: int) -> None:
        started = durable_rules_engine.start_action_for_state(self.handle, state)
        if not started:
            return
        pending: str | None = started[1]
        while pending:
            try:
                for action, message in json.loads(pending).items():
                    if action != START:
                        bindings = tuple((a, message[name]["k"]) for a, name in self.aliases[action])
                        self.found.append(Match(action, bindings))
            except BaseException:
                durable_rules_engine.abandon_action(self.handle, state)
                raise
            pending = durable_rules_engine.complete_and_start_action(self.handle, state)
