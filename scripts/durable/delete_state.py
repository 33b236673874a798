"""D2: ``delete_state`` frees an uninitialised pointer on a session in which no action ever ran.

python scripts/durable/delete_state.py quiet      # segfaults within 20,000 sessions
python scripts/durable/delete_state.py sentinel   # a sentinel action per session: survives
"""

from __future__ import annotations

import faulthandler
import sys

from _host import new_host

faulthandler.enable()
mode = sys.argv[1] if len(sys.argv) > 1 else "sentinel"
host = new_host(
    {
        "A": {
            "never": {"all": [{"a": {"type": "doc"}}, {"b": {"type": "never-present"}}], "run": lambda c: None},
            "sentinel": {"all": [{"m": {"type": "start"}}], "run": lambda c: None},
        }
    }
)
for i in range(20000):
    sid = f"eval-{i}"
    if mode == "sentinel":
        host.assert_fact("A", {"type": "start", "sid": sid})  # one action runs in this session
    for k in range(5):
        host.assert_fact("A", {"type": "doc", "k": k, "sid": sid})
    host.delete_state("A", sid)
print(f"{mode}: survived 20000 delete_state calls")
