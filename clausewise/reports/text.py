"""Render an :class:`Assessment` as a terminal table, Markdown or JSON (pure functions returning text).

User text is printed verbatim: nothing here interprets markup, so ``[bold]`` or ``<b>`` in evidence stays
as typed (Markdown output escapes the characters Markdown would act on).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import TypeVar

from clausewise.engine.results import Assessment, ClauseResult, DossierInfo, EvidenceRef, Finding, Gap
from clausewise.evidence.display import fact_label
from clausewise.glossary import AUDIT_TYPES, CLAUSE_JUDGMENTS, FINDING_KINDS, graded
from clausewise.i18n import JUDGMENT_LABELS, SECTION_TITLES, SECTION_UNITS_ZH, label, t
from clausewise.lang import Lang
from clausewise.reports.decided import decision_line, store_lines, suggested_note
from clausewise.reports.jsonout import json_chunks


def width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def judgment_text(c: ClauseResult, lang: Lang) -> str:
    text = graded(CLAUSE_JUDGMENTS, c.judgment, c.grade, lang)
    code = c.judgment if c.judgment in ("C", "N", "O", "NA") else ""
    return f"{code} {text}".strip()


def finding_head(f: Finding, lang: Lang) -> str:
    kind = graded(FINDING_KINDS, f.judgment, f.grade, lang, "{}, {}")
    return f"[{kind}] {f.title.get(lang)} ({t('rule', lang)} {f.rule})"


def basis_line(f: Finding, lang: Lang) -> str | None:
    """``basis: ISO 9001 9.2.1 a)`` beside a finding (None for a result written before rules named a basis)."""
    if f.basis is None:
        return None
    line = f"{t('basis', lang)}: {f.basis.cite.get(lang)}"
    if f.basis.declared:
        declared = graded(FINDING_KINDS, f.basis.declared, None, lang)
        note = t("lowered", lang, declared=declared)
        line += f"（{note}）" if lang == "zh" else f" ({note})"
    return line


def checked_line(checked: Mapping[str, int], lang: Lang) -> str:
    """What a clause's rules read, in the given order: ``Rules checked: documents (32), processes (13)``."""
    if lang == "zh":
        items = [f"{label(SECTION_TITLES, s, lang)} {n} {SECTION_UNITS_ZH.get(s, '项')}" for s, n in checked.items()]
    else:
        items = [f"{label(SECTION_TITLES, s, lang)} ({n})" for s, n in checked.items()]
    return t("checked", lang, items=t("sep", lang).join(items))


def standard_text(d: DossierInfo) -> str | None:
    """The audit's standard and national edition as one name: "ISO 9001:2015 / GB/T 19001-2016"."""
    return " / ".join(x for x in (d.standard, d.edition) if x) or None


def summary_line(a: Assessment, lang: Lang) -> str:
    counts = a.summary.counts
    parts = [f"{label(JUDGMENT_LABELS, k, lang)} {v}" for k, v in counts.items() if v]
    return " · ".join(parts)


def organization_text(a: Assessment, lang: Lang) -> str:
    """The organization, or plainly that the dossier never said whose audit this is."""
    if a.dossier.organization:
        return a.dossier.organization
    return t("no_audit_short", lang) if any(n.code == "no_audit" for n in a.notices) else "—"


def notice_lines(a: Assessment, lang: Lang) -> list[str]:
    """Each notice with its place (``Notice: the dossier has no 'audit' section ... @ file``), and the audit's
    stated scope: what a report's judgments cover comes before them."""
    out = [f"{t('notice', lang)}: {n.text.get(lang)}" + (f" @ {n.where}" if n.where else "") for n in a.notices]
    if a.dossier.audited_clauses:
        out.append(t("scope_audited", lang, clauses=t("sep", lang).join(a.dossier.audited_clauses)))
    return out


def findings_line(a: Assessment, lang: Lang) -> str:
    """The findings behind the clause counts: a roll-up never hides how many N and O there are."""
    counts = {k: str(a.summary.findings.get(k, 0)) for k in ("N_major", "N_minor", "O", "review", "gaps")}
    return t("findings_count", lang, **counts)


def clause_notes(c: ClauseResult, lang: Lang) -> list[str]:
    """What a clause's judgment rests on (a C), its own N/O when a child's judgment shows instead, and the
    clauses below it outside the audit's scope."""
    out = []
    if c.rests_on is not None:
        out.append(c.rests_on.get(lang))
    if c.own_judgment in ("N", "O") and c.own_judgment != c.judgment:
        out.append(t("own_judgment", lang, judgment=label(JUDGMENT_LABELS, c.own_judgment, lang)))
    if c.unaudited_children and c.judgment != "not_audited":
        out.append(t("not_audited_children", lang, clauses=t("sep", lang).join(c.unaudited_children)))
    return out


def selection_text(a: Assessment, lang: Lang) -> str | None:
    """What ``assess --clause`` selected, or None when every clause is shown."""
    s = a.selection
    if s is None:
        return None
    keys = t("sep", lang).join(s.clauses)
    return t("shown_text", lang, keys=keys, shown=str(s.shown), total=str(s.total))


def audit_type_text(audit_type: str | None, lang: Lang) -> str:
    """``surveillance`` in English (as written), ``监督审核`` in Chinese; ``—`` when not stated."""
    if not audit_type:
        return "—"
    term = AUDIT_TYPES.get(audit_type)
    return term.zh if term and lang == "zh" else audit_type


def evidence_summary(e: EvidenceRef, lang: Lang) -> str:
    """A quoted fact's summary (``context_issue ctx-x · ...``) with its kind in the reader's language."""
    head = f"{e.kind} {e.id}"
    if e.summary.startswith(head):
        return fact_label(e.kind, e.id, lang) + e.summary[len(head) :]
    return e.summary


def header_lines(a: Assessment, lang: Lang) -> list[str]:
    d = a.dossier
    shown = selection_text(a, lang)
    return [
        f"{t('organization', lang)}: {organization_text(a, lang)}",
        f"{t('audit_date', lang)}: {d.audit_date or '—'} ({audit_type_text(d.audit_type, lang)})"
        f"   {t('as_of', lang)}: {d.as_of or '—'}",
        f"{t('pack', lang)}: {a.pack.title.get(lang)} [{a.pack.ref(lang)}]",
        *([f"{t('shown', lang)}: {shown}"] if shown else []),
        f"{t('summary', lang)}: {summary_line(a, lang)}",
        f"{t('findings', lang)}: {findings_line(a, lang)}",
        *notice_lines(a, lang),
    ]


def render_table(a: Assessment, lang: Lang = "en") -> str:
    lines = header_lines(a, lang)
    lines.append("")
    key_w = max([width(t("clause", lang))] + [width(c.key) + 2 * c.depth for c in a.clauses]) + 2
    j_w = max([width(t("judgment", lang))] + [width(judgment_text(c, lang)) for c in a.clauses]) + 2
    lines.append(pad(t("clause", lang), key_w) + pad(t("judgment", lang), j_w) + t("title", lang))
    lines.append("-" * (key_w + j_w + 30))
    for c in a.clauses:
        indent = "  " * c.depth
        note = suggested_note(c, lang)
        title = c.title.get(lang) + (f"  [{note}]" if note else "")
        lines.append(pad(indent + c.key, key_w) + pad(judgment_text(c, lang), j_w) + title)
        body = indent + "    "
        lines.extend(body + note for note in clause_notes(c, lang))
        if c.exclusion:
            lines.append(f"{body}4.3: {c.exclusion}")
        for group in by_rule([a.findings[i] for i in c.findings]):
            lines.append(body + finding_head(group[0], lang))
            basis = basis_line(group[0], lang)
            if basis:
                lines.append(body + "  " + basis)
            shared = all(f.remedy == group[0].remedy for f in group)
            for f in group:
                lines.append(body + "  - " + f.message.get(lang))
                decided = decision_line(f.decision, lang)
                if decided:
                    lines.append(body + "    " + decided)
                lines.extend(evidence_lines(f.evidence, lang, body + "    "))
                if not shared:
                    lines.append(body + f"    {t('remedy', lang)}: {f.remedy.get(lang)}")
            if shared:
                lines.append(body + f"  {t('remedy', lang)}: {group[0].remedy.get(lang)}")
        for gap_group in by_rule([a.gaps[i] for i in c.gaps]):
            g0 = gap_group[0]
            lines.append(body + f"[{t('gap', lang)}] {g0.title.get(lang)} ({t('rule', lang)} {g0.rule})")
            for g in gap_group:
                lines.append(body + "  - " + g.remedy.get(lang))
                lines.extend(evidence_lines(g.evidence, lang, body + "    "))
    for heading, section in store_lines(a, lang):
        lines += ["", heading, "-" * width(heading), *section]
    return "\n".join(lines) + "\n"


G = TypeVar("G", Finding, Gap)


def by_rule(items: list[G]) -> list[list[G]]:
    """Findings (or gaps) grouped by rule, groups in first-appearance order: a rule's title is shown once."""
    groups: dict[str, list[G]] = {}
    for item in items:
        groups.setdefault(item.rule, []).append(item)
    return list(groups.values())


def evidence_lines(evidence: Sequence[EvidenceRef], lang: Lang, body: str) -> list[str]:
    """One line per quoted fact: summary, its source, and where it is in the dossier."""
    out = []
    for e in evidence:
        where = e.where()
        src = f" — {e.source}" if e.source else ""
        out.append(body + f"{t('evidence', lang)}: {evidence_summary(e, lang)}{src}" + (f" @ {where}" if where else ""))
    return out


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~"})


def md(text: str) -> str:
    """Escape user text so Markdown shows it as typed."""
    return text.translate(_MD_SPECIAL)


def render_markdown(a: Assessment, lang: Lang = "en") -> str:
    out = [f"# {md(a.dossier.organization or 'clausewise')}", ""]
    out += [f"- {md(line)}" for line in header_lines(a, lang)]
    out += ["", f"| {t('clause', lang)} | {t('judgment', lang)} | {t('title', lang)} |", "|---|---|---|"]
    for c in a.clauses:
        note = suggested_note(c, lang)
        title = md(c.title.get(lang)) + (f" ({md(note)})" if note else "")
        out.append(f"| {c.key} | {md(judgment_text(c, lang))} | {title} |")
    out += ["", f"## {t('findings', lang)}", ""]
    for c in a.clauses:
        notes = clause_notes(c, lang)
        if not c.findings and not c.gaps and not notes:
            continue
        out += [f"### {c.key} {md(c.title.get(lang))} — {md(judgment_text(c, lang))}", ""]
        out += [f"- {md(note)}" for note in notes]
        for i in c.findings:
            f = a.findings[i]
            out.append(f"- **{md(finding_head(f, lang))}**  ")
            basis = basis_line(f, lang)
            if basis:
                out.append(f"  {md(basis)}  ")
            out.append(f"  {md(f.message.get(lang))}")
            decided = decision_line(f.decision, lang)
            if decided:
                out.append(f"  - **{md(decided)}**")
            for e in f.evidence:
                src = f" — {md(e.source)}" if e.source else ""
                where = f" (`{e.where()}`)" if e.where() else ""
                out.append(f"  - {t('evidence', lang)}: {md(evidence_summary(e, lang))}{src}{where}")
            out.append(f"  - {t('remedy', lang)}: {md(f.remedy.get(lang))}")
        for i in c.gaps:
            g = a.gaps[i]
            out.append(f"- **{md(t('gap', lang))}**: {md(g.title.get(lang))} ({t('rule', lang)} {g.rule})  ")
            out.append(f"  {md(g.remedy.get(lang))}")
        out.append("")
    for heading, section in store_lines(a, lang):
        out += [f"## {md(heading)}", "", *(f"- {md(line)}" for line in section), ""]
    return "\n".join(out) + "\n"


def render_json(a: Assessment) -> str:
    return "".join(json_chunks(a)) + "\n"  # the bytes of json.dumps(model_dump(), indent=2), without its tree
