"""PLACEHOLDER (being written this session): JUnit XML, one test case per clause."""

from __future__ import annotations

from collections.abc import Sequence

from clausewise.engine.results import Assessment


def render_junit(results: Sequence[Assessment], lang: str = "en") -> str:
    raise NotImplementedError("junit report")
