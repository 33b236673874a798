"""The glossary is the one source of the labels, its docs page is current, and the wording it rules out
(删减, 证据不足, 待评审, 不符合，一般, 文件化信息, ...) appears nowhere in the tool's or the built-in pack's
Chinese, nor in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewise.docgen import glossary_markdown
from clausewise.glossary import CLAUSE_JUDGMENTS, FINDING_KINDS, GRADED, avoided, graded
from clausewise.i18n import FINDING_LABELS, JUDGMENT_LABELS

ROOT = Path(__file__).resolve().parent.parent
#: Files that may name the wording on purpose: the glossary itself, the aliases accepted as input (文件化信息
#: for 成文信息), and the pack's fixtures and the examples, which are the organizations' own words.
EXEMPT = {
    "clausewise/glossary.py",
    "clausewise/rules/packs/iso9001/pack.yaml",
    "docs/glossary.md",
    "docs/clause-aliases.md",
}
#: In the docs, quoted records keep the organization's word 客户; the tool's own texts say 顾客.
QUOTED_IN_DOCS = {"客户"}


def _texts() -> list[Path]:
    code = [
        p
        for p in (ROOT / "clausewise").rglob("*")
        if p.suffix in (".py", ".yaml") and "tests" not in p.relative_to(ROOT).parts  # not the folder above ROOT
    ]
    return sorted(code + list((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"])


def test_the_glossary_page_is_current() -> None:
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == glossary_markdown(), (
        "run: clausewise docs docs/"
    )


def test_report_labels_come_from_the_glossary() -> None:
    assert {k: v["zh"] for k, v in JUDGMENT_LABELS.items()} == {k: t.zh for k, t in CLAUSE_JUDGMENTS.items()}
    assert {k: v["zh"] for k, v in FINDING_LABELS.items()} == {k: t.zh for k, t in FINDING_KINDS.items()}


@pytest.mark.parametrize(
    ("judgment", "grade", "lang", "expected"),
    [
        ("N", "minor", "zh", "一般不符合"),
        ("N", "major", "zh", "严重不符合"),
        ("N", None, "zh", "不符合"),
        ("N", "minor", "en", "nonconforming (minor)"),
        ("O", None, "zh", "观察项"),
        ("insufficient_evidence", None, "zh", "资料未提供，无法判定"),
        ("needs_review", None, "zh", "需审核员判断"),
    ],
)
def test_graded_judgments_read_as_one_word_in_chinese(
    judgment: str, grade: str | None, lang: str, expected: str
) -> None:
    assert graded(CLAUSE_JUDGMENTS, judgment, grade, lang) == expected


def test_a_graded_finding_in_english_keeps_its_form() -> None:
    assert graded(FINDING_KINDS, "N", "major", "en", "{}, {}") == "nonconformity, major"
    assert GRADED["minor"].zh == "一般不符合"


def test_no_avoided_wording_in_the_tools_texts() -> None:
    words = avoided()
    assert "删减" in words and "证据不足" in words and "待评审" in words
    found = []
    for path in _texts():
        rel = path.relative_to(ROOT).as_posix()
        if rel in EXEMPT:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for word in words:
                if word in line and not (rel.startswith("docs/") and word in QUOTED_IN_DOCS):
                    found.append(f"{rel}:{n}: {word} (use {words[word]}): {line.strip()[:100]}")
    assert not found, "\n".join(found)
