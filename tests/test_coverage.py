"""``clausewise rules coverage`` and the library function behind it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.rules.coverage import pack_coverage, render_coverage
from clausewise.rules.loader import load_pack
from clausewise.rules.model import Judgment
from clausewise.rules.registry import builtin_pack_path

runner = CliRunner()


def marked_leaves(text: str) -> dict[str, bool]:
    """Clause key -> whether its row of the coverage tree is marked NO RULE."""
    rows = text.strip().splitlines()[1:-1]  # below the header, above the summary
    return {row.split()[0]: "NO RULE" in row for row in rows}


def test_counts_match_the_pack() -> None:
    pack = load_pack("iso9001")
    cov = pack_coverage(pack)
    assert [c.key for c in cov.clauses][:2] == ["4", "4.1"]
    assert {c.key for c in cov.clauses} == set(pack.manifest.clauses)
    assert sum(c.mechanical for c in cov.clauses) == sum(r.rule.judgment is not Judgment.review for r in pack.rules)
    assert sum(c.review for c in cov.clauses) == sum(r.rule.judgment is Judgment.review for r in pack.rules)
    by_key = {c.key: c for c in cov.clauses}
    assert not by_key["9"].leaf and by_key["9.3.1"].leaf
    assert "mr-none-within-interval" in by_key["9.3.1"].rule_ids
    assert by_key["9.3.1"].covered
    assert len(cov.leaves) == 65  # 4.1 .. 10.3: the leaves of ISO 9001:2015's clause tree
    assert cov.covered_leaves == sum(c.covered for c in cov.leaves)
    assert cov.percent == 100 * cov.covered_leaves // 65


def test_cli_prints_tree_and_summary() -> None:
    result = runner.invoke(app, ["rules", "coverage"])
    assert result.exit_code == 0, result.output
    cov = pack_coverage(load_pack("iso9001"))
    last = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"leaf clauses covered: \d+/65 \(\d+%\)", last)
    assert last == cov.summary()
    assert "9.3 Management review" in result.output
    marked = marked_leaves(result.output)
    assert [leaf.key for leaf in cov.leaves if marked[leaf.key]] == [leaf.key for leaf in cov.uncovered_leaves]


def test_cli_chinese_titles() -> None:
    result = runner.invoke(app, ["rules", "coverage", "--lang", "zh"])
    assert result.exit_code == 0
    assert "9.3 管理评审" in result.output and "机械规则" in result.output


def test_uncovered_leaf_is_marked(tmp_path: Path) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack_dir)
    for file in (pack_dir / "rules").glob("*.yaml"):
        if not file.name.startswith("9.3"):
            file.unlink()
    shutil.rmtree(pack_dir / "tests", ignore_errors=True)
    cov = pack_coverage(load_pack(pack_dir))
    by_key = {c.key: c for c in cov.clauses}
    assert not by_key["4.1"].covered and by_key["9.3.1"].covered
    assert cov.covered_leaves < len(cov.leaves) and cov.percent < 100
    marked = marked_leaves(render_coverage(cov))
    assert marked["4.1"] and not marked["9.3.1"]
    assert [leaf.key for leaf in cov.leaves if marked[leaf.key]] == [leaf.key for leaf in cov.uncovered_leaves]
    result = runner.invoke(app, ["rules", "coverage", "--pack", str(pack_dir)])
    assert result.exit_code == 0 and "NO RULE" in result.output


def test_unknown_pack_is_exit_2() -> None:
    result = runner.invoke(app, ["rules", "coverage", "--pack", "/no/such/pack"])
    assert result.exit_code == 2
