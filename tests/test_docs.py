"""Generated reference docs are committed; they must match what the code generates now."""

from __future__ import annotations

from pathlib import Path

from clausewise.docgen import evidence_markdown, rules_markdown
from clausewise.rules.loader import load_pack

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_evidence_reference_is_current() -> None:
    assert (DOCS / "evidence.md").read_text(encoding="utf-8") == evidence_markdown(), "run: clausewise docs docs/"


def test_rule_reference_is_current() -> None:
    assert (DOCS / "rules-iso9001.md").read_text(encoding="utf-8") == rules_markdown(load_pack("iso9001")), (
        "run: clausewise docs docs/"
    )
