"""Lists of records (audits, history, diffs, rule statistics) as a table, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from clausewise.glossary import AUDIT_TYPES, CHANGES, FINDING_KINDS, GRADED, GRADES, REPORT_TERMS
from clausewise.lang import Lang
from clausewise.reports.text import md, pad, width

Column = tuple[str, str, str]
"""(key, English header, Chinese header)."""

#: Chinese words for the codes some columns hold (audit type, change, grade, the keys of finding counts).
_ZH_CELLS: dict[str, dict[str, str]] = {
    "type": {k: t.zh for k, t in AUDIT_TYPES.items()},
    "status": {k: t.zh for k, t in CHANGES.items()},
    "grade": {k: t.zh for k, t in GRADES.items()},
    "counts": {
        "N_major": GRADED["major"].zh,
        "N_minor": GRADED["minor"].zh,
        "O": FINDING_KINDS["O"].zh,
        "review": FINDING_KINDS["review"].zh,
        "NA": FINDING_KINDS["NA"].zh,
        "gaps": REPORT_TERMS["gaps"].zh,
        "clauses_N": "不符合条款",
    },
}


def render_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], fmt: str, lang: Lang = "en") -> str:
    """``rows`` in ``fmt``; JSON keeps every key of every row, the others show ``columns``."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
    zh = lang == "zh"
    heads = [z if zh else en for _, en, z in columns]
    cells = [[_cell(row.get(key), _ZH_CELLS.get(key, {}) if zh else {}) for key, _, _ in columns] for row in rows]
    if fmt == "markdown":
        out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        out += ["| " + " | ".join(md(c) for c in line) + " |" for line in cells]
        return "\n".join(out) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; expected table, json or markdown")
    widths = [max([width(h)] + [width(line[i]) for line in cells]) + 2 for i, h in enumerate(heads)]
    out = ["".join(pad(h, widths[i]) for i, h in enumerate(heads)).rstrip()]
    out.append("-" * sum(widths))
    out += ["".join(pad(c, widths[i]) for i, c in enumerate(line)).rstrip() for line in cells]
    return "\n".join(out) + "\n"


def _cell(value: Any, words: Mapping[str, str]) -> str:
    """A cell's text; ``words`` replaces codes (a value, or a mapping's keys) by what a Chinese reader reads."""
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        return ", ".join(f"{words.get(k, k)} {v}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v, words) for v in value) or "—"
    return words.get(str(value), str(value))
