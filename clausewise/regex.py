"""Regular expressions from rule packs, run by RE2: linear time in the text, whatever the pattern.

A pack is untrusted input (a consultant's folder). Python's ``re`` backtracks: ``(a+)+$`` over a 40-character
field never finished (issue 15). RE2 (``google-re2``) compiles every pattern to an automaton whose running time
is linear in the text, so there is no catastrophic pattern and no time bound to tune; what it cannot do in
linear time (backreferences, lookaround) it refuses at compile time, which pack load reports with the rule's
name and location. Both evaluators use this module, so they agree on every pattern. Syntax:
docs/rule-format.md (``\\d``, ``\\w``, ``\\s`` are ASCII; ``\\p{Han}`` matches Chinese characters).
"""

from __future__ import annotations

import functools
from typing import Protocol

import re2

#: Longest pattern a pack may write, and the memory RE2 may spend compiling one (its own default is 8 MB).
MAX_PATTERN_CHARS = 1_000
MAX_PROGRAM_BYTES = 8 << 20


class Regex(Protocol):
    def search(self, text: str) -> object | None: ...


class RegexError(ValueError):
    """A pattern RE2 refuses; the message says why."""


@functools.lru_cache(maxsize=4096)
def compile_regex(pattern: str) -> Regex:
    """The compiled pattern; :class:`RegexError` when it is too long or not RE2 syntax."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RegexError(f"regular expression is too long ({len(pattern):,} characters; at most {MAX_PATTERN_CHARS:,})")
    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr; the error becomes a located message instead
    options.max_mem = MAX_PROGRAM_BYTES
    try:
        compiled: Regex = re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise RegexError(f"{reason} (regular expressions use RE2 syntax: no backreferences or lookaround)") from None
    return compiled


def search(pattern: str, text: str) -> bool:
    """``re.search`` semantics: does ``pattern`` match anywhere in ``text``?"""
    return compile_regex(pattern).search(text) is not None
