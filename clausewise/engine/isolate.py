"""Assess in a forked child process, so a crash of the C engine costs one dossier, not the whole batch.

durable-rules is C code with known memory-safety bugs (docs/engine.md D1-D9); clausewise avoids every shape known to
crash it, but a batch of thousands of dossiers should not die with the first unknown one. The parent loads
and compiles the pack once; each child inherits it through ``fork``, loads its dossier, assesses it and
sends the JSON result back. A child killed by a signal is reported as :class:`EngineCrash`.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clausewise.engine.assess import Evaluator, assess, compile_pack
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors, Problem
from clausewise.evidence.loader import load_dossier
from clausewise.fileio import DEFAULT_MAX_BYTES
from clausewise.rules.loader import Pack
from clausewise.rules.lower import resolve_params

#: Default per-dossier time limit of an isolated assessment (``--timeout``), seconds. A dossier at the default
#: size limit assesses in well under a minute (docs/security.md); ten minutes leaves room for a slow machine.
DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class EngineCrash:
    dossier: str
    exitcode: int | None
    timeout: float | None = None  # set when the child was stopped for running past the time limit

    def __str__(self) -> str:
        if self.timeout is not None:
            return f"{self.dossier}: timed out after {self.timeout:g} s (--timeout); other dossiers are unaffected"
        how = f"signal {-self.exitcode}" if self.exitcode and self.exitcode < 0 else f"exit code {self.exitcode}"
        return f"{self.dossier}: the assessment process died ({how}); other dossiers are unaffected"


def _child(
    conn: Any, path: Path, pack: Pack, params: Mapping[str, Any], as_of: dt.date | None, ev: str, max_bytes: int
) -> None:
    try:
        dossier = load_dossier(path, max_bytes=max_bytes)
        result = assess(dossier, pack, params=params, as_of=as_of, evaluator=ev, files=[str(path)])  # type: ignore[arg-type]
        conn.send(("ok", result.model_dump_json()))
    except InputErrors as exc:
        conn.send(("input", exc.problems))
    finally:
        conn.close()


def assess_isolated(
    path: Path,
    pack: Pack,
    *,
    params: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    evaluator: Evaluator = "durable",
    timeout: float | None = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Assessment | EngineCrash:
    """Like ``assess(load_dossier(path), pack, ...)``, in a child process. Raises InputErrors as usual.

    A child still running after ``timeout`` seconds (None: no limit) is killed and reported as an
    :class:`EngineCrash` with ``timeout`` set.
    """
    resolved = resolve_params(pack.manifest, params or {})
    compile_pack(pack, resolved)  # compile in the parent once; children inherit it
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, path, pack, resolved, as_of, evaluator, max_bytes))
    proc.start()
    child.close()
    message: tuple[str, Any] | None = None
    try:
        if parent.poll(timeout):
            message = parent.recv()
        else:
            proc.kill()
            proc.join()
            parent.close()
            return EngineCrash(str(path), proc.exitcode, timeout)
    except EOFError:
        message = None
    proc.join()
    parent.close()
    if message is None:
        return EngineCrash(str(path), proc.exitcode)
    kind, payload = message
    if kind == "input":
        problems: list[Problem] = payload
        raise InputErrors(problems)
    return Assessment.model_validate_json(payload)
