"""What a workbook cell means: the words for yes, no and "there is none", and a value's cell form.

Shared by the writer and the reader so both follow one convention (documented in docs/self-assessment.md):

* yes/no cells hold 是/否 or yes/no (TRUE/FALSE, true/false, y/n, 1/0 are read too);
* a list (names, clauses) is one cell with one entry per line (Alt+Enter in Excel, Ctrl+Enter in WPS);
* an empty cell is "not stated"; ``（无）`` or ``(none)`` states that there is none (YAML's ``null`` / ``[]``).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from clausewise.lang import Lang

YES = {"en": "yes", "zh": "是"}
NO = {"en": "no", "zh": "否"}
NONE = {"en": "(none)", "zh": "（无）"}

TRUE_WORDS = frozenset({"是", "yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"否", "no", "n", "false", "0"})
NONE_WORDS = frozenset({"(none)", "（无）", "(无)", "（none）"})

#: Excel's own limit on the characters of one cell.
MAX_CELL_CHARS = 32_767


def is_none_word(value: Any) -> bool:
    return isinstance(value, str) and value.strip().casefold() in NONE_WORDS


def stated(model: BaseModel) -> dict[str, Any]:
    """The fields a dossier states, as plain data: written ones (even null / []) and ones holding a value.

    The same rule as the facts' ``stated`` set, so a dossier written out in any format says what it said.
    """
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name not in model.model_fields_set and (value is None or value == []):
            continue
        out[name] = plain(value)
    return out


def plain(value: Any) -> Any:
    """Enum members as their values, models as their stated fields, lists item by item."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return stated(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def to_cell(value: Any, lang: Lang) -> Any:
    """A stated plain value as a cell value (text, number, date or the "none" word)."""
    if value is None or value == []:
        return NONE[lang]
    if isinstance(value, bool):
        return YES[lang] if value else NO[lang]
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dt.date | int | float):
        return value
    return str(value)
