"""Clause keys: ``4.1``, ``7.1.5.2``, ``9.2.2``, lettered items such as ``9.3.2.c`` or ``9.3.2 c)``.

One normal form is used everywhere: dot-separated numbers (any depth and size: ``11``, ``4.4.1.2``; the first
part may be an annex letter, ``A.5.1``), then optional lowercase letters and digits for items, e.g.
``9.3.2.c.3``. Ordering is numeric (``7.10`` sorts after ``7.9``).

Aliases (see ``docs/clause-aliases.md``): a clause may also be written as a title of the pack's clause tree
(``管理评审`` -> ``9.3``), a variant title the pack declares (``不合格品控制`` -> ``8.7``), or a previous
edition's number with its prefix (``2008:7.5.3`` -> ``8.5.2``). All of that is data each pack declares in its
``pack.yaml`` (:mod:`clausewise.packtree`); nothing here knows a particular standard.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated

from pydantic import AfterValidator, Strict

_NUMBER = r"(?:0|[1-9]\d*)"
#: Any dotted numbering (``9.3.2``, ``11``, ``4.4.1.2``), an annex clause (``A.5.1``), then an optional lettered
#: item (``.c``, ``.c.3``). The ISO 9001 keys are a subset; a custom pack numbers its own standard its own way.
_CLAUSE_RE = re.compile(rf"^(?:{_NUMBER}|[A-Z])(?:\.{_NUMBER})*(?:\.[a-z](?:\.{_NUMBER})?)?$")
_ANNEX = re.compile(r"^[A-Z](?:\.|$)")
_ITEM_RE = re.compile(r"^([\d.]+?)\s*\.?\s*([a-z])\)?\s*(?:(\d{1,2})\))?$")


def normalize_clause(text: str) -> str:
    """Return the normal form of a clause key, or raise ``ValueError`` saying what is wrong.

    Titles and previous-edition numbers (``2008:7.5.3``) are resolved to clause keys (see :func:`resolve_alias`).
    """
    s = text.strip()
    if _CLAUSE_RE.match(s):  # already a key (what a dossier almost always holds): the checks below agree
        return s
    if _EDITION_PREFIX.match(s) or not (_NUMERIC_START.match(s) or _ANNEX.match(s)):
        return resolve_alias(s)
    try:
        return _normalize_number(text, s)
    except ValueError:
        m = _NUMBER_TITLE.match(s)  # "9.3 管理评审": a number and its title, as Chinese audit records write it
        if m is None:
            raise
    number = _normalize_number(m[1], m[1])
    try:
        titled = resolve_alias(m[2])
    except ValueError:
        titled = None
    if titled != number:
        known = clause_titles().get(number)
        expected = f" (clause {number} is '{known['zh']}' / '{known['en']}')" if known else ""
        raise ValueError(f"'{text}': the number and the title name different clauses{expected}")
    return number


def _normalize_number(text: str, s: str) -> str:
    m = _ITEM_RE.match(s)
    if m and not _CLAUSE_RE.match(s):
        s = f"{m[1].rstrip('.')}.{m[2]}" + (f".{m[3]}" if m[3] else "")
    if not _CLAUSE_RE.match(s):
        raise ValueError(
            f"'{text}' is not a clause key; expected numbers separated by single dots (such as '9.3.2', '11' "
            "or '4.4.1.2'), an annex clause such as 'A.5.1', or a lettered item such as '9.3.2.c'"
        )
    return s


@functools.lru_cache(maxsize=8192)
def clause_sort_key(key: str) -> tuple[tuple[int, int | str], ...]:
    """Numeric order: 4.1 < 4.2 < 4.10 < 5; letters after numbers at the same depth."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in key.split("."))


def parent_of(key: str) -> str | None:
    """``9.3.2`` -> ``9.3``; top-level clauses have no parent."""
    return key.rsplit(".", 1)[0] if "." in key else None


def is_within(key: str, ancestor: str) -> bool:
    """True when ``key`` is ``ancestor`` or lies below it."""
    return key == ancestor or key.startswith(ancestor + ".")


# --- aliases (the pack's data: clausewise.packtree) ----------------------------------------------------------

_NUMERIC_START = re.compile(r"^\d")
_NUMBER_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\s*([^\d\s.][^)]{1,}.*)$")
_EDITION_PREFIX = re.compile(r"^[^:\s][^:]*:")


def clause_titles() -> dict[str, dict[str, str]]:
    """Clause key -> ``{"en": ..., "zh": ...}`` of the clause trees in force (see :mod:`clausewise.packtree`)."""
    from clausewise.packtree import titles_in_force

    return titles_in_force()


def resolve_alias(text: str) -> str:
    """Resolve a clause title or a ``PREFIX:number`` in the trees in force; ``ValueError`` says why not."""
    from clausewise.packtree import resolve_alias as resolve

    return resolve(text)


#: A clause key field: must be text (a YAML float such as ``7.10`` is refused, it would read as 7.1).
ClauseKey = Annotated[str, Strict(), AfterValidator(normalize_clause)]
