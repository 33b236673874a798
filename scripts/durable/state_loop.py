"""D4: a rule that the session's state document satisfies fires again after every action (the action rewrites
the state): an endless loop inside ``assert_fact``, stopped here after 1,000 firings.

    python scripts/durable/state_loop.py
"""

from __future__ import annotations

from typing import Any

from _host import new_host
from durable import engine


def firings(cond: dict[str, Any]) -> int:
    count = [0]

    def act(c: Any) -> None:
        count[0] += 1
        if count[0] >= 1000:
            c.delete_state()  # the only way out

    host = new_host({"t": {"r": {"all": [{"m": cond}], "run": act}}})
    try:
        host.assert_fact("t", {"kind": "evidence", "k": 1})
    except engine.MessageNotHandledException:
        pass
    except Exception:  # error 307 after delete_state inside the loop
        pass
    return count[0]


print("absence only ($nex owner):", firings({"$nex": {"owner": 1}}), "firings for one fact")
print("with a kind test first:", firings({"$and": [{"kind": "evidence"}, {"$nex": {"owner": 1}}]}), "firing(s)")
