"""Evidence texts strip themselves (``evidence.base.Text``, ``Note``, ``Clause``) exactly as pydantic's
``str_strip_whitespace`` did: same values, same errors, same JSON Schema, for every shape a dossier field has.

The old way is rebuilt here as the reference: a model with the config on and the plain annotations.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from clausewise.clauses import ClauseKey
from clausewise.evidence.base import SPACE, Clause, Note, Text

_OldText = Annotated[str, StringConstraints(min_length=1)]


class Old(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: _OldText = "x"
    maybe: _OldText | None = None
    names: list[_OldText] = []
    note: str | None = None
    clause: ClauseKey | None = None
    clauses: list[ClauseKey] = []


class New(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text = "x"
    maybe: Text | None = None
    names: list[Text] = []
    note: Note | None = None
    clause: Clause | None = None
    clauses: list[Clause] = []


TEXTS = ["", " ", "a", " a ", "\u3000质量\u3000", "\xa0x\xa0", "\x1cx\x1c", "\u200bx", "\ufeffx\ufeff", " \t\n"]
TEXTS += ["x\x85", "\u2028y\u205f"]
CLAUSES = ["8.5", " 8.5 ", "9.3.2.c", " 9.3 管理评审 ", "\u30009.2", "x", "", " ", "\x1c8.5"]
OTHER: list[Any] = [None, 5, 2.5, True, [], {}, ["a", " "], [" ", 1]]


def _outcome(model: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data).model_dump()
    except ValidationError as exc:
        return [
            (e["type"], e["loc"], e["msg"], {k: str(v) for k, v in e.get("ctx", {}).items()}, e["input"])
            for e in exc.errors()
        ]


CASES = [
    {field: value}
    for field in ("text", "maybe", "note")
    for value in [*TEXTS, *OTHER]
] + [{"names": [t]} for t in TEXTS] + [{"names": v} for v in OTHER] + [
    {field: value} for field in ("clause",) for value in [*CLAUSES, *OTHER]
] + [{"clauses": [c]} for c in CLAUSES]


@pytest.mark.parametrize("data", CASES, ids=repr)
def test_texts_strip_as_pydantic_did(data: dict[str, Any]) -> None:
    assert _outcome(New, data) == _outcome(Old, data)


def test_an_unstripped_text_is_kept_as_given() -> None:
    given = "质量手册"
    assert New.model_validate({"text": given}).text is given  # no copy: a reader's shared values stay shared


def test_the_json_schema_is_unchanged() -> None:
    assert New.model_json_schema()["properties"] == Old.model_json_schema()["properties"]


def test_space_is_unicode_white_space() -> None:
    assert {c for c in map(chr, range(0x110000)) if c.isspace()} - set(SPACE) == set(map(chr, range(0x1C, 0x20)))


def test_a_validated_text_carries_no_utf8_copy() -> None:
    """pydantic's ``min_length`` counts characters on a UTF-8 copy it caches inside every non-ASCII string it checks
    (40 bytes more for a short Chinese text, a sixth of validating a dossier): a text is checked without it."""
    import sys

    texts = ["".join(["检查系统运行状态", str(n)]) for n in range(3)]  # fresh strings, no UTF-8 form cached yet
    sizes = [sys.getsizeof(t) for t in texts]
    New.model_validate({"text": texts[0], "maybe": texts[1], "names": [texts[2]]})
    assert [sys.getsizeof(t) for t in texts] == sizes
