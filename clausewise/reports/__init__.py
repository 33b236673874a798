"""Reports: pure functions from assessment results to documents (text, Markdown, JSON, HTML, ...).

The CLI only chooses a format and a destination; everything a report contains is decided here, so a
library user gets the same documents as the command line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the package itself stays light: the CLI reads FORMATS without loading the models
    from clausewise.engine.results import Assessment

FORMATS = ("table", "json", "markdown", "html", "docx", "junit")
"""Every format :func:`render` knows, in the order the CLI lists them (its ``--format`` choices; a test
keeps the two equal). ``docx`` renders to bytes, every other format to text."""


def render(results: Sequence[Assessment], fmt: str, lang: str = "en", *, single: bool = True) -> str | bytes:
    """The report of ``results`` in format ``fmt``; JSON is one object when ``single``, else a list."""
    from clausewise.reports.html import render_html_all
    from clausewise.reports.text import render_json, render_markdown, render_table
    from clausewise.visible import visible

    if fmt == "json":
        if single and len(results) == 1:
            return render_json(results[0])
        return json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return visible(render_html_all(results, lang))  # C0 controls are not allowed in HTML text
    if fmt == "markdown":
        return visible("\n".join(render_markdown(r, lang) for r in results))
    if fmt == "docx":
        from clausewise.reports.docx import render_docx

        return render_docx(results, lang)
    if fmt == "junit":
        from clausewise.reports.junit import render_junit

        return render_junit(results, lang)
    if fmt == "table":
        return visible("\n".join(render_table(r, lang) for r in results))
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
