"""A sign of life on stderr for long work: one status line, on a terminal only, after about a second.

Short runs print nothing; redirected stderr (CI logs, pipes) never gets control characters. A background
thread redraws the line with the elapsed time, so a single long step (a 30k-fact dossier) still shows that
the tool is working without the engine having to report progress.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

DELAY = 1.0  # seconds of work before anything is shown
INTERVAL = 0.25  # seconds between redraws
CLEAR = "\r\x1b[K"

_active: list[Progress] = []  # the status lines being drawn (at most one in practice)


def clear_line() -> None:
    """Erase a status line before another message goes to stderr; it is redrawn below at the next tick."""
    for progress in _active:
        progress.clear()


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (the one place the check is made, so tests can stand in a tty)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or non-file stream
        return False


class Progress:
    """Context manager: ``with Progress() as p: p.stage("loading x")``; the line is cleared at the end."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream)
        self._text = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._shown = False
        self._start = time.monotonic()
        self._thread: threading.Thread | None = None

    def stage(self, text: str) -> None:
        """What is being done now; shown at the next redraw."""
        with self._lock:
            self._text = text

    def clear(self) -> None:
        with self._lock:
            if self._shown:
                self._write(CLEAR)
                self._shown = False

    def __enter__(self) -> Progress:
        _active.append(self)
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="clausewise-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        _active.remove(self)
        self.clear()

    def _run(self) -> None:
        if self._stop.wait(DELAY):
            return
        while not self._stop.is_set():
            with self._lock:
                if self._text:
                    self._write(f"{CLEAR}{self._text} … {time.monotonic() - self._start:.0f} s")
                    self._shown = True
            self._stop.wait(INTERVAL)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed under us: progress is not worth failing for
            self._stop.set()
