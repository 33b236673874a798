"""One-line messages on stderr about what a command did, for a user whose report went to a file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clausewise.engine.results import Assessment

COUNTED = frozenset({"N", "O"})  # the findings a report's reader acts on (reviews and NA are not findings)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 clause``, ``2 clauses``, ``0 nonconformities``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def wrote(output: Path, fmt: str, results: Sequence[Assessment]) -> str:
    """``wrote result.json (json, 91 clauses, 3 findings)``; several dossiers are named as such."""
    clauses = sum(len(a.clauses) for a in results)
    findings = sum(len(a.findings_at(COUNTED)) for a in results)
    parts = [fmt]
    if len(results) != 1:
        per_pack = Counter(a.pack.id for a in results)  # each pack assessed every dossier
        dossiers, packs = max(per_pack.values()), len(per_pack)
        parts.append(plural(dossiers, "dossier") + (f" × {plural(packs, 'pack')}" if packs > 1 else ""))
    parts += [plural(clauses, "clause"), plural(findings, "finding")]
    return f"wrote {output} ({', '.join(parts)})"


def findings_summary(results: Sequence[Assessment], fail_on: str, output: Path) -> str:
    """Why the exit code is 1, when the report itself went to ``output``: one line."""
    counted = [f for a in results for f in a.findings_at(COUNTED)]
    in_force = [x for x in (f.in_force() for f in counted) if x is not None]  # decided, in a stored audit
    major = sum(j == "N" and g == "major" for j, g in in_force)
    minor = sum(j == "N" and g != "major" for j, g in in_force)
    observations = sum(j == "O" for j, _ in in_force)
    parts = [f"{plural(major + minor, 'nonconformity', 'nonconformities')} ({major} major, {minor} minor)"]
    if fail_on == "O" or observations:
        parts.append(plural(observations, "observation"))
    return f"findings: {', '.join(parts)} (exit 1: --fail-on {fail_on}); see {output}"
