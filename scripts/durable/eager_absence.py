"""D5: absence (``alias$not``) is judged when the subject arrives, not after all facts: an NC asserted before its
corrective action fires and is never undone. A gate pattern on an end-of-data fact, placed first, fixes it.

    python scripts/durable/eager_absence.py
"""

from __future__ import annotations

from typing import Any

from _host import new_host

NC = {"type": "nc", "key": "NC1"}
CAPA = {"type": "capa", "nc_key": "NC1"}
END = {"type": "end_of_data"}
ABSENT = {"m_9$not": {"$and": [{"type": "capa"}, {"nc_key": {"nc": "key"}}]}}
EAGER = [{"nc": {"type": "nc"}}, ABSENT]
GATED = [{"ctl": {"type": "end_of_data"}}, {"nc": {"type": "nc"}}, ABSENT]


def fired(patterns: list[dict[str, Any]], facts: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    host = new_host({"G": {"r": {"all": patterns, "run": lambda c: out.append(c.nc.key)}}})
    for fact in facts:
        host.assert_fact("G", fact)
    return out


print("eager, NC then its CAPA:", fired(EAGER, [NC, CAPA]), "(wrong: the CAPA exists)")
print("gated, NC then its CAPA:", fired(GATED, [NC, CAPA, END]))
print("gated, NC without CAPA:", fired(GATED, [NC, END]))
