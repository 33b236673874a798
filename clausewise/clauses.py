"""Clause keys: ``4.1``, ``7.1.5.2``, ``9.2.2``, lettered items such as ``9.3.2.c`` or ``9.3.2 c)``.

One normal form is used everywhere: dot-separated numbers (any depth and size: ``11``, ``4.4.1.2``; the first
part may be an annex letter, ``A.5.1``), then optional lowercase letters and digits for items, e.g.
``9.3.2.c.3``. Ordering is numeric (``7.10`` sorts after ``7.9``).

Aliases (see ``docs/clause-aliases.md``): a clause may also be written as its GB/T 19001-2016 Chinese title
(``管理评审`` -> ``9.3``) or English title, a known variant title (``不合格品控制`` -> ``8.7``), or an
ISO 9001:2008 number with a prefix (``2008:7.5.3`` -> ``8.5.2``). The titles come from one table, the
clause tree of the built-in pack's ``pack.yaml``; a title several clauses share (``总则``) is refused with
the candidates, and so is a 2008 clause that maps to several 2015 clauses.
"""

from __future__ import annotations

import difflib
import functools
import re
from importlib import resources
from typing import Annotated, Any

from pydantic import AfterValidator, Strict

_NUMBER = r"(?:0|[1-9]\d*)"
#: Any dotted numbering (``9.3.2``, ``11``, ``4.4.1.2``), an annex clause (``A.5.1``), then an optional lettered
#: item (``.c``, ``.c.3``). The ISO 9001 keys are a subset; a custom pack numbers its own standard its own way.
_CLAUSE_RE = re.compile(rf"^(?:{_NUMBER}|[A-Z])(?:\.{_NUMBER})*(?:\.[a-z](?:\.{_NUMBER})?)?$")
_ANNEX = re.compile(r"^[A-Z](?:\.|$)")
_ITEM_RE = re.compile(r"^([\d.]+?)\s*\.?\s*([a-z])\)?\s*(?:(\d{1,2})\))?$")


def normalize_clause(text: str) -> str:
    """Return the normal form of a clause key, or raise ``ValueError`` saying what is wrong.

    Titles and ``2008:`` numbers are resolved to 2015 clause keys (see :func:`resolve_alias`).
    """
    s = text.strip()
    if s.lower().startswith(_LEGACY_PREFIX) or not (_NUMERIC_START.match(s) or _ANNEX.match(s)):
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


# --- aliases ---------------------------------------------------------------------------------------------------

_NUMERIC_START = re.compile(r"^\d")
_NUMBER_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\s*([^\d\s.][^)]{1,}.*)$")
_LEGACY_PREFIX = "2008:"

#: ISO 9001:2008 clause -> the 2015 clause(s) it became (the usual ISO/TC 176 correlation; docs/clause-aliases.md).
#: Several targets: the alias is refused with the candidates.
CORRELATION_2008: dict[str, tuple[str, ...]] = {
    "1.2": ("4.3",),
    "4.2.3": ("7.5",),
    "4.2.4": ("7.5",),
    "5.6": ("9.3",),
    "6.2": ("7.2", "7.3"),
    "6.3": ("7.1.3",),
    "6.4": ("7.1.4",),
    "7.2.1": ("8.2.2",),
    "7.2.2": ("8.2.3",),
    "7.2.3": ("8.2.1",),
    "7.3": ("8.3",),
    "7.4": ("8.4",),
    "7.5.1": ("8.5.1",),
    "7.5.2": ("8.5.1.f",),
    "7.5.3": ("8.5.2",),
    "7.5.4": ("8.5.3",),
    "7.5.5": ("8.5.4",),
    "7.6": ("7.1.5",),
    "8.2.1": ("9.1.2",),
    "8.2.2": ("9.2",),
    "8.2.3": ("9.1.1",),
    "8.2.4": ("8.6",),
    "8.3": ("8.7",),
    "8.4": ("9.1.3",),
    "8.5.1": ("10.1", "10.3"),
    "8.5.2": ("10.2",),
    "8.5.3": ("6.1",),
}

#: Variant Chinese titles seen in public material (older drafts, software, 2008 wording) -> the
#: GB/T 19001-2016 title they stand for (docs/clause-aliases.md). Titles, not numbers: the numbers come from the
#: pack's clause tree, so no title is written twice. Applied to whole titles, and for ``文件化信息`` also
#: inside titles (``文件化信息的控制`` -> ``成文信息的控制``).
ZH_VARIANTS: dict[str, str] = {
    "文件化信息": "成文信息",
    "质量方针": "方针",
    "运行策划和控制": "运行的策划和控制",
    "产品和服务要求": "产品和服务的要求",
    "组织的背景": "组织环境",
    "风险和机遇的应对措施": "应对风险和机遇的措施",
    "外部提供过程、产品和服务的控制": "外部提供的过程、产品和服务的控制",
    "不合格品控制": "不合格输出的控制",
    "不合格品的控制": "不合格输出的控制",
}
_ZH_SUBSTRINGS = {"文件化信息": "成文信息"}
_PLACEHOLDER_TITLE = re.compile(r"^(?:Clause [\d.]+|第[\d.]+条)$")


def _title_key(title: str) -> str:
    """Compare titles ignoring case, spaces and the ASCII/full-width comma difference."""
    return re.sub(r"\s+", "", title).replace(",", "，").replace("、", "，").casefold()


@functools.cache
def clause_titles() -> dict[str, dict[str, str]]:
    """The built-in pack's clause tree: clause key -> ``{"en": ..., "zh": ...}`` (read from ``pack.yaml``)."""
    import yaml  # local: keeps importing the evidence model cheap

    text = (resources.files("clausewise.rules") / "packs" / "iso9001" / "pack.yaml").read_text(encoding="utf-8")
    data: Any = yaml.safe_load(text)
    clauses: dict[str, Any] = data.get("clauses", {}) if isinstance(data, dict) else {}
    return {
        str(key): {"en": str(info.get("en", "")), "zh": str(info.get("zh", ""))}
        for key, info in clauses.items()
        if isinstance(info, dict) and not info.get("untitled")  # a descriptive title is not the standard's
    }


@functools.cache
def _title_index() -> dict[str, tuple[str, ...]]:
    """Normalised title (en or zh, and the zh variants) -> the clause keys bearing it."""
    index: dict[str, list[str]] = {}
    for key, titles in clause_titles().items():
        for title in titles.values():
            if title and not _PLACEHOLDER_TITLE.match(title):
                index.setdefault(_title_key(title), []).append(key)
    for variant, official in ZH_VARIANTS.items():
        keys = index.get(_title_key(official))
        if keys:
            index.setdefault(_title_key(variant), list(keys))
    return {t: tuple(sorted(set(k), key=clause_sort_key)) for t, k in index.items()}


def _describe(keys: tuple[str, ...]) -> str:
    titles = clause_titles()
    return ", ".join(f"{k} {titles.get(k, {}).get('zh', '')}".strip() for k in keys)


def resolve_alias(text: str) -> str:
    """Resolve a clause title or a ``2008:`` number to a 2015 clause key; ``ValueError`` says why not."""
    s = text.strip()
    if s.lower().startswith(_LEGACY_PREFIX):
        number = s[len(_LEGACY_PREFIX) :].strip()
        targets = CORRELATION_2008.get(number)
        if targets is None:
            known = ", ".join(sorted(CORRELATION_2008, key=clause_sort_key))
            raise ValueError(
                f"'{text}': no 2015 correlation is known for ISO 9001:2008 clause '{number}' "
                f"(known: {known}); write the 2015 clause number instead"
            )
        if len(targets) > 1:
            raise ValueError(
                f"'{text}': ISO 9001:2008 clause {number} maps to several 2015 clauses ({_describe(targets)}); "
                "write the 2015 clause number you mean"
            )
        return targets[0]
    index = _title_index()
    wanted = _title_key(s)
    for variant, official in _ZH_SUBSTRINGS.items():
        if wanted not in index and variant in wanted:
            wanted = wanted.replace(variant, official)
    keys = index.get(wanted)
    if keys is None:
        close = difflib.get_close_matches(wanted, list(index), n=3, cutoff=0.5)
        hint = ""
        if close:
            hint = "; did you mean " + " or ".join(f"'{_describe(index[c])}'" for c in close) + "?"
        raise ValueError(
            f"'{text}' is not a clause key or a known clause title; expected numbers separated by dots such as "
            f"'9.3.2', a lettered item such as '9.3.2.c', a GB/T 19001-2016 title such as '管理评审' or an "
            f"ISO 9001:2008 number such as '2008:7.5.3'{hint}"
        )
    if len(keys) > 1:
        raise ValueError(f"'{text}' is the title of several clauses ({_describe(keys)}); write the clause number")
    return keys[0]


#: A clause key field: must be text (a YAML float such as ``7.10`` is refused, it would read as 7.1).
ClauseKey = Annotated[str, Strict(), AfterValidator(normalize_clause)]
