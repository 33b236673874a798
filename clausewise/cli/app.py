"""The ``clausewise`` command: a thin layer over the library.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings; 2 bad input or usage; 3 the engine
crashed on a dossier (with ``--isolate``; the other dossiers' results are still written). A user error never
prints a traceback: it prints ``file:line:column: field: message`` lines on stderr.

The commands live in modules of this package, one job each (``assess.py``: dossiers and results;
``rules.py``, ``evidence.py``: those groups). A new group is a module with ``app = new_group("...")``
(see :mod:`clausewise.cli.base`) plus one ``app.add_typer`` line below. Modules import the library inside
their command functions, so ``clausewise --help`` and ``clausewise version`` load no models, engine or reports.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from clausewise import __version__
from clausewise.cli import assess, evidence, rules, store
from clausewise.cli.base import HELP_OPTIONS, new_group

app = new_group(
    "Judge ISO 9001 audit evidence clause by clause: C, N (major/minor), O, NA, insufficient evidence, "
    "needs review, with the rule, the facts and the remedy behind each judgment.",
    name="clausewise",
    add_completion=True,
    context_settings={"help_option_names": HELP_OPTIONS},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"clausewise {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit."),
    ] = False,
) -> None:
    """Global options (the help text is the group's, above)."""


app.command("assess")(assess.assess_cmd)
app.command("report")(assess.report_cmd)
app.command("validate")(assess.validate_cmd)
app.command("schema")(assess.schema_cmd)
app.command("docs", hidden=True)(assess.docs_cmd)


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    typer.echo(f"clausewise {__version__}")


app.add_typer(rules.app, name="rules")
app.add_typer(evidence.app, name="evidence")
# the audit store (store.py): groups, and the commands that read across audits
app.add_typer(store.audit_app, name="audit")
app.add_typer(store.decide_app, name="decide")
app.add_typer(store.store_app, name="store")
app.command("history")(store.history_cmd)
app.command("diff")(store.diff_cmd)
rules.app.command("stats")(store.rules_stats_cmd)


def main() -> Any:
    """Console-script entry point."""
    return app()
