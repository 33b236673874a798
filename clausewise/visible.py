"""Control characters from untrusted text, made visible instead of obeyed (issue 15: terminal injection).

Dossier and pack text reaches a terminal (table output, error messages) and Markdown. ESC and BEL bytes
there clear the screen, set the window title or conceal text; CR overwrites a line; bidirectional overrides
reorder what is read. :func:`visible` writes each as an escape such as ``\\x1b`` or ``\\u202e``, so the
reader sees that it was there. Other formats handle them as the format requires: JSON escapes them
(``\\u001b``), HTML, JUnit XML and Word reports go through :func:`visible` as well, because XML 1.0 cannot
carry C0 controls at all.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, C1 controls, and the bidirectional formatting characters.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` with control characters shown as escapes; ``newlines=False`` escapes LF and TAB too."""
    pattern = _CONTROLS if newlines else _CONTROLS_AND_NEWLINES
    return pattern.sub(_escape, text) if pattern.search(text) else text
