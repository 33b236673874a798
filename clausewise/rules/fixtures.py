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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors, Problem
from clausewise.evidence.loader import merge, validate_document
from clausewise.packtree import clause_trees
from clausewise.rules.loader import Pack
from clausewise.rules.model import Expectation
from clausewise.validation import pydantic_problems
from clausewise.yamlsource import Located, read_file


@dataclass
class FixtureResult:
    path: Path
    failures: list[str] = field(default_factory=list)
    fired: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)

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


def run_fixture(pack: Pack, path: Path) -> FixtureResult:
    result = FixtureResult(path)
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
    for n, path in enumerate(pack.fixtures, 1):
        if on_fixture is not None:
            on_fixture(n, path)
        results.append(run_fixture(pack, path))
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
