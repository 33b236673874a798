"""Load a dossier from files or folders, validate it, and report every problem with its place.

A dossier is one file, or a folder whose dossier files (recursively, in name order) are merged: list sections
are concatenated; ``audit`` may appear in one file only; the same item ``id`` in two places is an error naming
both. Items without an ``id`` get ``<section>-<n>``.

Which files are dossier files is the ``readers`` given (suffix -> :data:`Reader`): this layer reads YAML and
JSON (:data:`PLAIN_READERS`); the workbook reader lives above it and :mod:`clausewise.dossiers` adds it, so
commands and library callers that want ``.xlsx`` too call ``clausewise.dossiers.load_dossier``.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clausewise.errors import InputErrors, Location, Problem, fail, location_at
from clausewise.evidence.base import set_generated_id, set_origins
from clausewise.evidence.model import SECTIONS, Audit, Dossier, Item
from clausewise.evidence.unfilled import any_placeholder, unfilled
from clausewise.fileio import DEFAULT_MAX_BYTES, kind_of, walk
from clausewise.gcpause import paused
from clausewise.validation import any_lax_problem, lax_problems, pydantic_problems
from clausewise.yamlsource import Located, read_file

#: Said of a section no model knows: a pack's own sections are known only while the pack is used.
UNKNOWN_SECTION = " (a pack's own section is known only with that pack: --pack NAME|PATH)"

#: Reads one dossier file (path, max_bytes): its data with locations, and problems already found in it.
Reader = Callable[[Path, int], tuple[Located, list[Problem]]]


def _read_text(file: Path, max_bytes: int) -> tuple[Located, list[Problem]]:
    return read_file(file, max_bytes=max_bytes, fast=True), []


#: The readers of this layer; a file given by name with a suffix no reader claims is read as YAML.
PLAIN_READERS: Mapping[str, Reader] = {".yaml": _read_text, ".yml": _read_text, ".json": _read_text}


def _names(suffixes: Iterable[str]) -> str:
    """``.yaml, .yml or .json``: the suffixes a folder is searched for, as a message names them."""
    shown = list(suffixes)
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)


def dossier_files(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, suffixes: Iterable[str] = PLAIN_READERS
) -> list[Path]:
    """Expand folders into their dossier files; refuse what does not exist, cannot be read or holds nothing.

    A folder entry that cannot be read (an unreadable subfolder, a symlink loop, a FIFO named ``*.yaml``)
    is an error: skipping it would silently drop evidence. The files together may hold at most
    ``max_bytes``.
    """
    wanted = tuple(suffixes)

    def is_dossier_name(name: str) -> bool:
        """A dossier file in a folder; not the lock file (``~$name.xlsx``) Excel and WPS keep beside an open one."""
        return Path(name).suffix.lower() in wanted and not name.startswith("~$")

    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError) and not path.is_symlink()
            message = "no such file or folder" if missing else f"cannot read: {exc.strerror or exc}"
            problems.append(Problem(Location(str(path)), message))
            continue
        if stat.S_ISDIR(mode):
            found, trouble = walk(path, is_dossier_name)
            problems.extend(trouble)
            if not found and not trouble:
                problems.append(Problem(Location(str(path)), f"folder holds no {_names(wanted)} files"))
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            problems.append(
                Problem(Location(str(path)), "cannot read this input", expected="a regular file", found=kind_of(mode))
            )
    if problems:
        raise InputErrors(problems)
    total = sum(_size(f) for f in files)
    if total > max_bytes and len(files) > 1:
        raise fail(
            Location(", ".join(str(p) for p in paths)),
            "dossier is too large",
            expected=f"at most {max_bytes:,} bytes in all its files",
            found=f"{total:,} bytes in {len(files)} files",
        )
    return files


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when the file is read


@paused()  # validating builds an object per value and no cycles: collections would walk the dossier again and again
def load_dossier(
    paths: Sequence[Path] | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[int, int, Path], None] | None = None,
    readers: Mapping[str, Reader] = PLAIN_READERS,
) -> Dossier:
    """Read, validate and merge dossier files. Raises :class:`InputErrors` listing every problem.

    ``on_file(n, total, file)`` is told before the n-th file (from 1) is read, for progress. ``readers``
    says which files a folder holds and how each is read (by suffix).
    """
    if isinstance(paths, Path):
        paths = [paths]
    files = dossier_files(paths, max_bytes=max_bytes, suffixes=readers)
    problems: list[Problem] = []
    parts: list[tuple[Located, Dossier]] = []
    for n, file in enumerate(files, 1):
        if on_file is not None:
            on_file(n, len(files), file)
        try:
            located, found = readers.get(file.suffix.lower(), _read_text)(file, max_bytes)
        except InputErrors as exc:
            problems.extend(exc.problems)
            continue
        part = _validate_fast(located) if located.reread is not None and not found else None
        if part is None:
            if located.reread is not None:  # read fast but not valid: locate the problems the full way
                located, found = located.reread(), []
            part = validate_document(located, found)
        problems.extend(_dedupe(located, found))
        if part is not None and not found:
            parts.append((located, part))
    if problems:
        raise InputErrors(sorted(problems, key=lambda p: p.location))
    return merge(parts)


def _dedupe(located: Located, problems: list[Problem]) -> list[Problem]:
    """In a workbook, one problem per cell (a value the reader refused is not also reported missing), each
    naming its column as the sheet shows it."""
    relabel = getattr(located, "relabel", None)
    if relabel is None:
        return problems
    out: list[Problem] = []
    seen: set[Location] = set()
    for problem in problems:
        if problem.location.column and problem.location in seen:
            continue
        seen.add(problem.location)
        out.append(relabel(problem))
    return out


def validate_document(located: Located, problems: list[Problem]) -> Dossier | None:
    """Validate one parsed file as a (partial) dossier; append problems and return None when invalid."""
    data = located.data
    if data is None:
        problems.append(
            Problem(
                Location(located.file, 1, 1),
                "file is empty",
                expected="a mapping of dossier sections such as audit, people, management_reviews",
                found="no data",
            )
        )
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(
                located.location(()),
                "a dossier file must be a mapping of sections",
                expected="keys such as audit, people, management_reviews",
                found=_kind_of(data),
            )
        )
        return None
    lax = lax_problems(Dossier, located) + unfilled(located)  # a placeholder is not a value (docs/evidence.md)
    try:
        dossier = Dossier.model_validate(data)
    except ValidationError as exc:
        flagged = {p.field for p in lax}
        problems.extend(lax)
        found = pydantic_problems(exc, located, Dossier, top=("section", UNKNOWN_SECTION))
        problems.extend(p for p in found if p.field not in flagged)
        return None
    if lax:
        problems.extend(lax)
        return None
    _attach_origins(dossier, located)
    return dossier


def _validate_fast(located: Located) -> Dossier | None:
    """A fast reading (:func:`~clausewise.yamlsource.read_file` with ``fast``) validated, or None when anything is
    wrong with it: the caller then reads the file the located way, which finds and places every problem.

    Only yes/no questions are asked here, none of which enters nesting the models do not declare (the fast
    readers leave nesting beyond :data:`~clausewise.fileio.MAX_DEPTH` to validation: no model nests that deep,
    so such a file never passes). Sections are validated one at a time and each one's raw data is dropped as
    soon as its models exist, so the memory it held is reused for the next section's: a fresh process touches
    fewer new pages (about 1,900 fewer page faults at 10k facts, docs/benchmarks.md). ``located.data`` is used up.
    """
    data = located.data
    if not isinstance(data, dict) or any_lax_problem(Dossier, data) or any_placeholder(located):
        return None
    fields: dict[str, Any] = {}
    try:
        for key in list(data):
            part = Dossier.model_validate({key: data.pop(key)})  # the one dossier schema, one section at a time
            fields.update((name, getattr(part, name)) for name in part.model_fields_set)
    except ValidationError:
        return None
    dossier = Dossier.model_construct(**fields)  # each value validated above; Dossier checks nothing across them
    _attach_origins(dossier, located)
    return dossier


def _kind_of(data: object) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool):
        return "true/false"
    if isinstance(data, int | float):
        return "a number"
    return "text" if isinstance(data, str) else type(data).__name__


def _attach_origins(dossier: Dossier, located: Located) -> None:
    if dossier.audit is not None:
        dossier.audit._origin = located.location(("audit",))
    positions = located.positions if type(located) is Located else {}  # a workbook locates by its own cells
    file = located.file
    for name in SECTIONS:
        items = getattr(dossier, name)
        if not items:
            continue
        wheres = list(map(positions.get, zip(repeat(name), range(len(items)))))
        if None in wheres:  # location() looks further up (a read item's start is always known)
            places = [location_at(file, *w) if w else located.location((name, n)) for n, w in enumerate(wheres)]
            set_origins(items, places)
        else:
            lines, columns = zip(*wheres, strict=True)
            set_origins(items, map(location_at, repeat(file), lines, columns))


def merge(parts: Iterable[tuple[Located, Dossier]]) -> Dossier:
    """Concatenate sections across files; ``audit`` once; ids unique. Raises on conflicts."""
    problems: list[Problem] = []
    audit: Audit | None = None
    audit_at: Location | None = None
    sections: dict[str, list[Item] | None] = dict.fromkeys(SECTIONS)
    for located, part in parts:
        if part.audit is not None:
            here = located.location(("audit",))
            if audit is not None and audit_at is not None:
                problems.append(
                    Problem(here, f"second 'audit' section (the first is at {audit_at}); a dossier has one")
                )
            else:
                audit, audit_at = part.audit, here
        for name in SECTIONS:
            items = getattr(part, name)
            if items is not None:
                sections[name] = (sections[name] or []) + list(items)
    seen: dict[str, Item] = {}  # id -> the item holding it (its origin is read only for a message)
    for name, items in sections.items():
        for item in items or []:
            if item.id is None:
                continue
            if item.id in seen:
                problems.append(
                    Problem(
                        item._origin or Location("?"),
                        f"duplicate id '{item.id}' (also used at {seen[item.id]._origin})",
                        field=f"{name}.id",
                    )
                )
            else:
                seen[item.id] = item
    for name, items in sections.items():
        for n, item in enumerate(items or [], start=1):
            if item.id is None:
                generated, k = f"{name}-{n}", 1
                while generated in seen:
                    k += 1
                    generated = f"{name}-{n}-{k}"
                set_generated_id(item, generated)
                seen[generated] = item
    if problems:
        raise InputErrors(problems)
    merged = Dossier(audit=audit)
    for name, items in sections.items():
        setattr(merged, name, items)
    return merged
