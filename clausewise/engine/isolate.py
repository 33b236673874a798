"""Assess in a forked child process, so a crash of the C engine costs one dossier, not the whole batch.

durable-rules is C code with known memory-safety bugs (docs/engine.md D1-D9); clausewise avoids every shape known to
crash it, but a batch of thousands of dossiers should not die with the first unknown one. The parent loads
and compiles the pack once; each child inherits it through ``fork``, loads its dossier, assesses it and
sends the JSON result back. A child killed by a signal is reported as :class:`EngineCrash`.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing import connection
from pathlib import Path
from typing import Any

from clausewise.engine.assess import Evaluator, assess, compile_pack
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors, Problem
from clausewise.evidence.loader import PLAIN_READERS, Reader, load_dossier
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
    conn: Any,
    path: Path,
    pack: Pack,
    params: Mapping[str, Any],
    as_of: dt.date | None,
    ev: str,
    max_bytes: int,
    readers: Mapping[str, Reader],
) -> None:
    try:
        dossier = load_dossier(path, max_bytes=max_bytes, readers=readers)
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
    readers: Mapping[str, Reader] = PLAIN_READERS,
) -> Assessment | EngineCrash:
    """Like ``assess(load_dossier(path), pack, ...)``, in a child process. Raises InputErrors as usual.

    ``readers`` read the dossier's files (``clausewise.dossiers.READERS`` for workbooks too).

    A child still running after ``timeout`` seconds (None: no limit) is killed and reported as an
    :class:`EngineCrash` with ``timeout`` set.
    """
    resolved = resolve_params(pack.manifest, params or {})
    compile_pack(pack, resolved)  # compile in the parent once; children inherit it
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, path, pack, resolved, as_of, evaluator, max_bytes, readers))
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


def _batch_child(
    conn: Any,
    path: Path,
    runs: list[tuple[Pack, Mapping[str, Any]]],
    as_of: dt.date | None,
    ev: str,
    max_bytes: int,
    prepare: Callable[[Assessment], Any],
    readers: Mapping[str, Reader],
) -> None:
    """One dossier against every pack of a batch, in a child: ``prepare`` of each result, or the input problems."""
    try:
        dossier = load_dossier(path, max_bytes=max_bytes, readers=readers)
        out = [
            prepare(assess(dossier, pack, params=params, as_of=as_of, evaluator=ev, files=[str(path)]))  # type: ignore[arg-type]
            for pack, params in runs
        ]
        conn.send(("ok", out))
    except InputErrors as exc:
        conn.send(("input", exc.problems))
    finally:
        conn.close()


@dataclass
class _Running:
    """A child assessing one dossier of a batch: its pipe, its deadline and, once it has sent it, its message."""

    proc: Any
    conn: Any
    deadline: float | None
    message: tuple[str, Any] | None = None
    done: bool = False
    timed_out: bool = False


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask where the system has one): ``--jobs``'s default."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def assess_batch(
    paths: Sequence[Path],
    runs: Sequence[tuple[Pack, Mapping[str, Any]]],
    *,
    as_of: dt.date | None = None,
    evaluator: Evaluator = "durable",
    timeout: float | None = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    prepare: Callable[[Assessment], Any] = Assessment.model_dump_json,
    readers: Mapping[str, Reader] = PLAIN_READERS,
) -> Iterator[tuple[Path, list[Any] | EngineCrash]]:
    """Assess ``paths`` against every ``(pack, params)`` of ``runs`` in up to ``jobs`` forked children at once.

    Outcomes come in input order, one per dossier: its results (one per run) or an :class:`EngineCrash`
    (killed, or past ``timeout`` seconds, costing that dossier only). A dossier with input problems raises
    :class:`InputErrors` when its turn comes, as one assessed in-process would. At most ``jobs`` dossiers
    are running or finished-but-not-yet-yielded, so memory is bounded by ``jobs`` results whatever the
    batch size. ``prepare`` runs in the child on each result and what it returns (picklable) is what is
    yielded: the CLI renders the report's piece there, so the parent only writes (default: the result's JSON).
    ``readers`` read the dossiers' files (``clausewise.dossiers.READERS`` for workbooks too).
    """
    resolved = [(pack, resolve_params(pack.manifest, params)) for pack, params in runs]
    for pack, params in resolved:
        compile_pack(pack, params)  # compile in the parent once; children inherit it
    ctx = multiprocessing.get_context("fork")
    running: dict[int, _Running] = {}
    started = 0
    try:
        for head, path in enumerate(paths):
            while started < len(paths) and started < head + max(1, jobs):
                parent, child = ctx.Pipe(duplex=False)
                args = (child, paths[started], resolved, as_of, evaluator, max_bytes, prepare, readers)
                proc = ctx.Process(target=_batch_child, args=args)
                proc.start()
                child.close()
                deadline = None if timeout is None else time.monotonic() + timeout
                running[started] = _Running(proc, parent, deadline)
                started += 1
            _wait_for(running, head)
            job = running.pop(head)
            yield path, _outcome(path, job, timeout)
    finally:
        for job in running.values():  # an input error or a closed consumer: stop the rest
            job.proc.kill()
            job.proc.join()
            job.conn.close()


def _wait_for(running: dict[int, _Running], head: int) -> None:
    """Receive from every child as it finishes (a child blocks until its result is read) until ``head`` is done."""
    while not running[head].done:
        now = time.monotonic()
        deadlines = [j.deadline for j in running.values() if not j.done and j.deadline is not None]
        wait = max(0.0, min(deadlines) - now) if deadlines else None
        ready = connection.wait([j.conn for j in running.values() if not j.done], wait)
        for job in running.values():
            if job.done:
                continue
            if job.conn in ready:
                try:
                    job.message = job.conn.recv()
                except EOFError:
                    job.message = None
                job.done = True
            elif job.deadline is not None and time.monotonic() >= job.deadline:
                job.proc.kill()
                job.done = job.timed_out = True


def _outcome(path: Path, job: _Running, timeout: float | None) -> list[Any] | EngineCrash:
    job.proc.join()
    job.conn.close()
    if job.message is None:
        return EngineCrash(str(path), job.proc.exitcode, timeout if job.timed_out else None)
    kind, payload = job.message
    if kind == "input":
        raise InputErrors(payload)
    prepared: list[Any] = payload
    return prepared
