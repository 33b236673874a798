"""The audit-store commands: ``audit``, ``decide``, ``store`` groups; ``history``, ``diff``, ``rules stats``.

SQLAlchemy is imported inside the commands only, so ``clausewise --help`` and ``assess`` without ``--audit``
start as fast as before. Errors are located messages and exit code 2, as everywhere in the CLI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from clausewise.cli.base import new_group
from clausewise.cli.common import emit, guard, parse_params, say, usage
from clausewise.cli.options import FormatOpt, PackOpt, ReportLangOpt, choice_option, lang_option, output_option
from clausewise.lang import Lang
from clausewise.packnames import DEFAULT_PACK

if TYPE_CHECKING:
    from clausewise.engine.results import Assessment
    from clausewise.store.db import Store

T = TypeVar("T")

audit_app = new_group("Audits in the store: create, list, report with the auditor's decisions.")
decide_app = new_group("The auditor's decisions on an audit's findings: accept, reject, regrade, add, import.")
store_app = new_group("The audit store itself: upgrade, back up, describe.")

ROW_FORMATS = ("table", "json", "markdown")
STORE_HELP = (
    "The store: an SQLite file or a postgresql+psycopg:// URL (default: $CLAUSEWISE_STORE, else "
    "~/.local/share/clausewise/store.sqlite)."
)
StoreOpt = Annotated[str | None, typer.Option("--store", metavar="STORE", help=STORE_HELP, show_default=False)]
AuditArg = Annotated[int, typer.Argument(metavar="AUDIT", help="The audit's id (see 'clausewise audit list').")]
FindingArg = Annotated[
    str, typer.Argument(metavar="FINDING", help="The finding's stable id (rule#digest, as the reports print it).")
]
ReasonOpt = Annotated[
    str, typer.Option("--reason", "-r", metavar="TEXT", help="Why (required to reject, regrade, add).")
]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", metavar="WHO", help="Who decides (default: $CLAUSEWISE_AUDITOR, else the login name)."),
]
RowFormatOpt = Annotated[
    str, choice_option("--format", "-f", metavar="FORMAT", values=ROW_FORMATS, help="Output format.")
]
LangOpt = Annotated[Lang, lang_option()]


@contextmanager
def opened(where: str | None) -> Iterator[Store]:
    from clausewise.store.db import open_store

    store = guard(lambda: open_store(where))
    try:
        yield store
    finally:
        store.close()


def run(where: str | None, fn: Callable[[Store], T]) -> T:
    with opened(where) as store:
        return guard(lambda: fn(store))


def _by(by: str | None) -> str:
    if by:
        return by
    env = os.environ.get("CLAUSEWISE_AUDITOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _rows(items: list[Any], columns: list[tuple[str, str, str]], fmt: str, lang: Lang) -> None:
    from clausewise.reports.rows import render_rows

    rows = [dataclasses.asdict(i) if dataclasses.is_dataclass(i) and not isinstance(i, type) else i for i in items]
    emit(render_rows(rows, columns, fmt, lang), None)


# --- assess --audit (called from the assess command) -------------------------------------------------------


def assess_into_audit(
    audit: int,
    where: str | None,
    dossier: Path,
    pack: str,
    params: dict[str, str],
    as_of: dt.date | None,
    evaluator: str,
) -> Assessment:
    """Assess ``dossier`` into stored audit ``audit``; the decided result (raises InputErrors)."""
    from clausewise.store.service import assess_into

    with opened(where) as store:
        result = assess_into(store, audit, dossier, pack, params, as_of, evaluator)
    for stale in result.stale_decisions:
        say(
            f"warning: decision {stale.decision.id} ({stale.decision.action}) is stale: finding {stale.finding_id} "
            f"({stale.clause} {stale.title.en}) no longer appears"
        )
    return result


# --- audit ---------------------------------------------------------------------------------------------------

_AUDIT_COLUMNS = [
    ("id", "id", "编号"),
    ("organization", "organization", "受审核组织"),
    ("type", "type", "审核类型"),
    ("date", "date", "审核日期"),
    ("pack", "pack", "规则包"),
    ("previous", "previous", "上次审核"),
    ("assessments", "assessments", "评估次数"),
    ("decisions", "decisions", "判定数"),
]


@audit_app.command("create")
def audit_create(
    org: Annotated[
        str, typer.Option("--org", metavar="ORG", help="The audited organization, as the dossier names it.")
    ],
    type: Annotated[
        str,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="internal, stage1, stage2, surveillance, recertification or special.",
        ),
    ] = "surveillance",
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Audit date YYYY-MM-DD (default: today).")
    ] = None,
    standard: Annotated[
        str, typer.Option("--standard", metavar="STANDARD", help="The audit standard.")
    ] = "ISO 9001:2015",
    pack: PackOpt = DEFAULT_PACK,
    param: Annotated[
        list[str], typer.Option("--param", metavar="KEY=VALUE", help="Pack parameter KEY=VALUE (repeatable).")
    ] = [],  # noqa: B006
    previous: Annotated[
        int | None,
        typer.Option("--previous", metavar="AUDIT", help="The previous audit (default: the organization's latest)."),
    ] = None,
    no_previous: Annotated[bool, typer.Option("--no-previous", help="Do not link a previous audit.")] = False,
    store: StoreOpt = None,
) -> None:
    """Open an audit of an organization; its previous audit's decided N and O findings become items to verify."""
    from clausewise.rules.loader import load_pack
    from clausewise.store.service import create_audit

    try:
        when = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        usage(f"--date expects YYYY-MM-DD, got {date!r}")
    params = parse_params(param)
    guard(partial(load_pack, pack))  # a pack that does not load is refused now, not at the first assessment
    info = run(
        store,
        lambda s: create_audit(
            s,
            org,
            type=type,
            date=when,
            standard=standard,
            pack=pack,
            params=params,
            previous=previous,
            link_previous=not no_previous,
        ),
    )
    prev = f", previous audit {info.previous}" if info.previous else ""
    typer.echo(f"audit {info.id}: {info.organization}, {info.type} {info.date}{prev}")


@audit_app.command("list")
def audit_list(
    org: Annotated[str | None, typer.Option("--org", metavar="ORG", help="Only this organization's audits.")] = None,
    format: RowFormatOpt = "table",
    lang: LangOpt = "en",
    store: StoreOpt = None,
) -> None:
    """List the audits in the store, oldest first."""
    from clausewise.store.service import list_audits

    _rows(run(store, lambda s: list_audits(s, org)), _AUDIT_COLUMNS, format, lang)


@audit_app.command("report")
def audit_report(
    audit: AuditArg,
    assessment: Annotated[
        int | None, typer.Option("--assessment", metavar="ASSESSMENT", help="An earlier assessment of the audit.")
    ] = None,
    format: FormatOpt = "table",
    lang: ReportLangOpt = "en",
    output: Annotated[Path | None, output_option("the report")] = None,
    store: StoreOpt = None,
) -> None:
    """The audit's latest assessment with suggested and decided judgments, in any report format."""
    from clausewise.reports import render
    from clausewise.store.service import audit_result

    result = run(store, lambda s: audit_result(s, audit, assessment))
    emit(render([result], format, lang), output)


@audit_app.command("decisions")
def audit_decisions(
    audit: AuditArg, format: RowFormatOpt = "table", lang: LangOpt = "en", store: StoreOpt = None
) -> None:
    """Every decision of the audit, superseded ones included (what replaced them), oldest first."""
    from clausewise.store.service import decision_history

    records = run(store, lambda s: decision_history(s, audit))
    columns = [
        ("id", "id", "编号"),
        ("at", "when", "时间"),
        ("by", "by", "判定人"),
        ("action", "action", "判定"),
        ("finding_id", "finding", "发现"),
        ("clause", "clause", "条款"),
        ("judgment", "to", "改判为"),
        ("grade", "grade", "等级"),
        ("reason", "reason", "理由"),
    ]
    rows = [{k: v for k, v in dataclasses.asdict(r).items() if k != "finding_text"} for r in records]
    _rows(rows, columns, format, lang)


# --- decide ----------------------------------------------------------------------------------------------------


def _decide(store: str | None, audit: int, **item: Any) -> None:
    from clausewise.store.service import DecisionInput, decide

    ids = run(store, lambda s: decide(s, audit, [DecisionInput(**item)]))
    target = item.get("finding") or f"clause {item.get('clause')}"
    typer.echo(f"decision {ids[0]}: {item['action']} {target} (audit {audit})")


@decide_app.command("accept")
def decide_accept(
    audit: AuditArg, finding: FindingArg, reason: ReasonOpt = "", by: ByOpt = None, store: StoreOpt = None
) -> None:
    """Accept a suggested finding as it is."""
    _decide(store, audit, action="accept", finding=finding, reason=reason, by=_by(by))


@decide_app.command("reject")
def decide_reject(
    audit: AuditArg, finding: FindingArg, reason: ReasonOpt = "", by: ByOpt = None, store: StoreOpt = None
) -> None:
    """Reject a suggested finding (with a reason); it stays rejected until the evidence it cites changes."""
    _decide(store, audit, action="reject", finding=finding, reason=reason, by=_by(by))


ToOpt = Annotated[str, typer.Option("--to", metavar="GRADE", help="N-major, N-minor or O.")]


@decide_app.command("regrade")
def decide_regrade(
    audit: AuditArg, finding: FindingArg, to: ToOpt, reason: ReasonOpt = "", by: ByOpt = None, store: StoreOpt = None
) -> None:
    """Regrade a finding: major ↔ minor ↔ O (with a reason)."""
    _decide(store, audit, action="regrade", finding=finding, to=to, reason=reason, by=_by(by))


@decide_app.command("add")
def decide_add(
    audit: AuditArg,
    clause: Annotated[
        str, typer.Option("--clause", "-c", metavar="CLAUSE", help="The clause of the finding, e.g. 7.5.3.")
    ],
    to: ToOpt,
    reason: Annotated[
        str, typer.Option("--reason", "-r", metavar="TEXT", help="The finding, in the auditor's words.")
    ] = "",
    by: ByOpt = None,
    store: StoreOpt = None,
) -> None:
    """Add the auditor's own finding on a clause."""
    _decide(store, audit, action="add", clause=clause, to=to, reason=reason, by=_by(by))


@decide_app.command("import")
def decide_import(
    audit: AuditArg,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A decisions file (YAML), see docs/store.md.")],
    by: ByOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record every decision of a decisions file, all or none; problems are reported with file:line:column."""
    from clausewise.store.decisions_file import load_decisions
    from clausewise.store.service import decide

    items = guard(lambda: load_decisions(file, audit, _by(by)))
    ids = run(store, lambda s: decide(s, audit, items))
    typer.echo(f"{len(ids)} decisions recorded (audit {audit})")


@decide_app.command("template")
def decide_template(
    audit: AuditArg,
    lang: LangOpt = "en",
    output: Annotated[Path | None, output_option("the decisions file")] = None,
    store: StoreOpt = None,
) -> None:
    """Write a decisions file listing the audit's findings (commented out) to decide offline and import."""
    from clausewise.store.decisions_file import decisions_template
    from clausewise.store.service import audit_result

    emit(decisions_template(run(store, lambda s: audit_result(s, audit)), lang), output)


# --- history, diff, rules stats ------------------------------------------------------------------------------


def history_cmd(
    org: Annotated[str, typer.Argument(metavar="ORG", help="The organization, as its audits name it.")],
    format: RowFormatOpt = "table",
    lang: LangOpt = "en",
    store: StoreOpt = None,
) -> None:
    """How an organization's assessments changed over time: each assessment of each audit, with decided counts."""
    from clausewise.store.service import history

    columns = [
        ("audit", "audit", "审核"),
        ("type", "type", "类型"),
        ("date", "date", "审核日期"),
        ("assessment", "assessment", "评估"),
        ("when", "assessed", "评估时间"),
        ("digest", "dossier digest", "证据摘要"),
        ("counts", "findings in force", "有效发现"),
        ("decisions", "decisions", "判定数"),
    ]
    _rows(run(store, lambda s: history(s, org)), columns, format, lang)


def diff_cmd(
    old: Annotated[int, typer.Argument(metavar="OLD", help="The earlier audit (or assessment with --assessments).")],
    new: Annotated[int, typer.Argument(metavar="NEW", help="The later audit (or assessment).")],
    assessments: Annotated[bool, typer.Option("--assessments", help="OLD and NEW are assessment ids.")] = False,
    format: RowFormatOpt = "table",
    lang: LangOpt = "en",
    store: StoreOpt = None,
) -> None:
    """New, resolved and recurring N and O findings (decided) between two audits or two assessments, by clause."""
    from clausewise.store.service import assessment_by_id, audit_result, diff

    def both(s: Store) -> tuple[Assessment, Assessment]:
        get = assessment_by_id if assessments else audit_result
        return get(s, old), get(s, new)

    before, after = run(store, both)
    columns = [
        ("clause", "clause", "条款"),
        ("status", "status", "变化"),
        ("judgment", "judgment", "判定"),
        ("grade", "grade", "等级"),
        ("finding", "finding", "发现"),
        ("title_zh" if lang == "zh" else "title", "title", "标题"),
    ]
    _rows(diff(before, after), columns, format, lang)


def rules_stats_cmd(format: RowFormatOpt = "table", lang: LangOpt = "en", store: StoreOpt = None) -> None:
    """Per rule: how often it suggested a finding and how auditors decided (accepted, rejected, regraded, reasons)."""
    from clausewise.store.service import rule_stats

    columns = [
        ("rule", "rule", "规则"),
        ("suggested", "suggested", "建议次数"),
        ("accepted", "accepted", "采纳"),
        ("rejected", "rejected", "不采纳"),
        ("regraded", "regraded", "改判"),
        ("reasons", "top reasons", "主要理由"),
    ]
    rows = [
        {**dataclasses.asdict(r), "reasons": [f"{text} ×{n}" for text, n in r.reasons]} for r in run(store, rule_stats)
    ]
    _rows(rows, columns, format, lang)


# --- store -----------------------------------------------------------------------------------------------------


@store_app.command("upgrade")
def store_upgrade(store: StoreOpt = None) -> None:
    """Create the store or bring its schema to this clausewise's revision (opening any store does it too)."""
    from clausewise.store.db import current_revision, display, known_revisions, migrate, open_store

    opened_store = guard(lambda: open_store(store, upgrade=False))
    try:
        before = guard(lambda: migrate(opened_store))
        after = current_revision(opened_store)
    finally:
        opened_store.close()
    head = known_revisions()[-1]
    if before == after:
        typer.echo(f"{display(opened_store.url)}: up to date (schema revision {after})")
    else:
        typer.echo(f"{display(opened_store.url)}: schema revision {before or 'none'} -> {after} (latest {head})")


@store_app.command("backup")
def store_backup(
    destination: Annotated[
        Path, typer.Argument(metavar="FILE", help="The backup file to write (replaced atomically).")
    ],
    store: StoreOpt = None,
) -> None:
    """Copy an SQLite store consistently while others may write (SQLite's online backup API)."""
    from clausewise.store.backup import backup

    with opened(store) as s:
        guard(lambda: backup(s, destination))
    typer.echo(f"backed up to {destination}")


@store_app.command("info")
def store_info(store: StoreOpt = None) -> None:
    """Where the store is, its schema revision and how many audits, assessments and decisions it holds."""
    from clausewise.store.db import current_revision, display
    from clausewise.store.service import counts

    with opened(store) as s:
        numbers = guard(lambda: counts(s))
        typer.echo(f"store: {display(s.url)}")
        typer.echo(f"schema revision: {current_revision(s)}")
        typer.echo(", ".join(f"{k}: {v}" for k, v in numbers.items()))
