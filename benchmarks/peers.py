"""clausewise against its peers, in one run: the ratios issue 14 asks for.

    python benchmarks/peers.py [--sizes 10000,100000] [--repeat 3] [--builtin-sizes 10000,100000] [--json OUT]
                               [--only yaml,json]

The peer workload is five audit-style rules (``peers/pack``: an unapproved document, a lapsed calibration, a
nonconformity without root cause, an unanswered complaint, and an internal auditor who audited their own
department: the equality join ``audit_assignment ⋈ person`` on name and department) over the same synthetic
facts (``peergen.py``), written four ways:

* clausewise: the rules as a pack, ``run(compiled, facts)`` (durable-rules behind ``DurableEngine``);
* CLIPS 6.4 through clipspy (``pip install -e '.[bench]'``; skipped with a note when it is not installed):
  deftemplates and defrules, timed from the first assert to the end of ``(run)`` and the count of results;
* raw durable-rules: the same rules with ``durable.lang``, one action per match, one ``assert_fact`` per fact;
* a one-pass Python baseline: a dict index for the join, list comprehensions for the rest.

Every engine must report the same number of matches per rule (the run stops otherwise). Each measurement runs
in a fresh process, ``--repeat`` times; the median CPU time (user + system of the process) is reported, since
CPU time is what load on a shared machine disturbs least. Printed ratios:

* evaluate / CLIPS, evaluate / raw durable (and / Python) at each size;
* whole from YAML / libyaml parse: ``assess(load_dossier(file))`` of the YAML dossier (pack compiled) against a
  bare ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same file with the cyclic GC off;
* whole from JSON / ``json.load`` of the JSON form of the same dossier;
* judge / evaluate on the built-in pack (``build_assessment`` against ``run``), on ``dossiergen.py``'s dossiers
  (``--builtin-sizes``; those of ``bench.py``).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PACK = HERE / "peers" / "pack"
sys.path.insert(0, str(HERE))

import dossiergen  # noqa: E402
import peergen  # noqa: E402

RULES = {
    "doc": "peer-doc-not-approved",
    "mmr": "peer-mmr-calibration-lapsed",
    "nc": "peer-nc-no-root-cause",
    "cmp": "peer-cmp-no-response",
    "own": "peer-auditor-own-department",
}
BUILTIN_SEED = 20241120  # bench.py's default: the same dossier files


def peer_path(size: int, suffix: str) -> Path:
    return OUT / f"peers-{size}{suffix}"


def ensure_peer(size: int) -> tuple[Path, Path]:
    yaml_path, json_path = peer_path(size, ".yaml"), peer_path(size, ".json")
    if not (yaml_path.exists() and json_path.exists()):
        data = peergen.generate(size)
        peergen.write(yaml_path, data)
        peergen.write(json_path, data)
    return yaml_path, json_path


def ensure_builtin(size: int) -> Path:
    path = OUT / f"dossier-{size}-s{BUILTIN_SEED}.yaml"
    if not path.exists():
        dossiergen.write(path, dossiergen.generate(size, BUILTIN_SEED))
    return path


def cpu_timed(fn: Callable[[], Any], *, nogc: bool = False) -> tuple[float, float, Any]:
    """(CPU seconds, wall seconds, result) after a full collection; with ``nogc`` the cyclic GC is off."""
    gc.collect()
    if nogc:
        gc.disable()
    try:
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        return time.process_time() - c0, time.perf_counter() - w0, result
    finally:
        gc.enable()


# --- the engines (each runs in its own child process) -------------------------------------------------------


def rule_counts(matches: Any) -> dict[str, int]:
    names = {v: k for k, v in RULES.items()}
    return dict(Counter(names[m.rule_id] for m in matches))


def child_clausewise(size: int, repeat: int) -> dict[str, Any]:
    from clausewise.engine.assess import compile_pack, run
    from clausewise.evidence.facts import dossier_facts
    from clausewise.evidence.loader import load_dossier
    from clausewise.rules.loader import load_pack
    from clausewise.rules.lower import resolve_params

    yaml_path, _ = ensure_peer(size)
    pack = load_pack(str(PACK))
    compiled = compile_pack(pack, resolve_params(pack.manifest, {}))
    facts = dossier_facts(load_dossier(yaml_path))
    runs = [cpu_timed(lambda: run(compiled, facts)) for _ in range(repeat)]
    return {"runs": [(c, w) for c, w, _ in runs], "counts": rule_counts(runs[-1][2])}


CLIPS_RULES = """
(deftemplate person (slot id) (slot name) (slot department))
(deftemplate assignment (slot id) (slot auditor) (slot department))
(deftemplate document (slot id) (slot approved_by))
(deftemplate mmr (slot id) (slot calibration_required) (slot calibration_due))
(deftemplate nc (slot id) (slot root_cause))
(deftemplate complaint (slot id) (slot responded_on))
(deftemplate found (slot rule) (multislot ids))
(defrule doc (document (id ?d) (approved_by nil)) => (assert (found (rule doc) (ids ?d))))
(defrule mmr (mmr (id ?m) (calibration_required TRUE) (calibration_due ?due&:(integerp ?due)&:(< ?due AS_OF)))
  => (assert (found (rule mmr) (ids ?m))))
(defrule nc (nc (id ?n) (root_cause nil)) => (assert (found (rule nc) (ids ?n))))
(defrule cmp (complaint (id ?c) (responded_on nil)) => (assert (found (rule cmp) (ids ?c))))
(defrule own (assignment (id ?a) (auditor ?n) (department ?d)) (person (id ?p) (name ?n) (department ?d))
  => (assert (found (rule own) (ids ?a ?p))))
"""

CLIPS_SLOTS = {
    "person": ("id", "name", "department"),
    "assignment": ("id", "auditor", "department"),
    "document": ("id", "approved_by"),
    "mmr": ("id", "calibration_required", "calibration_due"),
    "nc": ("id", "root_cause"),
    "complaint": ("id", "responded_on"),
}


def child_clips(size: int, repeat: int) -> dict[str, Any]:
    import clips

    yaml_path, _ = ensure_peer(size)
    import yaml

    facts = peergen.peer_facts(yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    # clipspy converts None to the symbol nil and booleans to TRUE/FALSE, as the rules expect
    slots = {kind: [dict(zip(CLIPS_SLOTS[kind], row, strict=True)) for row in rows] for kind, rows in facts.items()}
    runs = []
    counts: dict[str, int] = {}
    for _ in range(repeat):
        env = clips.Environment()
        for construct in CLIPS_RULES.replace("AS_OF", str(peergen.AS_OF)).strip().split("\n("):
            env.build(construct if construct.startswith("(") else "(" + construct)
        templates = {kind: env.find_template(kind) for kind in slots}

        def evaluate(env: Any = env, templates: dict[str, Any] = templates) -> dict[str, int]:
            for kind, rows in slots.items():
                template = templates[kind]
                for row in rows:
                    template.assert_fact(**row)
            env.run()
            return dict(Counter(str(f["rule"]) for f in env.facts() if f.template.name == "found"))

        cpu, wall, counts = cpu_timed(evaluate)
        runs.append((cpu, wall))
        env.clear()
        del env, templates
    return {"runs": runs, "counts": counts}


def child_durable(size: int, repeat: int) -> dict[str, Any]:
    from durable import engine
    from durable.lang import assert_fact, c, delete_state, m, ruleset, when_all

    yaml_path, _ = ensure_peer(size)
    import yaml

    facts = peergen.peer_facts(yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    counts: Counter[str] = Counter()

    with ruleset("peers"):

        @when_all((m.t == "document") & -m.approved_by)  # type: ignore[misc]
        def doc(c: Any) -> None:
            counts["doc"] += 1

        lapsed = (m.t == "mmr") & (m.calibration_required == True) & +m.calibration_due  # noqa: E712
        lapsed = lapsed & (m.calibration_due < peergen.AS_OF)

        @when_all(lapsed)  # type: ignore[misc]
        def mmr(c: Any) -> None:
            counts["mmr"] += 1

        @when_all((m.t == "nc") & -m.root_cause)  # type: ignore[misc]
        def nc(c: Any) -> None:
            counts["nc"] += 1

        @when_all((m.t == "complaint") & -m.responded_on)  # type: ignore[misc]
        def cmp(c: Any) -> None:
            counts["cmp"] += 1

        @when_all(  # type: ignore[misc]
            c.a << (m.t == "assignment"),
            c.p << ((m.t == "person") & (m.name == c.a.auditor) & (m.department == c.a.department)),
        )
        def own(c: Any) -> None:
            counts["own"] += 1

    # JSON-ready facts; a field with no value is left out (durable's $nex; a null would count as present)
    docs = []
    for kind, rows in facts.items():
        for row in rows:
            fact = {"t": kind}
            fact.update({k: v for k, v in zip(CLIPS_SLOTS[kind], row, strict=True) if v is not None})
            fact["key"] = fact.pop("id")
            docs.append(fact)
    runs = []
    for n in range(repeat):
        counts.clear()
        sid = str(n + 1)

        def evaluate(sid: str = sid) -> dict[str, int]:
            for i, fact in enumerate(docs):
                salt = 0
                while True:  # durable identifies facts by a 32-bit hash of the id (docs/engine.md D6)
                    try:
                        assert_fact("peers", {**fact, "id": i + salt, "sid": sid})
                        break
                    except engine.MessageObservedException:
                        salt += 1_000_003
                    except engine.MessageNotHandledException:  # no rule tests this fact
                        break
            return dict(counts)

        cpu, wall, result = cpu_timed(evaluate)
        runs.append((cpu, wall))
        delete_state("peers", sid)
    return {"runs": runs, "counts": result}


def baseline(facts: dict[str, list[tuple[Any, ...]]]) -> dict[str, int]:
    """The five rules in one pass of plain Python: matches per rule."""
    people: dict[tuple[str, str], list[str]] = {}
    for pid, name, dept in facts["person"]:
        people.setdefault((name, dept), []).append(pid)
    found = {
        "doc": [(d,) for d, approved in facts["document"] if approved is None],
        "mmr": [(i,) for i, req, due in facts["mmr"] if req is True and due is not None and due < peergen.AS_OF],
        "nc": [(n,) for n, cause in facts["nc"] if cause is None],
        "cmp": [(c,) for c, responded in facts["complaint"] if responded is None],
        "own": [(a, p) for a, name, dept in facts["assignment"] for p in people.get((name, dept), ())],
    }
    return {k: len(v) for k, v in found.items() if v}


def child_python(size: int, repeat: int) -> dict[str, Any]:
    yaml_path, _ = ensure_peer(size)
    import yaml

    facts = peergen.peer_facts(yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    runs = [cpu_timed(lambda: baseline(facts)) for _ in range(repeat)]
    return {"runs": [(c, w) for c, w, _ in runs], "counts": runs[-1][2]}


def child_whole(size: int, repeat: int, fmt: str) -> dict[str, Any]:
    """The whole assessment from the YAML (or JSON) dossier, and the bare parse of the same file."""
    import yaml

    from clausewise.engine.assess import assess, compile_pack
    from clausewise.evidence.loader import load_dossier
    from clausewise.rules.loader import load_pack
    from clausewise.rules.lower import resolve_params

    yaml_path, json_path = ensure_peer(size)
    path = json_path if fmt == "json" else yaml_path
    pack = load_pack(str(PACK))
    compile_pack(pack, resolve_params(pack.manifest, {}))

    def bare() -> Any:
        if fmt == "json":
            with path.open(encoding="utf-8") as fh:
                return json.load(fh)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    parse, whole = [], []
    for _ in range(repeat):
        cpu, wall, _data = cpu_timed(bare, nogc=True)
        parse.append((cpu, wall))
        del _data
        cpu, wall, result = cpu_timed(lambda: assess(load_dossier(path), pack, files=[str(path)]))
        whole.append((cpu, wall))
        counts = dict(Counter({v: k for k, v in RULES.items()}[f.rule] for f in result.findings))
        del result
    return {"runs": whole, "parse": parse, "counts": counts}


def child_builtin(size: int, repeat: int) -> dict[str, Any]:
    from clausewise.engine.assess import build_assessment, compile_pack, run
    from clausewise.evidence.facts import dossier_facts
    from clausewise.evidence.loader import load_dossier
    from clausewise.rules.loader import load_pack
    from clausewise.rules.lower import resolve_params

    path = ensure_builtin(size)
    pack = load_pack("iso9001")
    params = resolve_params(pack.manifest, {})
    compiled = compile_pack(pack, params)
    dossier = load_dossier(path, max_bytes=1 << 40)  # the 100k dossier is above the default limit
    facts = dossier_facts(dossier)
    evaluate, judge = [], []
    for _ in range(repeat):
        cpu, wall, matches = cpu_timed(lambda: run(compiled, facts))
        evaluate.append((cpu, wall))
        cpu, wall, result = cpu_timed(
            lambda m=matches: build_assessment(dossier, pack, compiled.rules, params, facts, m, None, [str(path)])
        )
        judge.append((cpu, wall))
        findings = len(result.findings)
        del matches, result
    return {"runs": evaluate, "judge": judge, "counts": {"findings": findings}}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "clausewise": child_clausewise,
    "clips": child_clips,
    "durable": child_durable,
    "python": child_python,
    "yaml": lambda size, repeat: child_whole(size, repeat, "yaml"),
    "json": lambda size, repeat: child_whole(size, repeat, "json"),
    "builtin": child_builtin,
}


# --- the parent ---------------------------------------------------------------------------------------------


def child(kind: str, size: int, repeat: int) -> dict[str, Any] | None:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(size), str(repeat)],
        stdout=subprocess.PIPE,
        text=True,
    )
    if proc.returncode != 0:
        print(f"!! {kind} at {size} failed (exit {proc.returncode})", file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def median_cpu(runs: list[list[float]]) -> float:
    return statistics.median(cpu for cpu, _ in runs)


def have_clips() -> bool:
    try:
        import clips  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--builtin-sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write every measurement here")
    ap.add_argument(
        "--only",
        help="comma-separated measurements to run at --sizes (clausewise, clips, durable, python, yaml, json), e.g. "
        "yaml,json for the whole-assessment ratios alone; engines that disagree are still refused",
    )
    ap.add_argument("--child", nargs=3, metavar=("KIND", "SIZE", "REPEAT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, size, repeat = args.child
        print(json.dumps(CHILDREN[kind](int(size), int(repeat))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    builtin_sizes = [int(s) for s in args.builtin_sizes.split(",") if s]
    engines = ["clausewise", "clips", "durable", "python"]
    if not have_clips():
        print("clipspy is not installed (pip install -e '.[bench]'): CLIPS is skipped", file=sys.stderr)
        engines.remove("clips")
    report: dict[str, Any] = {"repeat": args.repeat, "peers": {}, "builtin": {}}
    for size in sizes:
        ensure_peer(size)
        row: dict[str, Any] = {}
        for kind in [k for k in [*engines, "yaml", "json"] if not args.only or k in args.only.split(",")]:
            print(f"  {size:>7} {kind} ...", file=sys.stderr, flush=True)
            row[kind] = child(kind, size, args.repeat)
        counts = {k: v["counts"] for k, v in row.items() if v is not None}
        if len({json.dumps(c, sort_keys=True) for c in counts.values()}) != 1:
            raise SystemExit(f"engines disagree at {size} facts: {counts}")
        report["peers"][size] = row
    for size in builtin_sizes:
        ensure_builtin(size)
        print(f"  {size:>7} builtin ...", file=sys.stderr, flush=True)
        report["builtin"][size] = child("builtin", size, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    print_report(report, engines)


def print_report(report: dict[str, Any], engines: list[str]) -> None:
    print(f"median CPU of {report['repeat']} runs, each engine in a fresh process; matches agree across engines")
    for size, row in report["peers"].items():
        ok = {k: v for k, v in row.items() if v is not None}
        ev = median_cpu(ok["clausewise"]["runs"]) if "clausewise" in ok else float("nan")
        print(f"\n{size} facts, matches {sum(next(iter(ok.values()))['counts'].values())}")
        for kind in engines:
            if kind in ok and kind == "clausewise":
                print(f"  {kind:<11} evaluate {ev * 1000:9.1f} ms")
            elif kind in ok:
                t = median_cpu(ok[kind]["runs"])
                print(f"  {kind:<11} evaluate {t * 1000:9.1f} ms   clausewise / {kind}: {ev / t:5.2f}x")
        for fmt, floor in (("yaml", "libyaml parse, GC off"), ("json", "json.load")):
            if fmt in ok:
                whole, parse = median_cpu(ok[fmt]["runs"]), median_cpu(ok[fmt]["parse"])
                print(
                    f"  whole from {fmt.upper():<4} {whole * 1000:9.1f} ms   / {floor} ({parse * 1000:.1f} ms): "
                    f"{whole / parse:5.2f}x"
                )
    for size, res in report["builtin"].items():
        if res is None:
            continue
        ev, judge = median_cpu(res["runs"]), median_cpu(res["judge"])
        print(
            f"\nbuilt-in pack, {size} facts ({res['counts']['findings']} findings): evaluate {ev * 1000:.1f} ms, "
            f"judge {judge * 1000:.1f} ms, judge / evaluate {judge / ev:.2f}x"
        )


if __name__ == "__main__":
    main()
