"""What a number is in clausewise, declared once: finite, within ±10^15, carried as a 64-bit float.

Dossier numbers (scores, target values, counts), pack constants and numeric parameters all obey it:

* **range**: -10^15 to 10^15 inclusive. Every whole number in it is exact in a 64-bit float, so integers and
  floats compare exactly in both evaluators; anything larger (``1e16``, a 5,000-digit integer, ``1e999``)
  is refused with its location instead of turning into infinity inside durable-rules (error 202);
* **finite**: ``NaN``, ``inf``, ``.inf`` are refused;
* **precision**: a binary float (about 15 significant decimal digits); ``0.00001`` is kept as written;
* **on the way to durable-rules** a number is written in a form its JSON parser reads: it refuses an
  exponent without a decimal point (``1e-05``, error 204), so :func:`durable_json` writes ``1.0e-05``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator

MAX_NUMBER = 10**15
RANGE_TEXT = "a finite number between -10^15 and 10^15"


def check_number(value: Any) -> Any:
    """``value`` when it is a number in range (bools pass: they are not numbers here); else ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
        raise ValueError(f"number out of range (expected {RANGE_TEXT})")
    return value


#: A dossier number field (``float``) and a whole-number field (``int``), both within the range above.
Number = Annotated[float, AfterValidator(check_number)]
Integer = Annotated[int, AfterValidator(check_number)]

_DIGIT_E = re.compile(r"\d[eE]")
_EXPONENT = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![\d.])(-?\d+)(?=[eE])')


def _point(m: re.Match[str]) -> str:
    return m.group() if m.group(1) is None else m.group(1) + ".0"


def json_encoder(
    *,
    ensure_ascii: bool = True,
    allow_nan: bool = True,
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = None,
) -> Callable[[Any], str]:
    """``json.dumps`` with these options, for acyclic data, its encoder built once: ``json.dumps`` builds one per
    call when an option is not the default, which was most of the cost of encoding each of many small values."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython without its C accelerator
        options = json.JSONEncoder(ensure_ascii=ensure_ascii, allow_nan=allow_nan, sort_keys=sort_keys, default=default)
        return options.encode
    text = json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    chunks = make(None, default or json.JSONEncoder().default, text, None, ": ", ", ", sort_keys, False, allow_nan)
    return lambda value: "".join(chunks(value, 0))


_durable_text = json_encoder(ensure_ascii=False, allow_nan=False)


def durable_json(data: Any) -> str:
    """JSON text for durable-rules: numbers such as ``1e-05`` become ``1.0e-05``, which its parser reads."""
    text = _durable_text(data)
    # Python writes an exponent with its sign (1e-05, 1e+16) and never a capital E: without "e-" or "e+" there
    # is none, found by a substring search much faster than the regular expression over every fact's text.
    if ("e-" in text or "e+" in text) and _DIGIT_E.search(text):
        return _EXPONENT.sub(_point, text)
    return text
