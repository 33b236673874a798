"""The evaluators by name: the one registry ``assess --evaluator``, ``rules test`` and ``rules show --compiled`` read.

An evaluator compiles a pack's rule IR once (:data:`EVALUATORS`: name -> how to compile, help) into an
:class:`Evaluator` that runs on any number of fact sets. The durable-rules backend is imported here and nowhere
else, and only when it is first used, so this table is light enough for the CLI's start-up (its ``--evaluator``
choices and help come from it) and commands that do not assess never load durable-rules. Adding an evaluator is
one module implementing :class:`Evaluator` and one entry here; ``tests/test_layers.py`` checks that nothing else
imports the durable backend (the reference evaluator's ``holds`` is shared by the proof and fan-out checks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from clausewise.engine.ir import RuleIR
    from clausewise.engine.match import Match
    from clausewise.evidence.facts import Fact


class Evaluator(Protocol):
    """A pack's rules compiled for one evaluator: run on facts, and shown as compiled."""

    #: What one compiled unit is called (``rules show --compiled``: "compiled: 3 durable-rules rules").
    unit: str

    def evaluate(self, facts: Sequence[Fact]) -> list[Match]:
        """Every (rule, bound facts) match, sorted (:func:`clausewise.engine.match.ordered`)."""
        ...

    def compiled(self, rule_id: str) -> list[tuple[str, Any]]:
        """``(heading, JSON-able definition)`` of each unit compiled from the pack rule ``rule_id``."""
        ...


@dataclass(frozen=True)
class EvaluatorSpec:
    """An evaluator as the registry knows it: how to compile rules for it, and one line for ``--help``."""

    compile: Callable[[Sequence[RuleIR]], Evaluator]
    help: str


def _durable(rules: Sequence[RuleIR]) -> Evaluator:
    from clausewise.engine.durable_backend import DurableEngine  # the only import of the backend

    return DurableEngine(rules)


def _reference(rules: Sequence[RuleIR]) -> Evaluator:
    from clausewise.engine.reference import ReferenceEvaluator

    return ReferenceEvaluator(rules)


#: Every evaluator, the default first.
EVALUATORS: dict[str, EvaluatorSpec] = {
    "durable": EvaluatorSpec(_durable, "durable-rules, the production engine"),
    "reference": EvaluatorSpec(_reference, "the plain-Python oracle the durable backend is checked against"),
}
DEFAULT_EVALUATOR = next(iter(EVALUATORS))


def compile_rules(name: str, rules: Sequence[RuleIR]) -> Evaluator:
    """Compile ``rules`` for the evaluator called ``name``; an unknown name is a caller's bug (the CLI checks)."""
    spec = EVALUATORS.get(name)
    if spec is None:
        raise ValueError(f"unknown evaluator '{name}' (one of {', '.join(EVALUATORS)})")
    return spec.compile(rules)


def evaluator_help() -> str:
    """The ``--evaluator`` help: each name and what it is."""
    return "Matching engine: " + "; ".join(f"{name} ({spec.help})" for name, spec in EVALUATORS.items()) + "."
