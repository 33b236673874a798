"""``clausewise rules lint``: what loads but is probably wrong in a pack, found without running a dossier.

The loader refuses what cannot work (unknown fields, bad operators); lint reports what works but misleads:

* ``never-fires`` (error): a pattern whose conditions contradict each other (``eq 1`` and ``eq 2``, a field both
  ``present`` and ``missing``, ``lt 2020-01-01`` and ``gt 2021-01-01``), with the pack's parameter defaults;
* ``duplicate`` (error): two rules on one clause that match the same facts under the same conditions;
* ``always-fires`` (warning): a mechanical rule (N, O, NA) with no condition at all;
* ``overlap`` (warning): on one clause, a rule whose conditions include all of another's: each of its findings
  repeats one of the other's;
* ``untranslated`` / ``missing-text`` (warning): Chinese text without Chinese, English text empty;
* ``unread-section`` / ``clause-without-rules`` (note): evidence no rule reads, leaf clauses no rule judges.

Conditions are compared in the IR (:mod:`clausewise.engine.ir`): a comparison on a missing field is false,
so a field tested with ``missing`` and anything else never matches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from clausewise.bilingual import Bilingual
from clausewise.clauses import clause_sort_key
from clausewise.engine.ir import Cmp, Cond, FieldRef, RuleIR, conjuncts
from clausewise.errors import Location
from clausewise.lang import LANGS
from clausewise.operators import OPERATORS
from clausewise.rules.coverage import pack_coverage
from clausewise.rules.loader import Pack
from clausewise.rules.lower import lower_rule, resolve_params
from clausewise.rules.model import Judgment

Level = Literal["error", "warning", "note"]
_ORDER: dict[Level, int] = {"error": 0, "warning": 1, "note": 2}
_CJK = re.compile(r"[\u3400-\u9fff]")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class LintFinding:
    level: Level
    code: str
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: [{self.code}] {self.message}"


def lint_pack(pack: Pack) -> list[LintFinding]:
    """Every lint finding of ``pack``, errors first, then by place."""
    params = resolve_params(pack.manifest, {})
    irs = {r.rule.id: lower_rule(r.rule, params) for r in pack.rules}
    where = {r.rule.id: r.location for r in pack.rules}
    manifest = Location(str(pack.path / "pack.yaml"))
    out: list[LintFinding] = []
    for item in pack.rules:
        rule, ir = item.rule, irs[item.rule.id]
        for pattern in (*ir.match, *ir.absent):
            why = contradiction(conjuncts(pattern.cond))
            if why is not None:
                role = "absent" if pattern in ir.absent else "match"
                consequence = "always holds, so the rule never fires" if role == "absent" else "never matches"
                level: Level = "error" if role == "match" else "warning"
                out.append(
                    LintFinding(
                        level,
                        "never-fires" if role == "match" else "absent-never-matches",
                        item.location,
                        f"{rule.id}: pattern '{pattern.alias}' ({pattern.kind}) {consequence}: {why}",
                    )
                )
        unconditional = not ir.absent and ir.coverage is None and all(p.cond is None for p in ir.match)
        if rule.judgment is not Judgment.review and unconditional:
            kinds = ", ".join(p.kind for p in ir.match)
            out.append(
                LintFinding(
                    "warning",
                    "always-fires",
                    item.location,
                    f"{rule.id}: judges {rule.judgment.value} with no condition: it fires on every {kinds}",
                )
            )
        texts = [(part, getattr(rule, part)) for part in ("title", "message", "remedy")]
        if rule.basis.text is not None:
            texts.append(("basis.text", rule.basis.text))
        out.extend(_language(f"{rule.id}: {part}", text, item.location) for part, text in texts)
    out.extend(_similar(pack, irs, where))
    out.extend(_manifest_texts(pack, manifest))
    read = {s for ir in irs.values() for s in ir.sections}
    unread = sorted(_sections(pack) - read)
    if unread:
        out.append(LintFinding("note", "unread-section", manifest, "no rule reads the sections " + ", ".join(unread)))
    for clause in pack_coverage(pack).uncovered_leaves:
        out.append(
            LintFinding("note", "clause-without-rules", manifest, f"clause {clause.key} {clause.title_en}: no rule")
        )
    return sorted(
        (f for f in out if f.message),
        key=lambda f: (_ORDER[f.level], f.location.file, f.location.line, f.message),
    )


def _sections(pack: Pack) -> set[str]:
    """The sections the pack says its rules read: its section libraries' (all in force when it names none),
    its own, and the audit header."""
    from clausewise.evidence.model import SECTIONS
    from clausewise.evidence.sections import library

    libraries = pack.manifest.section_libraries
    if libraries is None:
        return set(SECTIONS) | {"audit"}
    return {name for lib in libraries for name in library(lib)} | set(pack.manifest.sections) | {"audit"}


# --- contradictions --------------------------------------------------------------------------------------------


def contradiction(conds: Iterable[Cond]) -> str | None:
    """Why the conjunction of ``conds`` (over one fact, constants only) can never hold; None when it may."""
    by_field: dict[str, list[Cmp]] = {}
    for cond in conds:
        if isinstance(cond, Cmp) and cond.ref is None:
            by_field.setdefault(cond.field, []).append(cond)
    for fld, cmps in by_field.items():
        why = _field_contradiction(fld, cmps)
        if why is not None:
            return why
    return None


def _field_contradiction(fld: str, cmps: list[Cmp]) -> str | None:
    ops = {c.op for c in cmps}
    if "missing" in ops:
        others = sorted(c.op for c in cmps if c.op not in ("missing", "not_contains"))
        if others:
            return f"'{fld}' is tested 'missing' and '{others[0]}' (a comparison on a missing field is false)"
    allowed: set[Any] | None = None  # the values eq/in leave possible
    for c in cmps:
        if c.op == "eq":
            allowed = {c.value} if allowed is None else allowed & {c.value}
        elif c.op == "in":
            allowed = set(c.value) if allowed is None else allowed & set(c.value)
    if allowed is not None:
        banned = {c.value for c in cmps if c.op == "ne"} | {v for c in cmps if c.op == "not_in" for v in c.value}
        allowed = {v for v in allowed if v not in banned and _within_bounds(v, cmps)}
        if not allowed:
            tests = ", ".join(f"{c.op} {_show(c.value)}" for c in cmps if c.op not in ("present",))
            return f"no value of '{fld}' passes {tests}"
    low, high = _bounds(cmps)
    if low is not None and high is not None:
        (lv, lstrict), (hv, hstrict) = low, high
        if _comparable(lv, hv) and (lv > hv or (lv == hv and (lstrict or hstrict))):
            return f"'{fld}' must be {'>' if lstrict else '>='} {_show(lv)} and {'<' if hstrict else '<='} {_show(hv)}"
    return None


def _bounds(cmps: list[Cmp]) -> tuple[tuple[Any, bool] | None, tuple[Any, bool] | None]:
    """The tightest constant lower and upper bounds (value, strict) of ``cmps`` (no offsets)."""
    low: tuple[Any, bool] | None = None
    high: tuple[Any, bool] | None = None
    for c in cmps:
        if c.days or c.months or c.op not in ("lt", "le", "gt", "ge"):
            continue
        bound = (c.value, c.op in ("lt", "gt"))
        if c.op in ("gt", "ge"):
            if low is None or (_comparable(bound[0], low[0]) and (bound[0], bound[1]) > low):
                low = bound
        elif high is None or (_comparable(bound[0], high[0]) and (bound[0], not bound[1]) < (high[0], not high[1])):
            high = bound
    return low, high


def _within_bounds(value: Any, cmps: list[Cmp]) -> bool:
    for c in cmps:
        if c.days or c.months or c.op not in ("lt", "le", "gt", "ge") or not _comparable(value, c.value):
            continue
        if not OPERATORS[c.op].test(value, c.value):
            return False
    return True


def _comparable(a: Any, b: Any) -> bool:
    number = (int, float)
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    return (isinstance(a, number) and isinstance(b, number)) or type(a) is type(b)


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


# --- duplicates and overlaps -----------------------------------------------------------------------------------


def _signature(ir: RuleIR) -> tuple[tuple[tuple[str, frozenset[str]], ...], tuple[Any, ...], Any] | None:
    """The rule's patterns with aliases renamed by kind and position: equal signatures match the same facts."""
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for p in (*ir.match, *ir.absent):
        seen[p.kind] = seen.get(p.kind, 0) + 1
        names[p.alias] = f"{p.kind}#{seen[p.kind]}"

    def canon(cond: Cond) -> str:
        def walk(c: Cond) -> Any:
            if isinstance(c, Cmp):
                ref = FieldRef(names.get(c.ref.alias, c.ref.alias), c.ref.field) if c.ref else None
                return ["cmp", c.field, c.op, c.value, ref and [ref.alias, ref.field], c.days, c.months]
            return [type(c).__name__, sorted(json.dumps(walk(i), default=str) for i in c.items)]

        return json.dumps(walk(cond), default=str, sort_keys=True)

    match = tuple(sorted((names[p.alias], frozenset(canon(c) for c in conjuncts(p.cond))) for p in ir.match))
    absent = tuple(sorted((names[p.alias], tuple(sorted(canon(c) for c in conjuncts(p.cond)))) for p in ir.absent))
    coverage = (names.get(ir.coverage.alias), ir.coverage.field, ir.coverage.required) if ir.coverage else None
    return match, absent, coverage


def _similar(pack: Pack, irs: dict[str, RuleIR], where: dict[str, Location]) -> list[LintFinding]:
    out: list[LintFinding] = []
    sigs = {rule_id: _signature(ir) for rule_id, ir in irs.items()}
    ids = sorted(irs, key=lambda i: (clause_sort_key(irs[i].clause), i))
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            sa, sb = sigs[a], sigs[b]
            if sa is None or sb is None:
                continue
            same_place = irs[a].clause == irs[b].clause  # the same test on several clauses judges each of them
            if sa == sb and same_place:
                out.append(
                    LintFinding("error", "duplicate", where[b], f"{b}: matches exactly what {a} matches ({where[a]})")
                )
                continue
            if not same_place or irs[a].judgment != irs[b].judgment:
                continue
            for wide, narrow in ((a, b), (b, a)):
                if _includes(sigs[wide], sigs[narrow]):
                    out.append(
                        LintFinding(
                            "warning",
                            "overlap",
                            where[narrow],
                            f"{narrow}: every finding repeats one of {wide} (same clause and judgment; its "
                            f"conditions include all of {wide}'s)",
                        )
                    )
                    break
    return out


def _includes(wide: Any, narrow: Any) -> bool:
    """``narrow`` binds the same patterns as ``wide`` with all of wide's conditions and more."""
    (wm, wa, wc), (nm, na, nc) = wide, narrow
    if wa != na or wc != nc or [k for k, _ in wm] != [k for k, _ in nm]:
        return False
    return all(w <= n for (_, w), (_, n) in zip(wm, nm, strict=True)) and wm != nm


# --- texts -----------------------------------------------------------------------------------------------------


def _language(what: str, text: Bilingual, location: Location) -> LintFinding:
    """A finding when the zh text has no Chinese (left untranslated) or the en text is blank; else an empty one."""
    zh = _PLACEHOLDER.sub("", text.zh)
    if not text.en.strip():
        return LintFinding("warning", "missing-text", location, f"{what}: no English text")
    if not text.zh.strip():
        return LintFinding("warning", "missing-text", location, f"{what}: no Chinese text")
    if zh.strip() and not _CJK.search(zh) and _CJK.search(text.en) is None and any(ch.isalpha() for ch in zh):
        return LintFinding("warning", "untranslated", location, f"{what}: the zh text has no Chinese: {text.zh!r}")
    return LintFinding("note", "", location, "")  # dropped by lint_pack (empty message)


def _manifest_texts(pack: Pack, manifest: Location) -> list[LintFinding]:
    m = pack.manifest
    texts: list[tuple[str, Bilingual]] = [("title", m.title)]
    if m.description is not None:
        texts.append(("description", m.description))
    texts += [(f"parameter {name}", p.description) for name, p in m.params.items()]
    texts += [(f"label {name}", label) for name, label in m.labels.items()]
    out = [_language(what, text, manifest) for what, text in texts]
    for key, info in m.clauses.items():
        for lang in LANGS:
            if not getattr(info, lang).strip():
                out.append(LintFinding("warning", "missing-text", manifest, f"clause {key}: no {lang} title"))
        if info.zh.strip() and not _CJK.search(info.zh):
            out.append(LintFinding("warning", "untranslated", manifest, f"clause {key}: zh title {info.zh!r}"))
    return out
