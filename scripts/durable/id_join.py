"""D1: a join that reads a stored fact's ``id`` (or ``sid``) reads freed memory; any other field name is safe.

python scripts/durable/id_join.py id     # wrong count (often 0 of 300) or a segfault
python scripts/durable/id_join.py key    # 300 of 300
"""

from __future__ import annotations

import faulthandler
import random
import sys
from typing import Any

from _host import new_host

faulthandler.enable()
field = sys.argv[1] if len(sys.argv) > 1 else "key"
N = 300
matches: list[tuple[Any, Any]] = []


def act(c: Any) -> None:
    matches.append((c.nc[field], c.ca.nc_ref))


rule = {"all": [{"nc": {"t": "nc"}}, {"ca": {"$and": [{"t": "capa"}, {"nc_ref": {"nc": field}}]}}], "run": act}
host = new_host({"j": {"r": rule}})
for i in range(N):
    host.assert_fact("j", {"t": "nc", field: f"NC-{i:05d}", "pad": "x" * random.randint(0, 40)})
churn = ["y" * random.randint(10, 80) for _ in range(20000)]  # reuse the freed memory
for i in range(N):
    host.assert_fact("j", {"t": "capa", "nc_ref": f"NC-{i:05d}", "k": i})
correct = sum(1 for a, b in matches if a == b)
print(f"join on {field!r}: {N} expected, {len(matches)} matched, {correct} correct")
