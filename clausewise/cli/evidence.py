"""``clausewise evidence``: the self-assessment questionnaire (YAML or a workbook) and dossier conversion."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clausewise.cli.base import new_group
from clausewise.cli.common import emit, guard, say
from clausewise.cli.options import PackOpt, choice_option, clauses_option, lang_option, output_option
from clausewise.cli.rules import load
from clausewise.packnames import DEFAULT_PACK

app = new_group("Self-assessment: write the evidence questionnaire (YAML or workbook), convert dossiers.")

TEMPLATE_FORMATS = ("yaml", "xlsx")


@app.command("template")
def evidence_template_cmd(
    clause: Annotated[
        list[str], clauses_option("Only evidence read by rules of this clause and below (repeatable; titles work).")
    ] = [],  # noqa: B006 - typer reads the default
    lang: Annotated[str, lang_option("Language of the comments (yaml) or of the sheets and headers (xlsx).")] = "en",
    pack: PackOpt = DEFAULT_PACK,
    all_sections: Annotated[
        bool, typer.Option("--all-sections", help="Every section of the evidence model, read by a rule or not.")
    ] = False,
    format: Annotated[
        str,
        choice_option(
            "--format",
            "-f",
            metavar="FORMAT",
            values=TEMPLATE_FORMATS,
            help="yaml (a commented questionnaire) or xlsx (a workbook: a sheet per kind of record; needs --output).",
        ),
    ] = "yaml",
    output: Annotated[Path | None, output_option("the template")] = None,
) -> None:
    """Write the questionnaire of the evidence the pack reads, as YAML or a workbook; it validates as written."""
    loaded = load(pack)
    if format == "xlsx":
        from clausewise.workbook.build import template_workbook

        emit(guard(lambda: template_workbook(loaded, clause, lang, all_sections=all_sections)), output)
    else:
        from clausewise.questionnaire.template import evidence_template

        emit(guard(lambda: evidence_template(loaded, clause, lang, all_sections=all_sections)), output)
    if output is not None:
        shown = f"clauses {', '.join(clause)}" if clause else "every clause"
        what = "evidence workbook" if format == "xlsx" else "evidence template"
        say(f"wrote {output} ({what}, {lang}, {shown})")


@app.command("convert")
def evidence_convert_cmd(
    dossier: Annotated[Path, typer.Argument(metavar="DOSSIER", help="A dossier file or folder (.yaml, .json, .xlsx).")],
    output: Annotated[Path, output_option("the dossier as FILE.xlsx or FILE.yaml")],
    lang: Annotated[str, lang_option("Language of a workbook's sheets and headers.")] = "en",
) -> None:
    """Convert a dossier (YAML, JSON, workbook or folder) into one workbook or one YAML file: the same facts."""
    from clausewise.dossiers.convert import convert

    emit(guard(lambda: convert([dossier], output, lang)), output)
    say(f"wrote {output} (dossier {dossier})")
