"""A pack's clause tree as data: titles (en/zh), variant titles and previous-edition numbers, and which trees
are in force while dossiers, rules and ``--clause`` options are read.

Nothing about a particular standard lives here: each pack declares its tree in ``pack.yaml`` (``clauses:``
with ``en``/``zh`` titles, and ``aliases:`` for variant titles and previous editions; see
``docs/clause-aliases.md``). Code that reads clause text for a pack runs inside :func:`clause_trees` with
that pack's tree; outside it the tree of the default pack (:data:`clausewise.packnames.DEFAULT_PACK`) is
used, so a library caller that never names a pack gets what it got before packs had trees.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clausewise.bilingual import Bilingual

_PLACEHOLDER_TITLE = re.compile(r"^(?:Clause [\d.]+|第[\d.]+条)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EditionName(Bilingual):
    # the bilingual text of a pack under its own name (its $defs in the pack JSON Schemas), with no description
    __doc__ = None


class Edition(_Strict):
    """A previous edition whose numbers a dossier may use with a prefix (``2008:7.5.3``)."""

    name: EditionName = Field(description="The edition's name, e.g. ISO 9001:2008 / GB/T 19001-2008.")
    clauses: dict[str, list[str]] = Field(
        description="Previous-edition clause number -> the clause(s) of this pack it became; several are refused "
        "with the candidates."
    )


class ClauseAliases(_Strict):
    """``aliases:`` of ``pack.yaml``: other ways a dossier may name a clause of the pack."""

    titles: dict[str, str] = Field(
        default_factory=dict,
        description="Variant title -> the official title (en or zh, as in `clauses`) it stands for; never a number, "
        "so no title is written twice.",
    )
    within_titles: dict[str, str] = Field(
        default_factory=dict,
        description="Variant words that are replaced inside longer titles too.",
    )
    editions: dict[str, Edition] = Field(
        default_factory=dict, description="Previous editions by prefix (`2008` for `2008:7.5.3`)."
    )


def title_key(title: str) -> str:
    """Compare titles ignoring case, spaces and the ASCII/full-width comma difference."""
    return re.sub(r"\s+", "", title).replace(",", "，").replace("、", "，").casefold()


@dataclass(frozen=True)
class ClauseTree:
    """One pack's clause titles and aliases, with the title index built once."""

    pack: str
    edition: str
    titles: Mapping[str, Mapping[str, str]]  # titled clauses only: key -> {"en": ..., "zh": ...}
    aliases: ClauseAliases = field(default_factory=ClauseAliases)
    index: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def describe(self, keys: tuple[str, ...]) -> str:
        return ", ".join(f"{k} {self.titles.get(k, {}).get('zh', '')}".strip() for k in keys)

    def example_title(self) -> str | None:
        """A title that names exactly one clause (the Chinese one when there is one), for messages."""
        for key, names in self.titles.items():
            for title in (names.get("zh", ""), names.get("en", "")):
                if title and self.index.get(title_key(title)) == (key,):
                    return title
        return None


def build_tree(pack: str, edition: str, clauses: Mapping[str, Any], aliases: ClauseAliases) -> ClauseTree:
    """The tree of ``clauses`` (key -> an object or mapping with ``en``, ``zh``, ``untitled``)."""
    from clausewise.clauses import clause_sort_key

    titles: dict[str, dict[str, str]] = {}
    for key, info in clauses.items():
        get = info.get if isinstance(info, Mapping) else lambda name, _i=info: getattr(_i, name, None)
        if get("untitled"):
            continue  # a descriptive title is not the standard's, so not an alias
        titles[str(key)] = {"en": str(get("en") or ""), "zh": str(get("zh") or "")}
    index: dict[str, list[str]] = {}
    for key, names in titles.items():
        for title in names.values():
            if title and not _PLACEHOLDER_TITLE.match(title):
                index.setdefault(title_key(title), []).append(key)
    for variant, official in aliases.titles.items():
        keys = index.get(title_key(official))
        if keys:
            index.setdefault(title_key(variant), list(keys))
    frozen = {t: tuple(sorted(set(k), key=clause_sort_key)) for t, k in index.items()}
    return ClauseTree(pack, edition, titles, aliases, frozen)


def tree_problems(tree: ClauseTree) -> list[tuple[tuple[str | int, ...], str]]:
    """Aliases that point at nothing in the tree: ``(path in pack.yaml, message)``."""
    from clausewise.clauses import parent_of

    official = {title_key(t) for names in tree.titles.values() for t in names.values() if t}
    out: list[tuple[tuple[str | int, ...], str]] = []
    for variant, target in tree.aliases.titles.items():
        if title_key(target) not in official:
            out.append(
                (
                    ("aliases", "titles", variant),
                    f"variant title '{variant}' points at '{target}', no title of a clause in `clauses`",
                )
            )
    for variant, target in tree.aliases.within_titles.items():
        if not any(title_key(target) in t for t in official):
            out.append((("aliases", "within_titles", variant), f"'{target}' occurs in no clause title"))
    for prefix, edition in tree.aliases.editions.items():
        for number, targets in edition.clauses.items():
            for target in targets:
                if target not in tree.titles and parent_of(target) not in tree.titles and not _known(tree, target):
                    out.append(
                        (
                            ("aliases", "editions", prefix, "clauses", number),
                            f"'{number}' maps to '{target}', which is not in `clauses`",
                        )
                    )
    return out


def _known(tree: ClauseTree, key: str) -> bool:
    return any(key == k or key.startswith(k + ".") for k in tree.titles)


def resolve_in(tree: ClauseTree, text: str) -> str:
    """Resolve a title or a ``PREFIX:number`` of ``tree`` to a clause key; ``ValueError`` says why not."""
    s = text.strip()
    prefix, colon, number = s.partition(":")
    if colon and prefix.strip() in tree.aliases.editions:
        return _resolve_edition(tree, text, prefix.strip(), number.strip())
    wanted = title_key(s)
    for variant, official in tree.aliases.within_titles.items():
        if wanted not in tree.index and variant in wanted:
            wanted = wanted.replace(variant, official)
    keys = tree.index.get(wanted)
    if keys is None:
        close = difflib.get_close_matches(wanted, list(tree.index), n=3, cutoff=0.5)
        hint = ""
        if close:
            hint = "; did you mean " + " or ".join(f"'{tree.describe(tree.index[c])}'" for c in close) + "?"
        raise ValueError(f"'{text}' is not a clause key or a known clause title; expected {_forms(tree)}{hint}")
    if len(keys) > 1:
        raise ValueError(f"'{text}' is the title of several clauses ({tree.describe(keys)}); write the clause number")
    return keys[0]


def _resolve_edition(tree: ClauseTree, text: str, prefix: str, number: str) -> str:
    from clausewise.clauses import clause_sort_key

    edition = tree.aliases.editions[prefix]
    targets = edition.clauses.get(number)
    if targets is None:
        known = ", ".join(sorted(edition.clauses, key=clause_sort_key))
        raise ValueError(
            f"'{text}': no {tree.edition} correlation is known for {edition.name.en} clause '{number}' "
            f"(known: {known}); write the {tree.edition} clause number instead"
        )
    if len(targets) > 1:
        raise ValueError(
            f"'{text}': {edition.name.en} clause {number} maps to several {tree.edition} clauses "
            f"({tree.describe(tuple(targets))}); write the {tree.edition} clause number you mean"
        )
    return targets[0]


def _forms(tree: ClauseTree) -> str:
    """The forms a clause may take in ``tree``, with examples from the tree itself."""
    forms = "numbers separated by dots such as '9.3.2', a lettered item such as '9.3.2.c'"
    example = tree.example_title()
    if example:
        forms += f", a clause title of {tree.pack} such as '{example}'"
    for prefix, edition in tree.aliases.editions.items():
        first = next(iter(edition.clauses), None)
        if first:
            forms += f" or a {edition.name.en} number such as '{prefix}:{first}'"
    return forms


# --- the trees in force ----------------------------------------------------------------------------------------

_ACTIVE: ContextVar[tuple[ClauseTree, ...] | None] = ContextVar("clausewise_clause_trees", default=None)


@contextlib.contextmanager
def clause_trees(*trees: ClauseTree) -> Iterator[None]:
    """Read clause text against ``trees`` (the packs in play) inside the block."""
    token = _ACTIVE.set(trees)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def use_trees(*trees: ClauseTree) -> None:
    """Put ``trees`` in force for the rest of this context (a CLI command, after it has loaded its packs)."""
    _ACTIVE.set(trees)


def active_trees() -> tuple[ClauseTree, ...]:
    trees = _ACTIVE.get()
    return trees if trees else (default_tree(),)


@functools.cache
def default_tree() -> ClauseTree:
    """The default pack's tree, read from its ``pack.yaml`` without loading its rules (cheap, for models)."""
    import yaml

    from clausewise.packnames import DEFAULT_PACK, builtin_pack_path

    text = (builtin_pack_path(DEFAULT_PACK) / "pack.yaml").read_text(encoding="utf-8")
    data: Any = yaml.safe_load(text)
    data = data if isinstance(data, dict) else {}
    return build_tree(
        DEFAULT_PACK,
        str(data.get("edition", "")),
        data.get("clauses") or {},
        ClauseAliases.model_validate(data.get("aliases") or {}),
    )


def resolve_alias(text: str) -> str:
    """Resolve ``text`` in the trees in force: one answer, or the first tree's reason for refusing it."""
    found: dict[str, str] = {}
    first_error: ValueError | None = None
    for tree in active_trees():
        try:
            found.setdefault(resolve_in(tree, text), tree.pack)
        except ValueError as exc:
            first_error = first_error or exc
    if len(found) == 1:
        return next(iter(found))
    if found:
        names = ", ".join(f"{key} ({pack})" for key, pack in found.items())
        raise ValueError(f"'{text}' names different clauses in the packs in use ({names}); write the clause number")
    assert first_error is not None
    raise first_error


def titles_in_force() -> dict[str, dict[str, str]]:
    """Clause key -> titles, over the trees in force (the first pack's title wins on a shared key)."""
    out: dict[str, dict[str, str]] = {}
    for tree in active_trees():
        for key, names in tree.titles.items():
            out.setdefault(key, dict(names))
    return out
