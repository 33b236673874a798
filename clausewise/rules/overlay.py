"""Overlay packs: ``extends: iso9001`` and only what differs (``docs/rule-format.md#overlays``).

A company's procedures, a stricter national scheme or a client's targets are the base standard with a few
changes: parameter defaults, rules switched off with a stated reason, rules and clauses added, titles reworded.
An overlay says just that, and loads as one ordinary :class:`~clausewise.rules.loader.Pack` (merged manifest,
base rules minus the disabled ones, its own rules), remembering what it inherited so that ``rules test`` runs
the base's fixtures too (:mod:`clausewise.fixtures`).
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from clausewise.bilingual import Bilingual
from clausewise.clauses import ClauseKey
from clausewise.errors import InputErrors, Location, Problem
from clausewise.evidence.sections import Name as SectionName
from clausewise.evidence.sections import SectionDecl, clashes, declared_sections
from clausewise.fileio import read_bytes
from clausewise.packtree import ClauseAliases, clause_trees, tree_problems
from clausewise.rules.loader import (
    LoadedRule,
    Pack,
    load_pack,
    load_rule_files,
    manifest_tree,
    pack_fixtures,
    parse_file,
)
from clausewise.rules.model import (
    ClauseInfo,
    Identifier,
    Manifest,
    Param,
    RuleId,
    Strict,
    coerce_param,
)
from clausewise.yamlsource import Located, read_file


class OverlayManifest(Strict):
    """``pack.yaml`` of an overlay: the base it extends and what it changes; the rest is the base's."""

    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    extends: str = Field(
        min_length=1, description="The base pack: a pack name, or a folder (relative to this pack's folder)."
    )
    title: Bilingual
    description: Bilingual | None = None
    standard: str | None = Field(None, description="Default: the base's.")
    edition: str | None = Field(None, description="Default: the base's.")
    defaults: dict[Identifier, Any] = Field(
        default_factory=dict, description="New default values of the base's parameters (users may still --param)."
    )
    params: dict[Identifier, Param] = Field(
        default_factory=dict, description="Parameters the overlay's own rules use (names the base does not have)."
    )
    disable: dict[RuleId, Bilingual] = Field(
        default_factory=dict, description="Base rules switched off, each with the reason (en and zh)."
    )
    retitle: dict[RuleId, Bilingual] = Field(
        default_factory=dict, description="New titles for base rules (the company's wording)."
    )
    clauses: dict[ClauseKey, ClauseInfo] = Field(
        default_factory=dict, description="Clauses added (a procedure's sections), or base clause titles reworded."
    )
    labels: dict[str, Bilingual] = Field(default_factory=dict, description="Display names added or reworded.")
    aliases: ClauseAliases = Field(
        default_factory=ClauseAliases, description="Variant titles and editions added to the base's."
    )
    sections: dict[SectionName, SectionDecl] = Field(
        default_factory=dict, description="Evidence sections added to the base's (docs/rule-format.md#sections)."
    )


@dataclass(frozen=True)
class Inherited:
    """What an overlay took from its base: the base pack, the rules it switched off and why, its defaults."""

    base: Pack
    disabled: dict[str, Bilingual]  # base rule id -> the overlay's reason
    added_rules: frozenset[str] = field(default_factory=frozenset)
    changed_defaults: frozenset[str] = field(default_factory=frozenset)

    def chain(self) -> list[Pack]:
        """The base, its base, ... (nearest first)."""
        out = [self.base]
        while out[-1].inherited is not None:
            out.append(out[-1].inherited.base)
        return out

    def all_disabled(self) -> dict[str, Bilingual]:
        """Rules switched off anywhere along the chain (nearest reason first)."""
        merged = dict(self.disabled)
        if self.base.inherited is not None:
            for rule_id, why in self.base.inherited.all_disabled().items():
                merged.setdefault(rule_id, why)
        return merged


_LOADING: ContextVar[tuple[Path, ...]] = ContextVar("clausewise_overlays_loading", default=())


def is_overlay(path: Path) -> bool:
    """True when the folder's ``pack.yaml`` is a mapping with ``extends:`` (parsed only if the word occurs)."""
    manifest = path / "pack.yaml"
    try:
        if b"extends" not in read_bytes(manifest):  # most packs: no second parse of a large manifest
            return False
    except InputErrors:
        return False  # the ordinary loader reports it (a FIFO or a device is refused, never read)
    try:
        data = read_file(manifest).data
    except InputErrors:
        return False  # the ordinary loader reports it
    return isinstance(data, dict) and "extends" in data


def load_overlay(path: Path) -> Pack:
    """Load an overlay pack folder; every problem of the overlay is reported together, located."""
    problems: list[Problem] = []
    digest = hashlib.sha256()
    manifest_path = path / "pack.yaml"
    located_out: list[Located] = []
    here = path.resolve()
    if here in _LOADING.get():
        chain = " -> ".join(str(p) for p in (*_LOADING.get(), here))
        raise InputErrors([Problem(Location(str(manifest_path)), f"'extends' goes round in a circle: {chain}")])
    raw = read_file(manifest_path, display=str(manifest_path))
    base = _load_base(path, raw, here)
    digest.update(base.digest.encode())
    with clause_trees(base.tree):
        overlay = parse_file(manifest_path, OverlayManifest, problems, digest, located_out, display=str(manifest_path))
    if overlay is None:
        raise InputErrors(sorted(problems, key=lambda p: p.location))
    located = located_out[0]
    manifest = _merge_manifest(base.manifest, overlay, located, problems)
    tree = manifest_tree(manifest)
    problems.extend(Problem(located.location(at), message) for at, message in tree_problems(tree))
    rule_files = sorted((path / "rules").glob("*.yaml")) if (path / "rules").is_dir() else []
    own: list[LoadedRule] = []
    clashing = [(n, m) for n, m in clashes(manifest.sections) if n in overlay.sections or n in base.manifest.sections]
    problems.extend(Problem(located.location(("sections", name)), message) for name, message in clashing)
    problems.extend(
        Problem(located.location(("sections", name)), f"section '{name}' is the base's already")
        for name in overlay.sections
        if name in base.manifest.sections
    )
    with clause_trees(tree), declared_sections({} if clashing else manifest.sections):
        load_rule_files(rule_files, manifest, frozenset(), digest, problems, own)
    rules = _merge_rules(base, overlay, own, located, problems)
    if problems:
        raise InputErrors(sorted(problems, key=lambda p: p.location))
    fixtures = pack_fixtures(path)
    inherited = Inherited(
        base,
        dict(overlay.disable),
        frozenset(r.rule.id for r in own),
        frozenset(overlay.defaults),
    )
    rules.sort(key=lambda r: r.rule.id)
    return Pack(path, manifest, rules, digest.hexdigest()[:16], fixtures, inherited)


def _load_base(path: Path, raw: Located, here: Path) -> Pack:
    data = raw.data if isinstance(raw.data, dict) else {}
    extends = data.get("extends")
    if not isinstance(extends, str) or not extends.strip():
        raise InputErrors(
            [Problem(raw.location(("extends",)), "'extends' names the base pack", expected="a pack name")]
        )
    beside = path / extends
    target: str | Path = beside if beside.is_dir() else extends
    token = _LOADING.set((*_LOADING.get(), here))
    try:
        return load_pack(target)
    except InputErrors as exc:
        first = Problem(raw.location(("extends",)), f"the base pack '{extends}' does not load")
        raise InputErrors([first, *exc.problems]) from None
    finally:
        _LOADING.reset(token)


def _merge_manifest(base: Manifest, overlay: OverlayManifest, located: Located, problems: list[Problem]) -> Manifest:
    """The base's manifest with the overlay's changes; each change that names nothing is a located problem."""
    params = dict(base.params)
    for name, value in overlay.defaults.items():
        spec = base.params.get(name)
        if spec is None:
            known = ", ".join(sorted(base.params)) or "none"
            problems.append(
                Problem(located.location(("defaults", name)), f"the base has no parameter '{name}'", expected=known)
            )
            continue
        try:
            params[name] = spec.model_copy(update={"default": coerce_param(spec.type, value)})
        except ValueError as exc:
            problems.append(Problem(located.location(("defaults", name)), f"parameter '{name}': {exc}"))
    for name, spec in overlay.params.items():
        if name in base.params:
            problems.append(
                Problem(
                    located.location(("params", name)),
                    f"the base already declares parameter '{name}'; change its default under 'defaults'",
                )
            )
            continue
        params[name] = spec
    reworded = {  # a base title the overlay rewords stays a title of the clause, as a variant
        old: new
        for key, info in overlay.clauses.items()
        if key in base.clauses and not base.clauses[key].untitled
        for old, new in ((base.clauses[key].zh, info.zh), (base.clauses[key].en, info.en))
        if old != new
    }
    aliases = ClauseAliases(
        titles={**base.aliases.titles, **reworded, **overlay.aliases.titles},
        within_titles={**base.aliases.within_titles, **overlay.aliases.within_titles},
        editions={**base.aliases.editions, **overlay.aliases.editions},
    )
    return Manifest(
        id=overlay.id,
        version=overlay.version,
        title=overlay.title,
        description=overlay.description or base.description,
        standard=overlay.standard or base.standard,
        edition=overlay.edition or base.edition,
        params=params,
        clauses={**base.clauses, **overlay.clauses},
        aliases=aliases,
        labels={**base.labels, **overlay.labels},
        scope_exclusions=base.scope_exclusions,
        section_libraries=base.section_libraries,
        sections={**base.sections, **overlay.sections},
    )


def _merge_rules(
    base: Pack, overlay: OverlayManifest, own: list[LoadedRule], located: Located, problems: list[Problem]
) -> list[LoadedRule]:
    base_ids = {r.rule.id for r in base.rules}
    for what in ("disable", "retitle"):
        for rule_id in getattr(overlay, what):
            if rule_id not in base_ids:
                problems.append(
                    Problem(
                        located.location((what, rule_id)),
                        f"the base pack {base.id} has no rule '{rule_id}'",
                        expected="a rule id of 'clausewise rules list --pack " + base.id + "'",
                    )
                )
    for rule_id in set(overlay.disable) & set(overlay.retitle):
        problems.append(Problem(located.location(("retitle", rule_id)), f"rule '{rule_id}' is disabled"))
    for item in own:
        if item.rule.id in base_ids:
            problems.append(
                Problem(
                    item.location,
                    f"rule id '{item.rule.id}' is the base's; give the overlay's rule its own id (and 'disable' the "
                    "base rule it replaces)",
                    field="id",
                )
            )
    kept = [
        LoadedRule(r.rule.model_copy(update={"title": overlay.retitle[r.rule.id]}), r.location)
        if r.rule.id in overlay.retitle
        else r
        for r in base.rules
        if r.rule.id not in overlay.disable
    ]
    return [*kept, *own]
