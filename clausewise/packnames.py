"""The built-in packs by name and folder, and the one commands use without ``--pack``: declared once, cheap.

The CLI names the default in its options' signatures at import time, when it must not load the rule machinery
(``clausewise --help`` stays fast); :mod:`clausewise.rules.registry` finds the packs these names stand for.
"""

from importlib import resources
from pathlib import Path

BUILTIN_PACKS = ("iso9001", "certification", "certification_cnca")
#: The pack a command uses without ``--pack``, and whose clause tree reads dossiers outside any pack.
DEFAULT_PACK = BUILTIN_PACKS[0]


def builtin_pack_path(name: str) -> Path:
    """The folder of a built-in pack (package data of :mod:`clausewise.rules`)."""
    return Path(str(resources.files("clausewise.rules") / "packs" / name))
