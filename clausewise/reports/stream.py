"""Write the report of a batch as its results arrive, so memory does not grow with the number of dossiers.

Before (issue 15) the CLI kept every result of a multi-dossier run (about 2 MB each: 479 MB for 200
dossiers) to write one report at the end. Now:

* formats that stream (``streams`` in :mod:`clausewise.reports.formats`: ``table``, ``markdown``, ``json``) are
  written result by result: the bytes are those :func:`render` gives for the whole list (text pieces joined by
  a newline; a JSON list is opened, each object indented as ``json.dumps`` would, closed);
* the others (``html``, ``docx``, ``junit``) are single documents whose layout needs every result, so each
  result is kept compact (zlib-compressed JSON, about a twentieth of the objects) and the document is rendered
  at the end;
* what the CLI says afterwards (exit code, ``wrote ...``, why exit 1) needs only a :class:`Brief` per result.
"""

from __future__ import annotations

import contextlib
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from clausewise.lang import Lang
from clausewise.reports import REPORT_FORMATS, render
from clausewise.reports.atomic import open_output
from clausewise.reports.jsonout import STEP, before_item, json_chunks

if TYPE_CHECKING:
    from clausewise.engine.results import Assessment

WRITE_CHARS = 1 << 20  # a streamed JSON result is written in pieces of about this many characters
COUNTED = frozenset({"N", "O"})  # the findings a report's reader acts on (reviews and NA are not findings)


@dataclass(frozen=True)
class Brief:
    """What the CLI needs of a result once its report is written: its pack, the clause count and the findings
    in force."""

    pack: str
    clauses: int
    in_force: tuple[tuple[str, str | None], ...]  # (judgment, grade) of each N/O finding in force
    notices: tuple[str, ...] = ()  # "where: text" of each notice (a dossier without audit), said on stderr

    @classmethod
    def of(cls, a: Assessment) -> Brief:
        forces = (f.in_force() for f in a.findings_at(COUNTED))
        notices = tuple(f"{n.where or 'dossier'}: {n.text.en}" for n in a.notices)
        return cls(a.pack.id, len(a.clauses), tuple(x for x in forces if x is not None), notices)

    def fails(self, levels: set[str] | frozenset[str]) -> bool:
        return any(j in levels for j, _ in self.in_force)


def piece(result: Assessment, fmt: str, lang: Lang, *, single: bool) -> str | bytes:
    """What a :class:`ReportStream` writes for ``result`` but the separator before it (text), or keeps until
    the end (compressed JSON bytes); pure, so a batch's children make it in parallel (``assess --jobs``)."""
    if not REPORT_FORMATS[fmt].streams:
        return zlib.compress(result.model_dump_json().encode("utf-8"), 1)
    if fmt == "json" and not single:
        return STEP + "".join(json_chunks(result, STEP))
    text = render([result], fmt, lang)
    assert isinstance(text, str)
    return text


class ReportStream:
    """Receives results one by one and writes the report of all of them to ``output`` (None: stdout)."""

    def __init__(self, handle: IO[bytes], fmt: str, lang: Lang, *, single: bool) -> None:
        self.handle, self.fmt, self.lang, self.single = handle, fmt, lang, single
        self.count = 0
        self.kept: list[bytes] = []

    def add(self, result: Assessment) -> None:
        if self.fmt != "json":
            self.put(piece(result, self.fmt, self.lang, single=self.single))
            return
        # JSON goes out as it is made: a large result's whole text is never in memory (jsonout.py)
        head = "" if self.single else before_item(self.count) + STEP
        chunks = json_chunks(result, "" if self.single else STEP)
        buffered, size = [head], 0
        for chunk in chunks:
            buffered.append(chunk)
            size += len(chunk)
            if size >= WRITE_CHARS:
                self._write("".join(buffered))
                buffered, size = [], 0
        self._write("".join(buffered) + ("\n" if self.single else ""))
        self.count += 1

    def put(self, part: str | bytes) -> None:
        """Write (or keep) a result's :func:`piece`, made here or in the child process that assessed it."""
        if isinstance(part, bytes):
            self.kept.append(part)
        elif self.fmt == "json" and not self.single:
            self._write(before_item(self.count) + part)
        elif self.fmt == "json":
            self._write(part)
        else:
            self._write(("\n" if self.count else "") + part)
        self.count += 1

    def close(self) -> None:
        if not REPORT_FORMATS[self.fmt].streams:
            from clausewise.engine.results import Assessment

            results = [Assessment.model_validate_json(zlib.decompress(b)) for b in self.kept]
            self.kept.clear()
            report = render(results, self.fmt, self.lang, single=self.single)
            self._write(report)
        elif self.fmt == "json" and not self.single:
            self._write("\n]\n" if self.count else "[]\n")
        elif self.fmt == "json" and self.count == 0:
            self._write("[]\n")

    def _write(self, data: str | bytes) -> None:
        self.handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.handle.flush()


@contextlib.contextmanager
def report_stream(output: Path | None, fmt: str, lang: Lang, *, single: bool) -> Iterator[ReportStream]:
    """A :class:`ReportStream` onto ``output`` (atomically for a regular file) or standard output."""
    if output is None:
        sys.stdout.flush()
        stream = ReportStream(sys.stdout.buffer, fmt, lang, single=single)
        yield stream
        stream.close()
        return
    with open_output(output) as handle:
        stream = ReportStream(handle, fmt, lang, single=single)
        yield stream
        stream.close()


def exit_code(briefs: Sequence[Brief], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    levels = {"N"} if fail_on == "N" else {"N", "O"}
    return 1 if any(b.fails(levels) for b in briefs) else 0
