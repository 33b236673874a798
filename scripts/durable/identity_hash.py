"""D6: facts are identified by a 32-bit FNV-1a hash of their ``id``, with no string comparison: distinct ids
collide and are rejected with ``MessageObservedException`` (about n²/2³³ per session).

    python scripts/durable/identity_hash.py [N]    # N unique uuid4 ids, default 200,000 (~10 s)
"""

from __future__ import annotations

import sys
import uuid

from _host import new_host
from durable import engine

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
host = new_host({"t": {"r": {"all": [{"m": {"$ex": {"n": 1}}}], "run": lambda c: None}}})
rejected = 0
for i in range(n):
    try:
        host.assert_fact("t", {"id": str(uuid.uuid4()), "n": i})
    except engine.MessageObservedException:
        rejected += 1
print(f"{rejected} of {n} facts with unique ids rejected as duplicates")
