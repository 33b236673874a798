"""Render an :class:`Assessment` as one self-contained HTML file (pure functions returning text).

No network: inline CSS and a few lines of inline script (the N / O / gaps filter; with script off the filter
controls stay hidden and everything is shown). Every piece of user text goes through :func:`html.escape`, so
``<script>`` or ``&amp;`` in evidence prints as typed. Each judgment badge carries its text label and a
distinct border style, so it reads in greyscale and without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from clausewise.engine.results import Assessment, ClauseResult, EvidenceRef, Finding, Gap
from clausewise.i18n import FINDING_LABELS, GRADE_LABELS, JUDGMENT_LABELS, label, t

_WORDS: dict[str, dict[str, str]] = {
    "report": {"en": "Audit evidence assessment", "zh": "审核证据评价报告"},
    "show": {"en": "Show", "zh": "显示"},
    "all": {"en": "everything", "zh": "全部"},
    "only_n": {"en": "only N", "zh": "仅不符合"},
    "only_o": {"en": "only O", "zh": "仅观察项"},
    "only_gaps": {"en": "only missing evidence", "zh": "仅缺少证据"},
    "clause_tree": {"en": "Clauses", "zh": "条款"},
    "clauses_by_judgment": {"en": "Clauses by judgment", "zh": "各判定条款数"},
    "finding_counts": {"en": "Findings", "zh": "发现数"},
    "N_major": {"en": "N major", "zh": "严重不符合"},
    "N_minor": {"en": "N minor", "zh": "一般不符合"},
    "O": {"en": "observations", "zh": "观察项"},
    "review": {"en": "review prompts", "zh": "评审提示"},
    "gaps": {"en": "missing evidence", "zh": "缺少证据"},
    "pack_digest": {"en": "Pack digest", "zh": "规则包摘要"},
    "evidence_digest": {"en": "Evidence digest", "zh": "证据摘要"},
    "files": {"en": "Files", "zh": "文件"},
    "tool": {"en": "Tool", "zh": "工具"},
    "missing_sections": {"en": "missing sections", "zh": "缺少的证据部分"},
    "missing_fields": {"en": "missing fields", "zh": "缺少的字段"},
    "supply": {"en": "to supply", "zh": "需提供"},
    "message": {"en": "finding", "zh": "发现"},
    "exclusion": {"en": "exclusion (4.3)", "zh": "删减理由（4.3）"},
    "no_findings": {"en": "no findings or gaps", "zh": "无发现、无证据缺口"},
}

#: Judgments in the order the summary lists them.
_ORDER = ("C", "N", "O", "NA", "insufficient_evidence", "needs_review", "not_assessed")

_CSS = """
:root { --fg: #1a1a1a; --muted: #555; --line: #bbb; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; color: var(--fg); margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem;
  line-height: 1.45; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 .5rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; margin: .3rem 0 .8rem; }
th, td { border: 1px solid var(--line); padding: .15rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "Noto Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
.meta th { font-weight: 600; white-space: nowrap; }
.badge { display: inline-block; padding: 0 .45em; border-radius: .3em; font-size: .85em; font-weight: 600;
  white-space: nowrap; border: 2px solid #000; }
.j-C { background: #d8f0d8; border-style: solid; border-color: #2e7d32; }
.j-N { background: #f8d0d0; border: 4px double #b71c1c; text-decoration: underline; }
.j-O { background: #fde9c0; border-style: dashed; border-color: #a86500; }
.j-NA { background: #e6e6e6; border-style: dotted; border-color: #666; font-style: italic; }
.j-insufficient_evidence { background: #fff; border: 3px dashed #6a1b9a; }
.j-needs_review { background: #dce8fb; border: 3px dotted #1a4f9c; }
.j-not_assessed { background: #fff; border: 1px solid #999; color: var(--muted); font-weight: 400; }
.clause { border-left: 1px solid var(--line); padding: .2rem 0 .2rem .6rem; margin: .15rem 0;
  break-inside: avoid-page; }
.clause > .head { display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.clause .key { font-weight: 700; min-width: 3.5em; }
.item { margin: .35rem 0 .35rem 1rem; padding: .3rem .6rem; border: 1px solid var(--line); border-radius: .3rem;
  break-inside: avoid; }
.item.k-N { border-left: 6px double #b71c1c; }
.item.k-O { border-left: 6px dashed #a86500; }
.item.k-gap { border-left: 6px dotted #6a1b9a; }
.item .kind { font-weight: 700; }
.item ul { margin: .2rem 0; padding-left: 1.2rem; }
.muted { color: var(--muted); }
.filters { margin: .5rem 0; padding: .3rem .6rem; border: 1px solid var(--line); border-radius: .3rem; }
.filters label { margin-right: 1rem; white-space: nowrap; }
body[data-show="N"] .clause:not(.f-N), body[data-show="N"] .item:not(.k-N),
body[data-show="O"] .clause:not(.f-O), body[data-show="O"] .item:not(.k-O),
body[data-show="gaps"] .clause:not(.f-gap), body[data-show="gaps"] .item:not(.k-gap) { display: none; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .filters { display: none !important; }
  h2 { break-after: avoid; }
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


def _w(key: str, lang: str) -> str:
    return label(_WORDS, key, lang)


def badge(judgment: str, grade: str | None, lang: str) -> str:
    """A judgment as a badge: code and words (so it reads without colour), styled per judgment."""
    text = label(JUDGMENT_LABELS, judgment, lang)
    if judgment == "N" and grade:
        text += f" ({label(GRADE_LABELS, grade, lang)})"
    code = judgment if judgment in ("C", "N", "O", "NA") else ""
    shown = f"{code} {text}".strip()
    return f'<span class="badge j-{escape(judgment)}" title="{escape(shown)}">{escape(shown)}</span>'


def _evidence(items: Sequence[EvidenceRef], lang: str) -> str:
    if not items:
        return ""
    rows = []
    for ev in items:
        parts = [f"{escape(t('evidence', lang))}: <q>{escape(ev.summary)}</q>"]
        if ev.source:
            parts.append(f" — {escape(ev.source)}")
        if ev.where():
            parts.append(f" <code>{escape(ev.where())}</code>")
        parts.append(f' <span class="muted">[<code>{escape(ev.alias)}</code> {escape(ev.kind)} {escape(ev.id)}]</span>')
        rows.append("<li>" + "".join(parts) + "</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _finding(f: Finding, lang: str) -> str:
    kind = label(FINDING_LABELS, f.judgment, lang)
    if f.judgment == "N" and f.grade:
        kind += f", {label(GRADE_LABELS, f.grade, lang)}"
    out = [
        f'<div class="item k-{escape(f.judgment)}">',
        f'<div><span class="kind">[{escape(kind)}]</span> {escape(f.title.get(lang))} '
        f'<span class="muted">({escape(t("rule", lang))} <code>{escape(f.rule)}</code>)</span></div>',
        f"<p>{escape(f.message.get(lang))}</p>",
        _evidence(f.evidence, lang),
    ]
    if f.missing:
        out.append(f'<div class="muted">{escape(_w("missing_fields", lang))}: {escape(", ".join(f.missing))}</div>')
    out.append(f"<div><strong>{escape(t('remedy', lang))}:</strong> {escape(f.remedy.get(lang))}</div></div>")
    return "".join(out)


def _gap(g: Gap, lang: str) -> str:
    out = [
        '<div class="item k-gap">',
        f'<div><span class="kind">[{escape(t("gap", lang))}]</span> {escape(g.title.get(lang))} '
        f'<span class="muted">({escape(t("rule", lang))} <code>{escape(g.rule)}</code>)</span></div>',
    ]
    if g.missing_sections:
        names = ", ".join(g.missing_sections)
        out.append(f"<div>{escape(_w('missing_sections', lang))}: <code>{escape(names)}</code></div>")
    if g.missing_fields:
        out.append(
            f"<div>{escape(_w('missing_fields', lang))}: <code>{escape(', '.join(g.missing_fields))}</code></div>"
        )
    out.append(_evidence(g.evidence, lang))
    out.append(f"<div><strong>{escape(_w('supply', lang))}:</strong> {escape(g.remedy.get(lang))}</div></div>")
    return "".join(out)


def _clause(a: Assessment, c: ClauseResult, lang: str, marks: set[str]) -> str:
    classes = ["clause", f"j-row-{c.judgment}", *sorted(f"f-{m}" for m in marks)]
    out = [
        f'<div class="{escape(" ".join(classes))}" style="margin-left:{c.depth * 1.2:.1f}rem">',
        f'<div class="head"><span class="key">{escape(c.key)}</span>{badge(c.judgment, c.grade, lang)}'
        f"<span>{escape(c.title.get(lang))}</span></div>",
    ]
    if c.exclusion:
        out.append(f'<div class="item exclusion">{escape(_w("exclusion", lang))}: {escape(c.exclusion)}</div>')
    out.extend(_finding(a.findings[i], lang) for i in c.findings)
    out.extend(_gap(a.gaps[i], lang) for i in c.gaps)
    out.append("</div>")
    return "".join(out)


def _marks(a: Assessment) -> dict[str, set[str]]:
    """For each clause key, the filter marks of the clause and its descendants (N, O, gap)."""
    own: dict[str, set[str]] = {}
    for c in a.clauses:
        m = own.setdefault(c.key, set())
        m.update(a.findings[i].judgment for i in c.findings if a.findings[i].judgment in ("N", "O"))
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


def _article(a: Assessment, lang: str) -> str:
    d = a.dossier
    org = d.organization or "—"
    meta = [
        (t("organization", lang), escape(org)),
        (t("audit_date", lang), escape(f"{d.audit_date or '—'} ({d.audit_type or '—'})")),
        (t("as_of", lang), escape(d.as_of or "—")),
        (
            t("pack", lang),
            f"{escape(a.pack.title.get(lang))} <code>{escape(a.pack.id)} {escape(a.pack.version)}</code>",
        ),
        (_w("pack_digest", lang), f"<code>{escape(a.pack.digest)}</code>"),
        (_w("evidence_digest", lang), f"<code>{escape(d.digest)}</code>"),
        (_w("files", lang), escape(", ".join(d.files)) or "—"),
        (_w("tool", lang), escape(a.tool)),
    ]
    out = [
        "<article>",
        f"<h1>{escape(_w('report', lang))}: {escape(org)}</h1>",
        '<table class="meta">' + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in meta) + "</table>",
        f"<h2>{escape(t('summary', lang))}</h2>",
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
    out.append("</table>")
    out.append(f"<h2>{escape(_w('clause_tree', lang))}</h2>")
    marks = _marks(a)
    out.extend(_clause(a, c, lang, marks[c.key]) for c in a.clauses)
    out.append("</article>")
    return "\n".join(out)


def render_html_all(results: Sequence[Assessment], lang: str = "en") -> str:
    """One HTML document holding the report of each assessment in turn."""
    html_lang = "zh-Hans" if lang.startswith("zh") else "en"
    orgs = ", ".join(a.dossier.organization or "clausewise" for a in results) or "clausewise"
    choices = [("all", "all"), ("N", "only_n"), ("O", "only_o"), ("gaps", "only_gaps")]
    radios = "".join(
        f'<label><input type="radio" name="show" value="{value}"{" checked" if value == "all" else ""}> '
        f"{escape(_w(word, lang))}</label>"
        for value, word in choices
    )
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_w('report', lang))}: {escape(orgs)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<form class="filters" id="filters" hidden><strong>{escape(_w("show", lang))}:</strong> {radios}</form>',
    ]
    body = [_article(a, lang) for a in results]
    tail = [f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(head + body + tail) + "\n"


def render_html(a: Assessment, lang: str = "en") -> str:
    """One self-contained HTML file for one assessment."""
    return render_html_all([a], lang)
