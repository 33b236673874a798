"""Report formats are declared once (clausewise/reports/formats.py): the renderer, the CLI's choices and help,
the batch writer and the docs all read that table, so a format added there is a format everywhere."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from helpers import late_review_dossier, run

from clausewise.docgen import with_generated
from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.reports import FORMATS, REPORT_FORMATS, render
from clausewise.reports.formats import ReportFormat, format_help
from clausewise.reports.stream import ReportStream
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent


@cache
def _results(tmp: str) -> tuple[Assessment, Assessment]:
    folder = Path(tmp)
    results = []
    for name in ("Acme Ltd", "Beta Ltd"):
        path = folder / f"{name.split()[0]}.yaml"
        path.write_text(late_review_dossier(name), encoding="utf-8")
        results.append(assess(load_dossier(path), load_pack("iso9001")))
    return results[0], results[1]


@pytest.fixture
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assessment, Assessment]:
    return _results(str(tmp_path_factory.getbasetemp()))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_declared_format_renders_what_it_declares(fmt: str, results: tuple[Assessment, Assessment]) -> None:
    declared = REPORT_FORMATS[fmt]
    report = render(list(results), fmt, "zh", single=False)
    assert isinstance(report, bytes) is declared.binary
    assert report, fmt
    assert declared.suffix.startswith(".") and declared.help and declared.purpose


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_batch_written_result_by_result_equals_the_report_of_all(
    fmt: str, results: tuple[Assessment, Assessment]
) -> None:
    """``streams`` is what the batch writer reads; either way the bytes are those of one render of all."""
    if REPORT_FORMATS[fmt].binary:
        pytest.skip("a Word document carries its creation time")
    out = io.BytesIO()
    stream = ReportStream(out, fmt, "en", single=False)
    for result in results:
        stream.add(result)
    assert (stream.kept == []) is REPORT_FORMATS[fmt].streams
    stream.close()
    whole = render(list(results), fmt, "en", single=False)
    assert out.getvalue() == (whole.encode("utf-8") if isinstance(whole, str) else whole)


def test_a_format_added_to_the_table_is_rendered_and_streamed(
    monkeypatch: pytest.MonkeyPatch, results: tuple[Assessment, Assessment]
) -> None:
    """The one place: an entry in REPORT_FORMATS is all ``render`` and the batch writer need."""

    def ids(found: object, lang: str, single: bool) -> str:
        return "\n".join(r.pack.id for r in found)  # type: ignore[attr-defined]

    monkeypatch.setitem(REPORT_FORMATS, "ids", ReportFormat("ids", ".txt", "pack ids", "tests", True, ids))
    assert render(list(results), "ids") == "iso9001\niso9001"
    out = io.BytesIO()
    stream = ReportStream(out, "ids", "en", single=False)
    for result in results:
        stream.add(result)
    stream.close()
    assert out.getvalue() == b"iso9001\niso9001"


def test_an_unknown_format_is_refused_naming_the_formats(results: tuple[Assessment, Assessment]) -> None:
    with pytest.raises(ValueError, match="expected one of table, json, markdown, html, docx, junit"):
        render([results[0]], "pdf")


def test_the_cli_offers_and_explains_exactly_the_declared_formats() -> None:
    for command in (("assess",), ("report",), ("audit", "report")):
        out = " ".join(run(*command, "--help").stdout.split())
        help_words = " ".join(re.sub(r"[│|]", " ", out).split())
        for declared in REPORT_FORMATS.values():
            assert f"{declared.name} ({declared.help}" in help_words, (command, declared.name)
    assert format_help().startswith("Output format: table (terminal), json (")


def test_the_formats_table_in_the_docs_is_current() -> None:
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    assert with_generated("reports.md", text) == text, "run: clausewise docs docs/"


def test_the_documented_format_choices_are_the_declared_ones() -> None:
    """Every ``--format a|b|...`` written in README.md and docs/ for a report lists the declared formats in order."""
    pattern = re.compile(r"--format (table(?:\\?\|[a-z]+)+)")
    seen = 0
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names = re.split(r"\\?\|", match.group(1))
            if "html" in names or "docx" in names:  # a report's choices, not a record list's (table|json|markdown)
                assert names == list(FORMATS), (path.name, match.group(0))
                seen += 1
    assert seen >= 3
