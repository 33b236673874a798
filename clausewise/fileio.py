"""The one place clausewise reads a user's file or walks a user's folder.

Dossiers, workbooks, rule packs, fixtures, saved results and decision files all come through here, so they
get the same protections (docs/security.md):

* only regular files are read: a FIFO would block forever, a device such as ``/dev/zero`` never ends, and a
  symlink to either is refused by name before it is opened;
* one size limit, checked on the open file (``fstat``) and again while reading, so a file that grows
  between the check and the read cannot exceed it;
* folders are walked here too: a subfolder that cannot be listed, an entry that cannot be examined (a
  symlink loop, a dangling link) or a special file with a dossier suffix is an error, never skipped; folder
  nesting is limited to :data:`MAX_FOLDER_DEPTH` and symlinked folders are followed once.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clausewise.errors import InputErrors, Location, Problem, fail

#: Default size limit for one input (a dossier's files together, or one pack file), bytes. Measured in
#: docs/security.md: a dossier at this size assesses in well under the memory of a 24 GB, 2-core machine.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
#: Default size limit for a saved result (``clausewise report``): a result is about 12 times its dossier.
DEFAULT_MAX_RESULT_BYTES = 256 * 1024 * 1024
#: Deepest folder nesting walked inside a dossier or pack folder.
MAX_FOLDER_DEPTH = 32
#: Deepest nesting of lists and mappings in any file read (a dossier is about 5 deep, a rule condition
#: perhaps 15, a saved result 8); deeper input would overflow the stack of a recursive reader.
MAX_DEPTH = 64

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _oserror(name: str, exc: OSError) -> InputErrors:
    return fail(Location(name), f"cannot read file: {exc.strerror or exc}")


def check_regular(path: Path, display: str | None = None) -> os.stat_result:
    """``stat`` of ``path`` (symlinks followed) when it is a regular file; else a located error."""
    name = display or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise _oserror(name, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise fail(Location(name), "cannot read this input", expected="a regular file", found=kind_of(info.st_mode))
    return info


def too_large(name: str, size: int, max_bytes: int) -> InputErrors:
    return fail(
        Location(name),
        "file is too large",
        expected=f"at most {max_bytes:,} bytes",
        found=f"{size:,} bytes",
    )


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; :class:`InputErrors` for anything else."""
    name = display or str(path)
    check_regular(path, name)  # before opening: opening a FIFO blocks, a device may act on open
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _oserror(name, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between the check and the open
            raise fail(Location(name), "cannot read this input", expected="a regular file", found=kind_of(info.st_mode))
        if info.st_size > max_bytes:
            raise too_large(name, info.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        want = max(info.st_size + 1, 1 << 16)  # a regular file comes whole in the first read: no joined copy
        while True:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise too_large(name, total, max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise _oserror(name, exc) from None
    finally:
        os.close(fd)


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None) -> str:
    """UTF-8 text of a regular file (see :func:`read_bytes`); undecodable bytes are a located error."""
    data = read_bytes(path, max_bytes=max_bytes, display=display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(Location(display or str(path)), "file is not valid UTF-8 text; save it as UTF-8") from None


def load_json(text: str, name: str) -> Any:
    """Strict JSON: ``NaN``/``Infinity`` and nesting past :data:`MAX_DEPTH` are located errors."""

    def constant(word: str) -> Any:
        raise _Constant(word)

    try:
        return json.loads(text, parse_constant=constant)
    except _Constant as exc:
        line, column = _find_constant(text, exc.word)
        raise fail(
            Location(name, line, column), "not a JSON number", expected="a finite number", found=exc.word
        ) from None
    except json.JSONDecodeError as exc:
        raise fail(Location(name, exc.lineno, exc.colno), f"JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise fail(Location(name), "values are nested too deeply", expected=f"at most {MAX_DEPTH} levels") from None


class _Constant(Exception):
    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN')


def _find_constant(text: str, word: str) -> tuple[int, int]:
    """Line and column of the first ``word`` outside a JSON string."""
    for m in _TOKENS.finditer(text):
        if m.group() == word:
            before = text[: m.start()]
            return before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1
    return 0, 0  # pragma: no cover - json.loads found it


def walk(folder: Path, wanted: Callable[[str], bool]) -> tuple[list[Path], list[Problem]]:
    """Files under ``folder`` whose name ``wanted`` accepts, in name order, and the problems met.

    Every entry is examined: what cannot be listed or examined is a problem, and so is a wanted name that
    is not a regular file. Symlinked folders are followed once (a loop is reported, not walked forever).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()

    def visit(here: Path, depth: int) -> None:
        try:
            info = here.stat()
        except OSError as exc:
            problems.append(Problem(Location(str(here)), f"cannot read folder: {exc.strerror or exc}"))
            return
        if (info.st_dev, info.st_ino) in seen:
            problems.append(Problem(Location(str(here)), "folder link loop: this folder is already being read"))
            return
        if depth > MAX_FOLDER_DEPTH:
            problems.append(
                Problem(Location(str(here)), "folders nested too deeply", expected=f"at most {MAX_FOLDER_DEPTH} levels")
            )
            return
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(Location(str(here)), f"cannot read folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as exc:
                if wanted(entry.name) or entry.is_symlink():
                    problems.append(Problem(Location(str(path)), f"cannot read: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(mode):
                visit(path, depth + 1)
            elif wanted(entry.name):
                if stat.S_ISREG(mode):
                    found.append(path)
                else:
                    problems.append(
                        Problem(
                            Location(str(path)),
                            "cannot read this input",
                            expected="a regular file",
                            found=kind_of(mode),
                        )
                    )
        seen.discard((info.st_dev, info.st_ino))

    visit(folder, 0)
    return sorted(found), problems
