"""clausewise start-up benchmark: wall time of short commands, side by side with a baseline.

    python benchmarks/startup.py [--runs 15] [--compare SRC]

Each command runs in a fresh ``python -m clausewise`` process, ``--runs`` times; the runs of the different
commands (and of the ``--compare`` source, when given) are interleaved so that load on the machine hits all of
them alike. Reported: median and best wall time per command. Two references are measured the same way: the
bare interpreter (``python -c pass``) and ``import typer``, the floor any typer CLI pays.

``--compare SRC`` also runs every command with ``PYTHONPATH=SRC`` (another checkout of clausewise, e.g. the
commit before a change: ``git worktree add --detach /tmp/base <commit>``), prints its timings and the ratio
``this / SRC`` per command. The same interpreter and installed dependencies are used for both; "this" is the
clausewise the interpreter imports (the editable install of this checkout).
"""

from __future__ import annotations

import argparse
import os
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
    "clausewise assess seed -f json": ["-m", "clausewise", "assess", str(SEED), "-f", "json", "--fail-on", "never"],
}


def run_once(args: list[str], src: Path | None) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    start = time.perf_counter()
    # not from the checkout: ``python -m`` puts the working directory first on sys.path, before PYTHONPATH
    subprocess.run([sys.executable, *args], env=env, cwd=Path.home(), stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another clausewise source tree to measure side by side")
    args = parser.parse_args()
    sources: list[Path | None] = [None] if args.compare is None else [None, args.compare.resolve()]
    times: dict[tuple[str, Path | None], list[float]] = {}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            for src in sources:
                if src is not None and not name.startswith("clausewise"):
                    continue
                times.setdefault((name, src), []).append(run_once(command, src))
    head = f"{'command':34s} {'median':>8s} {'best':>8s}"
    if args.compare is not None:
        head += f" {'base median':>12s} {'base best':>10s} {'ratio':>6s}"
    print(f"{args.runs} runs each, {sys.executable}")
    print(head)
    for name in COMMANDS:
        this = times[(name, None)]
        line = f"{name:34s} {statistics.median(this):8.3f} {min(this):8.3f}"
        base = times.get((name, sources[-1])) if args.compare is not None else None
        if base is not None and sources[-1] is not None:
            ratio = statistics.median(this) / statistics.median(base)
            line += f" {statistics.median(base):12.3f} {min(base):10.3f} {ratio:6.2f}"
        print(line)


if __name__ == "__main__":
    main()
