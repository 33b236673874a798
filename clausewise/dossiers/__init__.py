"""Read a dossier from every kind of file clausewise knows: YAML, JSON and the self-assessment workbook.

The evidence layer reads YAML and JSON and takes its readers by suffix (:data:`clausewise.evidence.loader.Reader`);
the workbook reader sits above evidence (it reads the questionnaire's layout), so this module, above both,
puts them together. Commands, the store and library callers load dossiers here; :func:`load_dossier` is the
evidence loader with these readers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from clausewise.errors import Problem
from clausewise.evidence import loader
from clausewise.evidence.model import Dossier
from clausewise.fileio import DEFAULT_MAX_BYTES
from clausewise.yamlsource import Located


def _read_workbook(file: Path, max_bytes: int) -> tuple[Located, list[Problem]]:
    """A workbook with the problems found in its cells (openpyxl is imported only when one is read)."""
    from clausewise.workbook.read import read_workbook

    return read_workbook(file, max_bytes=max_bytes)


#: Every dossier reader by suffix. Macro-enabled and old binary workbooks are taken from folders too, so the
#: workbook reader refuses them with a reason instead of their being skipped unseen.
READERS: Mapping[str, loader.Reader] = {
    **loader.PLAIN_READERS,
    **dict.fromkeys((".xlsx", ".xlsm", ".xltm", ".xls"), _read_workbook),
}


def load_dossier(
    paths: Sequence[Path] | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[int, int, Path], None] | None = None,
) -> Dossier:
    """Read, validate and merge dossier files of any kind (:func:`clausewise.evidence.loader.load_dossier`)."""
    return loader.load_dossier(paths, max_bytes=max_bytes, on_file=on_file, readers=READERS)
