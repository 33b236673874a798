"""Split one ruleset's facts over several durable-rules sessions without changing its matches.

durable-rules keeps a session's facts in a hash index of a fixed 512 buckets with chained lists (docs/engine.md),
so the cost of an equality join grows with the facts one session holds: on the peer workload the join
``audit_assignment ⋈ person`` took 18x the time for 10x the facts. Partitioning the facts by the value of the
joined field keeps every session small, and facts that can join share a value, hence a partition.

:func:`partition_fields` says, for the rules of one ruleset, by which field each kind's facts may be split
(``None``: any split will do) or that the ruleset must stay whole. A rule is safe to partition when:

* it reads no fact outside the singleton kinds (the audit goes to every partition, and a rule reading only
  the audit then fires in each with the same match, reported once), or
* it binds one fact of a partitioned kind and has no ``absent`` pattern, or
* its patterns over partitioned kinds (``absent`` ones included, and at least one ``match``) are connected
  by plain equality joins, each between the partition fields of the two kinds: all the facts of one
  match, and every fact that could block it, then share a partition.

Anything else (an ``absent`` pattern over all facts, two facts joined only in Python, conflicting fields)
keeps the ruleset in one session, as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from typing import Any

from clausewise.engine.ir import Cmp, RuleIR, conjuncts

#: Facts per session the partitioned evaluation aims at: durable's per-fact cost is flat from a few hundred
#: to about 1,500 facts a session and grows beyond (docs/benchmarks.md, peer workload).
FACTS_PER_PARTITION = 1024


def partition_fields(rules: Sequence[RuleIR], singletons: Collection[str]) -> dict[str, str | None] | None:
    """Per kind, the field whose value chooses a fact's partition (None: any); None if the rules forbid a split.

    Fields are the IR's names (``id`` included); the caller maps them to what it sends to the engine.
    """
    fields: dict[str, str | None] = {}
    for rule in rules:
        for p in (*rule.match, *rule.absent):
            if p.kind not in singletons:
                fields.setdefault(p.kind, None)
    for rule in rules:
        if not _claim(rule, singletons, fields):
            return None
    return fields


def _claim(rule: RuleIR, singletons: Collection[str], fields: dict[str, str | None]) -> bool:
    """Fix the partition fields this rule needs in ``fields``; False when the rule cannot be partitioned."""
    nodes = {p.alias: p.kind for p in (*rule.match, *rule.absent) if p.kind not in singletons}
    matched = [p.alias for p in rule.match if p.kind not in singletons]
    if not nodes:
        return True
    if not matched:
        return False  # an absence over facts no match pattern fixes: it needs every fact in one session
    if len(nodes) == 1:
        return True
    edges: list[tuple[str, str]] = []
    for p in (*rule.match, *rule.absent):
        for c in conjuncts(p.cond):
            if not (isinstance(c, Cmp) and c.op == "eq" and c.ref is not None and not c.days and not c.months):
                continue
            other = c.ref.alias
            if p.alias not in nodes or other not in nodes or other == p.alias:
                continue
            if _agree(fields, nodes[p.alias], c.field) and _agree(fields, nodes[other], c.ref.field):
                fields[nodes[p.alias]], fields[nodes[other]] = c.field, c.ref.field
                edges.append((p.alias, other))
    return _connected(set(nodes), edges)


def _agree(fields: dict[str, str | None], kind: str, field: str) -> bool:
    return fields.get(kind) in (None, field)


def _connected(nodes: set[str], edges: list[tuple[str, str]]) -> bool:
    seen = {next(iter(nodes))}
    grew = True
    while grew:
        grew = False
        for a, b in edges:
            if (a in seen) != (b in seen):
                seen |= {a, b}
                grew = True
    return seen == nodes


def partitions(facts: int) -> int:
    """How many sessions a ruleset's ``facts`` (those of partitioned kinds) are spread over."""
    return max(1, facts // FACTS_PER_PARTITION)


def bucket(value: Any, parts: int) -> int:
    """The partition of a fact whose partition field holds ``value``: equal values, equal partitions.

    Stable across processes (text is not hashed with Python's per-process salt), so a run can be reproduced;
    numbers hash by value, so ``5`` and ``5.0`` (equal for durable-rules too) share a partition.
    """
    if isinstance(value, str):
        return zlib.crc32(value.encode()) % parts
    if value is None:
        return 0
    if isinstance(value, int | float):
        return hash(value) % parts
    return zlib.crc32(repr(value).encode()) % parts
