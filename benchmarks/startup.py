"""clausewise start-up benchmark: wall time of short commands, side by side with a baseline.

    python benchmarks/startup.py [--runs 15] [--compare SRC]

Each command runs in a fresh ``python -m clausewise`` process, ``--runs`` times; the runs of the different
commands (and of the ``--compare`` source, when given) are interleaved so that load on the machine hits all of
them alike. Reported: median and best wall time, and median CPU time (user + system, which load on the machine
disturbs less than wall time), per command. Two references are measured the same way: the
bare interpreter (``python -c pass``) and ``import typer``, the floor any typer CLI pays.

``--compare SRC`` also runs every command with ``PYTHONPATH=SRC`` (another checkout of clausewise, e.g. the
commit before a change: ``git worktree add --detach /tmp/base <commit>``), prints its timings and the ratio
``this / SRC`` per command. The same interpreter and installed dependencies are used for both; "this" is the
clausewise the interpreter imports (the editable install of this checkout).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2020"

COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "python -c 'import typer'": ["-c", "import typer"],
    "clausewise --help": ["-m", "clausewise", "--help"],
    "clausewise version": ["-m", "clausewise", "version"],
    "clausewise assess --help": ["-m", "clausewise", "assess", "--help"],
    "clausewise rules list": ["-m", "clausewise", "rules", "list"],
    "clausewise rules show nc-recurrence": ["-m", "clausewise", "rules", "show", "nc-recurrence"],
    "clausewise validate seed": ["-m", "clausewise", "validate", str(SEED)],
    "clausewise assess seed -f json": ["-m", "clausewise", "assess", str(SEED), "-f", "json", "--fail-on", "never"],
}


def run_once(args: list[str], src: Path | None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # not from the checkout: ``python -m`` puts the working directory first on sys.path, before PYTHONPATH
    subprocess.run([sys.executable, *args], env=env, cwd=Path.home(), stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another clausewise source tree to measure side by side")
    args = parser.parse_args()
    sources: list[Path | None] = [None] if args.compare is None else [None, args.compare.resolve()]
    times: dict[tuple[str, Path | None], list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            for src in sources:
                if src is not None and not name.startswith("clausewise"):
                    continue
                times.setdefault((name, src), []).append(run_once(command, src))
    head = f"{'command':34s} {'median':>7s} {'best':>7s} {'cpu':>7s}"
    if args.compare is not None:
        head += f" {'base median':>11s} {'base best':>9s} {'base cpu':>8s} {'ratio':>6s} {'cpu ratio':>9s}"
    print(f"{args.runs} runs each, {sys.executable}; seconds (median wall, best wall, median CPU)")
    print(head)
    for name in COMMANDS:
        this = summary(times[(name, None)])
        line = f"{name:34s} {this[0]:7.3f} {this[1]:7.3f} {this[2]:7.3f}"
        base_runs = times.get((name, sources[-1])) if sources[-1] is not None else None
        if base_runs is not None:
            base = summary(base_runs)
            line += f" {base[0]:11.3f} {base[1]:9.3f} {base[2]:8.3f} {this[0] / base[0]:6.2f} {this[2] / base[2]:9.2f}"
        print(line)


def summary(runs: list[tuple[float, float]]) -> tuple[float, float, float]:
    walls = [w for w, _ in runs]
    return statistics.median(walls), min(walls), statistics.median(c for _, c in runs)


if __name__ == "__main__":
    main()
