"""The Markdown report of every example, parsed by a CommonMark+tables parser as a wiki or tracker would.

A broken document (a table row with a stray ``|``, an unescaped ``*`` turning text into emphasis, a lost
finding) shows up here as a wrong cell count or missing text in the rendered HTML.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.i18n import JUDGMENT_LABELS, label
from clausewise.reports.text import render_markdown
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir() and not (p / "pack.yaml").exists())


@pytest.fixture(scope="module")
def results() -> dict[str, Assessment]:
    pack = load_pack("iso9001")
    return {p.name: assess(load_dossier(p), pack, files=[p.name]) for p in EXAMPLES}


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def plain(fragment: str) -> str:
    """Text content of rendered HTML, whitespace collapsed (what a reader sees)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_markdown_renders_every_clause_and_finding_as_typed(
    results: dict[str, Assessment], name: str, lang: str
) -> None:
    a = results[name]
    page = rendered(render_markdown(a, lang))
    table = page[page.index("<table>") : page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]  # the header row first
    assert len(rows) == len(a.clauses)
    for row, clause in zip(rows, a.clauses, strict=True):
        cells = [plain(c) for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
        assert len(cells) == 3, row  # a stray | in a title would add a cell
        assert cells[0] == clause.key
        assert label(JUDGMENT_LABELS, clause.judgment, lang) in cells[1]
        assert cells[2] == clause.title.get(lang)
    text = plain(page)
    assert (a.dossier.organization or "") in text
    for f in a.findings:
        assert plain(rendered(f.message.get(lang))) in text or f.message.get(lang) in text, f.id
        assert f.rule in text
    for g in a.gaps:
        assert g.rule in text
    assert "<em>" not in page  # nothing the user wrote became emphasis


def test_markdown_keeps_hostile_text_literal(results: dict[str, Assessment]) -> None:
    a = results[EXAMPLES[0].name].model_copy(deep=True)
    a.dossier.organization = "*Acme* | <b>Ltd</b> [x](http://e.test) `code` _u_"
    a.clauses[0].title.en = "Context | *scope*"
    page = rendered(render_markdown(a, "en"))
    assert "<em>" not in page and "<b>" not in page and "<a " not in page and "<code>code" not in page
    assert "*Acme* | &lt;b&gt;Ltd&lt;/b&gt; [x](http://e.test) `code` _u_" in page
    first_row = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)[1]
    assert [plain(c) for c in re.findall(r"<td>(.*?)</td>", first_row, flags=re.S)][2] == "Context | *scope*"
