"""PLACEHOLDER (being written this session): the 审核记录表 as a Word document."""

from __future__ import annotations

from collections.abc import Sequence

from clausewise.engine.results import Assessment


def render_docx(results: Sequence[Assessment], lang: str = "en") -> bytes:
    raise NotImplementedError("docx report")
