"""The self-assessment questionnaire: a commented YAML skeleton of the evidence a pack's rules read.

Everything is generated from the evidence models and the pack at run time, so new sections, fields and
rules appear without editing this module. Each field carries its type, whether it is required and its
meaning (the model's field description, in Chinese for ``lang="zh"``) as a comment. Required fields get
example values; optional fields are written commented out (uncomment and fill what you can supply). The
template as written is a valid dossier: ``clausewise validate`` accepts it, ``clausewise assess`` judges it
and names what is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from clausewise.clauses import is_within, normalize_clause
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.model import SECTIONS, Audit, Exclusion
from clausewise.glossary import CLAUSE_JUDGMENTS
from clausewise.i18n import SECTION_TITLES
from clausewise.lang import Lang, by_lang
from clausewise.modelwalk import field_annotation, field_description, is_clause_key, type_name, unwrap
from clausewise.rules.loader import Pack
from clausewise.rules.lower import lower_rule, resolve_params
from clausewise.rules.schemas import schema_uri

EXAMPLE_DATE = dt.date(2025, 1, 15)
EXAMPLE_CLAUSE = "9.3"
#: Example exclusions, most usual first (8.3 design and development, 7.1.5.2 measurement traceability); the
#: template uses the first that is not among the clauses it was asked for.
EXAMPLE_EXCLUSIONS = ("8.3", "7.1.5.2", "8.5.5")


@dataclass(frozen=True)
class _Ctx:
    """What the field lines depend on besides the model: language, the pack's keys, the example exclusion."""

    lang: Lang
    keys: dict[tuple[str, str], tuple[str, ...]]  # (item kind, field) -> the values the pack checks it for
    labels: dict[str, dict[str, str]]  # display names of those values (the pack's ``labels``)
    excluded: str  # clause of the example exclusion


def checked_keys(pack: Pack) -> dict[tuple[str, str], tuple[str, ...]]:
    """``(kind, field) -> keys`` for every list field a rule checks for coverage (management-review inputs)."""
    params = resolve_params(pack.manifest, {})
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for item in pack.rules:
        ir = lower_rule(item.rule, params)
        if ir.coverage is not None:
            kind = next(p.kind for p in ir.match if p.alias == ir.coverage.alias)
            out[(kind, ir.coverage.field)] = ir.coverage.required
    return out


_GAP_ZH = CLAUSE_JUDGMENTS["insufficient_evidence"].zh

_WORDS: dict[str, dict[str, str]] = {
    "required": {"en": "required", "zh": "必填"},
    "section": {"en": "section", "zh": "部分"},
    "one_item": {"en": "one mapping", "zh": "单个映射"},
    "list": {"en": "a list; copy the item for each record", "zh": "列表；每条记录复制一项"},
    "header": {
        "en": (
            "Self-assessment questionnaire for pack {pack} {version}: the evidence its rules read{scope}.\n"
            "Replace every example value with what your records show; uncomment (remove '# ') optional fields\n"
            'you can fill. A value still in angle brackets ("<organization>", "<date>") is refused until filled.\n'
            "Leave a section out when you cannot supply it (its clauses are then judged\n"
            "'insufficient evidence'); write `section_name: []` when there are none.\n"
            'Keep clause keys quoted ("7.10"){aliases}.\n'
            "Check:   clausewise validate THIS_FILE\n"
            "Assess:  clausewise assess THIS_FILE  (insufficient-evidence findings name the sections and\n"
            "         fields still to supply: fill them and assess again)"
        ),
        "zh": (
            "规则包 {pack} {version} 的自评问卷：其规则所读取的证据{scope}。\n"
            "请用贵组织记录中的实际内容替换每个示例值；能填写的可选字段请去掉行首的 '# '。\n"
            '仍为尖括号占位内容的值（"<organization>"、"<date>"）在填写前不予接受。\n'
            f"无法提供的部分请整段删除（相关条款将判为“{_GAP_ZH}”）；确实没有记录时写 `部分名: []`。\n"
            '条款号请加引号（"7.10"）。\n'
            "检查：clausewise validate 本文件\n"
            f"评价：clausewise assess 本文件 --lang zh（“{_GAP_ZH}”的结果会指出尚需提供的部分和字段，\n"
            "      补充后再次评价）"
        ),
    },
    "keys": {"en": "keys the pack checks: {keys}", "zh": "规则包检查的键：{keys}"},
    "scope_clauses": {"en": " for clauses {clauses}", "zh": "（条款 {clauses}）"},
    "scope_all": {"en": "", "zh": ""},
}


def _alias_hint(pack: Pack) -> str:
    """``; titles such as "组织环境" and "2008:1.2" work too``, from the pack's own clause tree (or nothing)."""
    forms = [f'"{t}"' for t in [pack.tree.example_title()] if t]
    forms += [f'"{prefix}:{next(iter(e.clauses))}"' for prefix, e in pack.tree.aliases.editions.items() if e.clauses]
    return f"; titles such as {' and '.join(forms[:2])} work too" if forms else ""


def template_sections(pack: Pack, clauses: Iterable[str] = (), all_sections: bool = False) -> list[str]:
    """Sections the pack's rules read (all rules, or those of the given clauses and below), in dossier
    order; ``audit`` always comes first. ``all_sections``: every section of the evidence model instead.
    Clause texts may be aliases; unknown ones, or clauses without rules, raise :class:`InputErrors`."""
    if all_sections:
        return ["audit", *SECTIONS]
    params = resolve_params(pack.manifest, {})
    wanted: list[str] = []
    problems: list[Problem] = []
    for text in clauses:
        try:
            wanted.append(normalize_clause(text))
        except ValueError as exc:
            problems.append(Problem(Location("--clause"), str(exc)))
    read: set[str] = set()
    for key in wanted:
        rules = [r.rule for r in pack.rules if is_within(r.rule.clause, key)]
        if not rules:
            problems.append(Problem(Location("--clause"), f"no rules for clause {key} in pack {pack.id}"))
        for rule in rules:
            read |= lower_rule(rule, params).sections
    if problems:
        raise InputErrors(problems)
    if not wanted:
        for item in pack.rules:
            read |= lower_rule(item.rule, params).sections
    return ["audit", *(name for name in SECTIONS if name in read)]


def evidence_template(pack: Pack, clauses: Iterable[str] = (), lang: Lang = "en", all_sections: bool = False) -> str:
    """The questionnaire as YAML text (see the module docstring)."""
    clauses = list(clauses)
    sections = template_sections(pack, clauses, all_sections)
    scope = (
        _WORDS["scope_clauses"][lang].format(clauses=", ".join(normalize_clause(c) for c in clauses))
        if clauses
        else _WORDS["scope_all"][lang]
    )
    header = _WORDS["header"][lang].format(
        pack=pack.id, version=pack.manifest.version, scope=scope, aliases=_alias_hint(pack)
    )
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append(f"# yaml-language-server: $schema={schema_uri('dossier.schema.json')}")  # editors check the answers
    asked = [normalize_clause(c) for c in clauses]
    excluded = next(c for c in EXAMPLE_EXCLUSIONS if not any(is_within(c, a) or is_within(a, c) for a in asked))
    labels = {k: by_lang(v) for k, v in pack.manifest.labels.items()}
    ctx = _Ctx(lang, checked_keys(pack), labels, excluded)
    for section in sections:
        title = SECTION_TITLES.get(section, {"en": section, "zh": section})
        model: type[BaseModel] = Audit if section == "audit" else SECTIONS[section]
        shape = _WORDS["one_item"][lang] if section == "audit" else _WORDS["list"][lang]
        lines += ["", f"# === {section} — {title['en']} / {title['zh']} ({shape})", f"{section}:"]
        if section == "audit":
            lines += _model_lines(model, "  ", ctx, ident=None)
        else:
            body = _model_lines(model, "    ", ctx, ident=f"{section}-1")
            lines += ["  - " + body[0][4:], *body[1:]]
    return "\n".join(lines) + "\n"


def _model_lines(model: type[BaseModel], pad: str, ctx: _Ctx, ident: str | None) -> list[str]:
    """Field lines of one item, required ones first; the first line is never commented out."""
    fields = list(model.model_fields.items())
    fields.sort(key=lambda kv: not (kv[1].is_required() or (kv[0] == "id" and ident is not None)))
    out: list[str] = []
    for name, info in fields:
        active = info.is_required() or (name == "id" and ident is not None)
        value = json.dumps(ident) if name == "id" and ident is not None else None
        out += _field_lines(model, name, pad, ctx, active, value)
    if out and out[0].lstrip().startswith("#"):  # no required field: keep the item a mapping
        out.insert(0, pad + "id: null")
    return out


def _comment(model: type[BaseModel], name: str, ctx: _Ctx) -> str:
    info = model.model_fields[name]
    lang = ctx.lang
    parts = [type_name(field_annotation(info), lang)]
    if info.is_required():
        parts.append(_WORDS["required"][lang])
    description = field_description(model, name, lang)
    if description:
        parts.append(" ".join(description.split()))
    keys = ctx.keys.get((getattr(model, "kind", ""), name))
    if keys:
        named = [_named(k, ctx.labels.get(k), lang) for k in keys]
        parts.append(_WORDS["keys"][lang].format(keys=("、" if lang == "zh" else "; ").join(named)))
    return "  # " + " · ".join(parts)


def _named(key: str, label: dict[str, str] | None, lang: Lang) -> str:
    """``previous_actions (actions from previous reviews (a))``: the key to write, and what it stands for."""
    if label is None:
        return key
    return f"{key}（{label['zh']}）" if lang == "zh" else f"{key} ({label['en']})"


def _field_lines(owner: type[BaseModel], name: str, pad: str, ctx: _Ctx, active: bool, value: str | None) -> list[str]:
    info = owner.model_fields[name]
    inner, _ = unwrap(field_annotation(info))
    comment = _comment(owner, name, ctx)
    hide = "" if active else "# "
    model = _model_of(inner)
    if model is not None:  # a nested mapping or a list of nested mappings
        is_list = typing.get_origin(inner) is list
        head = f"{pad}{hide}{name}:{comment}"
        sub_pad = pad + ("    " if is_list else "  ")
        body = [line[len(pad) :] for line in _nested_lines(model, sub_pad, ctx)]
        block = [pad + hide + b for b in body]
        if is_list:
            first = block[0]
            block[0] = pad + hide + "  - " + first[len(pad + hide) + 4 :]
        return [head, *block]
    example = value if value is not None else _example(owner, name, info, inner, ctx)
    if value is None and active and info.is_required() and inner is dt.date:
        example = json.dumps("<date>")  # a sample date left in would be judged as the record's (docs/evidence.md)
    return [f"{pad}{hide}{name}: {example}{comment}"]


def _nested_lines(model: type[BaseModel], pad: str, ctx: _Ctx) -> list[str]:
    """All fields of a nested model, required first (inside a commented block every field is shown)."""
    fields = sorted(model.model_fields.items(), key=lambda kv: not kv[1].is_required())
    out: list[str] = []
    for name, info in fields:
        inner, _ = unwrap(field_annotation(info))
        out.append(f"{pad}{name}: {_example(model, name, info, inner, ctx)}{_comment(model, name, ctx)}")
    return out


def _model_of(annotation: Any) -> type[BaseModel] | None:
    target = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
    target, _ = unwrap(target)
    return target if isinstance(target, type) and issubclass(target, BaseModel) else None


def _example(owner: type[BaseModel], name: str, info: FieldInfo, annotation: Any, ctx: _Ctx) -> str:
    """An example value as YAML text: the default when there is a meaningful one, else one by type."""
    if owner is Exclusion and name == "clause":  # never a sample exclusion of a clause the user asked about
        return json.dumps(ctx.excluded)
    if owner is Audit and name == "audited_departments":  # names a plan entry, so the sample names the plan's
        return json.dumps(["<department>"])
    keys = ctx.keys.get((getattr(owner, "kind", ""), name))
    if keys:
        return json.dumps(list(keys[:2]), ensure_ascii=False)
    default = info.default
    if default not in (None, PydanticUndefined) and not isinstance(default, list):
        if isinstance(default, Enum):
            default = default.value
        return json.dumps(default, ensure_ascii=False) if not isinstance(default, bool) else str(default).lower()
    return _by_type(name, annotation)


def _by_type(name: str, annotation: Any) -> str:
    annotation, _ = unwrap(annotation)
    if is_clause_key(annotation):
        return json.dumps(EXAMPLE_CLAUSE)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return f"[{_by_type(name, args[0])}]"
    if origin is typing.Literal:
        return json.dumps(args[0], ensure_ascii=False)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return json.dumps(next(iter(annotation)).value, ensure_ascii=False)
    if annotation is bool:
        return "true"
    if annotation is int:
        return str(EXAMPLE_DATE.year) if name == "year" else "1"
    if annotation is float:
        return "1.0"
    if annotation is dt.date:
        return EXAMPLE_DATE.isoformat()
    return json.dumps(f"<{name}>", ensure_ascii=False)
