"""Throughput of ``clausewise assess A B C ... --jobs N`` (issue 14 item 4): wall time of a batch, --jobs 1 vs 2.

Two batches: ``--seed-copies`` copies of examples/seed-2020 (seed-sized dossiers) and ``--large`` dossiers of
``--facts`` facts from benchmarks/dossiergen.py (each with its own seed). Each batch is assessed with the
built-in pack into a JSON report per ``--jobs`` value; the reports must be identical byte for byte, or the
run stops. Prints wall seconds (median of ``--repeat``), dossiers per second and the speed-up over the first
``--jobs`` value.

    python benchmarks/jobs.py --seed-copies 200 --large 10 --facts 10000 --jobs 1,2 --repeat 1
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dossiergen

ROOT = Path(__file__).resolve().parent.parent


def seed_batch(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        target = folder / f"seed-{i:04d}"
        shutil.copytree(ROOT / "examples" / "seed-2020", target)
        out.append(target)
    return out


def large_batch(folder: Path, n: int, facts: int) -> list[Path]:
    out = []
    for i in range(n):
        target = folder / f"large-{i:02d}.yaml"
        dossiergen.write(target, dossiergen.generate(facts, seed=20241120 + i))
        out.append(target)
    return out


def timed(paths: list[Path], jobs: int, report: Path) -> float:
    cmd = [sys.executable, "-m", "clausewise", "assess", *map(str, paths), "--jobs", str(jobs)]
    cmd += ["-f", "json", "-o", str(report), "--fail-on", "never"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(name: str, paths: list[Path], jobs: list[int], repeat: int, work: Path) -> None:
    first: float | None = None
    reports: list[bytes] = []
    for n in jobs:
        report = work / f"{name}-{n}.json"
        wall = statistics.median(timed(paths, n, report) for _ in range(repeat))
        reports.append(report.read_bytes())
        first = first or wall
        print(
            f"{name}: {len(paths)} dossiers, --jobs {n}: {wall:.1f} s, {len(paths) / wall:.1f} dossiers/s, "
            f"speed-up {first / wall:.2f}x",
            flush=True,
        )
    if any(r != reports[0] for r in reports):
        sys.exit(f"{name}: the reports differ between --jobs values")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed-copies", type=int, default=200)
    ap.add_argument("--large", type=int, default=10)
    ap.add_argument("--facts", type=int, default=10_000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values; the first is the baseline")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="cw-jobs-") as tmp:
        work = Path(tmp)
        if args.seed_copies:
            measure("seed-2020 copies", seed_batch(work, args.seed_copies), jobs, args.repeat, work)
        if args.large:
            measure(f"{args.facts:,}-fact dossiers", large_batch(work, args.large, args.facts), jobs, args.repeat, work)


if __name__ == "__main__":
    main()
