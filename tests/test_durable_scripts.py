"""The durable-rules knowledge the code relies on lives in this repository: docs/engine.md (D1-D14) and the
reproduction scripts under scripts/durable/, which run and show what the docs say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts" / "durable"
ENGINE_MD = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".json"}


def repo_files() -> list[Path]:
    skip = {".git", "__pycache__", ".venv", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not skip & set(p.relative_to(ROOT).parts)
    ]


#: Built from parts so that this file does not match itself.
OUTSIDE = re.compile("shared" + r"/(domain|seed)|" + "GUIDE" + r"\.md|" + "GUIDE" + " §|" + "domain" + " notes")


def test_nothing_cites_material_outside_the_repository() -> None:
    offenders = []
    for path in repo_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_every_engine_label_cited_is_defined() -> None:
    defined = set(re.findall(r"^- \*\*(D\d+) — ", ENGINE_MD, re.MULTILINE))
    assert defined == {f"D{n}" for n in range(1, 15)}
    cited = set()
    for path in [*ROOT.joinpath("clausewise").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py"), *SCRIPTS.glob("*")]:
        cited |= set(re.findall(r"\bD(\d{1,2})\b", path.read_text(encoding="utf-8")))
    assert {f"D{n}" for n in cited} <= defined


def script(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / args[0]), *args[1:]], capture_output=True, text=True, timeout=300, check=True
    )
    return proc.stdout


def test_a_join_on_key_is_exact() -> None:
    assert script("id_join.py", "key").strip() == "join on 'key': 300 expected, 300 matched, 300 correct"


def test_absence_is_eager_unless_gated() -> None:
    out = script("eager_absence.py").splitlines()
    assert out == [
        "eager, NC then its CAPA: ['NC1'] (wrong: the CAPA exists)",
        "gated, NC then its CAPA: []",
        "gated, NC without CAPA: ['NC1']",
    ]


@pytest.mark.parametrize(("n", "expected"), [("64", "ok"), ("65", "error code: 303")])
def test_the_alpha_stack_is_64_deep(n: str, expected: str) -> None:
    assert expected in script("alpha_stack.py", n)


def test_what_the_rule_compiler_refuses_and_accepts() -> None:
    out = script("silent_rules.py")
    assert re.search(r"unknown operator \$in +refused: .*error code: 202", out)
    assert re.search(r"empty all +accepted; .*never matches", out)
    assert re.search(r"known operator \$neq +accepted; matched", out)
