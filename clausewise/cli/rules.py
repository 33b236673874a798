"""``clausewise rules``: list, show and test rule packs."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer._click.globals import get_current_context  # typer vendors click (see cli/base.py)

from clausewise.cli.base import new_group
from clausewise.cli.common import guard, say, usage
from clausewise.cli.options import PackArg, PackOpt, lang_option
from clausewise.cli.progress import Progress
from clausewise.cli.say import plural
from clausewise.packnames import DEFAULT_PACK

if TYPE_CHECKING:
    from clausewise.rules.loader import Pack

app = new_group("List, show and test rule packs.")

ClauseOpt = Annotated[
    str | None, typer.Option("--clause", "-c", metavar="CLAUSE", help="Only rules of this clause and below.")
]


def load(name: str) -> Pack:
    """The pack named or found at ``name``; a bad pack exits 2 with every problem located.

    Its clause tree is put in force for the rest of the command: ``--clause`` titles and the clauses a dossier
    names are read as this pack names them.
    """
    return load_many([name])[0]


def load_many(names: list[str]) -> list[Pack]:
    """The packs named, their clause trees in force together for the rest of the command (see :func:`load`)."""
    from clausewise.evidence.sections import declared_sections
    from clausewise.packtree import clause_trees
    from clausewise.rules.loader import load_pack

    packs = [guard(partial(load_pack, name)) for name in names]
    get_current_context().with_resource(clause_trees(*(p.tree for p in packs)))  # until the command ends
    sections = {name: decl for p in packs for name, decl in p.manifest.sections.items()}
    guard(partial(get_current_context().with_resource, declared_sections(sections)))  # and their own sections
    return packs


@app.command("packs")
def rules_packs(lang: Annotated[str, lang_option("Language of the pack titles.")] = "en") -> None:
    """List the packs usable by name with --pack: built-in, and installed by other Python packages."""
    from clausewise.errors import InputErrors
    from clausewise.rules.loader import load_pack
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
        title = loaded.manifest.title.get(lang)
        rules = plural(len(loaded.rules), "rule")
        typer.echo(f"{ref.name}  {loaded.manifest.version}  {title}  [{ref.origin}, {rules}]")


@app.command("list")
def rules_list(
    pack: PackOpt = DEFAULT_PACK,
    clause: ClauseOpt = None,
    lang: Annotated[str, lang_option("Language of the rule titles.")] = "en",
) -> None:
    """List the rules of a pack, by clause."""
    from clausewise.clauses import clause_sort_key, is_within, normalize_clause

    loaded = load(pack)
    wanted = None
    if clause is not None:
        try:
            wanted = normalize_clause(clause)
        except ValueError as exc:
            usage(str(exc))
    rows = sorted(loaded.rules, key=lambda r: (clause_sort_key(r.rule.clause), r.rule.id))
    shown = 0
    for item in rows:
        r = item.rule
        if wanted is not None and not is_within(r.clause, wanted):
            continue
        grade = f"/{r.grade}" if r.grade else ""
        typer.echo(f"{r.clause:<9} {r.judgment.value + grade:<9} {r.id:<40} {r.title.get(lang)}")
        shown += 1
    if wanted is not None and shown == 0:
        say(f"no rules for clause {wanted} in pack {loaded.id}")
    if loaded.inherited is not None:
        for rule_id, why in sorted(loaded.inherited.all_disabled().items()):
            typer.echo(f"{'off':<9} {'-':<9} {rule_id:<40} {why.get(lang)}")


@app.command("show")
def rules_show(
    rule: Annotated[str, typer.Argument(metavar="RULE", help="Rule id.")],
    pack: PackOpt = DEFAULT_PACK,
    compiled: Annotated[bool, typer.Option("--compiled", help="Also print the durable-rules JSON.")] = False,
) -> None:
    """Show one rule: texts in both languages, the evidence it reads, its conditions."""
    from clausewise.engine.basis import cite
    from clausewise.rules.lower import lower_rule, resolve_params

    loaded = load(pack)
    item = loaded.rule(rule)
    if item is None:
        usage(f"no rule '{rule}' in pack {loaded.id}; see 'clausewise rules list'")
    r = item.rule
    params = resolve_params(loaded.manifest, {})
    ir = lower_rule(r, params)
    typer.echo(f"{r.id}  ({item.location})")
    typer.echo(f"clause: {r.clause}   judgment: {r.judgment.value}" + (f" ({r.grade})" if r.grade else ""))
    typer.echo(f"basis: {r.basis.kind.value} — {cite(r.basis, loaded.manifest.standard).en}")
    if r.basis.text:
        typer.echo(f"  en: {r.basis.text.en}\n  zh: {r.basis.text.zh}")
    for part in ("title", "message", "remedy"):
        text = getattr(r, part)
        typer.echo(f"{part}:\n  en: {text.en}\n  zh: {text.zh}")
    typer.echo("reads: " + ", ".join(sorted(ir.sections)))
    typer.echo("rule (as written):")
    typer.echo(json.dumps(r.model_dump(mode="json", exclude_none=True, by_alias=True), ensure_ascii=False, indent=2))
    if compiled:
        from clausewise.engine.assess import compile_pack  # only here: showing a rule needs no engine

        durable = compile_pack(loaded, params).engine.compiled(r.id)
        typer.echo(f"compiled: {plural(len(durable), 'durable-rules rule')}")
        for ruleset, name, definition in durable:
            typer.echo(f"durable-rules rule {name} (ruleset {ruleset}):")
            typer.echo(json.dumps(definition, ensure_ascii=False, indent=2))


@app.command("coverage")
def rules_coverage(
    pack: PackOpt = DEFAULT_PACK,
    lang: Annotated[str, lang_option("Language of the clause titles.")] = "en",
) -> None:
    """Print the clause tree with each clause's mechanical rules and review prompts; mark leaves with none."""
    from clausewise.rules.coverage import pack_coverage, render_coverage

    typer.echo(render_coverage(pack_coverage(load(pack)), lang), nl=False)


@app.command("test")
def rules_test(
    pack: PackArg = DEFAULT_PACK,
) -> None:
    """Run the pack's fixture dossiers (tests/*.yaml) through both evaluators and check expectations."""
    from clausewise.fixtures import fixture_plan, run_pack_tests

    loaded = load(pack)
    with Progress() as progress:
        total = len(fixture_plan(loaded))
        report = guard(lambda: run_pack_tests(loaded, lambda n, path: progress.stage(f"fixture {n}/{total}: {path}")))
    for result in report.results:
        status = "ok  " if result.ok else "FAIL"
        origin = f"[{result.origin}] " if result.origin else ""
        typer.echo(f"{status} {origin}{result.path}")
        for failure in result.failures:
            typer.echo(f"     {failure}")
    for problem in report.uncovered:
        typer.echo(f"FAIL {problem}")
    passed = sum(r.ok for r in report.results)
    failed = len(report.results) - passed + len(report.uncovered)
    inherited = [r for r in report.results if r.origin]
    if inherited:
        skipped = sum(r.skipped for r in inherited)
        typer.echo(
            f"{plural(len(inherited), 'fixture')} of the base pack(s) run against {loaded.id}; "
            f"{plural(skipped, 'expectation')} left out (rules {loaded.id} switches off, clauses it changes)"
        )
    typer.echo(f"{passed} passed, {failed} failed")
    raise typer.Exit(0 if report.ok else 1)


@app.command("new")
def rules_new(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Pack name: a Python package name (acme, acme_qms).")],
    into: Annotated[Path, typer.Option("--into", metavar="FOLDER", help="Where to create the NAME folder.")] = Path(),
    extends: Annotated[
        str | None, typer.Option("--extends", metavar="PACK", help="Make an overlay of this pack (e.g. iso9001).")
    ] = None,
) -> None:
    """Create a pack to edit: manifest, a rule, fixtures where it fires and stays silent, a pyproject, schemas."""
    from clausewise.rules.scaffold import scaffold

    if extends is not None:
        load(extends)  # a base that does not load is refused now
    root = guard(partial(scaffold, name, into, extends))
    say(f"wrote {root} (pack {name}); next: clausewise rules test {root / name}")


@app.command("lint")
def rules_lint(
    pack: PackArg = DEFAULT_PACK,
    notes: Annotated[bool, typer.Option("--notes/--no-notes", help="Also list unread sections, bare clauses.")] = True,
) -> None:
    """Find rules that can never fire or always fire, duplicates, missing translation, unread evidence.

    Exit 1 when there is an error or a warning; notes (unread sections, clauses without rules) do not fail.
    """
    from clausewise.rules.lint import lint_pack

    found = lint_pack(load(pack))
    for finding in found:
        if notes or finding.level != "note":
            typer.echo(str(finding))
    counts = {level: sum(f.level == level for f in found) for level in ("error", "warning", "note")}
    typer.echo(", ".join(plural(n, level) for level, n in counts.items()))
    raise typer.Exit(1 if counts["error"] or counts["warning"] else 0)
