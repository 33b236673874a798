"""D3: two rules whose patterns share an alpha test, each comparing against another fact with ``$gt``/``$lt``,
segfault in ``reduceExpressionSequence`` (durable-rules issue #381).

    python scripts/durable/relational_join.py     # killed by SIGSEGV
"""

from __future__ import annotations

import faulthandler

from _host import new_host

faulthandler.enable()
out: list[str] = []
first_a = {"first": {"$and": [{"metric": "met-A"}, {"$gt": {"amount": 10}}]}}
first_b = {"first": {"$and": [{"metric": "met-A"}, {"$gt": {"amount": 50}}]}}
host = new_host(
    {
        "metrics": {
            "detected": {
                "all": [first_a, {"second": {"$and": [{"metric": "met-B"}, {"$gt": {"amount": {"first": "amount"}}}]}}],
                "run": lambda c: out.append("detected"),
            },
            "detected2": {
                "all": [first_b, {"second": {"$and": [{"metric": "met-B"}, {"$lt": {"amount": {"first": "amount"}}}]}}],
                "run": lambda c: out.append("detected2"),
            },
        }
    }
)
host.post("metrics", {"metric": "met-A", "amount": 100})
host.post("metrics", {"metric": "met-B", "amount": 200})
print("survived:", out)
