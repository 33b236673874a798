"""Peak memory per MB of dossier (issue 15 item 6): this checkout and, with ``--base``, another side by side.

    python benchmarks/memory.py [--base SRC] [--facts 10000,40000,65000] [--format json]

Each size is a synthetic dossier of that many facts from ``dossiergen.py`` (seed 1, about 4,300 facts a MB;
a MB is 2^20 bytes, as ``--max-size`` counts: 65,000 facts are 15.2 MB, near the default limit of 16),
written once to ``benchmarks/out``. Each run is
``clausewise assess DOSSIER --max-size 100 -f FORMAT -o /dev/null --fail-on never`` in a fresh process, as
``/usr/bin/time -f %M`` measures it: the peak resident set size of the process (``wait4``'s ``ru_maxrss``),
its wall time and its CPU time (user + system: what load on a shared machine disturbs least). SRC is another
source tree of clausewise (``git archive <commit> | tar -x -C /tmp/base``), run through ``PYTHONPATH`` as
``same_output.py`` does. Printed per size: MB of dossier, then for each tree peak MB, MB per MB of dossier,
wall and CPU seconds. Runs are sequential: on a shared machine the wall times are upper bounds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SEED = 1
sys.path.insert(0, str(HERE))

import dossiergen  # noqa: E402


def dossier(facts: int) -> Path:
    path = OUT / f"memory-{facts}-s{SEED}.yaml"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        dossiergen.write(path, dossiergen.generate(facts, SEED))
    return path


def peak(src: Path | None, path: Path, fmt: str) -> tuple[float, float, float]:
    """(peak RSS in MB, wall seconds, CPU seconds) of one ``clausewise assess`` of ``path`` in its own process."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cmd = [sys.executable, "-m", "clausewise", "assess", str(path), "--max-size", "100", "-f", fmt]
    start = time.perf_counter()
    # not from the checkout: ``python -m`` puts the working directory first on sys.path, before PYTHONPATH
    child = subprocess.Popen(
        [*cmd, "-o", os.devnull, "--fail-on", "never"], env=env, cwd=Path.home(), stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {child.returncode} ({src or 'this checkout'})")
    return usage.ru_maxrss / 1024, time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, help="another clausewise source tree to measure beside this one")
    ap.add_argument("--facts", default="10000,40000,65000")
    ap.add_argument("--format", default="json")
    args = ap.parse_args()
    trees: list[tuple[str, Path | None]] = [("this", None)]
    if args.base is not None:
        trees.insert(0, ("base", args.base.resolve()))
    head = "".join(f" | {name}: peak MB, MB/MB, wall s, CPU s" for name, _ in trees)
    print(f"facts, dossier MB{head}", flush=True)
    for facts in (int(n) for n in args.facts.split(",") if n):
        path = dossier(facts)
        mb = path.stat().st_size / 2**20  # as --max-size counts a megabyte
        cells = ""
        for _name, src in trees:
            rss, wall, cpu = peak(src, path, args.format)
            cells += f" | {rss:,.0f}, {rss / mb:,.0f}, {wall:.1f}, {cpu:.1f}"
        print(f"{facts:,}, {mb:.1f}{cells}", flush=True)


if __name__ == "__main__":
    main()
