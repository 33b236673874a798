"""The ``clausewise`` command: a thin layer over the library.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings; 2 bad input or usage; 3 the engine
crashed on a dossier (with ``--isolate``; the other dossiers' results are still written). A user error never
prints a traceback: it prints ``file:line:column: field: message`` lines on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from clausewise import __version__
from clausewise.clauses import clause_sort_key, is_within, normalize_clause
from clausewise.engine.assess import assess, compile_pack
from clausewise.engine.isolate import EngineCrash, assess_isolated
from clausewise.engine.results import Assessment
from clausewise.errors import InputErrors
from clausewise.evidence.loader import load_dossier
from clausewise.reports import render
from clausewise.reports.atomic import write_atomic
from clausewise.reports.saved import load_results
from clausewise.rules.fixtures import run_pack_tests
from clausewise.rules.loader import Pack, load_pack
from clausewise.rules.lower import lower_rule, resolve_params

app = typer.Typer(
    name="clausewise",
    help="Judge ISO 9001 audit evidence clause by clause: C, N (major/minor), O, NA, insufficient evidence, "
    "needs review, with the rule, the facts and the remedy behind each judgment.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
rules_app = typer.Typer(help="List, show and test rule packs.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rules_app, name="rules")
evidence_app = typer.Typer(
    help="Self-assessment: write the evidence questionnaire.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(evidence_app, name="evidence")


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    docx = "docx"
    junit = "junit"


FORMAT_HELP = (
    "Output format: table (terminal), json (machines; schema v1), markdown (tickets, wikis), html (one "
    "self-contained page), docx (the 审核记录表 audit record, needs --output), junit (CI test report)."
)


class Lang(StrEnum):
    en = "en"
    zh = "zh"


class FailOn(StrEnum):
    N = "N"
    O = "O"  # noqa: E741
    never = "never"


class EvaluatorChoice(StrEnum):
    durable = "durable"
    reference = "reference"


T = TypeVar("T")


def _guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; user errors become located messages on stderr and exit code 2."""
    try:
        return fn()
    except InputErrors as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2) from None


def _usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _usage(f"--param expects KEY=VALUE, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _usage(f"--as-of expects a date YYYY-MM-DD, got {text!r}")


def _emit(report: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(report, bytes):
            if sys.stdout.isatty():
                _usage("this format is binary: give --output FILE (or redirect standard output)")
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
        _usage(f"cannot write --output {output}: {exc.strerror or exc}")


def _exit_code(results: list[Assessment], fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return 0
    levels = {"N"} if fail_on is FailOn.N else {"N", "O"}
    return 1 if any(a.findings_at(levels) for a in results) else 0


DossierArg = Annotated[
    list[Path],
    typer.Argument(help="Dossier files or folders; each argument is one dossier (a folder's files are merged)."),
]
PackOpt = Annotated[str, typer.Option("--pack", "-p", help="Built-in pack name or pack folder.")]


@app.command("assess")
def assess_cmd(
    dossiers: DossierArg,
    pack: PackOpt = "iso9001",
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.table,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the report.")] = Lang.en,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Reference date for interval rules (default: the audit date).")
    ] = None,
    param: Annotated[
        list[str], typer.Option("--param", help="Override a pack parameter, KEY=VALUE (repeatable).")
    ] = [],  # noqa: B006 - typer reads the default
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (atomically).")] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding at or above this level exists.")
    ] = FailOn.N,
    evaluator: Annotated[
        EvaluatorChoice, typer.Option("--evaluator", help="Matching engine (reference: the plain-Python oracle).")
    ] = EvaluatorChoice.durable,
    isolate: Annotated[
        bool,
        typer.Option(
            "--isolate",
            help="Assess each dossier in a child process: an engine crash loses only that dossier (exit 3).",
        ),
    ] = False,
) -> None:
    """Assess dossiers against a rule pack and print a judgment for every clause."""
    params = _parse_params(param)
    when = _parse_date(as_of)
    crashes: list[EngineCrash] = []

    def run() -> list[Assessment]:
        loaded = load_pack(pack)
        results = []
        for path in dossiers:
            if isolate:
                outcome = assess_isolated(path, loaded, params=params, as_of=when, evaluator=evaluator.value)
                if isinstance(outcome, EngineCrash):
                    crashes.append(outcome)
                    typer.echo(f"error: {outcome}", err=True)
                    continue
                results.append(outcome)
                continue
            dossier = load_dossier(path)
            results.append(
                assess(dossier, loaded, params=params, as_of=when, evaluator=evaluator.value, files=[str(path)])
            )
        return results

    results = _guard(run)
    # one dossier: a JSON object; several: a list
    report = render(results, format.value, lang.value, single=len(dossiers) == 1 and len(results) == 1)
    _emit(report, output)
    raise typer.Exit(3 if crashes else _exit_code(results, fail_on))


@app.command("report")
def report_cmd(
    result: Annotated[Path, typer.Argument(help="A saved result of 'assess -f json' (one object or a list).")],
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.table,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the report.")] = Lang.en,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (atomically).")] = None,
) -> None:
    """Render a saved JSON result without re-running the assessment."""
    results, single = _guard(lambda: load_results(result))
    _emit(render(results, format.value, lang.value, single=single), output)


@app.command()
def validate(dossiers: DossierArg) -> None:
    """Check dossiers without assessing them: every problem with file:line:column."""
    failed = False
    for path in dossiers:
        try:
            dossier = _guard(partial(load_dossier, path))
        except typer.Exit:
            failed = True  # the problems are printed; go on checking the other dossiers
            continue
        sections = sorted(dossier.supplied())
        typer.echo(f"ok: {path}: {len(dossier.items())} items in {len(sections)} sections ({', '.join(sections)})")
    if failed:
        raise typer.Exit(2)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the schema here (atomically).")] = None,
) -> None:
    """Print the JSON Schema of the assessment result (what --format json writes), as shipped in the package."""
    from clausewise.reports.schema import shipped_schema_text

    _emit(shipped_schema_text(), output)


@app.command(hidden=True)
def docs(
    folder: Annotated[Path, typer.Argument(help="Where to write evidence.md and rules-<pack>.md.")],
    examples: Annotated[Path, typer.Option(help="Example dossiers quoted in evidence.md.")] = Path("examples"),
) -> None:
    """Regenerate the reference docs from the code, the built-in packs and the example dossiers."""
    from clausewise.docgen import collect_examples, evidence_markdown, rules_markdown
    from clausewise.rules.registry import BUILTIN_PACKS, builtin_pack_path

    folders = [f for f in (examples, builtin_pack_path("iso9001") / "tests") if f.is_dir()]
    quoted = _guard(partial(collect_examples, *folders))
    write_atomic(folder / "evidence.md", evidence_markdown(quoted))
    for name in BUILTIN_PACKS:
        write_atomic(folder / f"rules-{name}.md", rules_markdown(_pack(name)))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"clausewise {__version__}")


def _pack(name: str) -> Pack:
    return _guard(lambda: load_pack(name))


@rules_app.command("packs")
def rules_packs(lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en) -> None:
    """List the packs usable by name with --pack: built-in, and installed by other Python packages."""
    from clausewise.rules.registry import named_packs

    for ref in named_packs().values():
        if ref.path is None:
            typer.echo(f"{ref.name}  [{ref.origin}]  unusable: {ref.error}")
            continue
        try:
            loaded = load_pack(ref.path)
        except InputErrors as exc:
            typer.echo(f"{ref.name}  [{ref.origin}]  invalid: {exc.problems[0]}")
            continue
        title = loaded.manifest.title.get(lang.value)
        typer.echo(f"{ref.name}  {loaded.manifest.version}  {title}  [{ref.origin}, {len(loaded.rules)} rules]")


@rules_app.command("list")
def rules_list(
    pack: PackOpt = "iso9001",
    clause: Annotated[str | None, typer.Option("--clause", "-c", help="Only rules of this clause and below.")] = None,
    lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en,
) -> None:
    """List the rules of a pack, by clause."""
    loaded = _pack(pack)
    wanted = None
    if clause is not None:
        try:
            wanted = normalize_clause(clause)
        except ValueError as exc:
            _usage(str(exc))
    rows = sorted(loaded.rules, key=lambda r: (clause_sort_key(r.rule.clause), r.rule.id))
    shown = 0
    for item in rows:
        r = item.rule
        if wanted is not None and not is_within(r.clause, wanted):
            continue
        grade = f"/{r.grade}" if r.grade else ""
        typer.echo(f"{r.clause:<9} {r.judgment.value + grade:<9} {r.id:<40} {r.title.get(lang.value)}")
        shown += 1
    if wanted is not None and shown == 0:
        typer.echo(f"no rules for clause {wanted} in pack {loaded.id}", err=True)


@rules_app.command("show")
def rules_show(
    rule: Annotated[str, typer.Argument(help="Rule id.")],
    pack: PackOpt = "iso9001",
    compiled: Annotated[bool, typer.Option("--compiled", help="Also print the durable-rules JSON.")] = False,
) -> None:
    """Show one rule: texts in both languages, the evidence it reads, its conditions."""
    loaded = _pack(pack)
    item = loaded.rule(rule)
    if item is None:
        _usage(f"no rule '{rule}' in pack {loaded.id}; see 'clausewise rules list'")
    r = item.rule
    params = resolve_params(loaded.manifest, {})
    ir = lower_rule(r, params)
    typer.echo(f"{r.id}  ({item.location})")
    typer.echo(f"clause: {r.clause}   judgment: {r.judgment.value}" + (f" ({r.grade})" if r.grade else ""))
    for part in ("title", "message", "remedy"):
        text = getattr(r, part)
        typer.echo(f"{part}:\n  en: {text.en}\n  zh: {text.zh}")
    typer.echo("reads: " + ", ".join(sorted(ir.sections)))
    typer.echo("rule (as written):")
    typer.echo(json.dumps(r.model_dump(mode="json", exclude_none=True, by_alias=True), ensure_ascii=False, indent=2))
    if compiled:
        engine = compile_pack(loaded, params).engine
        for name, definition in engine.describe().items():
            if r.id in definition:
                typer.echo(f"durable-rules ruleset {name}:")
                typer.echo(json.dumps(definition[r.id], ensure_ascii=False, indent=2))


@rules_app.command("coverage")
def rules_coverage(
    pack: PackOpt = "iso9001",
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the clause titles.")] = Lang.en,
) -> None:
    """Print the clause tree with each clause's mechanical rules and review prompts; mark leaves with none."""
    from clausewise.rules.coverage import pack_coverage, render_coverage

    typer.echo(render_coverage(pack_coverage(_pack(pack)), lang.value), nl=False)


@evidence_app.command("template")
def evidence_template_cmd(
    clause: Annotated[
        list[str],
        typer.Option(
            "--clause", "-c", help="Only evidence read by rules of this clause and below (repeatable; titles work)."
        ),
    ] = [],  # noqa: B006 - typer reads the default
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the comments.")] = Lang.en,
    pack: PackOpt = "iso9001",
    all_sections: Annotated[
        bool, typer.Option("--all-sections", help="Every section of the evidence model, read by a rule or not.")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the template here (atomically).")] = None,
) -> None:
    """Write a commented YAML questionnaire of the evidence the pack reads; it validates as a dossier as written."""
    from clausewise.evidence.template import evidence_template

    loaded = _pack(pack)
    text = _guard(lambda: evidence_template(loaded, clause, lang.value, all_sections=all_sections))
    _emit(text, output)


@rules_app.command("test")
def rules_test(
    pack: Annotated[str, typer.Argument(help="Built-in pack name or pack folder.")] = "iso9001",
) -> None:
    """Run the pack's fixture dossiers (tests/*.yaml) through both evaluators and check expectations."""
    loaded = _pack(pack)
    report = _guard(lambda: run_pack_tests(loaded))
    for result in report.results:
        status = "ok  " if result.ok else "FAIL"
        typer.echo(f"{status} {result.path}")
        for failure in result.failures:
            typer.echo(f"     {failure}")
    for problem in report.uncovered:
        typer.echo(f"FAIL {problem}")
    passed = sum(r.ok for r in report.results)
    failed = len(report.results) - passed + len(report.uncovered)
    typer.echo(f"{passed} passed, {failed} failed")
    raise typer.Exit(0 if report.ok else 1)


def main() -> Any:
    """Console-script entry point."""
    return app()
