"""A durable-rules Host without the two background timer threads every ``engine.Host`` starts (engine D11)."""

from __future__ import annotations

from typing import Any

from durable import engine


class QuietHost(engine.Host):  # type: ignore[misc]
    def _run(self) -> None:
        """The base class re-arms two ``threading.Timer`` chains here that keep the Host alive forever."""


def new_host(rulesets: dict[str, Any]) -> QuietHost:
    host = QuietHost()
    host.set_rulesets(rulesets)
    return host
