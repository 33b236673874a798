"""Lists of records (audits, history, diffs, rule statistics) as a table, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from clausewise.reports.text import md, pad, width

Column = tuple[str, str, str]
"""(key, English header, Chinese header)."""


def render_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], fmt: str, lang: str = "en") -> str:
    """``rows`` in ``fmt``; JSON keeps every key of every row, the others show ``columns``."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
    heads = [zh if lang.startswith("zh") else en for _, en, zh in columns]
    cells = [[_cell(row.get(key)) for key, _, _ in columns] for row in rows]
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


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value) or "—"
    return str(value)
