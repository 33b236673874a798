"""Was a rule *decided on supplied evidence*? The ground every C stands on (pure functions).

A clause may be judged C only when at least one of its mechanical rules (judgment N, O or NA; review prompts
never count) was decided: it either proposed a finding the evidence proves, or it did not match and could
not have matched whatever the unstated fields hold. A rule that did not match is decided when

* its sections were supplied (otherwise it has a section gap and was not evaluated), and
* some ``match`` pattern has no candidate at all (no supplied fact can satisfy its own tests even with its
  unstated fields filled in), or every candidate of every ``match`` pattern states the fields the rule
  compares (its own tests are then true or false, never unknown, and so are its joins).

``absent`` patterns are not re-checked: a rule fails to match through them only when a supplied fact did
satisfy them. What an undecided rule still needs is returned as (kind, field) pairs with the facts lacking
them, so a clause that no rule decided can name what to supply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from clausewise.engine.ir import Cond, PatternIR, RuleIR, comparisons, conjoin, conjuncts, reads_only
from clausewise.engine.proof import truth
from clausewise.evidence.facts import Fact

MECHANICAL = frozenset({"N", "O", "NA"})


@dataclass(frozen=True)
class Undecided:
    """What a rule that neither matched nor was decided lacks: per (kind, field), the facts not stating it."""

    fields: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def local(p: PatternIR) -> Cond | None:
    """The conjuncts of a pattern that read only its own fact."""
    return conjoin(*(c for c in conjuncts(p.cond) if reads_only(c, p.alias)))


def _needed(ir: RuleIR) -> dict[str, set[str]]:
    """Per match alias, the fields of its fact the rule compares (own tests and joins from other patterns)."""
    need: dict[str, set[str]] = {p.alias: set() for p in ir.match}
    for p in (*ir.match, *ir.absent):
        for c in comparisons(p.cond):
            if p.alias in need:
                need[p.alias].add(c.field)
            if c.ref is not None and c.ref.alias in need:
                need[c.ref.alias].add(c.ref.field)
    return need


class Decider:
    """Decides non-matching rules over one assessment's facts, caching per (kind, fields) what is unstated."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.by_kind: dict[str, list[Fact]] = {}
        for fact in facts:
            self.by_kind.setdefault(fact.kind, []).append(fact)
        self._lacking: dict[tuple[str, frozenset[str]], list[Fact]] = {}

    def lacking(self, kind: str, fields: frozenset[str]) -> list[Fact]:
        """Facts of ``kind`` that leave one of ``fields`` unstated."""
        key = (kind, fields)
        if key not in self._lacking:
            self._lacking[key] = [f for f in self.by_kind.get(kind, ()) if not fields <= (f.stated | {"id"})]
        return self._lacking[key]

    def undecided(self, ir: RuleIR) -> Undecided | None:
        """None when the (non-matching) rule is decided on the evidence, else what it lacks."""
        need = _needed(ir)
        lacks: dict[tuple[str, str], list[str]] = {}
        for p in ir.match:
            fields = frozenset(need[p.alias])
            own = local(p)
            unstated: dict[frozenset[str], list[str]] = {}  # facts of a kind mostly share one stated set
            for fact in self.lacking(p.kind, fields):
                seen: set[tuple[str, str]] = set()
                if truth(own, fact, {p.alias: fact}, seen) is False:
                    continue  # excluded by its own stated tests: its other fields cannot matter
                names = unstated.get(fact.stated)
                if names is None:
                    names = unstated[fact.stated] = sorted(fields - fact.stated - {"id"})
                for name in names:
                    lacks.setdefault((p.kind, name), []).append(fact.key)
        if not lacks:
            return None
        if any(self._impossible(p) for p in ir.match):
            return None
        return Undecided(lacks)

    def _impossible(self, p: PatternIR) -> bool:
        own = local(p)
        return all(truth(own, f, {p.alias: f}, set()) is False for f in self.by_kind.get(p.kind, ()))


def decided_rules(
    rules: Mapping[str, str],
    irs: Mapping[str, RuleIR],
    decider: Decider,
    fired: set[str],
    unproven: set[str],
    gapped: set[str],
) -> tuple[set[str], dict[str, Undecided]]:
    """Split the mechanical rules (``rules``: id -> judgment) into decided and undecided.

    ``fired``: rules with a finding; ``unproven``: rules whose every match rested on unstated fields (they
    have field gaps); ``gapped``: rules not evaluated for a missing section. Review prompts are neither.
    """
    decided: set[str] = set()
    undecided: dict[str, Undecided] = {}
    for rule_id, judgment in sorted(rules.items()):
        if judgment not in MECHANICAL or rule_id in gapped:
            continue
        if rule_id in fired:
            decided.add(rule_id)
            continue
        if rule_id in unproven:
            continue
        lacks = decider.undecided(irs[rule_id])
        if lacks is None:
            decided.add(rule_id)
        else:
            undecided[rule_id] = lacks
    return decided, undecided
