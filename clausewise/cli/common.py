"""What every command does the same way: user errors as located messages (exit 2), writing a result."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import typer

from clausewise.cli.progress import clear_line
from clausewise.errors import InputErrors, InternalError

T = TypeVar("T")


def say(text: str) -> None:
    """A message on stderr (an error, what was written), clear of any progress line."""
    clear_line()
    typer.echo(text, err=True)


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; user errors become located messages on stderr and exit code 2."""
    try:
        return fn()
    except InputErrors as exc:
        for problem in exc.problems:
            say(f"error: {problem}")
        raise typer.Exit(2) from None
    except InternalError as exc:  # no report is written, and an existing one is left as it was
        say(f"error: internal error, please report it: {exc}")
        raise typer.Exit(3) from None


def usage(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit 2."""
    say(f"error: {message}")
    raise typer.Exit(2)


def parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            usage(f"--param expects KEY=VALUE, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        usage(f"--as-of expects a date YYYY-MM-DD, got {text!r}")


def emit(report: str | bytes, output: Path | None) -> None:
    """Print ``report`` on stdout, or write it to ``output`` (atomically; a device, FIFO or ``-`` as a stream)."""
    from clausewise.reports.atomic import write_atomic

    if output is None:
        if isinstance(report, bytes):
            if sys.stdout.isatty():
                usage("this format is binary: give --output FILE (or redirect standard output)")
            sys.stdout.flush()
            sys.stdout.buffer.write(report)
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(report)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, report)
    except OSError as exc:
        usage(f"cannot write --output {output}: {exc.strerror or exc}")
