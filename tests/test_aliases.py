"""Clause aliases: GB/T 19001-2016 Chinese titles, variant titles and ``2008:`` numbers in a dossier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.clauses import clause_titles, normalize_clause
from clausewise.cli.app import app
from clausewise.dossiers import load_dossier
from clausewise.errors import InputErrors
from clausewise.rules.loader import load_pack

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("管理评审", "9.3"),
        ("不合格输出的控制", "8.7"),
        ("不合格品控制", "8.7"),
        ("文件化信息", "7.5"),
        ("文件化信息的控制", "7.5.3"),
        ("成文信息的控制", "7.5.3"),
        ("外部提供过程、产品和服务的控制", "8.4"),
        ("Management review", "9.3"),
        ("management  REVIEW", "9.3"),
        ("2008:7.5.3", "8.5.2"),
        ("2008:5.6", "9.3"),
        ("2008:7.5.2", "8.5.1.f"),
        ("9.3 管理评审", "9.3"),
        ("9.3.2 c)", "9.3.2.c"),
        ("7.10", "7.10"),
    ],
)
def test_resolves(text: str, key: str) -> None:
    assert normalize_clause(text) == key


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("总则", "several clauses (5.1.1 总则, 7.1.1 总则"),
        ("2008:6.2", "maps to several 2015 clauses (7.2 能力, 7.3 意识)"),
        ("2008:8.5.1", "several 2015 clauses"),
        ("2008:4.1", "no 2015 correlation is known"),
        ("管理评申", "did you mean '9.3 管理评审'"),
        ("9.2 管理评审", "the number and the title name different clauses (clause 9.2 is '内部审核'"),
        ("第9.2.1条", "not a clause key or a known clause title"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_clause(text)
    assert message in str(info.value)


def test_titles_come_from_the_pack_manifest() -> None:
    manifest = load_pack("iso9001").manifest
    titled = {k: v for k, v in manifest.clauses.items() if not v.untitled}
    assert clause_titles() == {k: {"en": v.en, "zh": v.zh} for k, v in titled.items()}
    for key, info in titled.items():
        if info.zh != "总则":
            keys_with_title = [k for k, v in manifest.clauses.items() if v.zh == info.zh]
            if len(keys_with_title) == 1:
                assert normalize_clause(info.zh) == key


def test_every_clause_has_a_title_and_descriptive_titles_are_not_aliases() -> None:
    manifest = load_pack("iso9001").manifest
    untitled = [k for k, v in manifest.clauses.items() if v.untitled]
    assert len(untitled) == 16  # the numbered paragraphs ISO 9001:2015 gives no title (4.4.1 ... 10.2.2)
    for key, info in manifest.clauses.items():
        assert info.en and info.zh
        assert not re.fullmatch(r"Clause [\d.]+", info.en), key
        assert not re.fullmatch(r"第[\d.]+条", info.zh), key
    for key in untitled:
        with pytest.raises(ValueError):
            normalize_clause(manifest.clauses[key].zh)


def test_variants_and_correlation_point_into_the_tree() -> None:
    aliases = load_pack("iso9001").manifest.aliases
    titles = {v["zh"] for v in clause_titles().values()}
    assert set(aliases.titles.values()) <= titles
    tree = clause_titles()
    for targets in aliases.editions["2008"].clauses.values():
        for target in targets:
            assert target in tree or target.rsplit(".", 1)[0] in tree


DOSSIER = """\
audit:
  organization: Acme
  date: 2024-05-01
  type: surveillance
  exclusions:
    - clause: 产品和服务的设计和开发
      justification: no design
documents:
  - title: Quality manual
    clauses: ["文件化信息", "2008:7.5.3", "9.3"]
nonconformities:
  - description: reject not segregated
    clause: 不合格品控制
previous_audit_findings:
  - clause: "2008:5.6"
    description: review late
"""


def test_dossier_fields_accept_aliases(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER, encoding="utf-8")
    dossier = load_dossier(path)
    assert dossier.audit is not None and dossier.audit.exclusions[0].clause == "8.3"
    assert dossier.documents is not None and dossier.documents[0].clauses == ["7.5", "8.5.2", "9.3"]
    assert dossier.nonconformities is not None and dossier.nonconformities[0].clause == "8.7"
    assert dossier.previous_audit_findings is not None and dossier.previous_audit_findings[0].clause == "9.3"


def test_bad_alias_in_dossier_is_located(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER.replace("不合格品控制", "总则"), encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_dossier(path)
    text = str(info.value)
    assert "d.yaml:13:" in text and "several clauses" in text
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "several clauses" in result.output


def test_float_clause_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DOSSIER.replace("clause: 不合格品控制", "clause: 7.10"), encoding="utf-8")
    with pytest.raises(InputErrors, match="quote it"):
        load_dossier(path)


def test_rules_list_accepts_a_title() -> None:
    by_title = runner.invoke(app, ["rules", "list", "--clause", "管理评审"])
    by_number = runner.invoke(app, ["rules", "list", "--clause", "9.3"])
    assert by_title.exit_code == 0 and by_title.output == by_number.output
