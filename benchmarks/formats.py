"""Loading the same dossier from YAML, JSON and a workbook, side by side.

    python benchmarks/formats.py [--size 10000] [--repeat 5] [--seed S] [--only yaml,json]

A deterministic synthetic dossier of SIZE facts (``dossiergen.py``, as ``bench.py`` uses) is written to
``benchmarks/out/`` three times: as YAML, as JSON (the same data) and as a workbook (``clausewise evidence
convert``'s writer, one row per item). Each format is then loaded with ``load_dossier`` (read, locate, validate,
merge; the workbook through openpyxl's read-only mode) in a fresh process per run, so no run profits from
another's imports or caches. Reported: median and best wall time, median CPU time (steadier on a shared
machine), the ratio of median CPU times to YAML, and the rows per second of the workbook (CPU). Two more ratios
read past the shared machine's slow spells: ``paired`` is the median of each run's ratio to the YAML run just
before it (a slow spell slows both), ``best`` the ratio of the fastest CPU times (noise only ever adds). The three
loads must give the same facts (checked once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import dossiergen  # noqa: E402

#: Benchmarks go past the CLI's default input size limit (docs/security.md) on purpose.
NO_SIZE_LIMIT = 1 << 40


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def prepare(size: int, seed: int) -> dict[str, Path]:
    """Write the dossier in the three formats (once; kept when present)."""
    from clausewise.dossiers import load_dossier
    from clausewise.workbook.build import dossier_workbook

    OUT.mkdir(exist_ok=True)
    stem = OUT / f"formats-{size}-s{seed}"
    paths = {"yaml": stem.with_suffix(".yaml"), "json": stem.with_suffix(".json"), "xlsx": stem.with_suffix(".xlsx")}
    if all(p.exists() for p in paths.values()):
        return paths
    data = dossiergen.generate(size, seed)
    dossiergen.write(paths["yaml"], data)
    paths["json"].write_text(json.dumps(data, default=_json_default, ensure_ascii=False), encoding="utf-8")
    paths["xlsx"].write_bytes(dossier_workbook(load_dossier(paths["yaml"], max_bytes=NO_SIZE_LIMIT), "en"))
    return paths


def child(path: str) -> None:
    """Child side: time one load_dossier (imports excluded) and print seconds and counts as JSON."""
    from clausewise.dossiers import load_dossier
    from clausewise.evidence.facts import dossier_facts

    if path.endswith(".xlsx"):
        import openpyxl  # noqa: F401 - its import is start-up cost, not loading

    t0, c0 = time.perf_counter(), time.process_time()
    dossier = load_dossier(Path(path), max_bytes=NO_SIZE_LIMIT)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    facts = dossier_facts(dossier)
    digest = hash(tuple((f.kind, f.key, repr(sorted(f.values.items()))) for f in facts))
    counts = {"items": len(dossier.items()), "facts": len(facts), "digest": digest}
    print(json.dumps({"seconds": seconds, "cpu": cpu, **counts}))


def run(path: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20241120)
    parser.add_argument("--only", default="yaml,json,xlsx", help="formats to load, yaml first (default: all three)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    formats = args.only.split(",")
    if formats[0] != "yaml" or not set(formats) <= {"yaml", "json", "xlsx"}:
        parser.error(f"--only: yaml first, then json and/or xlsx; got {args.only!r}")
    paths = {fmt: path for fmt, path in prepare(args.size, args.seed).items() if fmt in formats}
    results: dict[str, list[dict[str, Any]]] = {fmt: [] for fmt in paths}
    for _ in range(args.repeat):  # interleaved, so load on the shared machine hits every format alike
        for fmt, path in paths.items():
            results[fmt].append(run(path))
    digests = {fmt: {r["digest"] for r in runs} for fmt, runs in results.items()}
    if len(set().union(*digests.values())) != 1:
        raise SystemExit(f"the formats gave different facts: {digests}")
    yaml_cpu = [r["cpu"] for r in results["yaml"]]
    first = results["yaml"][0]
    print(f"{args.size:,} facts requested: {first['items']:,} items, {first['facts']:,} facts; {args.repeat} runs each")
    print(
        f"{'format':<6} {'size':>10} {'wall median':>12} {'wall best':>10} {'CPU median':>11} {'CPU best':>9} "
        f"{'÷ yaml (CPU median)':>20} {'paired':>7} {'best':>6}"
    )
    for fmt, runs in results.items():
        seconds = [r["seconds"] for r in runs]
        cpu = [r["cpu"] for r in runs]
        size = paths[fmt].stat().st_size
        paired = statistics.median(c / y for c, y in zip(cpu, yaml_cpu, strict=True))
        median = statistics.median(cpu)
        print(
            f"{fmt:<6} {size / 1e6:>8.2f}MB {statistics.median(seconds):>11.3f}s {min(seconds):>9.3f}s "
            f"{median:>10.3f}s {min(cpu):>8.3f}s {median / statistics.median(yaml_cpu):>19.2f}× "
            f"{paired:>6.2f}× {min(cpu) / min(yaml_cpu):>5.2f}×"
        )
    if "xlsx" in results:
        xlsx = statistics.median(r["cpu"] for r in results["xlsx"])
        print(f"workbook: {first['items'] / xlsx:,.0f} rows per second")


if __name__ == "__main__":
    main()
