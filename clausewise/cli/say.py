"""One-line messages on stderr about what a command did, for a user whose report went to a file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clausewise.reports.stream import Brief


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 clause``, ``2 clauses``, ``0 nonconformities``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def wrote(output: Path, fmt: str, results: Sequence[Brief]) -> str:
    """``wrote result.json (json, 91 clauses, 3 findings)``; several dossiers are named as such."""
    clauses = sum(b.clauses for b in results)
    findings = sum(len(b.in_force) for b in results)
    parts = [fmt]
    if len(results) != 1:
        per_pack = Counter(b.pack for b in results)  # each pack assessed every dossier
        dossiers, packs = max(per_pack.values()), len(per_pack)
        parts.append(plural(dossiers, "dossier") + (f" × {plural(packs, 'pack')}" if packs > 1 else ""))
    parts += [plural(clauses, "clause"), plural(findings, "finding")]
    return f"wrote {output} ({', '.join(parts)})"


def findings_summary(results: Sequence[Brief], fail_on: str, output: Path) -> str:
    """Why the exit code is 1, when the report itself went to ``output``: one line."""
    in_force = [x for b in results for x in b.in_force]  # decided as decided, in a stored audit
    major = sum(j == "N" and g == "major" for j, g in in_force)
    minor = sum(j == "N" and g != "major" for j, g in in_force)
    observations = sum(j == "O" for j, _ in in_force)
    parts = [f"{plural(major + minor, 'nonconformity', 'nonconformities')} ({major} major, {minor} minor)"]
    if fail_on == "O" or observations:
        parts.append(plural(observations, "observation"))
    return f"findings: {', '.join(parts)} (exit 1: --fail-on {fail_on}); see {output}"
