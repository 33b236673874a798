"""JUnit XML: one test case per judged clause, so a CI pipeline can gate on an evidence repository.

What becomes a test case: every *leaf* clause of the pack's tree, and every parent clause that has rules of
its own. Each case takes the clause's **own** judgment (before roll-up), never the rolled-up one: a parent
that is N only because a child is N would otherwise fail a second time, and a dashboard would count one
nonconformity twice. Parents without rules of their own are only a roll-up of their children and are left
out. Mapping:

- N -> ``<failure type="N-major|N-minor">`` with every nonconformity (message, evidence with file:line,
  what would change it);
- NA, not assessed (no rules) and not audited (outside the audit's stated scope) -> ``<skipped>``;
- insufficient evidence, needs review, O, C -> a pass, with gaps, review prompts and observations in
  ``<system-out>`` so CI interfaces show them.

Test case names (clause key and title) and class names (pack id and parent clause) do not depend on the
outcome, so CI history tracks each clause across runs. The document depends only on the results: no clock,
no host name, so ``assess -f junit`` and ``report RESULT.json -f junit`` give the same bytes.

All user text passes through :func:`xml_safe` (characters XML 1.0 forbids become U+FFFD) and is serialised by
:mod:`xml.etree.ElementTree`, so any dossier yields well-formed XML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from clausewise.clauses import parent_of
from clausewise.engine.results import Assessment, ClauseResult, Finding, Gap
from clausewise.glossary import CLAUSE_JUDGMENTS, graded
from clausewise.i18n import t
from clausewise.lang import Lang
from clausewise.reports.decided import decision_line
from clausewise.reports.text import basis_line, evidence_lines, finding_head, judgment_text, notice_lines

_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's ``Char`` production (C0 controls, lone surrogates, U+FFFE, U+FFFF)."""

REPLACEMENT = "\ufffd"

SKIPPED = frozenset({"NA", "not_assessed", "not_audited"})

_WITH_SUBCLAUSES = {"en": "with its sub-clauses", "zh": "含子条款"}
_OUT_ORDER = {"N": 0, "O": 1, "review": 2, "NA": 3}


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD (visible, unlike deletion)."""
    return _FORBIDDEN.sub(REPLACEMENT, text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_safe(text)
    return node


@dataclass
class Case:
    """One clause as a test case: its outcome and the texts CI shows."""

    clause: ClauseResult
    classname: str
    name: str
    outcome: str  # "failure", "skipped" or "passed"
    message: str = ""
    failure_type: str = ""
    failure_text: str = ""
    out: list[str] = field(default_factory=list)


def case_clauses(a: Assessment) -> list[ClauseResult]:
    """The clauses that become test cases: leaves, and parents with rules of their own (see module doc)."""
    keys = [c.key for c in a.clauses]
    parents = {p for k in keys for p in _ancestors(k)}
    return [c for c in a.clauses if c.key not in parents or _has_own_rules(c)]


def _ancestors(key: str) -> Iterable[str]:
    parent = parent_of(key)
    while parent is not None:
        yield parent
        parent = parent_of(parent)


def _has_own_rules(c: ClauseResult) -> bool:
    return bool(c.rules or c.findings or c.gaps)


def _classname(a: Assessment, c: ClauseResult, keys: set[str]) -> str:
    """``<pack>.<nearest parent clause>`` (a top-level clause: its own key), so CI groups sibling clauses."""
    group = next((p for p in _ancestors(c.key) if p in keys), c.key)
    return f"{a.pack.id}.{group}"


def _finding_lines(f: Finding, lang: Lang) -> list[str]:
    lines = [f"{finding_head(f, lang)} [{f.id}]"]
    basis = basis_line(f, lang)
    if basis:
        lines.append(f"  {basis}")
    lines.append(f"  {f.message.get(lang)}")
    decided = decision_line(f.decision, lang)
    if decided:
        lines.append(f"  {decided}")
    lines += evidence_lines(f.evidence, lang, "  ")
    lines.append(f"  {t('remedy', lang)}: {f.remedy.get(lang)}")
    return lines


def _gap_lines(g: Gap, lang: Lang) -> list[str]:
    lines = [f"[{t('gap', lang)}] {g.title.get(lang)} ({t('rule', lang)} {g.rule}) [{g.id}]"]
    lines += evidence_lines(g.evidence, lang, "  ")
    lines.append(f"  {t('remedy', lang)}: {g.remedy.get(lang)}")
    return lines


def _own_judgment_text(c: ClauseResult, findings: Sequence[Finding], lang: Lang) -> str:
    """Like the table's judgment column, for the clause's own judgment and the grade of its own findings."""
    grade = _worst_grade(findings) if c.own_judgment == "N" else None
    text = graded(CLAUSE_JUDGMENTS, c.own_judgment, grade, lang)
    code = c.own_judgment if c.own_judgment in ("C", "N", "O", "NA") else ""
    return f"{code} {text}".strip()


def _worst_grade(findings: Iterable[Finding]) -> str:
    grades = {x[1] for f in findings if (x := f.in_force()) and x[0] == "N"}
    return "major" if "major" in grades else "minor"


def build_case(a: Assessment, c: ClauseResult, lang: Lang, keys: set[str]) -> Case:
    """The test case of clause ``c``: its own judgment decides the outcome (never the rolled-up one)."""
    findings = [a.findings[i] for i in c.findings]
    gaps = [a.gaps[i] for i in c.gaps]
    case = Case(
        clause=c,
        classname=_classname(a, c, keys),
        name=f"{c.key} {c.title.get(lang)}",
        outcome="passed",
    )
    verdict = _own_judgment_text(c, findings, lang)
    case.out.append(f"{t('judgment', lang)}: {verdict}")
    if c.judgment != c.own_judgment or c.grade != (_worst_grade(findings) if c.own_judgment == "N" else None):
        case.out.append(f"  ({_WITH_SUBCLAUSES[lang]}: {judgment_text(c, lang)})")
    failing = [f for f in findings if (f.in_force() or ("",))[0] == "N"] if c.own_judgment == "N" else []
    if failing:
        grade = _worst_grade(failing)
        case.outcome = "failure"
        case.failure_type = f"N-{grade}"
        titles = list(dict.fromkeys(f.title.get(lang) for f in failing))
        case.message = f"{verdict}: " + "; ".join(titles)
        case.failure_text = "\n".join(line for f in failing for line in _finding_lines(f, lang))
    elif c.own_judgment in SKIPPED:
        case.outcome = "skipped"
        if c.exclusion:
            case.message = f"{verdict}: 4.3: {c.exclusion}"
        elif c.own_judgment == "NA" and findings:
            case.message = f"{verdict}: " + "; ".join(dict.fromkeys(f.title.get(lang) for f in findings))
        else:
            case.message = verdict
    # the rest in the order that explains the judgment: missing evidence, then observations, review prompts, NA
    for g in gaps:
        case.out += _gap_lines(g, lang)
    failing_ids = {f.id for f in failing}
    for f in sorted(findings, key=lambda f: _OUT_ORDER[f.judgment]):
        if f.id not in failing_ids:
            case.out += _finding_lines(f, lang)
    return case


def _suite_name(a: Assessment) -> str:
    parts = [p for p in (a.dossier.organization, ", ".join(a.dossier.files)) if p]
    return " / ".join(parts) or "clausewise"


def _properties(a: Assessment, lang: Lang) -> list[tuple[str, str]]:
    d = a.dossier
    props = [
        ("clausewise.tool", a.tool),
        ("clausewise.schema_version", str(a.schema_version)),
        ("pack.id", a.pack.id),
        ("pack.version", a.pack.version),
        ("pack.digest", a.pack.digest),
        ("pack.origin", a.pack.origin),
        ("pack.title", a.pack.title.get(lang)),
        ("dossier.digest", d.digest),
        ("dossier.files", ", ".join(d.files)),
        ("dossier.organization", d.organization or ""),
        ("dossier.audit_date", d.audit_date or ""),
        ("dossier.audit_type", d.audit_type or ""),
        ("dossier.as_of", d.as_of or ""),
    ]
    props += [(f"param.{k}", json.dumps(v, ensure_ascii=False, default=str)) for k, v in a.params.items()]
    if a.selection is not None:
        s = a.selection
        props.append(("clauses.shown", f"{', '.join(s.clauses)} ({s.shown} of {s.total})"))
    props += [(f"notice.{n}", line) for n, line in enumerate(notice_lines(a, lang), 1)]  # no audit, the scope
    return props


def _suite(root: ET.Element, a: Assessment, lang: Lang) -> tuple[int, int, int]:
    keys = {c.key for c in a.clauses}
    cases = [build_case(a, c, lang, keys) for c in case_clauses(a)]
    failures = sum(c.outcome == "failure" for c in cases)
    skipped = sum(c.outcome == "skipped" for c in cases)
    attrs = {
        "name": _suite_name(a),
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": "0",
    }
    if a.dossier.as_of:
        attrs["timestamp"] = f"{a.dossier.as_of}T00:00:00"  # the reference date judged as of, not the clock
    suite = _el(root, "testsuite", **attrs)
    props = _el(suite, "properties")
    for name, value in _properties(a, lang):
        _el(props, "property", name=name, value=value)
    for case in cases:
        node = _el(suite, "testcase", classname=case.classname, name=case.name, time="0")
        if case.outcome == "failure":
            _el(node, "failure", case.failure_text, type=case.failure_type, message=case.message)
        elif case.outcome == "skipped":
            _el(node, "skipped", message=case.message)
        _el(node, "system-out", "\n".join(case.out) + "\n")
    return len(cases), failures, skipped


def render_junit(results: Sequence[Assessment], lang: Lang = "en") -> str:
    """One ``<testsuites>`` with one ``<testsuite>`` per assessment; UTF-8 XML text with a declaration."""
    root = ET.Element("testsuites", {"name": "clausewise"})
    totals = [0, 0, 0]
    for a in results:
        for i, n in enumerate(_suite(root, a, lang)):
            totals[i] += n
    root.attrib.update(tests=str(totals[0]), failures=str(totals[1]), errors="0", skipped=str(totals[2]), time="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
