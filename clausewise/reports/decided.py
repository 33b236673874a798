"""The auditor's decisions in reports: one wording, shared by every format (pure functions returning text).

A result read from the audit store carries decisions on its findings, decisions gone stale and the previous
audit's findings to verify (see docs/store.md); a plain result has none, and these helpers return nothing.
"""

from __future__ import annotations

from clausewise.engine.results import Assessment, ClauseResult, Decision, Finding
from clausewise.glossary import CLAUSE_JUDGMENTS, FINDING_KINDS, graded
from clausewise.i18n import JUDGMENT_LABELS, label, t
from clausewise.lang import Lang

_WORDS: dict[str, dict[str, str]] = {
    "accept": {"en": "accepted", "zh": "采纳"},
    "reject": {"en": "rejected", "zh": "不采纳"},
    "regrade": {"en": "regraded to {to}", "zh": "改判为{to}"},
    "add": {"en": "the auditor's own finding: {to}", "zh": "审核员提出：{to}"},
    "decision": {"en": "Auditor's decision", "zh": "审核员判定"},
    "lapsed": {
        "en": "rejection lapsed: the evidence it cited has changed since, so the finding stands again",
        "zh": "不采纳已失效：所引证据已变更，该发现重新成立",
    },
    "suggested": {"en": "suggested", "zh": "建议判定"},
    "stale": {"en": "Decisions whose finding no longer appears", "zh": "原发现已不再出现的判定"},
    "was": {"en": "was", "zh": "原为"},
    "verification": {"en": "Previous audit's findings to verify", "zh": "上次审核不符合项验证"},
    "closed": {"en": "closed", "zh": "已关闭"},
    "open": {"en": "still open", "zh": "未关闭"},
    "recurring": {"en": "recurring", "zh": "重复发生"},
    "manual": {"en": "verify by hand (the auditor's own finding)", "zh": "需人工验证（审核员提出的发现）"},
    "correction": {"en": "corrective action (10.2) now", "zh": "本次纠正措施（10.2）"},
    "record": {"en": "record of correction", "zh": "纠正记录"},
    "action_yes": {"en": "corrective action stated", "zh": "已记录纠正措施"},
    "action_no": {"en": "no corrective action stated", "zh": "未记录纠正措施"},
    "verified_yes": {"en": "effectiveness verified", "zh": "有效性已验证"},
    "verified_no": {"en": "effectiveness not verified", "zh": "有效性未验证"},
    "of_audit": {"en": "audit {audit} of {date}", "zh": "{date} 审核（编号 {audit}）"},
}


def w(key: str, lang: Lang, **fields: str) -> str:
    return label(_WORDS, key, lang).format(**fields)


def grade_text(judgment: str | None, grade: str | None, lang: Lang) -> str:
    """``nonconformity (minor)`` / ``一般不符合``: a finding's judgment in words."""
    return graded(FINDING_KINDS, judgment or "", grade, lang)


def decision_line(d: Decision | None, lang: Lang) -> str | None:
    """``Auditor's decision: rejected — reason (by, date)``; None without a decision."""
    if d is None:
        return None
    to = grade_text(d.judgment, d.grade, lang)
    what = w(d.action, lang, to=to)
    colon = "：" if lang == "zh" else ": "
    text = f"{w('decision', lang)}{colon}{what}"
    if d.action != "add" and d.reason:
        text += f" — {d.reason}"
    text += f" ({d.by}, {d.at[:10]})"
    if d.lapsed:
        text += f"; {w('lapsed', lang)}"
    return text


def suggested_note(c: ClauseResult, lang: Lang) -> str | None:
    """``suggested: N (minor)`` when the decided clause judgment differs from the rules' suggestion."""
    if c.suggested_judgment is None or (c.suggested_judgment, c.suggested_grade) == (c.judgment, c.grade):
        return None
    text = graded(CLAUSE_JUDGMENTS, c.suggested_judgment, c.suggested_grade, lang)
    colon = "：" if lang == "zh" else ": "
    return f"{w('suggested', lang)}{colon}{text}"


def is_rejected(f: Finding) -> bool:
    return f.in_force() is None


def store_lines(a: Assessment, lang: Lang) -> list[tuple[str, list[str]]]:
    """(heading, lines) sections: the previous audit's findings to verify, then stale decisions."""
    out: list[tuple[str, list[str]]] = []
    colon = "：" if lang == "zh" else ": "
    if a.verification:
        lines = []
        for v in a.verification:
            head = f"{v.clause} {grade_text(v.judgment, v.grade, lang)} {v.title.get(lang)}"
            src = w("of_audit", lang, audit=str(v.audit), date=v.audit_date)
            status = w(v.status, lang)
            now = f" [{', '.join(v.now)}]" if v.now else ""
            corr = ""
            if v.correction is not None:
                corr = f"; {w('correction', lang)}{colon}{label(JUDGMENT_LABELS, v.correction, lang)}"
            lines.append(f"{head} ({src}, {v.finding_id}) → {status}{now}{corr}")
            for c in v.corrections:
                marks = [w("action_yes" if c.corrective_action else "action_no", lang)]
                marks.append(w("verified_yes" if c.verified else "verified_no", lang))
                where = f" @ {c.where}" if c.where else ""
                lines.append(f"    {w('record', lang)}{colon}{c.summary} ({t('sep', lang).join(marks)}){where}")
        out.append((w("verification", lang), lines))
    if a.stale_decisions:
        lines = []
        for s in a.stale_decisions:
            was = grade_text(s.judgment, s.grade, lang)
            lines.append(
                f"{s.clause} {s.finding_id}: {s.title.get(lang)} ({w('was', lang)} {was}) — {s.message.get(lang)}"
                f" — {decision_line(s.decision, lang)}"
            )
        out.append((w("stale", lang), lines))
    return out
