"""Each pack declares its own clause tree: titles, variant titles, previous editions, any numbering."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.clauses import clause_titles, normalize_clause
from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.errors import InputErrors
from clausewise.packtree import clause_trees
from clausewise.rules.loader import load_pack
from tests.helpers import write_pack

runner = CliRunner()

MANIFEST = """\
id: isms
version: 1.0.0
title: {en: "Information security controls", zh: "信息安全控制"}
standard: "ISO/IEC 27001"
edition: "2022"
clauses:
  "A": {en: "Annex A controls", zh: "附录A 控制"}
  "A.5": {en: "Organizational controls", zh: "组织控制"}
  "A.5.1": {en: "Policies for information security", zh: "信息安全策略"}
  "11": {en: "Records", zh: "记录"}
  "11.2": {en: "Retention of records", zh: "记录的保存"}
aliases:
  titles: {信息安全方针: 信息安全策略}
  editions:
    "2013":
      name: {en: "ISO/IEC 27001:2013", zh: "GB/T 22080-2016"}
      clauses: {"A.5.1.1": ["A.5.1"], "A.18": ["A.5", "11"]}
"""

RULES = """\
rules:
  - id: policy-missing
    clause: 信息安全策略
    judgment: O
    basis: {kind: standard, ref: "5.2"}
    title: {en: "No security policy", zh: "无信息安全策略"}
    message: {en: "No policy is recorded.", zh: "未记录策略。"}
    remedy: {en: "Record the policy.", zh: "记录策略。"}
    match:
      audit: {kind: audit}
    absent:
      p: {kind: policy}
"""

DOSSIER = """\
audit:
  organization: Acme
  date: 2024-05-01
  type: internal
  exclusions:
    - {clause: 信息安全方针, justification: none}
    - {clause: "2013:A.5.1.1", justification: none}
    - {clause: 记录的保存, justification: none}
"""


def make_pack(root: Path) -> Path:
    return write_pack(root / "isms", MANIFEST, {"policy.yaml": RULES})


def test_a_pack_tree_reads_its_own_titles_editions_and_numbering(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path))
    assert pack.rules[0].rule.clause == "A.5.1"  # the rule named its clause by this pack's title
    dossier_path = tmp_path / "d.yaml"
    dossier_path.write_text(DOSSIER, encoding="utf-8")
    with clause_trees(pack.tree):
        dossier = load_dossier(dossier_path)
        assert clause_titles()["11.2"] == {"en": "Retention of records", "zh": "记录的保存"}
        with pytest.raises(ValueError, match=r"maps to several 2022 clauses \(A.5 组织控制, 11 记录\)"):
            normalize_clause("2013:A.18")
        with pytest.raises(ValueError, match="a clause title of isms such as"):
            normalize_clause("管理评审")  # ISO 9001's title means nothing in this pack
    assert dossier.audit is not None
    assert [e.clause for e in dossier.audit.exclusions] == ["A.5.1", "A.5.1", "11.2"]
    # outside the pack the default pack's tree is in force again
    assert normalize_clause("管理评审") == "9.3"
    with pytest.raises(InputErrors, match="信息安全方针"):
        load_dossier(dossier_path)


def test_two_trees_agree_or_the_title_is_refused(tmp_path: Path) -> None:
    isms = load_pack(make_pack(tmp_path)).tree
    iso9001 = load_pack("iso9001").tree
    with clause_trees(iso9001, isms):
        assert normalize_clause("管理评审") == "9.3"
        assert normalize_clause("信息安全策略") == "A.5.1"
        with pytest.raises(ValueError, match="several clauses"):
            normalize_clause("总则")


def test_aliases_pointing_at_nothing_are_located(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    text = MANIFEST.replace("{信息安全方针: 信息安全策略}", "{信息安全方针: 信息安全政策}").replace(
        '"A.5.1.1": ["A.5.1"]', '"A.5.1.1": ["B.1"]'
    )
    (pack / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_pack(pack)
    problems = [str(p) for p in info.value.problems]
    assert any("pack.yaml:13:" in p and "信息安全政策" in p for p in problems), problems
    assert any("pack.yaml:17:" in p and "'B.1'" in p for p in problems), problems


def test_cli_reads_clause_titles_in_the_chosen_pack(tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    listed = runner.invoke(app, ["rules", "list", "--pack", str(pack), "--clause", "组织控制"])
    assert listed.exit_code == 0, listed.output
    assert "policy-missing" in listed.output
    refused = runner.invoke(app, ["rules", "list", "--pack", str(pack), "--clause", "管理评审"])
    assert refused.exit_code == 2 and "not a clause key or a known clause title" in refused.output


def test_no_standard_is_named_in_the_clause_code() -> None:
    """The ISO 9001 tree, its variant titles and its 2008 correlation are the iso9001 pack's data."""
    root = Path(__file__).parents[1] / "clausewise"
    for name in ("clauses.py", "packtree.py"):
        text = (root / name).read_text(encoding="utf-8")
        for word in ("成文信息", "不合格输出的控制", "iso9001", "CORRELATION_2008", "ZH_VARIANTS"):
            assert word not in text, (name, word)
