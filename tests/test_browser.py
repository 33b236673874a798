"""The HTML report in a real browser: headless Chromium opens each example's report (en and zh), and the tests
check what a reader would see — no script errors, nothing fetched from the network, a page that is not blank,
Chinese text in Chinese (Simplified) glyphs and in the PDF's text layer, an A4 print with page numbers and
without the filter controls, and a filter that really hides what it should.

Chromium (Debian's ``chromium``) and poppler's ``pdftotext``/``pdfinfo`` are needed. Without them the tests
skip, except when ``CI`` is set: there a missing browser is a failure, because ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import Browser, BrowserError, Page, decode_png, find_chromium
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.engine.results import Assessment, ClauseResult
from clausewise.i18n import JUDGMENT_LABELS, label

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("seed-2020", "manufacturer", "service-company")
CASES = [(example, lang) for example in EXAMPLES for lang in ("en", "zh")]
SEED_ORG = "中食互联（北京）科技有限公司"
#: CJK families that draw Simplified Chinese forms; JP/KR/TC variants would draw some characters differently.
SC_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")


def _need(tool: str, found: str | None) -> str:
    """The tool's path; skip without it, but fail on CI, where .ci/run installs it."""
    if found:
        return found
    reason = f"{tool} is not installed (Debian: apt-get install chromium fonts-noto-cjk poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run")
    pytest.skip(reason)


@dataclass
class Rendered:
    """One report as Chromium showed it: the first screen as PNG, the print as PDF, and what went wrong."""

    assessment: Assessment
    html: Path
    png: bytes
    pdf: Path
    problems: list[str]
    requests: list[str]
    h1_fonts: list[str]
    seconds: float

    def pdf_text(self) -> str:
        return subprocess.run(
            # -raw: content-stream order; the layout order splits mixed Latin/CJK lines into separate blocks
            [_need("pdftotext", shutil.which("pdftotext")), "-raw", "-enc", "UTF-8", str(self.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout


def _flat(text: str) -> str:
    """Text without white space and hyphens: pdftotext breaks lines where the page does, and joins a word broken
    after a hyphen (``2020-08-`` / ``21``) by dropping the hyphen."""
    return re.sub(r"[\s-]", "", text)


def _cli(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(_need("chromium", find_chromium())) as b:
        yield b


@pytest.fixture(scope="module")
def render(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Rendered]:
    """Render an example's report once per module (``assess -f html`` as a user runs it), then reuse it."""
    done: dict[tuple[str, str], Rendered] = {}
    folder = tmp_path_factory.mktemp("reports")

    def get(example: str, lang: str) -> Rendered:
        if (example, lang) not in done:
            html = folder / f"{example}-{lang}.html"
            source = ROOT / "examples" / example
            _cli("assess", source, "-f", "html", "--lang", lang, "-o", html, "--fail-on", "never")
            assessment = Assessment.model_validate_json(_cli("assess", source, "-f", "json", "--fail-on", "never"))
            start = time.monotonic()
            page = browser.open(html.as_uri())
            try:
                png = page.screenshot()
                pdf = html.with_suffix(".pdf")
                pdf.write_bytes(page.pdf())
                h1_fonts = page.fonts("h1")
                rendered = Rendered(
                    assessment, html, png, pdf, page.problems(), page.requests(), h1_fonts, time.monotonic() - start
                )
            finally:
                page.close()
            done[(example, lang)] = rendered
        return done[(example, lang)]

    return get


@pytest.mark.parametrize(("example", "lang"), CASES)
def test_no_errors_and_nothing_fetched(render: Callable[[str, str], Rendered], example: str, lang: str) -> None:
    r = render(example, lang)
    assert r.problems == []
    assert r.requests == [r.html.as_uri()]  # the document itself and nothing else: it works offline


@pytest.mark.parametrize(("example", "lang"), CASES)
def test_first_screen_is_not_blank(render: Callable[[str, str], Rendered], example: str, lang: str) -> None:
    image = decode_png(render(example, lang).png)
    assert (image.width, image.height) == (1200, 900)
    assert image.ink() > 0.03  # text, tables and badges: a few per cent of the pixels; a blank page has none


@pytest.mark.parametrize(("example", "lang"), CASES)
def test_chinese_in_simplified_chinese_glyphs(render: Callable[[str, str], Rendered], example: str, lang: str) -> None:
    """The heading holds the Chinese organization name in both languages; it must come out in an SC font,
    not in a Japanese or Korean variant of the same characters."""
    fc_list = shutil.which("fc-list")
    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True).stdout if fc_list else ""
    _need("fonts-noto-cjk", "Noto Sans CJK SC" if "Noto Sans CJK SC" in families else None)
    fonts = render(example, lang).h1_fonts
    cjk = [f for f in fonts if "CJK" in f or f in SC_FONTS]
    assert cjk and all(f in SC_FONTS for f in cjk), fonts


@pytest.mark.parametrize(("example", "lang"), CASES)
def test_pdf_text_layer(render: Callable[[str, str], Rendered], example: str, lang: str) -> None:
    r = render(example, lang)
    a = r.assessment
    text = r.pdf_text()
    flat = _flat(text)
    assert _flat(a.dossier.organization or "") in flat
    assert ("审核证据评价报告" if lang == "zh" else "Auditevidenceassessment") in flat
    for judgment, count in a.summary.counts.items():
        if count:
            assert _flat(label(JUDGMENT_LABELS, judgment, lang)) in flat, judgment
    for f in a.findings:
        if f.judgment == "N":
            assert _flat(f.message.get(lang)) in flat, f.rule
    for c in a.clauses:
        assert _flat(c.title.get(lang)) in flat, c.key
    if lang == "zh":
        assert "监督审核" in flat and "surveillance" not in text  # audit type in Chinese, not the YAML keyword


def test_seed_pdf_has_the_chinese_record(render: Callable[[str, str], Rendered]) -> None:
    flat = _flat(render("seed-2020", "zh").pdf_text())
    for words in (SEED_ORG, "符合", "不符合", "资料未提供，无法判定", "需审核员判断", "一般不符合"):
        assert words in flat, words
    en = render("seed-2020", "en").pdf_text()
    for words in ("conforming", "nonconforming (minor)", "insufficient evidence", "needs review", SEED_ORG):
        assert words in en, words


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_print_is_a4_with_page_numbers_and_no_controls(render: Callable[[str, str], Rendered], lang: str) -> None:
    r = render("seed-2020", lang)
    info = subprocess.run(
        [_need("pdfinfo", shutil.which("pdfinfo")), str(r.pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "(A4)" in info
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert found, info
    pages = int(found.group(1))
    assert pages > 5
    text = r.pdf_text()
    sheets = text.split("\f")[:pages]
    assert [f"{i}/{pages}" in _flat(sheet) for i, sheet in enumerate(sheets, 1)] == [True] * pages
    assert "only missing evidence" not in text and "仅缺少证据" not in text  # the screen-only filter controls
    # no wasted pages: a clause is allowed to break across pages, so pages are mostly full
    per_page = [len(_flat(sheet)) for sheet in sheets]
    assert min(per_page[:-1]) > 0.3 * max(per_page), per_page


def _shown(page: Page) -> dict[str, list[str]]:
    """What the reader sees: the filter bar, the keys of displayed clauses, the rules of displayed items."""
    value: dict[str, list[str]] = page.evaluate(
        """(() => {
          const shown = (e) => e.getClientRects().length > 0;
          const items = [...document.querySelectorAll(".clause .item")].filter(shown);
          return {
            bar: shown(document.getElementById("filters")) ? ["shown"] : [],
            clauses: [...document.querySelectorAll(".clause")].filter(shown)
              .map((c) => c.querySelector(".key").textContent),
            items: items.map((i) => (i.querySelector(".muted code") || {}).textContent || "exclusion"),
          };
        })()"""
    )
    return value


def _with_ancestors(a: Assessment, holds: Callable[[ClauseResult], bool]) -> list[str]:
    """Keys of the clauses that hold what the filter shows, and of every clause on the path down to them."""
    wanted: set[str] = set()
    path: list[str] = []
    for c in a.clauses:
        del path[c.depth :]
        path.append(c.key)
        if holds(c):
            wanted.update(path)
    return [c.key for c in a.clauses if c.key in wanted]


@pytest.mark.parametrize("example", EXAMPLES)
def test_filter_hides_what_it_should(browser: Browser, render: Callable[[str, str], Rendered], example: str) -> None:
    r = render(example, "en")
    a = r.assessment
    page = browser.open(r.html.as_uri())
    try:
        everything = _shown(page)
        assert everything["bar"] == ["shown"]
        assert everything["clauses"] == [c.key for c in a.clauses]
        assert len(everything["items"]) == sum(len(c.findings) + len(c.gaps) + bool(c.exclusion) for c in a.clauses)
        for value, judgment in (("N", "N"), ("O", "O")):
            page.click(f'#filters input[value="{value}"]')
            seen = _shown(page)
            rules = [f.rule for f in a.findings if f.judgment == judgment]
            assert Counter(seen["items"]) == Counter(rules), value
            paths = _with_ancestors(a, lambda c, j=judgment: any(a.findings[i].judgment == j for i in c.findings))
            assert seen["clauses"] == paths, value
        page.click('#filters input[value="gaps"]')
        seen = _shown(page)
        assert Counter(seen["items"]) == Counter(g.rule for g in a.gaps)
        assert seen["clauses"] == _with_ancestors(a, lambda c: bool(c.gaps))
        page.click('#filters input[value="all"]')
        assert _shown(page) == everything
        assert page.problems() == []
    finally:
        page.close()
    if example == "seed-2020":
        assert any(f.judgment == "N" for f in a.findings) and a.gaps  # the filter had something to show


def test_without_script_everything_shows(browser: Browser, render: Callable[[str, str], Rendered]) -> None:
    r = render("seed-2020", "en")
    page = browser.open(r.html.as_uri(), script=False)
    try:
        seen = _shown(page)
    finally:
        page.close()
    assert seen["bar"] == []  # controls that could not work are not offered
    assert seen["clauses"] == [c.key for c in r.assessment.clauses]


# The checks above must be able to fail: the same harness on pages that are broken on purpose.


def test_harness_sees_errors_requests_and_blank_pages(browser: Browser, tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><body style="background:#fff">'
        '<script>console.error("bad thing")</script><script>throw new Error("boom")</script>'
        '<img src="https://example.invalid/logo.png"></body></html>',
        encoding="utf-8",
    )
    page = browser.open(broken.as_uri())
    try:
        image = decode_png(page.screenshot())
        problems = " | ".join(page.problems())
        requests = page.requests()
    finally:
        page.close()
    assert "bad thing" in problems and "boom" in problems
    assert "https://example.invalid/logo.png" in requests
    assert image.ink() < 0.001


def test_harness_times_out_instead_of_hanging(browser: Browser, tmp_path: Path) -> None:
    hang = tmp_path / "hang.html"
    hang.write_text("<!DOCTYPE html><p>x</p>", encoding="utf-8")
    page = browser.open(hang.as_uri())
    timeout, browser.timeout = browser.timeout, 1.0
    try:
        with pytest.raises(BrowserError, match="no answer"):
            page.evaluate("new Promise(() => {})")  # never settles
    finally:
        browser.timeout = timeout
        page.close()


def _png(width: int, rows: list[bytes], filters: list[int]) -> bytes:
    """A tiny RGB PNG whose rows are stored with the given filter types (a minimal encoder for the decoder)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw, prior = b"", bytes(len(rows[0]))
    for row, kind in zip(rows, filters, strict=True):
        out = bytearray()
        for i, x in enumerate(row):
            a = row[i - 3] if i >= 3 else 0
            b = prior[i]
            c = prior[i - 3] if i >= 3 else 0
            p = a + b - c
            paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            out.append((x - (0, a, b, (a + b) // 2, paeth)[kind]) & 0xFF)
        raw += bytes([kind]) + bytes(out)
        prior = row
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_png_decoder_undoes_every_filter() -> None:
    rows = [bytes((x * 37 + y * 91 + c * 13) % 256 for x in range(4) for c in range(3)) for y in range(5)]
    image = decode_png(_png(4, rows, [0, 1, 2, 3, 4]))
    assert (image.width, image.height, image.channels) == (4, 5, 3)
    assert image.pixels == b"".join(rows)
    white = decode_png(_png(2, [b"\xff" * 6, b"\xff\xff\xff\x00\x00\x00"], [0, 1]))
    assert white.ink() == 0.25


def test_docs_screenshots_are_committed() -> None:
    """docs/reports.md shows them; scripts/render_screenshots.py regenerates them."""
    for lang in ("en", "zh"):
        path = ROOT / "docs" / "img" / f"seed-report-{lang}.png"
        data = path.read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and width == 1200 and height >= 600
        assert len(data) < 400_000
