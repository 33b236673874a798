"""The decisions file: decisions an auditor writes offline (YAML) and imports in one go, all or none.

Read like a dossier: every problem is located (``file:line:column``) and reported together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clausewise.errors import InputErrors, fail
from clausewise.store.service import DecisionInput
from clausewise.validation import pydantic_problems
from clausewise.yamlsource import read_file


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "regrade", "add"]
    finding: str | None = None
    clause: str | None = None
    to: str | None = None
    reason: str = ""
    by: str | None = None


class DecisionsFile(BaseModel):
    """``audit`` (optional check), ``by`` (default decider) and the list of ``decisions``."""

    model_config = ConfigDict(extra="forbid")

    audit: int | None = None
    by: str | None = None
    decisions: list[_Entry] = Field(min_length=1)


def load_decisions(path: Path, audit_id: int, default_by: str) -> list[DecisionInput]:
    located = read_file(path)
    data = located.data
    try:
        parsed = DecisionsFile.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(pydantic_problems(exc, located, DecisionsFile)) from None
    if parsed.audit is not None and parsed.audit != audit_id:
        raise fail(
            located.location(("audit",)),
            "the file is for another audit",
            expected=str(audit_id),
            found=str(parsed.audit),
        )
    out = []
    for n, entry in enumerate(parsed.decisions):
        key = "clause" if entry.action == "add" else "finding"
        where = located.location(("decisions", n, key))
        if where.line == 0:
            where = located.location(("decisions", n))
        out.append(
            DecisionInput(
                action=entry.action,
                finding=entry.finding,
                clause=entry.clause,
                to=entry.to,
                reason=entry.reason,
                by=entry.by or parsed.by or default_by,
                where=where,
                fields={
                    name: located.location(("decisions", n, name))
                    for name in ("finding", "clause", "to", "reason", "by")
                    if getattr(entry, name) is not None
                },
            )
        )
    return out
