"""Atomic file writes: a report is either the old file or the whole new one, never half of either."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over ``path``.

    Text is written as UTF-8 with ``\\n`` line ends. The mode of a file being replaced is kept; a new file
    gets the usual ``0666 & ~umask`` (``mkstemp`` alone would make it 0600).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
