"""D10: the C compiler rejects some malformed rules and accepts others that then never match.

python scripts/durable/silent_rules.py
"""

from __future__ import annotations

from typing import Any

from _host import new_host


def register(label: str, rule: dict[str, Any]) -> None:
    matched: list[bool] = []
    try:
        host = new_host({"X": {"r": {**rule, "run": lambda c: matched.append(True)}}})
    except Exception as exc:
        print(f"{label:28s} refused: {exc}")
        return
    try:
        host.assert_fact("X", {"type": "doc", "v": 1})
    except Exception as exc:
        print(f"{label:28s} accepted; the assert raises {type(exc).__name__}, the rule never matches")
        return
    print(f"{label:28s} accepted; " + ("matched" if matched else "never matches"))


register("known operator $neq", {"all": [{"m": {"$neq": {"v": 2}}}]})
register("unknown operator $in", {"all": [{"m": {"$in": {"v": [1, 2]}}}]})
register("unknown operator $contains", {"all": [{"m": {"$contains": {"v": 1}}}]})
register("empty all", {"all": []})
register("bad regex", {"all": [{"m": {"$mt": {"v": "(abc"}}}]})
