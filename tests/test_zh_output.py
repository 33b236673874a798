"""Chinese output shows no identifier: every example rendered in Chinese, in every text format, holds no
snake_case token and no kind, field, section or choice value name outside the text the user wrote.

What is removed before the check, because the user wrote it or it is a citation: every string of the
dossier except choice values (names, sources, ids, ...), file locations, and the pack's rule ids (a finding
cites its rule as a clause number). What is left must be the tool's Chinese. The pack's Chinese texts are
checked the same way outside their ``{placeholders}``, so a rule that fires on no example is covered too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from docx import Document
from pydantic import BaseModel

from clausewise.dossiers import load_dossier
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.evidence.facts import KINDS
from clausewise.evidence.model import SECTIONS, Dossier
from clausewise.evidence.titles_zh import choice_label
from clausewise.i18n import KIND_LABELS
from clausewise.modelwalk import choices, field_annotation, nested_models
from clausewise.reports import render
from clausewise.reports.rows import render_rows
from clausewise.rules.loader import Pack, load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    [
        p
        for p in (ROOT / "examples").iterdir()
        if p.is_dir() and any(p.glob("*.yaml")) and not (p / "pack.yaml").exists()  # a pack, not a dossier
    ]
    + sorted((ROOT / "examples").glob("*/*.xlsx"))
)
TEXT_FORMATS = ("table", "markdown", "html", "docx", "junit")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LOCATION = re.compile(r"\S+\.(?:ya?ml|xlsx)\S*")


def _models() -> list[type[BaseModel]]:
    owners: list[type[BaseModel]] = [Dossier, *SECTIONS.values()]
    found = {m.__name__: m for m in owners}
    while True:
        more = {k: v for k, v in nested_models(list(found.values())).items() if k not in found}
        if not more:
            return list(found.values())
        found.update(more)


@cache
def identifiers() -> frozenset[str]:
    """Every name the code uses for evidence: kinds, sections, fields and choice values."""
    names = set(KINDS) | set(SECTIONS)
    for model in _models():
        for name, info in model.model_fields.items():
            names.add(name)
            names.update(choices(field_annotation(info)))
    names |= {"insufficient_evidence", "needs_review", "not_assessed", "review"}
    return frozenset(n for n in names if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n))


def user_strings(value: object, model: type[BaseModel] | None = None, name: str = "") -> Iterator[str]:
    """The strings the user wrote in a dossier (choice values are the tool's words, not the user's)."""
    if isinstance(value, BaseModel):
        for field, info in type(value).model_fields.items():
            if not choices(field_annotation(info)):
                yield from user_strings(getattr(value, field), type(value), field)
        yield from (str(v) for v in (value.model_extra or {}).values())
    elif isinstance(value, dict):
        for v in value.values():
            yield from user_strings(v, model, name)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from user_strings(v, model, name)
    elif isinstance(value, str):
        yield value


@cache
def example(path: Path) -> tuple[Assessment, tuple[str, ...]]:
    dossier = load_dossier(path)
    own = {s for s in user_strings(dossier) if s.strip()}
    own |= {s[:57] for s in own if len(s) > 60}  # evidence summaries cut long text
    return assess(dossier, pack(), files=[str(path)]), tuple(sorted(own, key=len, reverse=True))


@cache
def pack() -> Pack:
    return load_pack("iso9001")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def reader_text(data: str | bytes, fmt: str) -> str:
    """What a reader of the report sees, as plain text."""
    if fmt == "docx":
        assert isinstance(data, bytes)
        doc = Document(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        parts += [p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)]
        return "\n".join(parts)
    assert isinstance(data, str)
    if fmt == "html":
        parser = _Text()
        parser.feed(data)
        return "\n".join(parser.parts)
    if fmt == "markdown":
        return re.sub(r"\\(.)", r"\1", data)
    if fmt == "junit":  # the messages and texts a CI page shows; property names and types are for machines
        root = ET.fromstring(data)
        parts = [e.text or "" for e in root.iter() if e.tag in ("system-out", "failure", "skipped", "error")]
        parts += [e.get("message", "") for e in root.iter()]
        parts += [e.get("name", "") for e in root.iter() if e.tag in ("testsuite", "testcase")]
        return "\n".join(parts)
    return data


def leaks(text: str, own: tuple[str, ...]) -> list[str]:
    """Identifier tokens in ``text`` once the user's words, locations and rule ids are taken out, with context."""
    for rule_id in sorted((r.rule.id for r in pack().rules), key=len, reverse=True):
        text = text.replace(rule_id, " ")
    text = LOCATION.sub(" ", text)
    for s in own:
        text = text.replace(s, " ")
    known = identifiers()
    found = []
    for line in text.splitlines():
        bad = set(SNAKE.findall(line)) | {w for w in WORD.findall(line) if w in known}
        found += [f"{sorted(bad)} in: {line.strip()[:160]}"] if bad else []
    return found


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_chinese_report_shows_no_identifier(path: Path, fmt: str) -> None:
    result, own = example(path)
    text = reader_text(render([result], fmt, "zh"), fmt)
    assert "证据" in text or "判定" in text  # it is the Chinese report
    found = leaks(text, own)
    assert not found, f"{len(found)} lines with identifiers, first ones:\n" + "\n".join(found[:15])


def test_the_check_finds_an_identifier() -> None:
    own = ("《质量手册》",)
    assert leaks("过程 proc-x 的 'calibration_required' 为 true", own)
    assert leaks("类型：software", own)
    assert not leaks("《质量手册》 规定 a) 至 c)", own)


def test_pack_chinese_texts_show_no_identifier() -> None:
    known = identifiers()
    bad = []
    for item in pack().rules:
        r = item.rule
        for text in (r.title.zh, r.message.zh, r.remedy.zh):
            outside = re.sub(r"\{[^{}]*\}", " ", text)
            words = set(SNAKE.findall(outside)) | {w for w in WORD.findall(outside) if w in known}
            if words:
                bad.append(f"{r.id}: {sorted(words)} in {text}")
    assert not bad, "\n".join(bad)


def test_every_kind_has_a_chinese_name() -> None:
    assert set(KINDS) <= set(KIND_LABELS), set(KINDS) - set(KIND_LABELS)


def test_store_lists_name_codes_in_words() -> None:
    """``audit list``, ``history`` and ``diff`` in Chinese: the audit type, change, grade and counts in words."""
    row = {"type": "surveillance", "status": "recurring", "grade": "minor", "counts": {"N_minor": 2, "review": 5}}
    columns = [(k, k, k) for k in row]
    zh = render_rows([row], columns, "table", "zh")
    assert "监督审核" in zh and "重复发生" in zh and "一般不符合 2" in zh and "需审核员判断 5" in zh
    assert not SNAKE.findall(zh.replace("counts", "")) and "surveillance" not in zh
    assert "surveillance" in render_rows([row], columns, "table", "en")


def test_every_choice_value_has_a_chinese_label() -> None:
    """A message fills a choice field with its label in Chinese: a value without one would show as typed."""
    comparisons = {">=", "<=", "=", ">", "<"}
    missing = [
        f"{model.__name__}.{name}: {value}"
        for model in _models()
        for name, info in model.model_fields.items()
        for value in choices(field_annotation(info))
        if value not in comparisons and choice_label(model, name, value, "zh") == value
    ]
    assert not missing, missing


@pytest.mark.parametrize("fmt", [f for f in TEXT_FORMATS if f != "junit"])  # JUnit carries notices as properties
def test_notices_in_chinese_show_no_identifier(tmp_path: Path, fmt: str) -> None:
    """The notices every report states first (no audit section; a scope clause the pack lacks) are Chinese too."""
    no_audit = tmp_path / "people.yaml"
    no_audit.write_text("people:\n  - name: 张三\n", encoding="utf-8")
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        "audit: {organization: 某公司, date: 2020-12-03, type: surveillance, audited_clauses: ['9.22']}\n",
        encoding="utf-8",
    )
    for path, own in ((no_audit, ("张三",)), (typo, ("某公司",))):
        result = assess(load_dossier(path), pack())
        assert result.notices
        text = reader_text(render([result], fmt, "zh"), fmt)
        lines = "\n".join(line for line in text.splitlines() if any(n.text.zh[:12] in line for n in result.notices))
        assert lines, f"{path.name}: the notice is not in the {fmt} report"
        found = leaks(text, own)  # the whole report: items written without an id read 第n项, not people-1
        assert not found, f"{path.name}: " + "\n".join(found[:15])
