"""Restrict an assessment to some clauses and their sub-clauses (``assess --clause``), summary included."""

from __future__ import annotations

from collections.abc import Sequence

from clausewise.clauses import is_within
from clausewise.engine.results import Assessment, Selection, summarize


def select_clauses(a: Assessment, wanted: Sequence[str]) -> Assessment:
    """The assessment with only the clauses within ``wanted`` (normal-form keys), their findings and gaps.

    The judgments are unchanged (a parent's judgment already covers its children); the summary is recounted
    over what is shown, and :attr:`Assessment.selection` says what was selected.
    """
    clauses = [c for c in a.clauses if any(is_within(c.key, w) for w in wanted)]
    kept_findings = sorted({i for c in clauses for i in c.findings})
    kept_gaps = sorted({i for c in clauses for i in c.gaps})
    finding_index = {old: new for new, old in enumerate(kept_findings)}
    gap_index = {old: new for new, old in enumerate(kept_gaps)}
    clauses = [
        c.model_copy(
            update={"findings": [finding_index[i] for i in c.findings], "gaps": [gap_index[i] for i in c.gaps]}
        )
        for c in clauses
    ]
    findings = [a.findings[i] for i in kept_findings]
    gaps = [a.gaps[i] for i in kept_gaps]
    return a.model_copy(
        update={
            "clauses": clauses,
            "findings": findings,
            "gaps": gaps,
            "summary": summarize(clauses, findings, gaps),
            "selection": Selection(clauses=list(wanted), shown=len(clauses), total=len(a.clauses)),
        }
    )
