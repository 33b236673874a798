"""Find rule packs by name: the built-in ones, and those other Python distributions install.

A consultant distributes a pack as an ordinary Python package that holds ``pack.yaml``, ``rules/`` and
``tests/`` and registers it under the ``clausewise.packs`` entry-point group::

    [project.entry-points."clausewise.packs"]
    acme = "acme_rules"          # an importable package whose folder is the pack

After ``pip install acme-rules``, ``--pack acme`` finds it. Built-in names cannot be taken over.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from clausewise.packnames import BUILTIN_PACKS, DEFAULT_PACK, builtin_pack_path

__all__ = ["BUILTIN_PACKS", "DEFAULT_PACK", "ENTRY_POINT_GROUP", "PackRef", "builtin_pack_path", "named_packs"]
ENTRY_POINT_GROUP = "clausewise.packs"


@dataclass(frozen=True)
class PackRef:
    """Where a named pack lives, or why it cannot be used."""

    name: str
    origin: str  # "built-in" or the distribution that installed it
    path: Path | None
    error: str | None = None


@functools.lru_cache(maxsize=64)
def pack_origin(path: Path) -> str:
    """``built-in`` for a pack shipped with clausewise, else the folder it was read from (absolute)."""
    resolved = path.resolve()
    if any(resolved == builtin_pack_path(name).resolve() for name in BUILTIN_PACKS):
        return "built-in"
    return str(resolved)


def named_packs() -> dict[str, PackRef]:
    """Every pack reachable by name, built-in first, then installed ones in entry-point name order."""
    packs = {name: PackRef(name, "built-in", builtin_pack_path(name)) for name in BUILTIN_PACKS}
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.name in packs:
            continue  # a built-in name, or a second distribution claiming the same name: first one wins
        origin = f"installed by {ep.dist.name}" if ep.dist is not None else "installed"
        try:
            path = Path(str(resources.files(ep.value)))
        except (ImportError, TypeError, ValueError) as exc:
            packs[ep.name] = PackRef(ep.name, origin, None, f"cannot import '{ep.value}': {exc}")
            continue
        error = None if (path / "pack.yaml").is_file() else f"'{ep.value}' ({path}) holds no pack.yaml"
        packs[ep.name] = PackRef(ep.name, origin, path if error is None else None, error)
    return packs
