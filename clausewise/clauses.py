"""Clause keys: ``4.1``, ``7.1.5.2``, ``9.2.2``, lettered items such as ``9.3.2.c`` or ``9.3.2 c)``.

One normal form is used everywhere: dot-separated numbers, then optional lowercase letters and digits for
items, e.g. ``9.3.2.c.3``. Ordering is numeric (``7.10`` sorts after ``7.9``).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Strict

_CLAUSE_RE = re.compile(r"^(?:[1-9]|10)(?:\.\d{1,2}){0,4}(?:\.[a-z](?:\.\d{1,2})?)?$")
_ITEM_RE = re.compile(r"^([\d.]+?)\s*\.?\s*([a-z])\)?\s*(?:(\d{1,2})\))?$")


def normalize_clause(text: str) -> str:
    """Return the normal form of a clause key, or raise ``ValueError`` saying what is wrong."""
    s = text.strip()
    m = _ITEM_RE.match(s)
    if m and not _CLAUSE_RE.match(s):
        s = f"{m[1].rstrip('.')}.{m[2]}" + (f".{m[3]}" if m[3] else "")
    if not _CLAUSE_RE.match(s):
        raise ValueError(
            f"'{text}' is not a clause key; expected numbers separated by dots such as '9.3.2' "
            "or a lettered item such as '9.3.2.c'"
        )
    return s


def clause_sort_key(key: str) -> tuple[tuple[int, int | str], ...]:
    """Numeric order: 4.1 < 4.2 < 4.10 < 5; letters after numbers at the same depth."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in key.split("."))


def parent_of(key: str) -> str | None:
    """``9.3.2`` -> ``9.3``; top-level clauses have no parent."""
    return key.rsplit(".", 1)[0] if "." in key else None


def is_within(key: str, ancestor: str) -> bool:
    """True when ``key`` is ``ancestor`` or lies below it."""
    return key == ancestor or key.startswith(ancestor + ".")


#: A clause key field: must be text (a YAML float such as ``7.10`` is refused, it would read as 7.1).
ClauseKey = Annotated[str, Strict(), AfterValidator(normalize_clause)]
