"""The command line as people expect any Unix tool to behave: --version, -h, completion, readable help and
usage errors, every command documented in the README, and a fast start for --help and version."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
import typer
from helpers import run
from typer import _click as click

from clausewise import __version__
from clausewise.cli.app import app
from clausewise.reports import FORMATS

ROOT = Path(__file__).resolve().parent.parent


def commands(group: click.Command | None = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every visible command path: ('assess',), ('rules', 'show'), ..."""
    group = group or typer.main.get_command(app)
    for name, cmd in getattr(group, "commands", {}).items():
        if cmd.hidden:
            continue
        if getattr(cmd, "commands", None):
            yield from commands(cmd, (*path, name))
        else:
            yield (*path, name)


ALL_COMMANDS = sorted(commands())


def test_the_command_tree_is_what_this_test_walks() -> None:
    assert ("assess",) in ALL_COMMANDS
    assert ("rules", "show") in ALL_COMMANDS
    assert ("evidence", "template") in ALL_COMMANDS


@pytest.mark.parametrize("path", [(), *ALL_COMMANDS], ids=lambda p: " ".join(p) or "clausewise")
def test_help_uses_conventional_metavars(path: tuple[str, ...]) -> None:
    result = run(*path, "-h")  # -h as well as --help
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: "), result.stdout
    # no Python types or typer's brace notation: <str>, <list[Path]>, <path>, {dossiers}...
    assert not re.search(r"<[a-z][\w\[\], |]*>", result.stdout), result.stdout
    assert "{" not in result.stdout.splitlines()[0], result.stdout
    assert "list[" not in result.stdout


def test_assess_help_reads_like_a_unix_tool() -> None:
    out = run("assess", "--help").stdout
    usage = out.splitlines()[0]
    assert usage.endswith(" assess [OPTIONS] DOSSIER..."), usage
    for row in ("-f, --format FORMAT", "-l, --lang LANG", "-o, --output FILE", "-p, --pack PACK", "--as-of DATE"):
        assert row in out, row
    assert "--param KEY=VALUE" in out
    assert "One of: en, zh." in out


def test_an_optional_argument_is_bracketed_in_the_usage_line() -> None:
    usage = run("rules", "test", "--help").stdout.splitlines()[0]
    assert usage.endswith(" rules test [OPTIONS] [PACK]"), usage


def test_a_bad_choice_names_the_choices(tmp_path: Path) -> None:
    result = run("assess", tmp_path, "--format", "pdf")
    assert result.exit_code == 2
    assert "Value error" not in result.stderr
    assert "is not one of" not in result.stderr
    message = re.search(r"Invalid value for '--format' / '-f': 'pdf' \(choose from ([^)]*)\)", result.stderr)
    assert message, result.stderr
    # the CLI offers exactly the formats the library renders
    assert message.group(1).split(", ") == list(FORMATS)


def test_the_evaluator_choices_are_the_engines() -> None:
    from clausewise.cli.options import EVALUATORS
    from clausewise.engine.assess import Evaluator

    assert get_args(Evaluator) == EVALUATORS


def test_a_bad_language_names_the_choices() -> None:
    result = run("rules", "list", "--lang", "fr")
    assert result.exit_code == 2
    assert "'fr' (choose from en, zh)" in result.stderr


@pytest.mark.parametrize("args", [("--version",), ("version",)])
def test_version(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout == f"clausewise {__version__}\n"


def test_shell_completion_is_offered() -> None:
    out = run("--help").stdout
    assert "--install-completion" in out
    assert "--show-completion" in out


def test_choice_options_complete_their_values() -> None:
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "clausewise")],  # the console script: its name picks the variable
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={
            "_CLAUSEWISE_COMPLETE": "complete_bash",
            "COMP_WORDS": "clausewise assess x --format m",
            "COMP_CWORD": "4",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert proc.stdout.split() == ["markdown"], (proc.stdout, proc.stderr)


def readme_commands() -> set[tuple[str, ...]]:
    """Command paths of the README's table: the words after `clausewise` up to the first argument."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n\n", 2)[1]
    found = set()
    for cell in re.findall(r"^\| `clausewise ([^`]*)`", table, re.MULTILINE):
        words = []
        for word in cell.split():
            if not re.fullmatch(r"[a-z]+", word):
                break
            words.append(word)
        found.add(tuple(words))
    return found


def test_every_command_is_in_the_readme_table() -> None:
    assert set(ALL_COMMANDS) == readme_commands()


# heavy modules: the evidence models, the durable-rules backend, the renderers, and pydantic itself
HEAVY = (
    "pydantic",
    "durable",
    "docx",
    "clausewise.evidence",
    "clausewise.engine",
    "clausewise.rules",
    "clausewise.reports.",
)
#: Light modules under those prefixes: the table of report formats the --format help is made from.
LIGHT = ("clausewise.reports.formats",)


@pytest.mark.parametrize("args", [["--help"], ["version"], ["--version"], ["rules", "--help"]])
def test_help_and_version_import_no_heavy_module(args: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['clausewise', *{args!r}]\n"
        "from clausewise.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in sys.modules if m.startswith({HEAVY!r}) and m not in {LIGHT!r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert proc.stdout.splitlines()[-1] == "LOADED []", proc.stdout


#: What "the engine" means for start-up: durable-rules and the modules that match and judge. The rule IR (what a
#: pack lowers to) and the result models (what a saved report is) are data definitions and may load.
#: Engine modules that are data or pure text, not matching: the IR, the result models, and how a rule's basis
#: is cited (``rules show`` prints it).
ENGINE_DATA = ("clausewise.engine", "clausewise.engine.ir", "clausewise.engine.results", "clausewise.engine.basis")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["rules", "list"],
        ["rules", "show", "nc-recurrence"],
        ["rules", "packs"],
        ["rules", "coverage"],
        ["validate", "examples/seed-2020"],
        ["schema"],
    ],
)
def test_commands_that_do_not_assess_do_not_import_the_engine(args: list[str]) -> None:
    """Issue 14 item 5: listing, showing and validating stay quick because durable-rules never loads."""
    code = (
        "import sys\n"
        f"sys.argv = ['clausewise', *{args!r}]\n"
        "from clausewise.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('LOADED', *sorted(m for m in sys.modules if m.startswith(('durable', 'clausewise.engine'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    loaded = proc.stdout.splitlines()[-1].split()[1:]
    assert set(loaded) <= set(ENGINE_DATA), loaded
