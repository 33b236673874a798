"""Render an :class:`Assessment` as one self-contained HTML file (pure functions returning text).

No network: inline CSS and a few lines of inline script (the N / O / gaps filter; with script off the filter
controls stay hidden and everything is shown). Every piece of user text goes through :func:`html.escape`, so
``<script>`` or ``&amp;`` in evidence prints as typed. Each judgment badge carries its text label and a
distinct border style, so it reads in greyscale and without colour. The Chinese report is set in a Simplified
Chinese face with full-width punctuation. tests/test_browser.py renders it in headless Chromium.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from clausewise.engine.results import Assessment, ClauseResult, DossierInfo, EvidenceRef, Finding, Gap
from clausewise.evidence.display import fact_label
from clausewise.glossary import CLAUSE_JUDGMENTS, FINDING_KINDS, graded
from clausewise.i18n import AUDIT_TYPE_LABELS, AUDITEE_LABELS, REPORT_LABELS, label, t
from clausewise.lang import Lang
from clausewise.reports.decided import decision_line, store_lines, suggested_note
from clausewise.reports.text import (
    basis_line,
    checked_line,
    clause_notes,
    evidence_summary,
    notice_lines,
    organization_text,
    selection_text,
    standard_text,
)

#: Judgments in the order the summary lists them.
_ORDER = ("C", "N", "O", "NA", "insufficient_evidence", "needs_review", "not_assessed", "not_audited")

_CSS = """
:root { --fg: #1a1a1a; --muted: #555; --line: #bbb; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--fg); margin: 0 auto; max-width: 60rem;
  padding: 1rem 1.5rem; line-height: 1.45; overflow-wrap: break-word; }
:lang(zh) body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Hiragino Sans GB", system-ui, sans-serif; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 .5rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; margin: .3rem 0 .8rem; }
th, td { border: 1px solid var(--line); padding: .15rem .5rem; text-align: left; vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; min-width: 3em; }
code { font-family: ui-monospace, "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: .9em;
  overflow-wrap: anywhere; }
.meta th { font-weight: 600; white-space: nowrap; }
.summary { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-start; }
.badge { display: inline-flex; align-items: center; height: 1.8em; padding: 0 .45em; border-radius: .3em;
  font-size: .85em; font-weight: 600; line-height: 1; white-space: nowrap; border: 2px solid #000; }
.j-C { background: #d8f0d8; border: 2px solid #2e7d32; }
.j-N { background: #f8d0d0; border: 4px double #b71c1c; font-weight: 800; }
.j-O { background: #fde9c0; border: 2px dashed #a86500; }
.j-NA { background: #e6e6e6; border: 2px dotted #666; font-style: italic; }
.j-insufficient_evidence { background: #fff; border: 3px dashed #6a1b9a; }
.j-needs_review { background: #dce8fb; border: 3px dotted #1a4f9c; }
.j-not_assessed { background: #fff; border: 1px solid #999; color: var(--muted); font-weight: 400; }
.j-not_audited { background: #f4f4f4; border: 1px dashed #999; color: var(--muted); font-style: italic; }
:lang(zh) .j-NA { font-style: normal; font-weight: 400; }
.clause { border-left: 1px solid var(--line); padding: .2rem 0 .2rem .6rem; margin: .15rem 0; }
.clause > .head { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; break-after: avoid; }
.clause .key { font-weight: 700; min-width: 3.5em; }
.item { position: relative; margin: .35rem 0 .35rem 1rem; padding: .3rem .6rem .3rem calc(.6rem + 4px);
  border: 1px solid var(--line); border-radius: 0 .3rem .3rem 0; break-inside: avoid; }
.item p { margin: .3rem 0; }
/* the kind's rule down the left edge: a border of its own, so it does not mitre into the item's frame */
.item::before { content: ""; position: absolute; left: -1px; top: -1px; bottom: -1px; }
.item.k-N::before { border-left: 6px double #b71c1c; }
.item.k-O::before { border-left: 5px dashed #a86500; }
.item.k-gap::before { border-left: 5px dotted #6a1b9a; }
.item .kind { font-weight: 700; }
.item ul { margin: .2rem 0; padding-left: 1.2rem; }
.muted { color: var(--muted); }
.checked, .rests { font-size: .85em; margin: 0 0 .1rem 4.1rem; }
.filters { position: sticky; top: 0; z-index: 1; background: #fff; margin: .5rem 0; padding: .3rem .6rem;
  border: 1px solid var(--line); border-radius: .3rem; }
.filters[hidden] { display: none; }
.filters label { margin-right: 1rem; white-space: nowrap; }
body[data-show="N"] .clause:not(.f-N), body[data-show="N"] .item:not(.k-N),
body[data-show="O"] .clause:not(.f-O), body[data-show="O"] .item:not(.k-O),
body[data-show="gaps"] .clause:not(.f-gap), body[data-show="gaps"] .item:not(.k-gap) { display: none; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h1 { font-size: 15pt; }
  h2 { font-size: 12pt; }
  .filters { display: none !important; }
  h1, h2 { break-after: avoid; }
  .summary, .meta, .counts { break-inside: avoid; }
  .meta th, .meta td { padding-top: 0; padding-bottom: 0; line-height: 1.3; }
  a { color: inherit; text-decoration: none; }
}
"""

_SCRIPT = """
(function () {
  var box = document.getElementById("filters");
  if (!box) { return; }
  box.hidden = false;
  var radios = box.querySelectorAll("input[name=show]");
  for (var i = 0; i < radios.length; i++) {
    radios[i].addEventListener("change", function (ev) { document.body.setAttribute("data-show", ev.target.value); });
  }
})();
"""


def _w(key: str, lang: Lang) -> str:
    return label(REPORT_LABELS, key, lang)


def _colon(lang: Lang) -> str:
    """Chinese text takes the full-width colon (no space after); English a colon and a space."""
    return "：" if lang == "zh" else ": "


def _paren(text: str, lang: Lang) -> str:
    """Parenthesised already-escaped text: full-width and unspaced in Chinese, as Chinese typesetting expects."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _field(name: str, value: str, lang: Lang, strong: bool = False) -> str:
    """``name: value`` as a line; ``name`` is plain text (escaped here), ``value`` is already HTML."""
    head = escape(name) + _colon(lang)
    return f"<div>{f'<strong>{head}</strong>' if strong else head}{value}</div>"


def _headline(kind: str, title: str, rule: str, lang: Lang) -> str:
    """The first line of a finding or gap: its kind in brackets, its title, the rule id."""
    ref = _paren(f"{escape(t('rule', lang))} <code>{escape(rule)}</code>", lang)
    kind_html = f"【{escape(kind)}】" if lang == "zh" else f"[{escape(kind)}] "
    return f'<div><span class="kind">{kind_html}</span>{escape(title)}<span class="muted">{ref}</span></div>'


def badge(judgment: str, grade: str | None, lang: Lang) -> str:
    """A judgment as a badge: code and words (so it reads without colour), styled per judgment."""
    text = graded(CLAUSE_JUDGMENTS, judgment, grade, lang)
    code = judgment if judgment in ("C", "N", "O", "NA") else ""
    shown = f"{code} {text}".strip()
    return f'<span class="badge j-{escape(judgment)}" title="{escape(shown)}">{escape(shown)}</span>'


def _evidence(items: Sequence[EvidenceRef], lang: Lang) -> str:
    if not items:
        return ""
    rows = []
    for ev in items:
        parts = [f"{escape(t('evidence', lang))}{_colon(lang)}<q>{escape(evidence_summary(ev, lang))}</q>"]
        if ev.source:
            parts.append(f" — {escape(ev.source)}")
        if ev.where():
            parts.append(f" <code>{escape(ev.where())}</code>")
        if lang == "zh":  # the rule's alias is an identifier: not for a Chinese reader
            parts.append(f' <span class="muted">[{escape(fact_label(ev.kind, ev.id, lang))}]</span>')
        else:
            ref = f"<code>{escape(ev.alias)}</code> {escape(ev.kind)} {escape(ev.id)}"
            parts.append(f' <span class="muted">[{ref}]</span>')
        rows.append("<li>" + "".join(parts) + "</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _finding(f: Finding, lang: Lang) -> str:
    kind = graded(FINDING_KINDS, f.judgment, f.grade, lang, "{}, {}")
    out = [
        f'<div class="item k-{escape(f.judgment)}">',
        _headline(kind, f.title.get(lang), f.rule, lang),
    ]
    basis = basis_line(f, lang)
    if basis:
        out.append(f'<div class="muted basis">{escape(basis)}</div>')
    out += [
        f"<p>{escape(f.message.get(lang))}</p>",
    ]
    decided = decision_line(f.decision, lang)
    if decided:
        out.append(f'<p class="decision"><strong>{escape(decided)}</strong></p>')
    out += [
        _evidence(f.evidence, lang),
    ]
    if f.missing and lang != "zh":  # the Chinese message names them in words
        out.append(f'<div class="muted">{escape(_w("missing_fields", lang))}{_colon(lang)}')
        out.append(f"{escape(', '.join(f.missing))}</div>")
    out.append(_field(t("remedy", lang), escape(f.remedy.get(lang)), lang, strong=True))
    out.append("</div>")
    return "".join(out)


def _gap(g: Gap, lang: Lang) -> str:
    out = ['<div class="item k-gap">', _headline(t("gap", lang), g.title.get(lang), g.rule, lang)]
    zh = lang == "zh"  # the Chinese remedy names the sections and fields in words
    if g.missing_sections and not zh:
        names = ", ".join(g.missing_sections)
        out.append(_field(_w("missing_sections", lang), f"<code>{escape(names)}</code>", lang))
    if g.missing_fields and not zh:
        names = ", ".join(g.missing_fields)
        out.append(_field(_w("missing_fields", lang), f"<code>{escape(names)}</code>", lang))
    out.append(_evidence(g.evidence, lang))
    out.append(_field(_w("supply", lang), escape(g.remedy.get(lang)), lang, strong=True))
    out.append("</div>")
    return "".join(out)


def _clause(a: Assessment, c: ClauseResult, lang: Lang, marks: set[str]) -> str:
    classes = ["clause", f"j-row-{c.judgment}", *sorted(f"f-{m}" for m in marks)]
    out = [
        f'<div class="{escape(" ".join(classes))}" style="margin-left:{c.depth * 1.2:.1f}rem">',
        f'<div class="head"><span class="key">{escape(c.key)}</span>{badge(c.judgment, c.grade, lang)}'
        f"<span>{escape(c.title.get(lang))}</span>"
        + (f' <span class="muted">{escape(note)}</span>' if (note := suggested_note(c, lang)) else "")
        + "</div>",
    ]
    for extra in clause_notes(c, lang):
        out.append(f'<div class="rests">{escape(extra)}</div>')
    if c.checked:
        note = escape(_w("checked_note", lang))
        out.append(f'<div class="checked muted" title="{note}">{escape(checked_line(c.checked, lang))}</div>')
    if c.exclusion:
        out.append(f'<div class="item exclusion">{escape(_w("exclusion", lang))}{_colon(lang)}')
        out.append(f"{escape(c.exclusion)}</div>")
    out.extend(_finding(a.findings[i], lang) for i in c.findings)
    out.extend(_gap(a.gaps[i], lang) for i in c.gaps)
    out.append("</div>")
    return "".join(out)


def _marks(a: Assessment) -> dict[str, set[str]]:
    """For each clause key, the filter marks of the clause and its descendants (N, O, gap)."""
    own: dict[str, set[str]] = {}
    for c in a.clauses:
        m = own.setdefault(c.key, set())
        m.update(j for i in c.findings if (j := (a.findings[i].in_force() or ("",))[0]) in ("N", "O"))
        if c.gaps:
            m.add("gap")
    out: dict[str, set[str]] = {}
    stack: list[ClauseResult] = []
    for c in a.clauses:  # pre-order with depth: propagate marks to ancestors
        while stack and stack[-1].depth >= c.depth:
            stack.pop()
        out.setdefault(c.key, set()).update(own[c.key])
        for parent in stack:
            out[parent.key].update(own[c.key])
        stack.append(c)
    return out


def _auditee(d: DossierInfo, lang: Lang) -> list[tuple[str, str]]:
    """Header rows for what the dossier says of the auditee (scope, standard, addresses, management), if stated.

    Fields with the same value share a row (办公地址、经营地址 are often one place), to keep the header short.
    """
    names = t("sep", lang)
    rows = [
        ("scope", d.scope),
        ("standard", standard_text(d)),
        ("registered_address", d.registered_address),
        ("office_address", d.office_address),
        ("business_address", d.business_address),
        ("sites", names.join(d.sites)),
        ("top_management", names.join(d.top_management)),
        ("management_representative", d.management_representative),
    ]
    shared: dict[str, list[str]] = {}
    for key, value in rows:
        if value:
            shared.setdefault(value, []).append(label(AUDITEE_LABELS, key, lang))
    if lang != "zh":  # "Office address, business address": one label, capitalised once
        shared = {v: [keys[0], *(k[:1].lower() + k[1:] for k in keys[1:])] for v, keys in shared.items()}
    return [(names.join(keys), escape(value)) for value, keys in shared.items()]


def _article(a: Assessment, lang: Lang) -> str:
    d = a.dossier
    org = organization_text(a, lang)
    audit_type = label(AUDIT_TYPE_LABELS, d.audit_type, lang) if d.audit_type else "—"
    meta = [
        (t("organization", lang), escape(org)),
        *_auditee(d, lang),
        (t("audit_date", lang), escape(d.audit_date or "—") + _paren(escape(audit_type), lang)),
        (t("as_of", lang), escape(d.as_of or "—")),
        (
            t("pack", lang),
            f"{escape(a.pack.title.get(lang))} <code>{escape(a.pack.ref(lang))}</code>",
        ),
        (_w("pack_digest", lang), f"<code>{escape(a.pack.digest)}</code>"),
        (_w("evidence_digest", lang), f"<code>{escape(d.digest)}</code>"),
        (_w("files", lang), escape(", ".join(d.files)) or "—"),
        (_w("tool", lang), escape(a.tool)),
    ]
    shown = selection_text(a, lang)
    if shown:
        meta.append((t("shown", lang), escape(shown)))
    out = [
        "<article>",
        f"<h1>{escape(_w('report', lang))}{_colon(lang)}{escape(org)}</h1>",
        '<table class="meta">' + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in meta) + "</table>",
        *(f'<p class="notice"><strong>{escape(line)}</strong></p>' for line in notice_lines(a, lang)),
        f"<h2>{escape(t('summary', lang))}</h2>",
        '<div class="summary">',
        f'<table class="counts"><tr><th colspan="2">{escape(_w("clauses_by_judgment", lang))}</th></tr>',
    ]
    counts = a.summary.counts
    for key in (*_ORDER, *sorted(set(counts) - set(_ORDER))):
        if key in counts:
            out.append(f'<tr><td>{badge(key, None, lang)}</td><td class="num">{counts[key]}</td></tr>')
    out.append("</table>")
    fc = a.summary.findings
    out.append(f'<table class="counts"><tr><th colspan="2">{escape(_w("finding_counts", lang))}</th></tr>')
    for key in ("N_major", "N_minor", "O", "review", "gaps"):
        out.append(f'<tr><td>{escape(_w(key, lang))}</td><td class="num">{fc.get(key, 0)}</td></tr>')
    out.append("</table></div>")
    out.append(f"<h2>{escape(_w('clause_tree', lang))}</h2>")
    marks = _marks(a)
    out.extend(_clause(a, c, lang, marks[c.key]) for c in a.clauses)
    for heading, section in store_lines(a, lang):
        out.append(f"<h2>{escape(heading)}</h2><ul>" + "".join(f"<li>{escape(x)}</li>" for x in section) + "</ul>")
    out.append("</article>")
    return "\n".join(out)


def render_html_all(results: Sequence[Assessment], lang: Lang = "en") -> str:
    """One HTML document holding the report of each assessment in turn."""
    html_lang = "zh-Hans" if lang == "zh" else "en"
    orgs = ", ".join(a.dossier.organization or "clausewise" for a in results) or "clausewise"
    # each choice says how many items it shows, so an empty "only O" reads as "none", not as broken
    n = sum(1 for a in results for f in a.findings if (f.in_force() or ("",))[0] == "N")
    o = sum(1 for a in results for f in a.findings if (f.in_force() or ("",))[0] == "O")
    gaps = sum(len(a.gaps) for a in results)
    choices = [
        ("all", "all", ""),
        ("N", "only_n", _paren(str(n), lang)),
        ("O", "only_o", _paren(str(o), lang)),
        ("gaps", "only_gaps", _paren(str(gaps), lang)),
    ]
    radios = "".join(
        f'<label><input type="radio" name="show" value="{value}"{" checked" if value == "all" else ""}> '
        f"{escape(_w(word, lang))}{count}</label>"
        for value, word, count in choices
    )
    show = escape(_w("show", lang)) + _colon(lang)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_w('report', lang))}{_colon(lang)}{escape(orgs)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<form class="filters" id="filters" hidden><strong>{show}</strong>{radios}</form>',
    ]
    body = [_article(a, lang) for a in results]
    tail = [f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(head + body + tail) + "\n"


def render_html(a: Assessment, lang: Lang = "en") -> str:
    """One self-contained HTML file for one assessment."""
    return render_html_all([a], lang)
