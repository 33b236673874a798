"""D3: reproduce the durable-rules 2.0.28 segfault on ordering joins that clausewise plans around.

A ruleset with one rule ``[beta, alpha with d >= beta.d]`` is evaluated on small random fact sets, each in
a forked child; the script counts children killed by a signal. With clausewise's planning (the default)
ordering joins never reach durable-rules; ``--raw`` sends them as-is.

    python scripts/durable/ordering_join.py --runs 600          # planned: expect 0 crashes
    python scripts/durable/ordering_join.py --runs 600 --raw    # as-is: measured 3-75 per 600

The rate depends on heap layout (it varies with the parent process's history), which is why a unit test
cannot pin it; ``tests/test_engine.py::test_ordering_joins_never_reach_durable_rules`` pins the plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

import clausewise.engine.joins as joins
from clausewise.engine.durable_backend import DurableEngine
from clausewise.engine.ir import Cmp, FieldRef, PatternIR, RuleIR
from clausewise.evidence.facts import Fact

RULES = [
    RuleIR(
        "q",
        "9",
        "N",
        "minor",
        (PatternIR("p0", "beta", None), PatternIR("p2", "alpha", Cmp("d", "date", "ge", ref=FieldRef("p0", "d")))),
    )
]
DATES = [dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2021, 1, 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=600)
    parser.add_argument("--raw", action="store_true", help="send ordering joins to durable-rules unplanned")
    args = parser.parse_args()
    if args.raw:
        joins.Planner.plan = lambda self, rule: joins.Plan(rule)  # type: ignore[method-assign]
    crashes, ballast = 0, []
    for i in range(args.runs):
        rnd = random.Random(i)
        facts = [
            Fact(
                rnd.choice(["alpha", "beta", "gamma"]),
                f"f{j}",
                {k: v for k, v in (("d", rnd.choice(DATES)), ("n", rnd.randint(0, 2))) if rnd.random() < 0.7},
            )
            for j in range(rnd.randint(1, 8))
        ]
        ballast.append("x" * rnd.randint(1, 5000))
        pid = os.fork()
        if pid == 0:
            DurableEngine(RULES).evaluate(facts)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        crashes += os.WIFSIGNALED(status)
    print(f"{'raw' if args.raw else 'planned'}: {crashes} of {args.runs} children crashed")


if __name__ == "__main__":
    main()
