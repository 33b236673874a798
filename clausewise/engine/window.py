"""Coverage across a window: a list requirement met by several facts of a period, not the latest alone.

9.3.2 asks that management reviews consider inputs a)–f); a review may take some of them and the previous
one the rest. A rule's ``coverage.window_months`` makes the list the union of the bound fact's list and the
lists of the facts of its kind dated within that many months up to the audit's reference date (``as_of``):
the reviews of the period audited, so last year's annual review does not cover this year's inputs. ISO 9001
sets no window; the pack's parameter does. Applied when findings are built, so both evaluators agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from clausewise.evidence.facts import Fact, months_before
from clausewise.rules.model import ParamRef, Rule


def covered(
    rule: Rule,
    alias: str,
    field: str,
    bound: Mapping[str, Fact],
    by_kind: Mapping[str, Sequence[Fact]],
    params: Mapping[str, Any],
) -> set[str]:
    """The items of ``alias.field`` counted as covered: the bound fact's, plus its window's when one is set."""
    fact = bound[alias]
    have = set(fact.get(field) or [])
    window = rule.coverage.window_months if rule.coverage is not None else None
    audit = next(iter(by_kind.get("audit", ())), None)
    end = audit.get("as_of") if audit is not None else None
    if window is None or not isinstance(end, dt.date):
        return have
    months = int(params[window.param]) * window.times if isinstance(window, ParamRef) else window
    start = months_before(end, months)
    for other in by_kind.get(fact.kind, ()):
        day = other.get("date")
        if other.key != fact.key and isinstance(day, dt.date) and start <= day <= end:
            have.update(other.get(field) or [])
    return have
