"""Options several commands share, declared once, each with a conventional metavar (FILE, LANG, FORMAT)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, get_args

import typer

from clausewise.cli.base import choice, completer
from clausewise.i18n import Lang
from clausewise.packnames import DEFAULT_PACK
from clausewise.reports.formats import FORMATS, format_help

LANGS: tuple[str, ...] = get_args(Lang)
FAIL_ON = ("N", "O", "never")
EVALUATORS = ("durable", "reference")


def choice_option(*decls: str, metavar: str, values: tuple[str, ...], help: str) -> Any:
    """An option taking one of ``values``; the help lists them unless it already names each."""
    if not all(v in help for v in values):
        help = f"{help} One of: {', '.join(values)}."
    return typer.Option(*decls, metavar=metavar, parser=choice(values), autocompletion=completer(values), help=help)


def lang_option(help: str = "Language of the output.") -> Any:
    return choice_option("--lang", "-l", metavar="LANG", values=LANGS, help=help)


def clauses_option(help: str) -> Any:
    """``--clause/-c CLAUSE``, repeatable; the value is a clause key, title or 2008 number."""
    return typer.Option("--clause", "-c", metavar="CLAUSE", help=help)


def output_option(what: str) -> Any:
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write {what} to FILE (atomically; - is standard output, a device or FIFO is written in place).",
    )


FormatOpt = Annotated[str, choice_option("--format", "-f", metavar="FORMAT", values=FORMATS, help=format_help())]
ReportLangOpt = Annotated[str, lang_option("Language of the report.")]
PackOpt = Annotated[str, typer.Option("--pack", "-p", metavar="PACK", help="Built-in pack name or pack folder.")]
PacksOpt = Annotated[
    list[str],
    typer.Option(
        "--pack",
        "-p",
        metavar="PACK",
        help=f"Built-in pack name or pack folder (default: {DEFAULT_PACK}); repeat for several packs in one report, "
        "e.g. --pack iso9001 --pack certification.",
    ),
]
PackArg = Annotated[str, typer.Argument(metavar="PACK", help="Built-in pack name or pack folder.")]
DossierArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="DOSSIER",
        help="Dossier files or folders; each argument is one dossier (a folder's files are merged).",
    ),
]

#: ``--max-size`` defaults in megabytes: clausewise.fileio.DEFAULT_MAX_BYTES and DEFAULT_MAX_RESULT_BYTES (not
#: imported: --help stays light; a test keeps them equal).
DEFAULT_MAX_MB = 16.0
DEFAULT_RESULT_MAX_MB = 256.0
MaxSizeOpt = Annotated[
    float,
    typer.Option(
        "--max-size",
        metavar="MB",
        min=0.001,
        help="Largest input read, in megabytes (a dossier's files together); raise it for a bigger dossier "
        "on a machine with memory to spare (docs/security.md).",
    ),
]


ResultMaxSizeOpt = Annotated[
    float,
    typer.Option("--max-size", metavar="MB", min=0.001, help="Largest saved result read, in megabytes."),
]


def megabytes(mb: float) -> int:
    return int(mb * 1024 * 1024)
