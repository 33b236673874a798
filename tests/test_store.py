"""The audit store on real databases (SQLite and PostgreSQL): schema and migrations, bad input, carry-forward,
the decisions file, diff, backup, an interrupted writer and concurrent writers."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import run
from sqlalchemy import create_engine, text
from storedb import store_url

from clausewise.store.db import known_revisions, migrate, open_store
from clausewise.store.models import Base
from clausewise.store.service import (
    DecisionInput,
    audit_result,
    counts,
    decide,
)

__all__ = ["store_url"]

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"
ORG = "中食互联（北京）科技有限公司"
REJECT = "sr-signed-by-other#3b21c6c01c"
ACCEPT = "dd-verification-after-start#ff9a9fa4a5"


def _audit_with_assessment(url: str, dossier: Path = SEED) -> None:
    s = ["--store", url]
    assert run("audit", "create", "--org", ORG, "--date", "2020-12-03", *s).exit_code == 0
    assessed = run("assess", dossier, "--audit", 1, "-f", "json", *s)
    assert assessed.exit_code == 1, assessed.stderr


def _url(location: str) -> str:
    return location if "://" in location else "sqlite:///" + location


# --- schema and migrations -----------------------------------------------------------------------------------


def test_migrations_from_empty_build_the_models(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == known_revisions()[-1]
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == [], diffs
    finally:
        store.close()
    assert len(known_revisions()) >= 2  # the upgrade path below is real


def test_upgrade_from_revision_1_keeps_the_data(store_url: str) -> None:
    store = open_store(store_url, upgrade=False)
    migrate(store, target="0001")
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO organization (id, name, created_at) VALUES (1, 'Acme', '2020-01-01')"))
        conn.execute(
            text(
                "INSERT INTO audit (id, organization_id, type, date, standard, pack, params, created_at) "
                "VALUES (1, 1, 'surveillance', '2020-12-03', 'ISO 9001:2015', 'iso9001', '{}', '2020-12-03')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO decision (id, audit_id, finding_id, rule, clause, action, reason, by, at, finding_text) "
                "VALUES (1, 1, 'r#1', 'r', '8.5.1', 'reject', 'authorised', 'Zhu', '2020-12-03', '{}')"
            )
        )
    store.close()
    upgraded = run("store", "upgrade", "--store", store_url)
    assert upgraded.exit_code == 0, upgraded.stderr
    assert "schema revision 0001 -> 0003" in upgraded.stdout
    store = open_store(store_url)
    try:
        with store.engine.connect() as conn:
            row = conn.execute(text("SELECT reason, evidence_digest FROM decision WHERE id = 1")).one()
            assert tuple(row) == ("authorised", None)
        assert counts(store) == {"organizations": 1, "audits": 1, "assessments": 0, "decisions": 1}
    finally:
        store.close()
    assert "up to date (schema revision 0003)" in run("store", "upgrade", "--store", store_url).stdout


def test_sqlite_store_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.sqlite"))
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text("INSERT INTO audit (organization_id, type, date, standard, pack, params, created_at) "
                              "VALUES (42, 't', '2020-01-01', 's', 'p', '{}', '2020-01-01')"))  # fmt: skip
    finally:
        store.close()


def test_default_location_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausewise.store.db import default_location, store_url

    monkeypatch.delenv("CLAUSEWISE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_location() == tmp_path / "data" / "clausewise" / "store.sqlite"
    assert store_url(None) == "sqlite:///" + str(tmp_path / "data" / "clausewise" / "store.sqlite")
    monkeypatch.setenv("CLAUSEWISE_STORE", str(tmp_path / "env.sqlite"))
    assert store_url(None).endswith("env.sqlite")
    assert store_url(str(tmp_path / "opt.sqlite")).endswith("opt.sqlite")
    assert run("audit", "list").exit_code == 0
    assert (tmp_path / "env.sqlite").is_file()


def test_newer_store_is_refused_clearly(store_url: str) -> None:
    open_store(store_url).close()
    engine = create_engine(_url(store_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    listed = run("audit", "list", "--store", store_url)
    assert listed.exit_code == 2
    assert "written by a newer clausewise (schema revision 9999" in listed.stderr
    assert "Traceback" not in listed.stderr + listed.stdout


@pytest.mark.parametrize("content", [b"this is not a database\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_sqlite_store_is_refused_clearly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    listed = run("audit", "list", "--store", path)
    assert listed.exit_code == 2, listed.stdout
    assert listed.stderr.startswith(f"error: {path}: cannot open the store:")
    assert path.read_bytes() == content


def test_a_database_of_something_else_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    listed = run("audit", "list", "--store", path)
    assert listed.exit_code == 2 and "not a clausewise store (it has other tables: invoices)" in listed.stderr


def test_unreachable_postgresql_is_a_clear_error() -> None:
    listed = run("audit", "list", "--store", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert listed.exit_code == 2
    assert listed.stderr.startswith("error: postgresql+psycopg://nobody@127.0.0.1:1/none: cannot open the store:")


def test_store_commands_do_not_slow_down_startup() -> None:
    code = "import sys, clausewise.cli.app; assert not [m for m in sys.modules if m.startswith(('sqlalchemy', 'alem'))]"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- bad input ---------------------------------------------------------------------------------------------------


def test_bad_input_names_the_nearest_ids(store_url: str) -> None:
    _audit_with_assessment(store_url)
    s = ["--store", store_url]
    unknown_audit = run("decide", "accept", 7, ACCEPT, *s)
    assert unknown_audit.exit_code == 2 and "no audit 7; nearest: 1" in unknown_audit.stderr
    typo = run("decide", "accept", 1, ACCEPT.replace("after", "aftr"), *s)
    assert typo.exit_code == 2 and f"nearest: {ACCEPT}" in typo.stderr
    not_a_grade = run("decide", "regrade", 1, ACCEPT, "--to", "C", "-r", "x", *s)
    assert not_a_grade.exit_code == 2 and "not a grade (expected N-major, N-minor, O, found 'C')" in not_a_grade.stderr
    no_reason = run("decide", "reject", 1, ACCEPT, *s)
    assert no_reason.exit_code == 2 and "reason: a reason is required to reject" in no_reason.stderr
    bad_clause = run("decide", "add", 1, "--clause", "7.5.9", "--to", "O", "-r", "x", *s)
    assert bad_clause.exit_code == 2 and "no clause '7.5.9'" in bad_clause.stderr and "7.5.3" in bad_clause.stderr
    # a finding of another audit
    assert run("audit", "create", "--org", "Other Ltd", "--date", "2021-01-01", *s).exit_code == 0
    other = run("decide", "accept", 2, ACCEPT, *s)
    assert other.exit_code == 2
    assert "audit 2 has no assessment yet" in other.stderr
    assert "Traceback" not in unknown_audit.stderr + typo.stderr + no_reason.stderr
    store = open_store(store_url)
    try:
        assert counts(store)["decisions"] == 0  # nothing half-written
    finally:
        store.close()


def test_decision_on_a_finding_of_another_audit(store_url: str, tmp_path: Path) -> None:
    _audit_with_assessment(store_url)
    s = ["--store", store_url]
    other = tmp_path / "other"
    other.mkdir()
    (other / "d.yaml").write_text(
        "audit: {organization: Other Ltd, date: 2021-01-01, type: surveillance}\n", encoding="utf-8"
    )
    assert run("audit", "create", "--org", "Other Ltd", "--date", "2021-01-01", *s).exit_code == 0
    assert run("assess", other, "--audit", 2, "-o", tmp_path / "r.txt", *s).exit_code in (0, 1)
    wrong = run("decide", "accept", 2, ACCEPT, *s)
    assert wrong.exit_code == 2 and f"finding {ACCEPT} is of audit 1, not of audit 2" in wrong.stderr
    mismatch = run("assess", SEED, "--audit", 2, *s)
    assert mismatch.exit_code == 2 and "the dossier is of '中食互联（北京）科技有限公司'" in mismatch.stderr


# --- decisions: superseding, carry-forward, lapsed rejections -------------------------------------------------


def test_a_new_decision_supersedes_the_old_one(store_url: str) -> None:
    _audit_with_assessment(store_url)
    s = ["--store", store_url]
    assert run("decide", "regrade", 1, ACCEPT, "--to", "N-major", "-r", "systemic", "--by", "A", *s).exit_code == 0
    assert run("decide", "accept", 1, ACCEPT, "--by", "B", *s).exit_code == 0
    history = json.loads(run("audit", "decisions", 1, "-f", "json", *s).stdout)
    assert [(d["id"], d["action"], d["by"]) for d in history] == [(1, "regrade", "A"), (2, "accept", "B")]
    result = json.loads(run("audit", "report", 1, "-f", "json", *s).stdout)
    (finding,) = [f for f in result["findings"] if f["id"] == ACCEPT]
    assert finding["decision"]["action"] == "accept" and finding["decision"]["by"] == "B"


def test_rejection_holds_until_the_cited_evidence_changes(store_url: str, tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(SEED, dossier)
    _audit_with_assessment(store_url, dossier)
    s = ["--store", store_url]
    assert run("decide", "reject", 1, REJECT, "-r", "authorised deputy", "--by", "Zhu", *s).exit_code == 0

    def clause_851() -> tuple[str, dict[str, object]]:
        result = json.loads(run("assess", dossier, "--audit", 1, "-f", "json", *s).stdout)
        clause = next(c for c in result["clauses"] if c["key"] == "8.5.1")
        finding = next(f for f in result["findings"] if f["id"] == REJECT)
        return clause["judgment"], finding["decision"]

    judgment, decision = clause_851()  # re-assessed, evidence unchanged: still rejected
    assert judgment != "N" and decision["action"] == "reject" and decision["lapsed"] is False
    # another file layout and formatting, same facts: still rejected
    (dossier / "planning.yaml").write_text((dossier / "planning.yaml").read_text(encoding="utf-8") + "\n# note\n")
    judgment, decision = clause_851()
    assert judgment != "N" and decision["lapsed"] is False
    # the cited record's content changes (same id, so the same finding): the rejection lapses
    operation = dossier / "operation.yaml"
    text_ = operation.read_text(encoding="utf-8")
    assert text_.count('description: "常规巡检，检测数据库服务器硬盘容量') == 1
    operation.write_text(text_.replace('description: "常规巡检，', 'description: "季度巡检，'), encoding="utf-8")
    judgment, decision = clause_851()
    assert judgment == "O" and decision["action"] == "reject" and decision["lapsed"] is True
    table = run("audit", "report", 1, *s).stdout
    assert "rejection lapsed: the evidence it cited has changed since" in table


def test_decisions_file_is_located_and_all_or_nothing(store_url: str, tmp_path: Path) -> None:
    _audit_with_assessment(store_url)
    s = ["--store", store_url]
    bad = tmp_path / "decisions.yaml"
    bad.write_text(
        textwrap.dedent(f"""\
            audit: 1
            by: 朱晓丽
            decisions:
              - finding: "{ACCEPT}"
                action: accept
              - finding: "{REJECT}"
                action: reject
              - finding: "{ACCEPT[:-1]}x"
                action: accept
              - action: regrade
                finding: "{REJECT}"
                to: C
                reason: x
              - action: explode
        """),
        encoding="utf-8",
    )
    imported = run("decide", "import", 1, bad, *s)
    assert imported.exit_code == 2
    assert f"{bad}:14:5: decisions[4].action: unknown value 'explode'" in imported.stderr  # located
    bad.write_text(bad.read_text(encoding="utf-8").replace("  - action: explode\n", ""), encoding="utf-8")
    imported = run("decide", "import", 1, bad, *s)
    assert imported.exit_code == 2
    lines = imported.stderr.splitlines()
    assert lines[0] == f"error: {bad}:6:5: reason: a reason is required to reject"
    assert lines[1].startswith(f"error: {bad}:8:5: finding: no finding '{ACCEPT[:-1]}x'") and ACCEPT in lines[1]
    assert lines[2] == f"error: {bad}:12:5: to: not a grade (expected N-major, N-minor, O, found 'C')"
    assert json.loads(run("audit", "decisions", 1, "-f", "json", *s).stdout) == []  # none recorded
    good = tmp_path / "good.yaml"
    good.write_text(
        f'by: 朱晓丽\ndecisions:\n  - {{finding: "{ACCEPT}", action: accept}}\n'
        f'  - {{finding: "{REJECT}", action: reject, reason: 已授权}}\n'
        "  - {action: add, clause: 7.5.3, to: N-minor, reason: 外来文件未受控}\n",
        encoding="utf-8",
    )
    imported = run("decide", "import", 1, good, *s)
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout == "3 decisions recorded (audit 1)\n"
    wrong_audit = tmp_path / "wrong.yaml"
    wrong_audit.write_text(f'audit: 5\ndecisions:\n  - {{finding: "{ACCEPT}", action: accept}}\n', encoding="utf-8")
    refused = run("decide", "import", 1, wrong_audit, *s)
    assert refused.exit_code == 2 and f"{wrong_audit}:1:1: the file is for another audit" in refused.stderr


def test_diff_between_assessments_and_audits(store_url: str, tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(SEED, dossier)
    _audit_with_assessment(store_url, dossier)
    s = ["--store", store_url]
    operation = dossier / "operation.yaml"
    operation.write_text(operation.read_text(encoding="utf-8").replace('signed_by: "李磊"', 'signed_by: "付微"'))
    assert run("assess", dossier, "--audit", 1, "-o", tmp_path / "r", *s).exit_code == 1
    changes = json.loads(run("diff", 1, 2, "--assessments", "-f", "json", *s).stdout)
    by_finding = {c["finding"]: c["status"] for c in changes}
    assert by_finding[REJECT] == "resolved" and by_finding[ACCEPT] == "recurring"
    assert "new" not in by_finding.values()
    md = run("diff", 1, 2, "--assessments", "-f", "markdown", *s).stdout
    assert md.startswith("| clause | status |")
    assert run("diff", 1, 9, "--assessments", *s).exit_code == 2


# --- backup, interruption, concurrency ------------------------------------------------------------------------------


def test_backup_of_an_sqlite_store(tmp_path: Path) -> None:
    url = str(tmp_path / "s.sqlite")
    _audit_with_assessment(url)
    assert run("decide", "accept", 1, ACCEPT, "--store", url).exit_code == 0
    copy = tmp_path / "backup" / "copy.sqlite"
    done = run("store", "backup", copy, "--store", url)
    assert done.exit_code == 0, done.stderr
    listed = json.loads(run("audit", "list", "-f", "json", "--store", copy).stdout)
    assert listed[0]["decisions"] == 1 and listed[0]["assessments"] == 1
    assert run("store", "backup", tmp_path / "s.sqlite", "--store", url).exit_code == 2


def test_backup_of_postgresql_points_to_pg_dump(store_url: str, tmp_path: Path) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite backup: test_backup_of_an_sqlite_store")
    refused = run("store", "backup", tmp_path / "x", "--store", store_url)
    assert refused.exit_code == 2 and "pg_dump" in refused.stderr


_KILLED_WRITER = """
import os, signal, sys
from clausewise.store.db import open_store
from clausewise.store.service import DecisionInput, decide
from clausewise.store import service

store = open_store(sys.argv[1])
real_flush = None
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
with store.write() as s:
    from clausewise.store.models import Organization
    import datetime as dt
    s.add(Organization(name="half-written", created_at=dt.datetime.now(dt.UTC)))
    s.flush()
    die()
"""


def test_an_interrupted_write_leaves_the_store_as_before(store_url: str) -> None:
    _audit_with_assessment(store_url)
    store = open_store(store_url)
    before = counts(store)
    store.close()
    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, store_url], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    store = open_store(store_url)
    try:
        assert counts(store) == before
        result = audit_result(store, 1)
        assert result.store is not None and result.store.organization == ORG
    finally:
        store.close()


_DECIDER = """
import sys
from clausewise.store.db import open_store
from clausewise.store.service import DecisionInput, decide

url, worker, shared, own = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
store = open_store(url)
for n, finding in enumerate(own):
    decide(store, 1, [DecisionInput("accept", finding=finding, by=f"auditor-{worker}")])
    decide(store, 1, [DecisionInput("reject", finding=shared, reason=f"{worker}-{n}", by=f"auditor-{worker}")])
store.close()
"""


def test_concurrent_deciders_lose_and_duplicate_nothing(store_url: str) -> None:
    _audit_with_assessment(store_url)
    store = open_store(store_url)
    result = audit_result(store, 1)
    store.close()
    reviews = sorted(f.id for f in result.findings if f.judgment == "review")
    workers, each = 4, 6
    shared = reviews[0]
    own = [reviews[1 + w * each : 1 + (w + 1) * each] for w in range(workers)]
    procs = [
        subprocess.Popen([sys.executable, "-c", _DECIDER, store_url, str(w), shared, ",".join(own[w])])
        for w in range(workers)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * workers
    engine = create_engine(_url(store_url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, finding_id, action, superseded_by FROM decision")).all()
    engine.dispose()
    assert len(rows) == 2 * workers * each  # every decision recorded once
    current = [r for r in rows if r.superseded_by is None]
    accepted = sorted(r.finding_id for r in current if r.action == "accept")
    assert accepted == sorted(f for chunk in own for f in chunk)  # none lost, none twice
    assert [r.finding_id for r in current if r.action == "reject"] == [shared]  # exactly one current decision
    superseded = [r.superseded_by for r in rows if r.superseded_by is not None]
    assert len(superseded) == len(set(superseded)) == workers * each - 1  # one chain, no fork


def test_parallel_assessments_into_one_audit(store_url: str, tmp_path: Path) -> None:
    _audit_with_assessment(store_url)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "clausewise",
                "assess",
                SEED,
                "--audit",
                "1",
                "--store",
                store_url,
                "-o",
                tmp_path / f"r{n}",
            ],
            stderr=subprocess.PIPE,
        )
        for n in range(3)
    ]
    assert [p.wait(timeout=300) for p in procs] == [1, 1, 1]
    store = open_store(store_url)
    try:
        assert counts(store)["assessments"] == 4
        decide(store, 1, [DecisionInput("accept", finding=ACCEPT, by="x")])
    finally:
        store.close()


def test_audit_create_refuses_an_unknown_type_or_pack(tmp_path: Path) -> None:
    s = ["--store", str(tmp_path / "s.sqlite")]
    bad_type = run("audit", "create", "--org", ORG, "--type", "annual", *s)
    assert bad_type.exit_code == 2 and "--type: unknown audit type (expected internal, stage1" in bad_type.stderr
    bad_pack = run("audit", "create", "--org", ORG, "--pack", "nope", *s)
    assert bad_pack.exit_code == 2 and "no such rule pack" in bad_pack.stderr
    assert run("audit", "list", "-f", "json", *s).stdout == "[]\n"  # nothing created
    assert run("audit", "create", "--org", ORG, *s).exit_code == 0
    unknown = run("history", "中食互联科技", *s)
    assert unknown.exit_code == 2 and f"no organization '中食互联科技'; nearest: {ORG}" in unknown.stderr


def test_a_password_in_the_url_is_never_printed() -> None:
    listed = run("audit", "list", "--store", "postgresql+psycopg://auditor:s3cret@127.0.0.1:1/none")
    assert listed.exit_code == 2 and "s3cret" not in listed.stderr and "auditor:***@127.0.0.1:1" in listed.stderr


def test_decisions_template_round_trip(tmp_path: Path) -> None:
    url = str(tmp_path / "s.sqlite")
    _audit_with_assessment(url)
    s = ["--store", url]
    assert run("decide", "accept", 1, ACCEPT, "--by", "Zhu", *s).exit_code == 0
    template = tmp_path / "decisions.yaml"
    written = run("decide", "template", 1, "--lang", "zh", "-o", template, *s)
    assert written.exit_code == 0, written.stderr
    text_ = template.read_text(encoding="utf-8")
    assert "[review]" not in text_ and "[需审核员判断]" in text_ and "[一般不符合]" in text_
    assert "审核员判定：采纳 (Zhu" in text_
    unedited = run("decide", "import", 1, template, *s)  # nothing uncommented: refused, nothing decided
    assert unedited.exit_code == 2 and f"{template}:" in unedited.stderr and "decisions" in unedited.stderr
    lines = text_.splitlines()
    at = lines.index(f'  # - finding: "{REJECT}"')
    lines[at : at + 3] = [f'  - finding: "{REJECT}"', "    action: reject", "    reason: 已授权"]
    template.write_text("\n".join(lines).replace("# by: 审核员姓名", "by: 朱晓丽") + "\n", encoding="utf-8")
    imported = run("decide", "import", 1, template, *s)
    assert imported.exit_code == 0, imported.stderr
    history = json.loads(run("audit", "decisions", 1, "-f", "json", *s).stdout)
    assert [(d["action"], d["by"]) for d in history] == [("accept", "Zhu"), ("reject", "朱晓丽")]


_HOLDING_WRITER = """
import sys, time
from clausewise.store.db import open_store
from clausewise.store.models import Organization
import datetime as dt

store = open_store(sys.argv[1])
with store.write() as s:
    s.add(Organization(name="pending", created_at=dt.datetime.now(dt.UTC)))
    s.flush()
    print("holding", flush=True)
    time.sleep(30)
"""


def test_readers_do_not_wait_for_a_writer(store_url: str) -> None:
    _audit_with_assessment(store_url)
    writer = subprocess.Popen([sys.executable, "-c", _HOLDING_WRITER, store_url], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "holding\n"
        listed = subprocess.run(
            [sys.executable, "-m", "clausewise", "audit", "list", "-f", "json", "--store", store_url],
            capture_output=True,
            text=True,
            timeout=20,  # the writer holds its lock for 30 s: a reader that waited would time out
        )
        assert listed.returncode == 0, listed.stderr
        assert [a["organization"] for a in json.loads(listed.stdout)] == [ORG]  # not the uncommitted one
    finally:
        writer.kill()
        writer.wait()


def test_the_auditors_own_finding_can_be_withdrawn(store_url: str) -> None:
    _audit_with_assessment(store_url)
    s = ["--store", store_url]
    added = run("decide", "add", 1, "--clause", "7.5.3", "--to", "N-minor", "-r", "外来文件未受控", "--by", "Zhu", *s)
    assert added.exit_code == 0 and added.stdout.startswith("decision 1:"), added.stderr

    def clause() -> dict[str, object]:
        result = json.loads(run("audit", "report", 1, "-f", "json", *s).stdout)
        return next(c for c in result["clauses"] if c["key"] == "7.5.3")

    assert clause()["judgment"] == "N"
    regrade = run("decide", "regrade", 1, "auditor#1", "--to", "O", "-r", "x", *s)
    assert regrade.exit_code == 2 and "auditor#1 is the auditor's own finding: reject it (withdraw)" in regrade.stderr
    withdrawn = run("decide", "reject", 1, "auditor#1", "-r", "已找到受控清单", "--by", "Zhu", *s)
    assert withdrawn.exit_code == 0, withdrawn.stderr
    result = json.loads(run("audit", "report", 1, "-f", "json", *s).stdout)
    assert not [f for f in result["findings"] if f["rule"] == "auditor"] and result["stale_decisions"] == []
    assert clause()["judgment"] != "N"
    trail = json.loads(run("audit", "decisions", 1, "-f", "json", *s).stdout)
    assert [(d["action"], d["finding_id"]) for d in trail] == [("add", None), ("reject", "auditor#1")]
    assert run("decide", "reject", 1, "auditor#1", "-r", "again", *s).exit_code == 2  # gone: nothing to withdraw
    assert "auditor" not in {r["rule"] for r in json.loads(run("rules", "stats", "-f", "json", *s).stdout)}


def test_an_audit_of_a_pack_folder(tmp_path: Path) -> None:
    from clausewise.rules.registry import builtin_pack_path

    folder = tmp_path / "mypack"
    shutil.copytree(builtin_pack_path("iso9001"), folder)
    s = ["--store", str(tmp_path / "s.sqlite")]
    assert run("audit", "create", "--org", ORG, "--date", "2020-12-03", "--pack", folder, *s).exit_code == 0
    default = run("assess", SEED, "--audit", 1, *s)
    assert (
        default.exit_code == 2 and f"audit 1 is assessed with pack '{folder}': give --pack {folder}" in default.stderr
    )
    assert run("assess", SEED, "--audit", 1, "--pack", folder, "-o", tmp_path / "r", *s).exit_code == 1
