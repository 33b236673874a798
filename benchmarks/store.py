"""What the audit store costs an assessment: ``assess`` alone against ``assess --audit`` (record + read back
decided), and ``audit report`` against ``report`` of a saved JSON result, measured side by side in one process
(the pack compiled and the libraries imported before timing), on SQLite and, when given, PostgreSQL.

    python benchmarks/store.py [--repeat N] [--pg URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from clausewise.engine.assess import assess
from clausewise.evidence.loader import load_dossier
from clausewise.reports import render
from clausewise.reports.saved import load_results
from clausewise.rules.loader import load_pack
from clausewise.store.db import open_store
from clausewise.store.service import DecisionInput, assess_into, audit_result, create_audit, decide

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"
ORG = "中食互联（北京）科技有限公司"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(where: str, repeat: int, saved: Path) -> dict[str, float]:
    import datetime as dt

    store = open_store(where)
    info = create_audit(
        store, ORG, type="surveillance", date=dt.date(2020, 12, 3), standard="ISO 9001:2015", pack="iso9001", params={}
    )
    first = assess_into(store, info.id, SEED, "iso9001", {}, None, "durable")
    reviews = [f.id for f in first.findings if f.judgment == "review"][:20]
    decide(store, info.id, [DecisionInput("accept", finding=f, by="bench") for f in reviews])
    out = {
        # the command loads the pack and the dossier in both cases
        "assess": median_ms(lambda: assess(load_dossier(SEED), load_pack("iso9001"), files=[str(SEED)]), repeat),
        "assess --audit": median_ms(lambda: assess_into(store, info.id, SEED, "iso9001", {}, None, "durable"), repeat),
        "report saved.json (table)": median_ms(lambda: render(load_results(saved)[0], "table"), repeat),
        "audit report (table)": median_ms(lambda: render([audit_result(store, info.id)], "table"), repeat),
    }
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg", help="a PostgreSQL URL (an empty database) to measure as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved.json"
        saved.write_text(render([assess(load_dossier(SEED), load_pack("iso9001"))], "json"), encoding="utf-8")
        stores = {"sqlite": str(Path(tmp) / "bench.sqlite")}
        if args.pg:
            stores["postgresql"] = args.pg
        for name, where in stores.items():
            numbers = measure(where, args.repeat, saved)
            print(f"{name}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in numbers.items()))
            print(
                f"{name}: assess --audit / assess = {numbers['assess --audit'] / numbers['assess']:.2f}; "
                f"audit report / report = {numbers['audit report (table)'] / numbers['report saved.json (table)']:.2f}"
            )


if __name__ == "__main__":
    main()
