"""``assess --clause``: only the selected clauses and those below them, in every format, summary included."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import late_review_dossier, run

from clausewise.clauses import is_within
from clausewise.rules.loader import load_pack


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    path = tmp_path / "dossier.yaml"
    path.write_text(late_review_dossier(), encoding="utf-8")  # N major on 9.3.1
    return path


@pytest.fixture(scope="module")
def keys() -> list[str]:
    return list(load_pack("iso9001").manifest.clauses)


def table_keys(out: str, keys: list[str]) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0] in keys]


def test_table_shows_the_subtree_and_says_so(dossier: Path, keys: list[str]) -> None:
    result = run("assess", dossier, "--clause", "9.3")
    assert result.exit_code == 1
    subtree = [k for k in keys if is_within(k, "9.3")]
    assert table_keys(result.stdout, keys) == subtree
    assert f"Clauses shown: 9.3 and the clauses below ({len(subtree)} of {len(keys)};" in result.stdout
    summary = next(line for line in result.stdout.splitlines() if line.startswith("Summary:"))
    counts = [int(n) for n in re.findall(r"(\d+)", summary)]
    assert sum(counts) == len(subtree)  # the summary counts what is shown


def test_aliases_and_repeats(dossier: Path, keys: list[str]) -> None:
    by_title = run("assess", dossier, "--clause", "管理评审", "-c", "7.1.5", "-c", "9.3.1")
    assert by_title.exit_code == 1
    expected = [k for k in keys if is_within(k, "9.3") or is_within(k, "7.1.5")]
    assert table_keys(by_title.stdout, keys) == expected


def test_json_keeps_only_the_shown_findings_and_valid_indexes(dossier: Path, keys: list[str]) -> None:
    full = json.loads(run("assess", dossier, "-f", "json").stdout)
    part = json.loads(run("assess", dossier, "-f", "json", "--clause", "9").stdout)
    assert part["selection"] == {
        "clauses": ["9"],
        "shown": len([k for k in keys if is_within(k, "9")]),
        "total": len(keys),
    }
    assert "selection" not in full or full["selection"] is None
    assert [c["key"] for c in part["clauses"]] == [k for k in keys if is_within(k, "9")]
    for c in part["clauses"]:
        assert all(is_within(part["findings"][i]["clause"], c["key"]) for i in c["findings"])
        assert all(is_within(part["gaps"][i]["clause"], c["key"]) for i in c["gaps"])
    assert {f["id"] for f in part["findings"]} == {f["id"] for f in full["findings"] if f["clause"].startswith("9.")}
    assert sum(part["summary"]["counts"].values()) == len(part["clauses"])
    assert part["summary"]["findings"]["gaps"] == len(part["gaps"])


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_say_what_is_shown(dossier: Path, fmt: str) -> None:
    out = run("assess", dossier, "-f", fmt, "--clause", "9.3", "--lang", "zh").stdout
    assert "显示的条款" in out
    assert "及其下级条款" in out
    assert "7.1.5" not in out


def test_junit_has_only_the_shown_clauses(dossier: Path, keys: list[str]) -> None:
    out = run("assess", dossier, "-f", "junit", "--clause", "9.3").stdout
    root = ET.fromstring(out)
    names = [case.get("name", "") for case in root.iter("testcase")]
    assert names and all(name.split()[0].startswith("9.3") for name in names), names
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["clauses.shown"].startswith("9.3 (")


def test_fail_on_counts_what_is_shown(dossier: Path) -> None:
    assert run("assess", dossier, "--clause", "8").exit_code == 0  # the N is on 9.3.1
    assert run("assess", dossier, "--clause", "9.3.1").exit_code == 1


@pytest.mark.parametrize("bad", ["xx", "11"])
def test_a_clause_not_in_the_pack_is_a_usage_error(dossier: Path, bad: str) -> None:
    result = run("assess", dossier, "--clause", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: --clause {bad}") or result.stderr.startswith(f"error: --clause '{bad}'")


def test_the_word_record_keeps_the_planned_clauses_within_the_selection(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "record.docx"
    seed = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"
    result = run("assess", seed, "-f", "docx", "-o", out, "--clause", "9.3", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in r.cells] for t in docx.Document(str(out)).tables for r in t.rows]
    keys = [r[1] for r in rows if re.fullmatch(r"\d+(\.\d+)*", r[1])]
    assert keys == ["9.3.1", "9.3.2", "9.3.3"]  # no row claiming 4.1 ... 10.3 are missing from the pack
