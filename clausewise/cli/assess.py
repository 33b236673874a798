"""Top-level commands about dossiers and results: assess, report, validate, schema (and the hidden docs)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, cast

import typer

from clausewise.cli.common import emit, guard, parse_date, parse_params, say, usage
from clausewise.cli.options import (
    DEFAULT_MAX_MB,
    DEFAULT_RESULT_MAX_MB,
    EVALUATORS,
    FAIL_ON,
    DossierArg,
    FormatOpt,
    MaxSizeOpt,
    PacksOpt,
    ReportLangOpt,
    ResultMaxSizeOpt,
    choice_option,
    clauses_option,
    megabytes,
    output_option,
)
from clausewise.cli.progress import Progress
from clausewise.cli.rules import load, load_many
from clausewise.cli.say import findings_summary, plural, wrote
from clausewise.cli.store import StoreOpt, assess_into_audit
from clausewise.packnames import DEFAULT_PACK

if TYPE_CHECKING:
    from clausewise.engine.assess import Evaluator
    from clausewise.engine.results import Assessment
    from clausewise.reports.stream import Brief
    from clausewise.rules.loader import Pack


def loading(progress: Progress, what: str, n: int, total: int, file: Path) -> None:
    """Progress through a folder's files: ``loading evidence/ (2/3): file 4/12 people.yaml``."""
    if total > 1:
        progress.stage(f"{what}: file {n}/{total} {file.name}")


def prepared(result: Assessment, *, wanted: list[str], fmt: str, lang: str, single: bool) -> tuple[Brief, str | bytes]:
    """A result as the report needs it, made in the child that assessed it (``--jobs``): its brief and its piece."""
    from clausewise.engine.select import select_clauses
    from clausewise.reports.stream import Brief, piece

    result = select_clauses(result, wanted) if wanted else result
    return Brief.of(result), piece(result, fmt, lang, single=single)


def batch_stage(done: int, total: int, jobs: int) -> str:
    """Progress of a batch: ``assessing dossiers: 12/200 done, 2 at a time``."""
    return f"assessing dossiers: {done}/{total} done, {jobs} at a time"


def parse_clauses(texts: list[str]) -> list[str]:
    """``--clause`` values in normal form (titles and 2008 numbers resolved); a bad one is a usage error."""
    from clausewise.clauses import normalize_clause

    wanted: list[str] = []
    for text in texts:
        try:
            key = normalize_clause(text)
        except ValueError as exc:
            usage(f"--clause {text!r}: {exc}")
        if key not in wanted:
            wanted.append(key)
    return wanted


def check_clauses(wanted: list[str], packs: list[Pack]) -> None:
    """Each selected clause must be in a pack's clause tree, or nothing would be shown for it."""
    from clausewise.clauses import is_within

    for key in wanted:
        if not any(is_within(c, key) for pack in packs for c in pack.manifest.clauses):
            names = ", ".join(p.id for p in packs)
            usage(f"--clause {key}: no such clause in pack {names}; see 'clausewise rules coverage'")


def params_of(pack: Pack, params: dict[str, str], packs: list[Pack]) -> dict[str, str]:
    """With several packs, each gets the ``--param`` values it declares; one naming no pack's is refused."""
    if len(packs) == 1:
        return params  # the pack itself reports an unknown name, with the ones it knows
    for key in params:
        if not any(key in p.manifest.params for p in packs):
            known = ", ".join(sorted({k for p in packs for k in p.manifest.params}))
            usage(f"--param {key}: no pack in use ({', '.join(p.id for p in packs)}) has it; known: {known}")
    return {k: v for k, v in params.items() if k in pack.manifest.params}


def assess_cmd(
    dossiers: DossierArg,
    pack: PacksOpt = [],  # noqa: B006 - typer reads the default; none given: DEFAULT_PACK
    format: FormatOpt = "table",
    lang: ReportLangOpt = "en",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Reference date for interval rules (default: the audit date)."),
    ] = None,
    param: Annotated[
        list[str],
        typer.Option("--param", metavar="KEY=VALUE", help="Override a pack parameter (repeatable)."),
    ] = [],  # noqa: B006 - typer reads the default
    output: Annotated[Path | None, output_option("the report")] = None,
    fail_on: Annotated[
        str,
        choice_option(
            "--fail-on",
            metavar="LEVEL",
            values=FAIL_ON,
            help="Exit 1 when a finding at or above LEVEL exists: N, O (N or O), never.",
        ),
    ] = "N",
    evaluator: Annotated[
        str,
        choice_option(
            "--evaluator",
            metavar="ENGINE",
            values=EVALUATORS,
            help="Matching engine: durable, or reference (the plain-Python oracle).",
        ),
    ] = "durable",
    clause: Annotated[
        list[str],
        clauses_option(
            help="Show only this clause and the clauses below it (repeatable; titles such as 管理评审 and "
            "2008:7.5.3 work); the summary and --fail-on count what is shown.",
        ),
    ] = [],  # noqa: B006 - typer reads the default
    isolate: Annotated[
        bool,
        typer.Option(
            "--isolate",
            help="Assess each dossier in a child process: an engine crash or a dossier past --timeout loses only "
            "that dossier (exit 3). Several dossiers are always isolated.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            help="Time limit per dossier; a dossier past it is reported as timed out and the batch goes on "
            "(implies --isolate) [default: 600 when isolated].",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Dossiers assessed at once, each in its own child process; results are still written in input "
            "order [default: the number of cores].",
        ),
    ] = None,
    max_size: MaxSizeOpt = DEFAULT_MAX_MB,
    audit: Annotated[
        int | None,
        typer.Option("--audit", metavar="AUDIT", help="Record into this stored audit; the report shows its decisions."),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Assess dossiers against rule packs and print a judgment for every clause (one report, a part per pack)."""
    from clausewise.dossiers import READERS, load_dossier
    from clausewise.engine.assess import assess
    from clausewise.engine.isolate import DEFAULT_TIMEOUT, EngineCrash, assess_batch, cpu_count
    from clausewise.engine.select import select_clauses
    from clausewise.reports import REPORT_FORMATS, render
    from clausewise.reports.stream import Brief, exit_code, report_stream

    params = parse_params(param)
    when = parse_date(as_of)
    engine = cast("Evaluator", evaluator)  # one of EVALUATORS: the option's parser checked it
    max_bytes = megabytes(max_size)
    crashes = 0
    names = list(dict.fromkeys(pack)) or [DEFAULT_PACK]
    if audit is not None:
        if len(dossiers) != 1 or isolate or len(names) != 1:
            usage("--audit records one dossier against one pack, without --isolate")
        load(names[0])  # its clause tree reads --clause titles
        wanted = parse_clauses(clause)
        decided = guard(lambda: assess_into_audit(audit, store, dossiers[0], names[0], params, when, engine))
        shown = [select_clauses(decided, wanted)] if wanted else [decided]
        emit(render(shown, format, lang), output)
        told = [Brief.of(a) for a in shown]
        finish(told, exit_code(told, fail_on), output, format, fail_on)
    chosen = REPORT_FORMATS[format]
    if chosen.binary and output is None and sys.stdout.isatty():
        usage(f"{chosen.name} is binary: give --output FILE{chosen.suffix} (or redirect standard output)")
    isolated = isolate or timeout is not None or len(dossiers) > 1
    limit = timeout if timeout is not None else DEFAULT_TIMEOUT
    briefs: list[Brief] = []

    def run(progress: Progress) -> None:
        nonlocal crashes
        progress.stage(f"loading pack {', '.join(names)}")
        packs = load_many(names)  # first: their clause trees read --clause titles and the dossiers' clauses
        wanted = parse_clauses(clause)
        check_clauses(wanted, packs)
        # one dossier and one pack: a JSON object; else a list. Results are written as they come (reports/stream.py).
        single = len(dossiers) == 1 and len(packs) == 1
        with report_stream(output, format, lang, single=single) as stream:

            def write(results: list[Assessment]) -> None:
                for result in results:
                    result = select_clauses(result, wanted) if wanted else result
                    briefs.append(Brief.of(result))
                    stream.add(result)

            if isolated:
                runs = [(loaded, params_of(loaded, params, packs)) for loaded in packs]
                width = jobs if jobs is not None else cpu_count()
                prepare = partial(prepared, wanted=wanted, fmt=format, lang=lang, single=single)
                outcomes = assess_batch(
                    dossiers,
                    runs,
                    as_of=when,
                    evaluator=engine,
                    timeout=limit,
                    max_bytes=max_bytes,
                    jobs=width,
                    prepare=prepare,
                    readers=READERS,
                )
                progress.stage(batch_stage(0, len(dossiers), width))
                for n, (_path, outcome) in enumerate(outcomes, 1):
                    progress.stage(batch_stage(n, len(dossiers), width))
                    if isinstance(outcome, EngineCrash):
                        crashes += 1
                        say(f"error: {outcome}")
                        continue
                    for brief, part in outcome:
                        briefs.append(brief)
                        stream.put(part)
            else:
                path = dossiers[0]
                progress.stage(f"loading {path}")
                dossier = load_dossier(path, on_file=partial(loading, progress, f"loading {path}"), max_bytes=max_bytes)
                progress.stage(f"assessing {path}: {plural(len(dossier.items()), 'item')}")
                results = [  # one assessment per pack, all in the one report
                    assess(dossier, loaded, params=params_of(loaded, params, packs), as_of=when, evaluator=engine,
                           files=[str(path)])
                    for loaded in packs
                ]  # fmt: skip
                del dossier
                write(results)
            progress.stage(f"writing the {format} report")

    with Progress() as progress:
        try:
            guard(partial(run, progress))
        except OSError as exc:
            usage(f"cannot write --output {output}: {exc.strerror or exc}")
    finish(briefs, 3 if crashes else exit_code(briefs, fail_on), output, format, fail_on)


def finish(briefs: list[Brief], code: int, output: Path | None, fmt: str, fail_on: str) -> NoReturn:
    """Say what was written (and, on exit 1, which findings caused it), then exit with ``code``.

    A notice (a dossier without ``audit``) is also said on stderr, located: the report may go to a file.
    """
    for brief in briefs:
        for line in brief.notices:
            say(f"warning: {line}")
    if output is not None:
        say(wrote(output, fmt, briefs))
        if code == 1:
            say(findings_summary(briefs, fail_on, output))
    raise typer.Exit(code)


def report_cmd(
    result: Annotated[
        Path, typer.Argument(metavar="RESULT", help="A saved result of 'assess -f json' (one object or a list).")
    ],
    format: FormatOpt = "table",
    lang: ReportLangOpt = "en",
    output: Annotated[Path | None, output_option("the report")] = None,
    max_size: ResultMaxSizeOpt = DEFAULT_RESULT_MAX_MB,
) -> None:
    """Render a saved JSON result without re-running the assessment."""
    from clausewise.reports import render
    from clausewise.reports.saved import load_results
    from clausewise.reports.stream import Brief

    with Progress() as progress:
        progress.stage(f"reading {result}")
        results, single = guard(lambda: load_results(result, max_bytes=megabytes(max_size)))
        progress.stage(f"writing the {format} report")
        emit(render(results, format, lang, single=single), output)
    if output is not None:
        say(wrote(output, format, [Brief.of(a) for a in results]))


def validate_cmd(
    dossiers: DossierArg,
    pack: Annotated[
        list[str],
        typer.Option(
            "--pack",
            "-p",
            metavar="PACK",
            help="Validate with this pack's own evidence sections and clause tree in force (built-in name or pack "
            "folder); repeat for several. Without it: the built-in sections.",
        ),
    ] = [],  # noqa: B006 - typer reads the default
    max_size: MaxSizeOpt = DEFAULT_MAX_MB,
) -> None:
    """Check dossiers without assessing them: every problem with file:line:column."""
    from clausewise.dossiers import load_dossier
    from clausewise.i18n import UI

    failed = False
    with Progress() as progress:
        if pack:
            progress.stage(f"loading pack {', '.join(dict.fromkeys(pack))}")
            load_many(list(dict.fromkeys(pack)))  # their sections and clause trees, until the command ends
        for n, path in enumerate(dossiers, 1):
            progress.stage(f"checking {path}" + (f" ({n}/{len(dossiers)})" if len(dossiers) > 1 else ""))
            try:
                on_file = partial(loading, progress, f"checking {path}")
                dossier = guard(partial(load_dossier, path, on_file=on_file, max_bytes=megabytes(max_size)))
            except typer.Exit:
                failed = True  # the problems are printed; go on checking the other dossiers
                continue
            sections = sorted(dossier.supplied())
            counts = f"{plural(len(dossier.items()), 'item')} in {plural(len(sections), 'section')}"
            typer.echo(f"ok: {path}: {counts} ({', '.join(sections)})")
            if dossier.audit is None:  # valid, but nobody's audit: say so where the user looks (docs/evidence.md)
                say(f"warning: {path}: {UI['no_audit']['en']}")
    if failed:
        raise typer.Exit(2)


def schema_cmd(output: Annotated[Path | None, output_option("the schema")] = None) -> None:
    """Print the JSON Schema of the assessment result (what --format json writes), as shipped in the package."""
    from clausewise.engine.results import SCHEMA_VERSION
    from clausewise.reports.schema import shipped_schema_text

    emit(shipped_schema_text(), output)
    if output is not None:
        say(f"wrote {output} (JSON Schema of the result, schema version {SCHEMA_VERSION})")


def docs_cmd(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER",
            help="Where to write evidence.md, glossary.md and rules-<pack>.md (and the generated parts of reports.md "
            "and rule-format.md).",
        ),
    ],
    examples: Annotated[Path, typer.Option(metavar="FOLDER", help="Example dossiers quoted in evidence.md.")] = Path(
        "examples"
    ),
) -> None:
    """Regenerate the reference docs from the code, the built-in packs and the example dossiers."""
    from clausewise.docgen import (
        REGIONS,
        collect_examples,
        evidence_markdown,
        glossary_markdown,
        rules_markdown,
        with_generated,
    )
    from clausewise.reports.atomic import write_atomic
    from clausewise.rules.loader import load_pack
    from clausewise.rules.registry import BUILTIN_PACKS, builtin_pack_path

    folders = [f for f in (examples, *(builtin_pack_path(n) / "tests" for n in BUILTIN_PACKS)) if f.is_dir()]
    quoted = guard(partial(collect_examples, *folders))
    write_atomic(folder / "evidence.md", evidence_markdown(quoted))
    write_atomic(folder / "glossary.md", glossary_markdown())
    for name in BUILTIN_PACKS:
        write_atomic(folder / f"rules-{name}.md", rules_markdown(guard(partial(load_pack, name))))
    for page in REGIONS:  # hand-written pages; only a region of each is generated
        if (folder / page).is_file():
            write_atomic(folder / page, with_generated(page, (folder / page).read_text(encoding="utf-8")))
