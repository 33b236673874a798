"""Generated reference docs are committed; they must match what the code generates now."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewise.docgen import collect_examples, evidence_markdown, rules_markdown
from clausewise.evidence.model import SECTIONS
from clausewise.rules.loader import load_pack
from clausewise.rules.registry import BUILTIN_PACKS, builtin_pack_path
from tests.helpers import all_descriptions_zh

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_evidence_reference_is_current() -> None:
    folders = (DOCS.parent / "examples", *(builtin_pack_path(name) / "tests" for name in BUILTIN_PACKS))
    expected = evidence_markdown(collect_examples(*folders))
    assert (DOCS / "evidence.md").read_text(encoding="utf-8") == expected, "run: clausewise docs docs/"


def test_every_section_is_documented_with_an_example() -> None:
    text = (DOCS / "evidence.md").read_text(encoding="utf-8")
    for section in SECTIONS:
        block = text.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
        assert "```yaml" in block, f"section {section} has no example in docs/evidence.md"


def test_field_meanings_are_in_english_then_chinese() -> None:
    text = (DOCS / "evidence.md").read_text(encoding="utf-8")
    row = next(line for line in text.split("## `management_reviews`", 1)[1].splitlines() if line.startswith("| `date`"))
    english = SECTIONS["management_reviews"].model_fields["date"].description
    assert row.endswith(f"| {english}<br>{SECTIONS['management_reviews'].descriptions_zh['date']} |")
    for fields in all_descriptions_zh():
        for chinese in fields.values():
            assert chinese in text, chinese


@pytest.mark.parametrize("name", BUILTIN_PACKS)
def test_rule_reference_is_current(name: str) -> None:
    assert (DOCS / f"rules-{name}.md").read_text(encoding="utf-8") == rules_markdown(load_pack(name)), (
        "run: clausewise docs docs/"
    )
