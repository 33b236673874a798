"""Reports: pure functions from assessment results to documents (text, Markdown, JSON, HTML, ...).

The CLI only chooses a format and a destination; everything a report contains is decided here, so a
library user gets the same documents as the command line. The formats are declared once, in
:mod:`clausewise.reports.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from clausewise.reports.formats import FORMATS, REPORT_FORMATS

if TYPE_CHECKING:  # the package itself stays light: the CLI reads FORMATS without loading the models
    from clausewise.engine.results import Assessment

__all__ = ["FORMATS", "REPORT_FORMATS", "render"]


def render(results: Sequence[Assessment], fmt: str, lang: str = "en", *, single: bool = True) -> str | bytes:
    """The report of ``results`` in format ``fmt``; JSON is one object when ``single``, else a list."""
    found = REPORT_FORMATS.get(fmt)
    if found is None:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return found.render(results, lang, single)
