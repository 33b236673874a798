"""Load a rule pack folder: parse the manifest and rule files, check every rule, report all problems.

The checks here are the pack author's compiler errors: unknown evidence kinds or fields, operators that do
not suit a field's type, unbound aliases, unknown parameters or clauses, duplicate rule ids, message
placeholders that name nothing. Each problem points at ``file:line:column``.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.facts import KINDS
from clausewise.evidence.sections import clashes, declared_sections, library_of
from clausewise.fileio import read_bytes, walk
from clausewise.lang import LANGS
from clausewise.operators import OPERATORS
from clausewise.packtree import ClauseTree, build_tree, clause_trees, tree_problems
from clausewise.regex import RegexError, compile_regex
from clausewise.rules.model import (
    AllOf,
    AnyOf,
    BasisKind,
    Compare,
    Condition,
    Judgment,
    Manifest,
    Not,
    ParamRef,
    Rule,
    RuleFile,
)
from clausewise.rules.registry import named_packs
from clausewise.validation import pydantic_problems
from clausewise.yamlsource import Located, read_file

if TYPE_CHECKING:
    from clausewise.rules.overlay import Inherited


@dataclass
class LoadedRule:
    rule: Rule
    location: Location


@dataclass
class Pack:
    path: Path
    manifest: Manifest
    rules: list[LoadedRule]
    digest: str
    fixtures: list[Path] = field(default_factory=list)
    inherited: Inherited | None = None  # set for an overlay (``extends:``): what it took from its base

    @property
    def id(self) -> str:
        return self.manifest.id

    def rule(self, rule_id: str) -> LoadedRule | None:
        return next((r for r in self.rules if r.rule.id == rule_id), None)

    @functools.cached_property
    def tree(self) -> ClauseTree:
        """The pack's clause tree: titles and aliases a dossier read for this pack may use."""
        return manifest_tree(self.manifest)


def manifest_tree(manifest: Manifest) -> ClauseTree:
    return build_tree(manifest.id, manifest.edition, manifest.clauses, manifest.aliases)


def resolve_pack(name_or_path: str) -> Path:
    """A pack name (built-in or installed, see registry.py) or a folder path."""
    named = named_packs().get(name_or_path)
    if named is not None:
        if named.path is None:
            raise InputErrors([Problem(Location(name_or_path), f"rule pack {named.origin}: {named.error}")])
        return named.path
    path = Path(name_or_path)
    if not path.is_dir():
        raise InputErrors(
            [
                Problem(
                    Location(name_or_path),
                    "no such rule pack",
                    expected="a pack name (" + ", ".join(named_packs()) + ") or a pack folder",
                )
            ]
        )
    return path


def load_pack(name_or_path: str | Path) -> Pack:
    path = resolve_pack(str(name_or_path))
    from clausewise.rules.overlay import is_overlay, load_overlay  # an overlay loads its base through here

    if is_overlay(path):
        return load_overlay(path)
    problems: list[Problem] = []
    digest = hashlib.sha256()
    manifest_path = path / "pack.yaml"
    manifest_out: list[Located] = []
    manifest = parse_file(manifest_path, Manifest, problems, digest, manifest_out, display=str(manifest_path))
    # A manifest with bad entries still lets the rules be checked against its good ones (one run, every problem)
    checking, dropped = (manifest, frozenset[str]()) if manifest is not None else _partial_manifest(manifest_out)
    rule_files = sorted((path / "rules").glob("*.yaml")) if (path / "rules").is_dir() else []
    if not rule_files:
        problems.append(Problem(Location(str(path / "rules")), "pack has no rule files (rules/*.yaml)"))
    loaded: list[LoadedRule] = []
    tree = manifest_tree(checking) if checking is not None else None
    if tree is not None and manifest_out:
        problems.extend(Problem(manifest_out[0].location(at), message) for at, message in tree_problems(tree))
    sections = checking.sections if checking is not None else {}
    clashing = clashes(sections)
    if manifest_out:
        problems.extend(Problem(manifest_out[0].location(("sections", name)), message) for name, message in clashing)
    with (
        clause_trees(*(() if tree is None else (tree,))),  # a rule's clause may be a title of this pack's tree
        declared_sections({} if clashing else sections),  # and its kinds may be the pack's own sections
    ):
        load_rule_files(rule_files, checking, dropped, digest, problems, loaded)
    seen: dict[str, Location] = {}
    for item in loaded:
        if item.rule.id in seen:
            problems.append(
                Problem(
                    item.location, f"duplicate rule id '{item.rule.id}' (first at {seen[item.rule.id]})", field="id"
                )
            )
        seen.setdefault(item.rule.id, item.location)
    if problems or manifest is None:
        raise InputErrors(sorted(problems, key=lambda p: p.location))
    loaded.sort(key=lambda r: r.rule.id)
    return Pack(path, manifest, loaded, digest.hexdigest()[:16], pack_fixtures(path))


def pack_fixtures(path: Path) -> list[Path]:
    """The pack's fixture files (``tests/**/*.yaml``); an entry that cannot be read is an error, not skipped."""
    if not (path / "tests").is_dir():
        return []
    fixtures, trouble = walk(path / "tests", lambda name: name.endswith(".yaml"))
    if trouble:
        raise InputErrors(trouble)
    return fixtures


def load_rule_files(
    rule_files: list[Path],
    checking: Manifest | None,
    dropped: frozenset[str],
    digest: Any,
    problems: list[Problem],
    loaded: list[LoadedRule],
) -> None:
    """Parse and check each rule file, appending its rules to ``loaded`` and its problems to ``problems``."""
    for file in rule_files:
        located_out: list[Located] = []
        parsed = parse_file(file, RuleFile, problems, digest, located_out)
        if not located_out:
            continue
        located: Located = located_out[0]
        # When the file does not validate, the rules that do (once unknown fields are set aside; those are
        # reported already) still get their semantic checks: one run reports all of a pack's problems.
        rules = list(enumerate(parsed.rules)) if parsed is not None else _valid_rules(located.data)
        for index, rule in rules:
            loaded.append(LoadedRule(rule, located.location(("rules", index))))
        if checking is not None:
            for index, rule in rules:
                found = check_rule(rule, checking, located, ("rules", index))
                problems.extend(p for p in found if not _follows_from(p, dropped))


_ENTRIES = ("clauses", "params", "labels")
_CONSEQUENCE = re.compile(r"^(?:clause '([^']*)' is not in the pack's clause tree|unknown parameter '([^']*)')")


def _partial_manifest(located_out: list[Located]) -> tuple[Manifest | None, frozenset[str]]:
    """The manifest without its invalid ``clauses``/``params``/``labels`` entries and unknown fields (those are
    reported already), and the names of the entries left out; None when something else is wrong with it."""
    if not located_out or not isinstance(located_out[0].data, dict):
        return None, frozenset()
    data = copy.deepcopy(located_out[0].data)
    dropped: set[str] = set()
    for _ in range(3):
        try:
            return Manifest.model_validate(data), frozenset(dropped)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                entries = data.get(loc[0]) if loc else None
                if loc[0] in _ENTRIES and len(loc) >= 2 and isinstance(entries, dict) and loc[1] in entries:
                    del entries[loc[1]]
                    dropped.add(str(loc[1]))
                elif error["type"] == "extra_forbidden" and len(loc) == 1:
                    data.pop(loc[0], None)
                elif not (loc and loc[0] in _ENTRIES):
                    return None, frozenset()
    return None, frozenset()


def _follows_from(problem: Problem, dropped: frozenset[str]) -> bool:
    """A rule's problem that only repeats a manifest entry already reported as invalid."""
    m = _CONSEQUENCE.match(problem.message)
    return m is not None and (m[1] or m[2]) in dropped


def _valid_rules(data: Any) -> list[tuple[int, Rule]]:
    """``(index, rule)`` of each item of a rule file's ``rules`` that validates without its unknown fields."""
    items = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    out: list[tuple[int, Rule]] = []
    for index, item in enumerate(items):
        rule = _without_unknown_fields(item)
        if rule is not None:
            out.append((index, rule))
    return out


def _without_unknown_fields(item: Any) -> Rule | None:
    """The rule once its unknown fields are removed; None when anything else is wrong with it."""
    data = copy.deepcopy(item)
    for _ in range(3):  # unknown fields may hide behind one another in nested mappings
        try:
            return Rule.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if any(e["type"] != "extra_forbidden" for e in errors):
                return None
            for error in errors:
                if not _delete(data, tuple(error["loc"])):
                    return None
    return None


def _delete(data: Any, loc: tuple[Any, ...]) -> bool:
    """Remove the value at ``loc`` from nested dicts and lists; False when the path does not lead there."""
    for key in loc[:-1]:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(data, dict) and loc and loc[-1] in data:
        del data[loc[-1]]
        return True
    return False


def parse_file(
    file: Path,
    model: type[BaseModel],
    problems: list[Problem],
    digest: Any,
    located_out: list[Located] | None = None,
    display: str | None = None,
) -> Any:
    try:
        located = read_file(file, display=display)
    except InputErrors as exc:
        problems.extend(exc.problems)
        return None
    digest.update(file.name.encode())
    digest.update(read_bytes(file))
    if located_out is not None:
        located_out.append(located)
    if not isinstance(located.data, dict):
        problems.append(Problem(located.location(()), f"expected a mapping at the top of {file.name}"))
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, located, model))
        return None


_PLACEHOLDER = re.compile(r"^(?:param\.[a-z_][a-z0-9_]*|missing|[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*)$")


def check_rule(rule: Rule, manifest: Manifest, located: Located, at: tuple[str | int, ...]) -> list[Problem]:
    """Semantic checks of one rule against the evidence schema and the manifest."""
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], message: str, **kw: str) -> None:
        problems.append(Problem(located.location((*at, *path)), message, field=f"{rule.id}", **kw))

    if rule.clause not in manifest.clauses:
        add(("clause",), f"clause '{rule.clause}' is not in the pack's clause tree (pack.yaml clauses)")
    if rule.judgment is Judgment.N and rule.grade is None:
        add(("judgment",), "a rule judging N needs 'grade: major' or 'grade: minor'")
    if rule.judgment is not Judgment.N and rule.grade is not None:
        add(("grade",), "'grade' applies to N rules only")
    if rule.judgment is Judgment.N and rule.basis.kind is BasisKind.practice:
        add(
            ("basis", "kind"),
            "a rule on auditor practice cannot prove a nonconformity: judge O or review, or name the requirement",
            expected="judgment O or review, or basis kind standard / organization / certification",
        )
    if set(rule.match) & set(rule.absent):
        add(("absent",), f"alias used in both match and absent: {sorted(set(rule.match) & set(rule.absent))}")
    if len(rule.match) + len(rule.absent) > 12:
        add((), "a rule may bind at most 12 patterns (match + absent)")
    for section_name, patterns in (("match", rule.match), ("absent", rule.absent)):
        for position, (alias, pattern) in enumerate(patterns.items()):
            # A pattern sees the match aliases declared before it (all of them, for absent) and itself.
            earlier = list(rule.match.items())[: position if section_name == "match" else None]
            aliases = {**dict(earlier), alias: pattern}
            if pattern.kind not in KINDS:
                add(
                    (section_name, alias, "kind"),
                    f"unknown evidence kind '{pattern.kind}'" + _did_you_mean(pattern.kind, KINDS),
                    expected="one of " + ", ".join(sorted(KINDS)),
                )
                continue
            _check_library(pattern.kind, manifest, (section_name, alias, "kind"), add)
            for i, cond in enumerate(pattern.where):
                _check_cond(cond, alias, pattern.kind, aliases, manifest, (section_name, alias, "where", i), add)
    if rule.coverage is not None:
        alias, _, fld = rule.coverage.field.partition(".")
        if alias not in rule.match:
            add(("coverage", "field"), f"coverage alias '{alias}' is not bound in 'match'")
        elif KINDS.get(rule.match[alias].kind) and KINDS[rule.match[alias].kind].fields.get(fld) != "text_list":
            add(("coverage", "field"), f"coverage needs a list field; '{fld}' of {rule.match[alias].kind} is not one")
        if isinstance(rule.coverage.required, ParamRef):
            _check_param(rule.coverage.required.param, "text_list", manifest, ("coverage", "required"), add)
        if isinstance(rule.coverage.window_months, ParamRef):
            _check_param(rule.coverage.window_months.param, "int", manifest, ("coverage", "window_months"), add)
        if rule.coverage.window_months is not None and alias in rule.match:
            kind = KINDS.get(rule.match[alias].kind)
            if kind is not None and kind.fields.get("date") != "date":
                add(("coverage", "window_months"), f"a coverage window needs a dated kind; {kind.kind} has no 'date'")
    for lang in LANGS:
        for part in ("message", "title", "remedy"):
            text = getattr(getattr(rule, part), lang)
            try:
                names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
            except ValueError as exc:
                add((part, lang), f"bad placeholder syntax: {exc}")
                continue
            for name in names:
                _check_placeholder(name, rule, manifest, (part, lang), add)
    return problems


def _check_placeholder(name: str, rule: Rule, manifest: Manifest, path: tuple[str | int, ...], add: Any) -> None:
    if not _PLACEHOLDER.match(name):
        add(path, f"placeholder '{{{name}}}' is not of the form {{alias.field}}, {{param.name}} or {{missing}}")
        return
    if name == "missing":
        if rule.coverage is None:
            add(path, "placeholder '{missing}' needs a 'coverage' block")
        return
    head, _, rest = name.partition(".")
    if head == "param":
        if rest not in manifest.params:
            add(path, f"placeholder names unknown parameter '{rest}'")
        return
    if head not in rule.match:
        add(path, f"placeholder alias '{head}' is not bound in 'match'")
        return
    kind = KINDS.get(rule.match[head].kind)
    if kind is not None and rest not in kind.fields and rest not in ("id", "source"):
        add(path, f"placeholder field '{rest}' is not a field of {kind.kind}")


def _did_you_mean(name: str, known: Any) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _check_param(name: str, ftype: str, manifest: Manifest, path: tuple[str | int, ...], add: Any) -> None:
    param = manifest.params.get(name)
    if param is None:
        add(
            path,
            f"unknown parameter '{name}'" + _did_you_mean(name, manifest.params),
            expected="one of " + (", ".join(sorted(manifest.params)) or "none"),
        )
        return
    fits = {
        "number": ("integer", "number"),
        "date": ("date",),
        "text": ("text",),
        "bool": ("boolean",),
        "text_list": ("text_list",),
        "int": ("integer",),
    }
    if param.type.value not in fits.get(ftype, ()):
        add(path, f"parameter '{name}' is {param.type.value}, which does not fit a {ftype} here")


def _check_library(kind: str, manifest: Manifest, path: tuple[str | int, ...], add: Any) -> None:
    """A pack that names its section libraries reads only their sections (and the audit, and its own)."""
    if manifest.section_libraries is None:
        return
    lib = library_of(KINDS[kind].section)
    if lib is not None and lib not in manifest.section_libraries:
        add(
            path,
            f"kind '{kind}' is evidence of section library '{lib}', which the pack does not name",
            expected="a kind of section_libraries " + str(manifest.section_libraries) + " or of the pack's sections",
        )


def _check_cond(
    cond: Condition,
    alias: str,
    kind: str,
    aliases: dict[str, Any],
    manifest: Manifest,
    path: tuple[str | int, ...],
    add: Any,
) -> None:
    if isinstance(cond, AllOf | AnyOf):
        items = cond.all if isinstance(cond, AllOf) else cond.any
        key = "all" if isinstance(cond, AllOf) else "any"
        for i, item in enumerate(items):
            _check_cond(item, alias, kind, aliases, manifest, (*path, key, i), add)
        return
    if isinstance(cond, Not):
        _check_cond(cond.not_, alias, kind, aliases, manifest, (*path, "not"), add)
        return
    assert isinstance(cond, Compare)
    fields = KINDS[kind].fields
    ftype = fields.get(cond.field)
    if ftype is None:
        add(
            (*path, "field"),
            f"'{cond.field}' is not a field of {kind}" + _did_you_mean(cond.field, fields),
            expected="one of " + ", ".join(sorted(fields)),
        )
        return
    op = cond.op
    operator = OPERATORS[op]
    if ftype not in operator.fields:
        if ftype == "text_list":
            fitting = ", ".join(o.name for o in OPERATORS.values() if ftype in o.fields)
            add((*path, "op"), f"list field '{cond.field}' supports {fitting}")
        else:
            add((*path, "op"), f"'{op}' needs a {operator.needs()} field; '{cond.field}' is {ftype}")
    if operator.operand == "regex":
        try:
            compile_regex(str(cond.value))
        except RegexError as exc:
            add((*path, "value"), f"invalid regular expression: {exc}")
    if (cond.days is not None or cond.months is not None) and ftype != "date":
        add((*path, "op"), "'days'/'months' offsets apply to date fields only")
    for offset_name in ("days", "months"):
        offset = getattr(cond, offset_name)
        if isinstance(offset, ParamRef):
            _check_param(offset.param, "int", manifest, (*path, offset_name), add)
    if cond.ref is not None:
        ref_alias, _, ref_field = cond.ref.partition(".")
        if ref_alias not in aliases:
            add(
                (*path, "ref"),
                f"'{ref_alias}' is not bound here; a pattern may refer to itself and to the match aliases "
                "declared before it (an absent pattern: to any match alias)",
                expected=", ".join(sorted(aliases)),
            )
            return
        ref_kind = aliases[ref_alias].kind
        if ref_kind not in KINDS:
            return
        ref_type = KINDS[ref_kind].fields.get(ref_field)
        if ref_type is None:
            add((*path, "ref"), f"'{ref_field}' is not a field of {ref_kind}")
            return
        if operator.operand == "list":
            if ftype != "text" or ref_type != "text_list":
                add(
                    (*path, "ref"),
                    f"'{op}' with a ref tests whether a text field is in another fact's list of text; "
                    f"'{cond.field}' is {ftype} and '{cond.ref}' is {ref_type}",
                    expected="a text field and a ref to a list field",
                )
        else:
            want = "text" if operator.operand == "element" else ftype
            if ref_type != want:
                add((*path, "ref"), f"cannot compare {ftype} field '{cond.field}' with {ref_type} field '{cond.ref}'")
        if ref_field in ("sid",):
            add((*path, "ref"), "joins on 'sid' are not allowed")
    elif isinstance(cond.value, ParamRef):
        _check_param(
            cond.value.param, "text_list" if operator.operand == "list" else ftype, manifest, (*path, "value"), add
        )
    elif cond.value is not None:
        _check_constant(cond, ftype, path, add)


def _check_constant(cond: Compare, ftype: str, path: tuple[str | int, ...], add: Any) -> None:
    import datetime as dt

    operand = OPERATORS[cond.op].operand
    values = cond.value if operand == "list" else [cond.value]
    if operand == "list" and (not isinstance(cond.value, list) or not cond.value):
        add((*path, "value"), f"'{cond.op}' needs a non-empty list")
        return
    want = "text" if ftype == "text_list" else ftype
    for v in values:
        ok = {
            "date": isinstance(v, dt.date),
            "number": isinstance(v, int | float) and not isinstance(v, bool),
            "bool": isinstance(v, bool),
            "text": isinstance(v, str),
        }.get(want, False)
        if operand == "regex":
            ok = isinstance(v, str)
        if not ok:
            add((*path, "value"), f"value {v!r} does not fit {want} field '{cond.field}'", expected=want)
