"""Packs distributed as Python packages are found by name (entry-point group ``clausewise.packs``)."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.cli.app import app
from clausewise.errors import InputErrors
from clausewise.rules import registry
from clausewise.rules.loader import load_pack
from clausewise.rules.registry import BUILTIN_PACKS

HERE = Path(__file__).resolve().parent


def install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, entries: dict[str, str]) -> None:
    """Pretend distributions registered these entry points; put a real pack package on sys.path."""
    from test_custom_pack import make_pack

    package = tmp_path / "site" / "acme_rules"
    shutil.copytree(make_pack(tmp_path / "src"), package)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "site" / "empty_pkg").mkdir()
    (tmp_path / "site" / "empty_pkg" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    points = [metadata.EntryPoint(name, value, registry.ENTRY_POINT_GROUP) for name, value in entries.items()]

    def entry_points(group: str) -> list[metadata.EntryPoint]:
        return points if group == registry.ENTRY_POINT_GROUP else []

    monkeypatch.setattr(registry.metadata, "entry_points", entry_points)


def test_an_installed_pack_is_used_by_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install(monkeypatch, tmp_path, {"acme": "acme_rules"})
    pack = load_pack("acme")
    assert pack.id == "acme" and pack.path == tmp_path / "site" / "acme_rules"
    result = CliRunner().invoke(app, ["rules", "test", "acme"])
    assert result.exit_code == 0, result.output
    listing = CliRunner().invoke(app, ["rules", "packs"]).output.splitlines()
    builtin = len(BUILTIN_PACKS)
    assert [line.split()[0] for line in listing[:builtin]] == list(BUILTIN_PACKS)
    acme = listing[builtin]
    assert acme.startswith("acme  1.0.0  ACME procedures  [installed") and "2 rules]" in acme


def test_a_built_in_name_cannot_be_taken_over(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install(monkeypatch, tmp_path, {"iso9001": "acme_rules"})
    assert load_pack("iso9001").id == "iso9001"


def test_a_broken_installed_pack_says_why_and_spares_the_others(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    install(monkeypatch, tmp_path, {"gone": "no_such_module_xyz", "hollow": "empty_pkg", "acme": "acme_rules"})
    with pytest.raises(InputErrors) as info:
        load_pack("gone")
    assert "cannot import 'no_such_module_xyz'" in str(info.value.problems[0])
    with pytest.raises(InputErrors) as info:
        load_pack("hollow")
    assert "holds no pack.yaml" in str(info.value.problems[0])
    assert load_pack("acme").id == "acme"
    result = CliRunner().invoke(app, ["assess", str(HERE.parent / "examples" / "seed-2020"), "--pack", "gone"])
    assert result.exit_code == 2 and "cannot import" in result.output and "Traceback" not in result.output
    listing = CliRunner().invoke(app, ["rules", "packs"]).output
    assert "gone  [installed]  unusable: cannot import" in listing and "acme  1.0.0" in listing
