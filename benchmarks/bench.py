"""clausewise benchmark: stage timings, throughput, libyaml ratio, peak memory and memory flatness.

    python benchmarks/bench.py [--sizes 1000,10000,100000] [--repeat N|N,N,N] [--json OUT]
                               [--flat N] [--no-flat] [--whole-max SIZE] [--trace-max SIZE]
                               [--uncapped] [--without RULE,...] [--profile SIZE] [--seed S]

For each size a deterministic synthetic dossier of exactly SIZE facts is written to ``benchmarks/out/`` (see
``dossiergen.py``), then measured in fresh subprocesses so that peaks and caches do not mix:

* ``time``   -- every stage, ``--repeat`` times (median, best and CPU time reported):
  parse (bare ``yaml.load(text, Loader=yaml.CSafeLoader)``), load (``load_dossier``: read + compose + locate +
  validate + merge, with its sub-stages), facts (``dossier_facts``), evaluate (``run(compiled, facts)`` on
  durable-rules), judge (``build_assessment``) and whole (``load_dossier`` + ``assess``, compile cached), and
  parse/compose/load/whole again with the cyclic GC off. Above ``--whole-max`` facts the whole assessment is
  not re-run but taken as the sum of its stages. Each measurement is streamed to the parent as it is taken,
  so a child that dies still leaves what it measured;
* ``rss``    -- one whole assessment without tracemalloc; ``ru_maxrss`` of the process before and after;
* ``trace``  -- one whole assessment under tracemalloc (up to ``--trace-max`` facts); peak of Python
  allocations per stage and overall, and of the bare libyaml parse.

Compile (``load_pack`` + first ``compile_pack``) is measured in its own fresh processes, because compiled packs
are cached per process (``clausewise.engine.assess._COMPILED``) and durable-rules cannot unregister a ruleset.

``--flat N`` (default 10,000) runs N whole assessments of a ~40-fact dossier in one process and prints RSS at the
start and after 1k, 5k and N. ``--profile SIZE`` runs cProfile over one whole assessment of that size instead.
``--uncapped`` lets the records a dossier holds a few of per year (management reviews, internal audits,
nonconformities, ...) grow with the size too, and ``--without`` leaves rules out of the built-in pack: both are
diagnostics for rules that compare such records pairwise, whose cost is not linear.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import dossiergen  # noqa: E402

#: Benchmarks go past the CLI's default input size limit (docs/security.md) on purpose.
NO_SIZE_LIMIT = 1 << 40

STAGES = ("parse", "load", "facts", "evaluate", "judge", "whole")
SUBSTAGES = ("compose", "cw_compose", "read_file", "validate", "merge", "encode")
#: The same stages again with the cyclic garbage collector disabled (shows what GC costs).
NOGC = ("parse_nogc", "cw_compose_nogc", "load_nogc", "facts_nogc", "evaluate_nogc", "judge_nogc", "whole_nogc")
SMALL = 40
WITHOUT_ENV = "CLAUSEWISE_BENCH_WITHOUT"  # rule ids left out of the pack (--without), inherited by children


# --- helpers ------------------------------------------------------------------------------------------------


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover


def rss_mb() -> float:
    """Current resident set size (VmRSS) in MB."""
    return _status_mb("VmRSS")


def hwm_mb() -> float:
    """Peak resident set size of this process image (VmHWM) in MB: unlike ru_maxrss, not carried over exec."""
    return _status_mb("VmHWM")


def maxrss_mb() -> float:
    """``ru_maxrss`` in MB. Linux keeps the larger of it and the parent's peak across fork+exec, which is why the
    parent generates dossiers in a child of its own and stays small."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed(fn: Callable[[], Any], *, nogc: bool = False) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result); with ``nogc`` the cyclic GC is off while ``fn`` runs."""
    if nogc:
        gc.collect()
        gc.disable()
    try:
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        return time.perf_counter() - t0, time.process_time() - c0, result
    finally:
        if nogc:
            gc.enable()


def dossier_path(size: int, seed: int, capped: bool = True) -> Path:
    return OUT / f"dossier-{size}-s{seed}{'' if capped else '-uncapped'}.yaml"


def ensure_dossier(size: int, seed: int, capped: bool = True) -> Path:
    """Generate the dossier in a child process, so that this process's peak RSS stays small (see maxrss_mb)."""
    result, _ = child("gen", str(size), str(seed), "capped" if capped else "uncapped")
    if result is None:
        raise SystemExit(f"generating the {size}-fact dossier failed")
    return Path(result["path"])


def generate_dossier(size: int, seed: int, capped: bool = True) -> Path:
    """Generate the dossier (deterministic); the file is replaced atomically, and only when its bytes change."""
    path = dossier_path(size, seed, capped)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    dossiergen.write(tmp, dossiergen.generate(size, seed, capped=capped))
    if path.exists() and path.read_bytes() == tmp.read_bytes():
        tmp.unlink()
    else:
        os.replace(tmp, path)
    return path


def emit(event: str, **data: Any) -> None:
    """Child side: one JSON line per event, flushed, so a child that dies still leaves its measurements."""
    print(json.dumps({"event": event, **data}, default=str), flush=True)


def child(kind: str, *args: str, progress: str = "") -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Run this script in a fresh interpreter; returns (its result or None if it died, every event it sent)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *args]
    events: list[dict[str, Any]] = []
    result: dict[str, Any] | None = None
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            event = json.loads(line)
            if event["event"] == "result":
                result = event["data"]
            else:
                events.append(event)
                if progress and event["event"] == "run":
                    print(
                        f"  {progress} {event['name']:<16} {fmt_s(event['wall']):>10} wall "
                        f"{fmt_s(event['cpu']):>10} cpu",
                        file=sys.stderr,
                        flush=True,
                    )
    if proc.returncode != 0:
        print(
            f"!! child {kind} {args} ended with exit code {proc.returncode}; keeping what it measured",
            file=sys.stderr,
            flush=True,
        )
        result = None
    return result, events


def bench_pack() -> Any:
    """The built-in pack, minus the rules named by ``--without`` (then with its own digest, compiled apart)."""
    from clausewise.rules.loader import Pack, load_pack

    pack = load_pack("iso9001")
    without = {r for r in os.environ.get(WITHOUT_ENV, "").split(",") if r}
    if without:
        unknown = without - {r.rule.id for r in pack.rules}
        if unknown:
            raise SystemExit(f"--without names unknown rules: {', '.join(sorted(unknown))}")
        rules = [r for r in pack.rules if r.rule.id not in without]
        pack = Pack(pack.path, pack.manifest, rules, f"{pack.digest}-without-{len(without)}", pack.fixtures)
    return pack


def setup() -> tuple[Any, dict[str, Any], Any]:
    """Pack, resolved default parameters, compiled pack (warm)."""
    from clausewise.engine.assess import compile_pack
    from clausewise.rules.lower import resolve_params

    pack = bench_pack()
    params = resolve_params(pack.manifest, {})
    return pack, params, compile_pack(pack, params)


def backend(compiled: Any) -> Any:
    """The default evaluator's compiled rules (``Compiled.evaluator()``; ``Compiled.engine`` before issue 13)."""
    return compiled.evaluator() if hasattr(compiled, "evaluator") else compiled.engine


def encoder(compiled: Any, facts: Sequence[Any]) -> Callable[[Sequence[Any]], Any] | None:
    """The backend's fact encoding (the Python half of ``evaluate``), if its private API is as expected."""
    enc = getattr(backend(compiled), "_encode", None)
    if enc is None:
        return None
    try:
        wants_audit = "audit" in inspect.signature(enc).parameters
    except (TypeError, ValueError):
        return None
    audit = next((f for f in facts if f.kind == "audit"), None)
    if wants_audit:
        return lambda fs: [enc(f, audit) for f in fs]
    return lambda fs: [enc(f) for f in fs]


def asserted_kinds(compiled: Any) -> set[str]:
    """Kinds of fact some rule looks at: only these are asserted into durable-rules."""
    return {k for s in getattr(backend(compiled), "_shards", ()) for k in getattr(s, "kinds", ())}


# --- children -----------------------------------------------------------------------------------------------


def child_compile() -> dict[str, Any]:
    w_import, _, _ = timed(lambda: __import__("clausewise.engine.assess"))
    from clausewise.engine.assess import compile_pack
    from clausewise.rules.lower import resolve_params

    w_pack, c_pack, pack = timed(bench_pack)
    params = resolve_params(pack.manifest, {})
    w_first, c_first, compiled = timed(lambda: compile_pack(pack, params))
    w_again, _, _ = timed(lambda: compile_pack(pack, params))
    return {
        "import_s": w_import,
        "load_pack_s": w_pack,
        "load_pack_cpu_s": c_pack,
        "compile_first_s": w_first,
        "compile_first_cpu_s": c_first,
        "compile_cached_s": w_again,
        "rules": len(pack.rules),
        "pack_digest": pack.digest,
        "shards": len(getattr(backend(compiled), "_shards", ())),
        "asserted_kinds": sorted(asserted_kinds(compiled)),
    }


def child_time(path: str, repeat: int, full: bool) -> dict[str, Any]:
    import yaml

    from clausewise import yamlsource
    from clausewise.engine.assess import assess, build_assessment, run
    from clausewise.evidence.facts import dossier_facts
    from clausewise.evidence.loader import load_dossier, merge, validate_document
    from clausewise.yamlsource import read_file

    def bare_parse(text: str) -> Any:
        return yaml.load(text, Loader=yaml.CSafeLoader)

    def c_compose(text: str) -> Any:
        return yaml.compose(text, Loader=yaml.CSafeLoader)

    # clausewise's own composer over libyaml events, when it has one (else PyYAML's C composer)
    own_compose = getattr(yamlsource, "_compose", None)

    def cw_compose(text: str) -> Any:
        return own_compose(text, "bench") if own_compose else c_compose(text)

    pack, params, compiled = setup()
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    kinds = asserted_kinds(compiled)
    gc.collect()
    baseline = {"maxrss_before_mb": maxrss_mb(), "rss_before_mb": rss_mb(), "hwm_before_mb": hwm_mb()}
    emit("baseline", **baseline)
    runs: dict[str, list[tuple[float, float]]] = {s: [] for s in (*STAGES, *SUBSTAGES, *NOGC)}

    def measure(name: str, fn: Callable[..., Any], *args: Any) -> Any:
        """Time ``fn(*args)`` (after a full collection) and record it under ``name``; returns its result."""
        nogc = name.endswith("_nogc")
        if not nogc:
            gc.collect()
        wall, cpu, result = timed(lambda: fn(*args), nogc=nogc)
        runs[name].append((wall, cpu))
        emit("run", name=name, wall=wall, cpu=cpu)
        return result

    def whole() -> Any:
        return assess(load_dossier(file, max_bytes=NO_SIZE_LIMIT), pack, files=[str(file)])

    def validate(located: Any) -> Any:
        problems: list[Any] = []
        part = validate_document(located, problems)
        assert part is not None and not problems, problems
        return part

    info: dict[str, Any] = {}
    for _ in range(repeat):
        measure("parse", bare_parse, text)
        measure("compose", c_compose, text)
        measure("cw_compose", cw_compose, text)
        # load_dossier's sub-stages, called as clausewise.evidence.loader.load_dossier calls them
        located = measure("read_file", lambda f: read_file(f, max_bytes=NO_SIZE_LIMIT), file)
        part = measure("validate", validate, located)
        measure("merge", merge, [(located, part)])
        del located, part
        # the pipeline, stage by stage, each stage's input kept from the previous one
        dossier = measure("load", load_dossier, file)
        facts = measure("facts", dossier_facts, dossier)
        encode = encoder(compiled, facts)
        if encode is not None:  # private API of the backend: measured when it is there, skipped otherwise
            measure("encode", encode, facts)
        matches = measure("evaluate", run, compiled, facts)
        result = measure(
            "judge", build_assessment, dossier, pack, compiled.rules, params, facts, matches, None, [str(file)]
        )
        info = {
            "facts": len(facts),
            "asserted_facts": sum(1 for f in facts if f.kind in kinds),
            "matches": len(matches),
            "findings": len(result.findings),
            "finding_counts": result.summary.findings,
            "clause_counts": result.summary.counts,
        }
        emit("info", **info)
        del dossier, facts, matches, result
        # the same with the cyclic GC off (each stage after a full collection, with GC disabled while it runs)
        measure("parse_nogc", bare_parse, text)
        measure("cw_compose_nogc", cw_compose, text)
        dossier = measure("load_nogc", load_dossier, file)
        facts = measure("facts_nogc", dossier_facts, dossier)
        matches = measure("evaluate_nogc", run, compiled, facts)
        measure("judge_nogc", build_assessment, dossier, pack, compiled.rules, params, facts, matches, None, [path])
        del dossier, facts, matches
        if full:  # the whole assessment in one call, with and without GC (large sizes: sum of the stages instead)
            assert len(measure("whole", whole).findings) == info["findings"]
            measure("whole_nogc", whole)
    return {
        "bytes": file.stat().st_size,
        **info,
        "runs": runs,
        "rules": len(pack.rules),
        "maxrss_mb": maxrss_mb(),
        "hwm_mb": hwm_mb(),
        **baseline,
    }


def child_rss(path: str) -> dict[str, Any]:
    from clausewise.engine.assess import assess
    from clausewise.evidence.loader import load_dossier

    pack, _params, _compiled = setup()
    gc.collect()
    before_max, before_now, before_hwm = maxrss_mb(), rss_mb(), hwm_mb()
    result = assess(load_dossier(Path(path), max_bytes=NO_SIZE_LIMIT), pack, files=[path])
    after_now = rss_mb()
    del result
    gc.collect()
    return {
        "maxrss_before_mb": before_max,
        "rss_before_mb": before_now,
        "hwm_before_mb": before_hwm,
        "hwm_after_mb": hwm_mb(),
        "maxrss_after_mb": maxrss_mb(),
        "rss_holding_result_mb": after_now,
        "rss_after_free_mb": rss_mb(),
    }


def child_trace(path: str) -> dict[str, Any]:
    import tracemalloc

    import yaml

    from clausewise.engine.assess import build_assessment, run
    from clausewise.evidence.facts import dossier_facts
    from clausewise.evidence.loader import load_dossier

    pack, params, compiled = setup()
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    gc.collect()
    mb = 1024 * 1024
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    parse_peak = tracemalloc.get_traced_memory()[1] - base
    parse_kept = tracemalloc.get_traced_memory()[0] - base
    del data
    gc.collect()
    out: dict[str, Any] = {"parse_peak_mb": parse_peak / mb, "parse_result_mb": parse_kept / mb}
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    state: dict[str, Any] = {}
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("load", lambda: load_dossier(file, max_bytes=NO_SIZE_LIMIT)),
        ("facts", lambda: dossier_facts(state["load"])),
        ("evaluate", lambda: run(compiled, state["facts"])),
        (
            "judge",
            lambda: build_assessment(
                state["load"], pack, compiled.rules, params, state["facts"], state["evaluate"], None, [path]
            ),
        ),
    ]
    overall = 0
    for name, fn in steps:
        tracemalloc.reset_peak()
        state[name] = fn()
        now, peak = tracemalloc.get_traced_memory()
        overall = max(overall, peak)
        out[f"{name}_peak_mb"] = (peak - base) / mb
        out[f"{name}_retained_mb"] = (now - base) / mb
    out["whole_peak_mb"] = (overall - base) / mb
    tracemalloc.stop()
    return out


def child_flat(path: str, n: int) -> dict[str, Any]:
    from clausewise.engine.assess import assess
    from clausewise.evidence.loader import load_dossier

    pack, _params, _compiled = setup()
    file = Path(path)
    first = assess(load_dossier(file, max_bytes=NO_SIZE_LIMIT), pack, files=[path])  # warm-up: imports, lazy caches
    n_facts, n_findings = first.dossier.facts, len(first.findings)
    del first
    gc.collect()
    checkpoints = sorted({c for c in (1000, 5000, n) if c <= n})
    points = [{"after": 0, "rss_mb": rss_mb(), "threads": threading.active_count(), "elapsed_s": 0.0}]
    t0 = time.perf_counter()
    for i in range(1, n + 1):
        result = assess(load_dossier(file, max_bytes=NO_SIZE_LIMIT), pack, files=[path])
        if len(result.findings) != n_findings:
            raise SystemExit(f"assessment {i} gave {len(result.findings)} findings, expected {n_findings}")
        if i in checkpoints:
            points.append(
                {
                    "after": i,
                    "rss_mb": rss_mb(),
                    "threads": threading.active_count(),
                    "elapsed_s": time.perf_counter() - t0,
                }
            )
    total = time.perf_counter() - t0
    return {
        "facts": n_facts,
        "findings": n_findings,
        "assessments": n,
        "total_s": total,
        "per_assessment_ms": total / n * 1000,
        "points": points,
        "maxrss_mb": maxrss_mb(),
    }


def profile(size: int, seed: int, capped: bool, top: int = 30) -> None:
    from clausewise.engine.assess import assess
    from clausewise.evidence.loader import load_dossier

    path = ensure_dossier(size, seed, capped)
    pack, _params, _compiled = setup()
    prof = cProfile.Profile()
    prof.enable()
    assess(load_dossier(path, max_bytes=NO_SIZE_LIMIT), pack, files=[str(path)])
    prof.disable()
    dump = OUT / f"profile-{size}.prof"
    prof.dump_stats(str(dump))
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(top)
        print(f"--- cProfile, whole assessment of {size:,} facts, top {top} by {key} ---")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:20000])
    print(f"(profile saved to {dump}; view with python -m pstats {dump})")


# --- parent -------------------------------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    from importlib import metadata

    import yaml

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "sched_cpus": len(os.sched_getaffinity(0)),
        "durable_rules": version("durable_rules"),
        "pyyaml": version("PyYAML"),
        "pyyaml_libyaml": hasattr(yaml, "CSafeLoader"),
        "pydantic": version("pydantic"),
        "clausewise": version("clausewise"),
    }


def summarize(values: list[tuple[float, float]]) -> dict[str, float]:
    walls = [w for w, _ in values]
    cpus = [c for _, c in values]
    return {"median_s": statistics.median(walls), "best_s": min(walls), "cpu_median_s": statistics.median(cpus)}


def fmt_s(s: float) -> str:
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="fact counts, comma separated")
    ap.add_argument(
        "--repeat",
        default="3",
        help="timed repetitions per size (median and best reported): N for all sizes, or one N per size (5,3,1)",
    )
    ap.add_argument("--compile-repeat", type=int, default=3, help="fresh processes for the compile measurement")
    ap.add_argument("--flat", type=int, default=10_000, help="assessments of the ~40-fact dossier (memory flatness)")
    ap.add_argument("--no-flat", action="store_true", help="skip the memory-flatness run")
    ap.add_argument("--seed", type=int, default=20241120)
    ap.add_argument("--json", type=Path, help="also write every measurement here as JSON")
    ap.add_argument("--profile", type=int, metavar="SIZE", help="only cProfile one whole assessment of SIZE facts")
    ap.add_argument(
        "--whole-max",
        type=int,
        default=20_000,
        metavar="SIZE",
        help="above this size the whole assessment is not re-run: it is the sum of the measured stages",
    )
    ap.add_argument(
        "--trace-max", type=int, default=20_000, metavar="SIZE", help="tracemalloc run only up to this size"
    )
    ap.add_argument(
        "--uncapped",
        action="store_true",
        help="stress test: per-period records (management reviews, internal audits, nonconformities, ...) grow\n"
        "with the size instead of being capped at what a few audit years hold (dossiergen.PER_PERIOD_CAPS)",
    )
    ap.add_argument("--without", default="", metavar="RULE,...", help="diagnostic: leave these rules out of the pack")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.without:
        os.environ[WITHOUT_ENV] = args.without
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        fn: Callable[[], dict[str, Any]] = {
            "compile": lambda: child_compile(),
            "gen": lambda: {"path": str(generate_dossier(int(rest[0]), int(rest[1]), rest[2] == "capped"))},
            "time": lambda: child_time(rest[0], int(rest[1]), rest[2] == "full"),
            "rss": lambda: child_rss(rest[0]),
            "trace": lambda: child_trace(rest[0]),
            "flat": lambda: child_flat(rest[0], int(rest[1])),
        }[kind]
        emit("result", data=fn())
        return 0
    if args.profile:
        profile(args.profile, args.seed, capped=not args.uncapped)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    repeats = [int(r) for r in str(args.repeat).split(",") if r.strip()]
    if len(repeats) == 1:
        repeats *= len(sizes)
    if len(repeats) != len(sizes) or min(repeats) < 1:
        ap.error("--repeat takes one positive count, or one per size")
    report: dict[str, Any] = {
        "environment": environment(),
        "seed": args.seed,
        "without": [r for r in args.without.split(",") if r],
        "uncapped": args.uncapped,
        "repeat": dict(zip(sizes, repeats, strict=True)),
        "sizes": {},
    }
    env = report["environment"]
    print(
        f"Python {env['python']} on {env['platform']}, {env['nproc']} CPUs; durable_rules {env['durable_rules']}, "
        f"PyYAML {env['pyyaml']} (libyaml: {env['pyyaml_libyaml']}), pydantic {env['pydantic']}"
    )

    # compile, fresh processes
    compiles = [c for c, _ in (child("compile") for _ in range(max(1, args.compile_repeat))) if c is not None]
    if not compiles:
        raise SystemExit("the compile measurement failed")
    comp = compiles[0]
    report["compile"] = {
        "rules": comp["rules"],
        "pack_digest": comp["pack_digest"],
        "shards": comp["shards"],
        "asserted_kinds": comp["asserted_kinds"],
        "load_pack": summarize([(c["load_pack_s"], c["load_pack_cpu_s"]) for c in compiles]),
        "compile_first": summarize([(c["compile_first_s"], c["compile_first_cpu_s"]) for c in compiles]),
        "compile_cached_s": statistics.median(c["compile_cached_s"] for c in compiles),
        "import_s": statistics.median(c["import_s"] for c in compiles),
    }
    rc = report["compile"]
    label = (f" without {args.without}" if args.without else "") + (" (uncapped dossiers)" if args.uncapped else "")
    print(
        f"\nBuilt-in pack iso9001{label}: {rc['rules']} rules (digest {rc['pack_digest']}), "
        f"{rc['shards']} durable ruleset(s);"
        f" kinds asserted into durable-rules: {', '.join(rc['asserted_kinds']) or '-'}"
    )
    print(
        f"  import clausewise {fmt_s(rc['import_s'])}; load_pack {fmt_s(rc['load_pack']['median_s'])}; "
        f"first compile_pack {fmt_s(rc['compile_first']['median_s'])} (fresh process, median of {len(compiles)}); "
        f"cached compile_pack {rc['compile_cached_s'] * 1e6:.1f} µs"
    )

    def save() -> None:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")

    for size, repeat in zip(sizes, repeats, strict=True):
        t0 = time.perf_counter()
        path = ensure_dossier(size, args.seed, capped=not args.uncapped)
        gen_s = time.perf_counter() - t0
        full = size <= args.whole_max
        print(
            f"\n== {size:,} facts: {path.name} ({path.stat().st_size / 1e6:.1f} MB, generated in {gen_s:.1f} s); "
            f"{repeat} timed run(s) ==",
            flush=True,
        )
        entry = measure_size(path, repeat, full, trace=size <= args.trace_max, tag=f"[{size:,}]")
        report["sizes"][str(size)] = entry
        print_size(entry)
        save()

    measured = [s for s in sizes if "whole" in report["sizes"][str(s)].get("stages", {})]
    if len(measured) > 1:
        print("\nLinearity: CPU µs per fact (median) at each size; last/first ratio (1.0 = linear)")
        print(f"{'stage':<16} " + " ".join(f"{s:>10,}" for s in measured) + f" {'ratio':>7}")
        lin: dict[str, Any] = {}
        for name in (*STAGES, *SUBSTAGES, *NOGC):
            per = [report["sizes"][str(s)]["stages"].get(name, {}).get("cpu_us_per_fact") for s in measured]
            if any(p is None for p in per):
                continue
            ratio = per[-1] / per[0]
            lin[name] = {"us_per_fact": per, "ratio_last_first": ratio, "ratio_last_prev": per[-1] / per[-2]}
            flag = "  <-- superlinear?" if per[-1] / per[-2] > 1.5 else ""
            print(f"{name:<16} " + " ".join(f"{p:>10.1f}" for p in per) + f" {ratio:>7.2f}{flag}")
        report["linearity"] = lin
    if "evaluate" in report["sizes"].get("10000", {}).get("stages", {}):
        ev = report["sizes"]["10000"]["stages"]["evaluate"]
        verdict = "meets" if ev["median_s"] < 1 else "MISSES"
        print(
            f"\nTarget: evaluate 10k facts well under 1 s -> {fmt_s(ev['median_s'])} median, "
            f"{fmt_s(ev['best_s'])} best ({verdict} the target)"
        )
    save()

    if not args.no_flat:
        small = ensure_dossier(SMALL, args.seed)
        flat, _ = child("flat", str(small), str(args.flat))
        report["flat"] = flat
        if flat is not None:
            print(
                f"\nMemory flatness: {flat['assessments']:,} whole assessments (load_dossier + assess) of a "
                f"{flat['facts']}-fact dossier ({flat['findings']} findings) in one process: "
                f"{flat['per_assessment_ms']:.2f} ms per assessment"
            )
            for p in flat["points"]:
                print(
                    f"  after {p['after']:>6,}: RSS {p['rss_mb']:7.1f} MB, threads {p['threads']}, "
                    f"elapsed {p['elapsed_s']:.1f} s"
                )
        save()
    if args.json:
        print(f"\nwrote {args.json}")
    return 0


def measure_size(path: Path, repeat: int, full: bool, trace: bool, tag: str) -> dict[str, Any]:
    """Time, RSS and tracemalloc children for one dossier; tolerates a child that dies (partial results)."""
    t, events = child("time", str(path), str(repeat), "full" if full else "stages", progress=tag)
    complete = t is not None
    if t is None:  # rebuild what the child measured before it died
        runs: dict[str, list[tuple[float, float]]] = {}
        for e in events:
            if e["event"] == "run":
                runs.setdefault(e["name"], []).append((e["wall"], e["cpu"]))
        infos = [e for e in events if e["event"] == "info"]
        t = {"runs": runs, "bytes": path.stat().st_size, **(infos[-1] if infos else {})}
        t.pop("event", None)
    runs = {k: v for k, v in t["runs"].items() if v}
    stages = {name: summarize(v) for name, v in runs.items()}
    n = t.get("facts")
    whole_is_sum = False
    parts = ("load", "facts", "evaluate", "judge")
    if "whole" not in stages and all(p in stages for p in parts):
        whole_is_sum = True  # large sizes: the whole assessment is the sum of its measured stages
        stages["whole"] = {k: sum(stages[p][k] for p in parts) for k in ("median_s", "best_s", "cpu_median_s")}
    if n:
        for s in stages.values():
            s["facts_per_s"] = n / s["median_s"]
            s["us_per_fact"] = s["median_s"] / n * 1e6
            s["cpu_facts_per_s"] = n / s["cpu_median_s"]
            s["cpu_us_per_fact"] = s["cpu_median_s"] / n * 1e6
    memory: dict[str, Any] = {"maxrss_time_child_mb": t.get("maxrss_mb")}
    # The timing child's own peak is not that of one assessment: it also ran the GC-off pipeline, whose
    # cyclic garbage (durable-rules' per-action objects) is only freed afterwards. So one more child.
    rss, _ = child("rss", str(path)) if complete else (None, [])
    memory.update(rss or {})
    if trace and complete:
        tr, _ = child("trace", str(path))
        memory.update(tr or {})
    entry: dict[str, Any] = {
        "file": str(path.relative_to(HERE.parent)),
        "complete": complete,
        "whole_is_sum_of_stages": whole_is_sum,
        **{k: t.get(k) for k in ("bytes", "facts", "asserted_facts", "matches", "findings", "rules")},
        "finding_counts": t.get("finding_counts"),
        "clause_counts": t.get("clause_counts"),
        "stages": stages,
        "memory": memory,
        "runs": runs,
    }
    if "parse" in stages and "whole" in stages:
        entry["ratio_whole_to_parse"] = stages["whole"]["median_s"] / stages["parse"]["median_s"]
        entry["ratio_whole_to_parse_best"] = stages["whole"]["best_s"] / stages["parse"]["best_s"]
        entry["ratio_whole_to_parse_cpu"] = stages["whole"]["cpu_median_s"] / stages["parse"]["cpu_median_s"]
    return entry


def print_size(entry: dict[str, Any]) -> None:
    if not entry["complete"]:
        print("!! incomplete: the timing child died; the stages below are those it finished")
    if entry.get("facts"):
        print(
            f"facts {entry['facts']:,} ({entry['asserted_facts']:,} asserted into durable-rules), "
            f"matches {entry['matches']:,}, findings {entry['findings']:,} {entry['finding_counts']}"
        )
    stages = entry["stages"]
    print(f"{'stage':<16} {'median':>10} {'best':>10} {'cpu':>10} {'facts/s':>12} {'µs/fact':>9}   (rates: CPU time)")
    for name in (*STAGES, *SUBSTAGES, *NOGC):
        s = stages.get(name)
        if s is None:
            continue
        label = name if name in STAGES else f"  {name}"
        if name == "whole" and entry["whole_is_sum_of_stages"]:
            label = "whole (sum)"
        rate = f"{s['cpu_facts_per_s']:>12,.0f} {s['cpu_us_per_fact']:>9.1f}" if "cpu_facts_per_s" in s else ""
        print(f"{label:<16} {fmt_s(s['median_s']):>10} {fmt_s(s['best_s']):>10} {fmt_s(s['cpu_median_s']):>10} {rate}")
    if "ratio_whole_to_parse" in entry:
        print(
            f"whole / bare libyaml parse = {entry['ratio_whole_to_parse']:.2f}x median, "
            f"{entry['ratio_whole_to_parse_best']:.2f}x best, {entry['ratio_whole_to_parse_cpu']:.2f}x CPU"
        )
    m = entry["memory"]
    if m.get("maxrss_after_mb") is not None and m.get("maxrss_before_mb") is not None:
        holding = m.get("rss_holding_result_mb")
        print(
            f"memory: ru_maxrss {m['maxrss_before_mb']:.0f} MB after setup -> {m['maxrss_after_mb']:.0f} MB after one "
            f"assessment (VmHWM {m.get('hwm_before_mb') or 0:.0f} -> {m.get('hwm_after_mb') or 0:.0f} MB)"
            + (f"; RSS holding the result {holding:.0f} MB" if holding is not None else "")
        )
    if "whole_peak_mb" in m:
        print(
            f"tracemalloc peak {m['whole_peak_mb']:.1f} MB (load {m['load_peak_mb']:.1f}, facts "
            f"{m['facts_peak_mb']:.1f}, evaluate {m['evaluate_peak_mb']:.1f}, judge {m['judge_peak_mb']:.1f}); "
            f"bare libyaml parse peak {m['parse_peak_mb']:.1f} MB"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
