"""Writing a report: a regular file is replaced atomically; a device, FIFO or ``-`` is written as a stream.

A regular file is either the old file or the whole new one, never half of either: the report goes to a
temporary file beside it (``.<name>.<pid>.<random>.tmp``), is fsynced, then renamed over it. A process
killed between the two (SIGKILL, power loss) leaves its temporary file behind; the next write to the same
place removes those whose writer is gone (the pid in the name is no longer running).

Anything that is not a regular file is never replaced (issue 15: ``-o /dev/null`` as root turned the
device into a regular file): ``-`` and ``/dev/stdout`` mean standard output, and an existing device, FIFO or
socket is opened and written in place, as a shell redirection would.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STDOUT_NAMES = ("-", "/dev/stdout")


def is_stream(path: Path) -> bool:
    """True when writing to ``path`` means writing a stream (stdout, a device, a FIFO), not replacing a file."""
    if str(path) in STDOUT_NAMES:
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: atomically for a regular file, in place for a stream (see the module).

    Text is written as UTF-8 with ``\\n`` line ends.
    """
    with open_output(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def open_output(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose bytes become ``path`` when the block ends without an exception.

    A regular file (or a new path) is written to a temporary file beside it, fsynced and renamed over it, so
    a report can be written piece by piece (a batch streams its results) and still appear whole or not at
    all. The mode of a file being replaced is kept; a new file gets the usual ``0666 & ~umask`` (``mkstemp``
    alone would make it 0600). ``-``, ``/dev/stdout``, devices and FIFOs are written in place as they come.
    """
    if str(path) in STDOUT_NAMES:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if is_stream(path):
        with open(path, "wb") as stream:  # a device or FIFO, opened as a shell redirection would
            yield stream
        return
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clean_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of earlier writes to ``path`` whose writing process is gone."""
    pattern = re.compile(rf"^\.{re.escape(path.name)}\.(?:(\d+)\.)?[A-Za-z0-9_]+\.tmp$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        if m.group(1) is not None and _alive(int(m.group(1))):
            continue  # another clausewise is writing this report right now
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
