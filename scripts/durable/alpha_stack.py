"""D8: more than 64 rules matching one fact at once overflow the 64-deep alpha stack: error 303.

python scripts/durable/alpha_stack.py 64    # ok
python scripts/durable/alpha_stack.py 65    # Could not assert fact, error code: 303
"""

from __future__ import annotations

import sys

from _host import new_host

n = int(sys.argv[1]) if len(sys.argv) > 1 else 65
rules = {
    f"r{i}": {"all": [{"m": {"$and": [{"type": "doc"}, {"$gte": {"score": -i}}]}}], "run": lambda c: None}
    for i in range(n)
}
host = new_host({"R": rules})
try:
    host.assert_fact("R", {"type": "doc", "score": 1})
    print(f"{n} rules matching one fact: ok")
except Exception as exc:
    print(f"{n} rules matching one fact: {exc}")
