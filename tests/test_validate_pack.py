"""``clausewise validate --pack``: a dossier checked with a pack's own sections in force; without the pack, each of
its sections is a located unknown section that says how to make it known."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "examples" / "iso14001"
DOSSIER = PACK / "dossier"


def test_a_pack_dossier_validates_with_its_pack() -> None:
    result = run("validate", DOSSIER, "--pack", PACK)
    assert result.exit_code == 0, result.stderr
    sections = "audit, compliance_obligations, environmental_aspects"
    assert result.stdout == f"ok: {DOSSIER}: 5 items in 3 sections ({sections})\n"


def test_without_its_pack_each_section_is_unknown_where_it_is_written_and_the_error_names_pack() -> None:
    result = run("validate", DOSSIER)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(" (expected")[0] for line in lines] == [
        f"error: {DOSSIER / 'audit.yaml'}:11:1: environmental_aspects: unknown section 'environmental_aspects'; "
        "did you mean 'environment_checks'? (a pack's own section is known only with that pack: --pack NAME|PATH)",
        f"error: {DOSSIER / 'audit.yaml'}:15:1: compliance_obligations: unknown section 'compliance_obligations'; "
        "did you mean 'communications'? (a pack's own section is known only with that pack: --pack NAME|PATH)",
    ]
    assert "Traceback" not in result.stderr


def test_another_pack_does_not_make_the_section_known() -> None:
    result = run("validate", DOSSIER, "--pack", "iso9001")
    assert result.exit_code == 2
    assert "unknown section 'environmental_aspects'" in result.stderr


def test_pack_is_repeatable_and_each_dossier_is_checked_with_all_of_them() -> None:
    seed = ROOT / "examples" / "seed-2020"
    result = run("validate", DOSSIER, seed, "-p", "iso9001", "-p", PACK, "-p", PACK)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"ok: {DOSSIER}: 5 items in 3 sections")
    assert f"ok: {seed}: " in result.stdout


def test_a_bad_pack_is_a_usage_error_before_any_dossier(tmp_path: Path) -> None:
    result = run("validate", DOSSIER, "--pack", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such rule pack" in result.stderr
    assert "ok:" not in result.stdout


def test_the_sections_are_out_of_force_after_the_command() -> None:
    assert run("validate", DOSSIER, "--pack", PACK).exit_code == 0
    assert run("validate", DOSSIER).exit_code == 2
