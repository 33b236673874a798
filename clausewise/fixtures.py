"""Rule tests in the Semgrep style: fixture dossiers beside the rules say what they must produce.

A fixture is a dossier file with one extra top-level block::

    expect:
      fires: [mr-none-within-interval]      # these rules must produce at least one finding
      silent: [mr-inputs-incomplete]        # these must produce none
      counts: {nc-recurrence: 3}            # exactly this many findings of a rule
      judgments: {"9.3.1": N}               # clause judgments (C, N, O, NA, insufficient_evidence, ...)
      params: {review_interval_months: 6}   # optional parameter overrides
      as_of: 2021-01-01                     # optional reference date

Each fixture runs through both evaluators; they must agree and meet the expectations. Every rule of the
pack must fire in some fixture and stay silent in another.

An overlay (``extends:``, :mod:`clausewise.rules.overlay`) runs its own fixtures and then its base's (and the
base's base's), against the overlay: with the base's defaults for the parameters the overlay changed (unless
the fixture sets them), without the expectations about rules the overlay switched off, and without the clause
judgments the overlay may change (clauses at or above one whose rules it added or switched off). Everything
else the base promises must still hold with the overlay's rules in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clausewise.clauses import is_within
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors, Problem
from clausewise.evidence.loader import merge, validate_document
from clausewise.evidence.sections import declared_sections
from clausewise.packtree import clause_trees
from clausewise.rules.loader import Pack
from clausewise.rules.model import Expectation
from clausewise.validation import pydantic_problems
from clausewise.yamlsource import Located, read_file


@dataclass(frozen=True)
class Inheritance:
    """How a base pack's fixture runs against an overlay of it (see the module docstring)."""

    origin: str  # the base pack's id
    params: dict[str, Any]  # the base's defaults of the parameters the overlay changed
    disabled: frozenset[str]  # rules the overlay switched off
    touched: frozenset[str]  # clauses whose rules the overlay added or switched off


@dataclass
class FixtureResult:
    path: Path
    failures: list[str] = field(default_factory=list)
    fired: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    origin: str | None = None  # the base pack a fixture comes from, for an overlay
    skipped: int = 0  # expectations left out: about rules switched off or clauses the overlay changes

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class PackTestReport:
    results: list[FixtureResult]
    uncovered: list[str]  # problems with rule coverage by fixtures

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and not self.uncovered


def load_fixture(path: Path) -> tuple[Expectation, Located]:
    located = read_file(path)
    if not isinstance(located.data, dict) or "expect" not in located.data:
        raise InputErrors([Problem(located.location(()), "a fixture needs an 'expect:' block")])
    data = dict(located.data)
    raw_expect = data.pop("expect")
    try:
        expectation = Expectation.model_validate(raw_expect)
    except ValidationError as exc:
        raise InputErrors(pydantic_problems(exc, located, Expectation)) from None
    return expectation, Located(located.file, data, located.positions, located.raw)


def fixture_plan(pack: Pack) -> list[tuple[Path, Inheritance | None]]:
    """The pack's fixtures, then (for an overlay) each base's, nearest first, with how they run."""
    plan: list[tuple[Path, Inheritance | None]] = [(p, None) for p in pack.fixtures]
    if pack.inherited is None:
        return plan
    disabled = frozenset(pack.inherited.all_disabled())
    mine = {r.rule.id: r.rule.clause for r in pack.rules}
    for base in pack.inherited.chain():
        theirs = {r.rule.id: r.rule.clause for r in base.rules}
        touched = {c for i, c in mine.items() if i not in theirs} | {c for i, c in theirs.items() if i not in mine}
        params = {
            name: spec.default
            for name, spec in base.manifest.params.items()
            if name in pack.manifest.params and pack.manifest.params[name].default != spec.default
        }
        how = Inheritance(base.id, params, disabled, frozenset(touched))
        plan.extend((p, how) for p in base.fixtures)
    return plan


def _inherit(expectation: Expectation, how: Inheritance) -> tuple[Expectation, int]:
    """The base fixture's expectation as it applies to the overlay, and how many expectations were left out."""
    keep = [r for r in expectation.fires if r not in how.disabled]
    quiet = [r for r in expectation.silent if r not in how.disabled]
    counts = {r: n for r, n in expectation.counts.items() if r not in how.disabled}
    judgments = {c: j for c, j in expectation.judgments.items() if not any(is_within(t, c) for t in how.touched)}
    skipped = (
        len(expectation.fires)
        - len(keep)
        + len(expectation.silent)
        - len(quiet)
        + len(expectation.counts)
        - len(counts)
        + len(expectation.judgments)
        - len(judgments)
    )
    update = {"fires": keep, "silent": quiet, "counts": counts, "judgments": judgments}
    update["params"] = {**how.params, **expectation.params}
    return expectation.model_copy(update=update), skipped


def run_fixture(pack: Pack, path: Path, inheritance: Inheritance | None = None) -> FixtureResult:
    with declared_sections(pack.manifest.sections):  # the fixture may fill the pack's own sections
        return _run_fixture(pack, path, inheritance)


def _run_fixture(pack: Pack, path: Path, inheritance: Inheritance | None) -> FixtureResult:
    result = FixtureResult(path, origin=inheritance.origin if inheritance else None)
    try:
        with clause_trees(pack.tree):  # the fixture names clauses as its pack does
            expectation, located = load_fixture(path)
            problems: list[Problem] = []
            part = validate_document(located, problems)
            if part is None:
                raise InputErrors(problems)
            dossier = merge([(located, part)])
    except InputErrors as exc:
        result.failures.extend(f"invalid fixture: {p}" for p in exc.problems)
        return result
    if inheritance is not None:
        expectation, result.skipped = _inherit(expectation, inheritance)
    known = {r.rule.id for r in pack.rules}
    for rule_id in [*expectation.fires, *expectation.silent, *expectation.counts]:
        if rule_id not in known:
            result.failures.append(f"expect names unknown rule '{rule_id}'")
    outcomes: dict[str, Assessment] = {}
    for evaluator in ("durable", "reference"):
        try:
            outcomes[evaluator] = assess(
                dossier, pack, params=expectation.params, as_of=expectation.as_of, evaluator=evaluator
            )
        except InputErrors as exc:
            result.failures.extend(f"{evaluator}: {p}" for p in exc.problems)
            return result
    durable, ref = outcomes["durable"], outcomes["reference"]
    if durable.model_dump() != ref.model_dump():
        result.failures.append("durable-rules and the reference evaluator disagree on this fixture")
    fired = {f.rule for f in durable.findings}
    result.fired = fired & {*expectation.fires, *(r for r, n in expectation.counts.items() if n)}
    result.silent = {*expectation.silent, *(r for r, n in expectation.counts.items() if not n)} - fired
    for rule_id in expectation.fires:
        if rule_id not in fired:
            why = ["; ".join([*g.missing_sections, *g.missing_fields]) for g in durable.gaps if g.rule == rule_id]
            because = f" (it needs evidence the fixture does not state: {' | '.join(why)})" if why else ""
            result.failures.append(f"expected rule '{rule_id}' to fire; it did not{because}")
    for rule_id in expectation.silent:
        if rule_id in fired:
            messages = "; ".join(f.message.en for f in durable.findings if f.rule == rule_id)
            result.failures.append(f"expected rule '{rule_id}' to stay silent; it fired: {messages}")
    for rule_id, want_count in expectation.counts.items():
        got_count = sum(1 for f in durable.findings if f.rule == rule_id)
        if got_count != want_count:
            result.failures.append(f"expected rule '{rule_id}' to give {want_count} finding(s); it gave {got_count}")
    judged = {c.key: c.judgment for c in durable.clauses}
    for clause, want in expectation.judgments.items():
        got = judged.get(clause)
        if got != want:
            result.failures.append(f"clause {clause}: expected judgment {want}, got {got}")
    return result


def run_pack_tests(pack: Pack, on_fixture: Callable[[int, Path], None] | None = None) -> PackTestReport:
    """Run every fixture; ``on_fixture(n, path)`` is told before the n-th (from 1) starts, for progress."""
    results = []
    for n, (path, how) in enumerate(fixture_plan(pack), 1):
        if on_fixture is not None:
            on_fixture(n, path)
        results.append(run_fixture(pack, path, how))
    fired = set().union(*(r.fired for r in results)) if results else set()
    silent = set().union(*(r.silent for r in results)) if results else set()
    uncovered: list[str] = []
    for loaded in pack.rules:
        rid = loaded.rule.id
        if rid not in fired:
            uncovered.append(f"rule '{rid}' has no fixture where it fires (expect.fires)")
        if rid not in silent:
            uncovered.append(f"rule '{rid}' has no fixture where it stays silent (expect.silent)")
    return PackTestReport(results, uncovered)
