"""Every report format, declared once: its name, file suffix, renderer, help text and whether it streams.

The CLI's ``--format`` choices and help (``cli/options.py``), :func:`clausewise.reports.render`, the batch
writer (``reports/stream.py``: which formats are written result by result), the binary-output check and the
table in docs/reports.md (``clausewise docs docs/``) all read :data:`REPORT_FORMATS`, so a new format is its
renderer module and one entry here. Renderers import their module when called: the CLI reads this table for
``--help`` without loading the result models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clausewise.lang import Lang

if TYPE_CHECKING:
    from clausewise.engine.results import Assessment

#: (results, lang, single) -> the document; ``single``: one dossier and one pack (JSON is then one object).
Renderer = Callable[["Sequence[Assessment]", Lang, bool], "str | bytes"]


@dataclass(frozen=True)
class ReportFormat:
    """One format ``assess``, ``report`` and ``audit report`` write."""

    name: str
    suffix: str  # the file suffix a report in this format conventionally has (docs, error messages)
    help: str  # a few words, English: ``--format`` help
    purpose: str  # one sentence, English Markdown: the table in docs/reports.md
    streams: bool  # a batch's report is written result by result (pieces joined by a newline; JSON a list)
    render: Renderer
    binary: bool = False  # bytes, not text: needs --output or a redirect


def _table(results: Sequence[Assessment], lang: Lang, single: bool) -> str:
    from clausewise.reports.text import render_table
    from clausewise.visible import visible

    return visible("\n".join(render_table(r, lang) for r in results))


def _json(results: Sequence[Assessment], lang: Lang, single: bool) -> str:
    from clausewise.reports.jsonout import list_chunks
    from clausewise.reports.text import render_json

    if single and len(results) == 1:
        return render_json(results[0])
    return "".join(list_chunks(list(results))) + "\n"  # the bytes of json.dumps of the list, without its tree


def _markdown(results: Sequence[Assessment], lang: Lang, single: bool) -> str:
    from clausewise.reports.text import render_markdown
    from clausewise.visible import visible

    return visible("\n".join(render_markdown(r, lang) for r in results))


def _html(results: Sequence[Assessment], lang: Lang, single: bool) -> str:
    from clausewise.reports.html import render_html_all
    from clausewise.visible import visible

    return visible(render_html_all(results, lang))  # C0 controls are not allowed in HTML text


def _docx(results: Sequence[Assessment], lang: Lang, single: bool) -> bytes:
    from clausewise.reports.docx import render_docx

    return render_docx(results, lang)


def _junit(results: Sequence[Assessment], lang: Lang, single: bool) -> str:
    from clausewise.reports.junit import render_junit

    return render_junit(results, lang)


#: Every report format, in the order the CLI lists them (the first is the default).
REPORT_FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("table", ".txt", "terminal", "the terminal", streams=True, render=_table),
        ReportFormat(
            "json",
            ".json",
            "machines; clausewise schema prints its JSON Schema",
            "machines and later re-rendering; see [json-output.md](json-output.md) (one object per dossier, a "
            "list for several)",
            streams=True,
            render=_json,
        ),
        ReportFormat(
            "markdown",
            ".md",
            "tickets, wikis",
            "pasting into tickets and wikis; user text is escaped so it shows as typed",
            streams=True,
            render=_markdown,
        ),
        ReportFormat(
            "html",
            ".html",
            "one self-contained page",
            "reading on screen and printing: one self-contained file, see below",
            streams=False,
            render=_html,
        ),
        ReportFormat(
            "docx",
            ".docx",
            "the 审核记录表 audit record, needs --output",
            "the auditor's own record: the 管理体系审核记录表 as an editable Word document, one table per "
            "department of the audit plan; see [audit-record.md](audit-record.md)",
            streams=False,
            render=_docx,
            binary=True,
        ),
        ReportFormat(
            "junit",
            ".xml",
            "CI test report",
            "gating a CI pipeline on an evidence repository: one test case per clause, N fails; see "
            "[ci-gating.md](ci-gating.md)",
            streams=False,
            render=_junit,
        ),
    )
}

#: The format names, in order: ``--format``'s choices.
FORMATS: tuple[str, ...] = tuple(REPORT_FORMATS)


def format_help() -> str:
    """``--format``'s help: each format with a few words on what it is for."""
    return "Output format: " + ", ".join(f"{f.name} ({f.help})" for f in REPORT_FORMATS.values()) + "."


def formats_markdown() -> list[str]:
    """The table of formats in docs/reports.md."""
    out = ["| format | file | for | written |", "|---|---|---|---|"]
    for n, f in enumerate(REPORT_FORMATS.values()):
        name = f"`{f.name}`" + (" (default)" if n == 0 else "")
        how = "result by result" if f.streams else "at the end (needs every result)"
        purpose = f.purpose + (" (binary: needs `--output` or a redirect)" if f.binary else "")
        out.append(f"| {name} | `{f.suffix}` | {purpose} | {how} |")
    return out
