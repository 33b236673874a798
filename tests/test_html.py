"""The HTML report and ``clausewise report``: well-formed, self-contained, escaped, readable without colour,
and a saved JSON result renders exactly as a fresh run does."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import late_review_dossier, run

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.i18n import JUDGMENT_LABELS, label
from clausewise.reports import html as html_mod
from clausewise.reports.html import render_html, render_html_all
from clausewise.reports.text import evidence_summary
from clausewise.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2020"
EVIL = "<script>alert(1)</script> &amp; Co"

DOSSIER = late_review_dossier(f'"Acme {EVIL}"', f'"MR minutes {EVIL}"')

VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "area", "base", "source"}


class StrictParser(HTMLParser):
    """Records problems: unbalanced or mismatched tags, a missing doctype, the lang of <html>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.lang: str | None = None
        self.doctype = False
        self.charset = False
        self.scripts = 0
        self.badges: list[tuple[str, str]] = []  # (class, text)
        self._badge: list[str] | None = None
        self._badge_class = ""
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag == "html":
            self.lang = d.get("lang")
        if tag == "meta" and d.get("charset") == "utf-8":
            self.charset = True
        if tag == "script":
            self.scripts += 1
        if tag == "span" and "badge" in (d.get("class") or "").split():
            self._badge, self._badge_class = [], d.get("class") or ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.errors.append(f"self-closing non-void <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
        else:
            self.stack.pop()
            if tag == "span" and self._badge is not None:
                self.badges.append((self._badge_class, "".join(self._badge)))
                self._badge = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._badge is not None:
            self._badge.append(data)


def parse(doc: str) -> StrictParser:
    p = StrictParser()
    p.feed(doc)
    p.close()
    assert p.errors == []
    assert p.stack == [], f"unclosed: {p.stack}"
    assert p.doctype and p.charset
    return p


@pytest.fixture(scope="module")
def seed() -> Assessment:
    return assess(load_dossier(SEED), load_pack("iso9001"), files=[str(SEED)])


@pytest.fixture
def evil(tmp_path: Path) -> Assessment:
    path = tmp_path / "evil.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    return assess(load_dossier(path), load_pack("iso9001"), files=[str(path)])



@pytest.mark.parametrize(("lang", "expected"), [("en", "en"), ("zh", "zh-Hans")])
def test_well_formed_with_lang(seed: Assessment, lang: str, expected: str) -> None:
    p = parse(render_html(seed, lang))
    assert p.lang == expected
    assert p.scripts == 1  # the filter, nothing else


def test_zh_report_is_in_chinese(seed: Assessment) -> None:
    doc = render_html(seed, "zh")
    assert "审核证据评价报告" in doc and "符合" in doc and "中食互联" in doc


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_clause_finding_and_gap(seed: Assessment, lang: str) -> None:
    assert seed.findings and seed.gaps
    text = "".join(parse(render_html(seed, lang)).text)
    for c in seed.clauses:
        assert c.key in text
        assert c.title.get(lang) in text
    for f in seed.findings:
        assert f.rule in text
        assert f.message.get(lang) in text
        assert f.remedy.get(lang) in text
        for e in f.evidence:
            assert evidence_summary(e, lang) in text
            if e.where():
                assert e.where() in text
            if e.source:
                assert e.source in text
    for g in seed.gaps:
        assert g.rule in text and g.remedy.get(lang) in text
    for value in (seed.dossier.digest, seed.pack.id, seed.pack.version, seed.dossier.as_of or ""):
        assert value in text


def test_user_text_is_escaped(evil: Assessment) -> None:
    assert any(f.rule == "mr-none-within-own-interval" for f in evil.findings)
    doc = render_html(evil, "en")
    p = parse(doc)
    assert p.scripts == 1  # no script element from user data
    assert "<script>alert" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; Co" in doc
    text = "".join(p.text)
    assert f"Acme {EVIL}" in text  # shown verbatim, as typed
    assert f"MR minutes {EVIL}" in text


def test_no_network_resources(seed: Assessment, evil: Assessment) -> None:
    for doc in (render_html(seed, "en"), render_html(evil, "zh")):
        p = parse(doc)
        assert [a for a in p.attrs if a[1] in ("src", "href", "action", "srcset")] == []
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", doc, re.IGNORECASE)
        assert "url(" not in doc and "@import" not in doc
        assert "<link" not in doc and "<img" not in doc and "<iframe" not in doc


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_badges_read_without_colour(seed: Assessment, lang: str) -> None:
    p = parse(render_html(seed, lang))
    assert len(p.badges) >= len(seed.clauses)
    for cls, text in p.badges:
        judgment = next(c[2:] for c in cls.split() if c.startswith("j-"))
        assert label(JUDGMENT_LABELS, judgment, lang) in text, (judgment, text)
    # every judgment has its own border (style/width), not only its own colour
    borders = {}
    for judgment in JUDGMENT_LABELS:
        block = re.search(r"\.j-" + judgment + r" \{([^}]*)\}", html_mod._CSS)
        assert block, judgment
        decls = re.findall(r"border(?:-style)?:\s*([^;]*);", block.group(1))
        style = " ".join(re.sub(r"#[0-9a-f]+", "", d).strip() for d in decls) or "solid"
        borders[judgment] = (
            style + " " + " ".join(re.findall(r"(?:font-style|text-decoration|font-weight):[^;]*", block.group(1)))
        )
    assert len(set(borders.values())) == len(borders), borders


def test_chinese_typography(seed: Assessment) -> None:
    """The Chinese report reads as Chinese: the audit type translated, full-width colon, brackets, parentheses."""
    zh = "".join(parse(render_html(seed, "zh")).text)
    assert "2020-12-03（监督审核）" in zh and "surveillance" not in zh
    assert "审核证据评价报告：中食互联（北京）科技有限公司" in zh
    assert "【一般不符合】" in zh and "N 一般不符合" in zh and "需补充的证据：" in zh
    assert "过程 proc-" in zh and "process proc-" not in zh  # an evidence item's kind in Chinese
    assert "（规则 sr-signed-by-other）" in zh
    en = "".join(parse(render_html(seed, "en")).text)
    assert "2020-12-03 (surveillance audit)" in en and "Audit evidence assessment: 中食互联" in en
    assert "[nonconformity, minor] " in en and "N nonconforming (minor)" in en and "(rule sr-signed-by-other)" in en


def test_header_names_the_auditee_as_the_record_does(seed: Assessment, evil: Assessment) -> None:
    """Scope, standard, addresses and management from the dossier's audit section; rows only for what it states."""
    zh = render_html(seed, "zh")
    for row in (
        "<tr><th>审核范围</th><td>基础软件服务</td></tr>",
        "<tr><th>审核准则</th><td>ISO 9001:2015 / GB/T 19001-2016</td></tr>",
        "<tr><th>注册地址</th><td>北京市房山区良乡凯旋大街建设路18号-D5689</td></tr>",
        # one row for the fields that name the same place
        "<tr><th>办公地址、经营地址、审核场所</th><td>北京市朝阳区东土城路8号林达大厦A座14E</td></tr>",
        "<tr><th>总经理</th><td>段进生</td></tr>",
        "<tr><th>管理者代表</th><td>付微</td></tr>",
    ):
        assert row in zh
    en = render_html(seed, "en")
    assert "<tr><th>Management representative</th><td>付微</td></tr>" in en
    assert "<tr><th>Office address, business address, sites</th><td>北京市朝阳区" in en
    bare = render_html(evil, "en")  # states no scope, address or management
    assert "<th>Audit scope</th>" not in bare and "<th>Registered address</th>" not in bare
    assert "<tr><th>Standard</th><td>ISO 9001:2015</td></tr>" in bare  # the audit's default standard


def test_filter_choices_say_how_many_they_show(seed: Assessment) -> None:
    text = "".join(parse(render_html(seed, "en")).text)
    n = sum(f.judgment == "N" for f in seed.findings)
    o = sum(f.judgment == "O" for f in seed.findings)
    assert n and f"only N ({n})" in text and f"only O ({o})" in text
    assert f"only missing evidence ({len(seed.gaps)})" in text
    assert f"仅不符合（{n}）" in "".join(parse(render_html(seed, "zh")).text)


def test_filter_and_print(seed: Assessment) -> None:
    doc = render_html(seed, "en")
    # the controls stay hidden unless the script runs: without script everything shows
    assert re.search(r'<form class="filters" id="filters" hidden>', doc)
    for value in ("all", "N", "O", "gaps"):
        assert f'value="{value}"' in doc
    assert "@page { size: A4;" in doc
    print_css = doc.split("@media print", 1)[1]
    assert ".filters { display: none" in print_css
    n_clauses = {c.key for c in seed.clauses if any(seed.findings[i].judgment == "N" for i in c.findings)}
    assert n_clauses
    assert doc.count("f-N") >= len(n_clauses)


def test_several_results_in_one_document(seed: Assessment, evil: Assessment) -> None:
    doc = render_html_all([seed, evil], "en")
    p = parse(doc)
    assert doc.count("<article>") == 2 and p.scripts == 1


def test_assess_format_html(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("assess", SEED, "-f", "html", "--lang", "zh", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert parse(out.read_text(encoding="utf-8")).lang == "zh-Hans"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_round_trip(tmp_path: Path, lang: str) -> None:
    saved = tmp_path / "r.json"
    first = run("assess", SEED, "-f", "json", "-o", saved, "--fail-on", "never")
    assert first.exit_code == 0
    fresh = run("assess", SEED, "-f", "markdown", "--lang", lang, "--fail-on", "never")
    again = run("report", saved, "-f", "markdown", "--lang", lang)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == fresh.stdout
    assert run("report", saved, "-f", "json").stdout == saved.read_text(encoding="utf-8")
    html_out = tmp_path / "r.html"
    assert run("report", saved, "-f", "html", "-l", lang, "-o", html_out).exit_code == 0
    assert html_out.read_text(encoding="utf-8") == render_html(Assessment.model_validate_json(saved.read_text()), lang)


def test_report_several_results(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(DOSSIER, encoding="utf-8")
    saved = tmp_path / "r.json"
    run("assess", SEED, evil, "-f", "json", "-o", saved, "--fail-on", "never")
    assert isinstance(json.loads(saved.read_text(encoding="utf-8")), list)
    for fmt in ("table", "markdown", "json"):
        fresh = run("assess", SEED, evil, "-f", fmt, "--fail-on", "never")
        again = run("report", saved, "-f", fmt)
        assert again.exit_code == 0 and again.stdout == fresh.stdout, fmt
    doc = run("report", saved, "-f", "html").stdout
    assert parse(doc).scripts == 1 and doc.count("<article>") == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json {", "JSON syntax error"),
        ("[]", "not an assessment result"),
        ("42", "not an assessment result"),
        ('{"hello": 1}', "no schema_version"),
        ('{"schema_version": 99}', "schema_version 99 is not supported"),
        ('{"schema_version": 1, "tool": "x"}', "not an assessment result: pack: Field required"),
        ("[1, 2]", "not an assessment result"),
    ],
)
def test_report_bad_input(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("report", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}") and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_report_missing_file_and_binary(tmp_path: Path) -> None:
    assert run("report", tmp_path / "nope.json").exit_code == 2
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00junk")
    result = run("report", binary)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
