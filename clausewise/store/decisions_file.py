"""The decisions file: decisions an auditor writes offline (YAML) and imports in one go, all or none.

Read like a dossier: every problem is located (``file:line:column``) and reported together.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clausewise.clauses import clause_sort_key
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors, fail
from clausewise.lang import Lang
from clausewise.reports.decided import decision_line, grade_text
from clausewise.store.decided import AUDITOR_RULE
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


def decisions_template(result: Assessment, lang: Lang = "en") -> str:
    """A decisions file for the audit's findings, to edit offline and import: every entry commented out.

    Each N, O and review finding is one commented entry with its clause, judgment, title and message, plus
    the current decision when there is one. Uncomment, choose the action, write the reason; as written (no
    entry) it does not import, so nothing is decided by accident.
    """
    zh = lang == "zh"
    head = [
        "# 审核员判定文件：取消注释并填写后用 'clausewise decide import' 导入（全部成功或全部不记录）。"
        if zh
        else "# Decisions file: uncomment the entries you decide, then 'clausewise decide import' (all or none).",
        "# action: accept | reject | regrade | add;  to: N-major | N-minor | O (regrade, add);  reason: "
        + ("不采纳、改判、增加时必填" if zh else "required to reject, regrade, add"),
        f"audit: {result.store.audit}" if result.store else "# audit: ID",
        "# by: " + ("审核员姓名" if zh else "your name"),
        "decisions:",
    ]
    body: list[str] = []
    for f in sorted(result.findings, key=lambda f: (clause_sort_key(f.clause), f.id)):
        if f.judgment not in ("N", "O", "review") or f.rule == AUDITOR_RULE:
            continue
        kind = grade_text(f.judgment, f.grade, lang)
        body.append(f"  # {f.clause} [{kind}] {_one_line(f.title.get(lang))}")
        body.append(f"  #   {_one_line(f.message.get(lang))}")
        decided = decision_line(f.decision, lang)
        if decided:
            body.append(f"  #   {_one_line(decided)}")
        body.append(f"  # - finding: {json.dumps(f.id)}")
        body.append("  #   action: accept")
        body.append('  #   reason: ""')
        body.append("")
    return "\n".join(head + body) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
