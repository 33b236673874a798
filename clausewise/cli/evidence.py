"""``clausewise evidence``: the self-assessment questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clausewise.cli.base import new_group
from clausewise.cli.common import emit, guard, say
from clausewise.cli.options import PackOpt, clauses_option, lang_option, output_option
from clausewise.cli.rules import load

app = new_group("Self-assessment: write the evidence questionnaire.")


@app.command("template")
def evidence_template_cmd(
    clause: Annotated[
        list[str], clauses_option("Only evidence read by rules of this clause and below (repeatable; titles work).")
    ] = [],  # noqa: B006 - typer reads the default
    lang: Annotated[str, lang_option("Language of the comments.")] = "en",
    pack: PackOpt = "iso9001",
    all_sections: Annotated[
        bool, typer.Option("--all-sections", help="Every section of the evidence model, read by a rule or not.")
    ] = False,
    output: Annotated[Path | None, output_option("the template")] = None,
) -> None:
    """Write a commented YAML questionnaire of the evidence the pack reads; it validates as a dossier as written."""
    from clausewise.evidence.template import evidence_template

    loaded = load(pack)
    text = guard(lambda: evidence_template(loaded, clause, lang, all_sections=all_sections))
    emit(text, output)
    if output is not None:
        shown = f"clauses {', '.join(clause)}" if clause else "every clause"
        say(f"wrote {output} (evidence template, {lang}, {shown})")
