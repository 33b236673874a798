"""The comparison operators of the rule format and the IR, each declared once: the bottom layer.

An :class:`Operator` says what it is called, what it is the negation of, what it compares with (its operand),
which field types it applies to, whether it takes date offsets, what it means on two values (``test``) and a
line of help. From this table come the format's ``op:`` choices (``rules/model.py``, and the pack JSON Schema),
the load-time checks (``rules/loader.py``), negation in the IR (``engine/ir.py``), the reference evaluator and
every check the durable backend makes in Python (:func:`compare`), and the operator list in
docs/rule-format.md (``clausewise docs docs/``).

Adding an operator is one entry here. durable-rules runs it inside the engine only if
``engine/durable_backend.py`` lowers it natively (``_NATIVE``: a durable test for ``field op right``); an
operator without a native lowering is computed in Python with :func:`compare` when a fact is encoded, into a
boolean field durable-rules tests, as regular expressions are (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from clausewise.dates import date_key
from clausewise.fieldtypes import FieldType
from clausewise.regex import search

#: What an operator compares the field with: nothing (``present``); a value of the field's own type; an element
#: of the field's list (``contains``); a list of values of the field's type, or another fact's list of text
#: (``in``); a regular expression (``matches``).
Operand = Literal["none", "same", "element", "list", "regex"]

SCALARS: frozenset[FieldType] = frozenset({"date", "number", "bool", "text"})
ORDERED: frozenset[FieldType] = frozenset({"date", "number"})
LISTS: frozenset[FieldType] = frozenset({"text_list"})
TEXT: frozenset[FieldType] = frozenset({"text"})
ANY: frozenset[FieldType] = SCALARS | LISTS

#: How a message names a field type ("needs a date or number field").
TYPE_WORDS: dict[FieldType, str] = {"date": "date", "number": "number", "bool": "true/false", "text": "text"}
TYPE_WORDS["text_list"] = "list"


@dataclass(frozen=True)
class Operator:
    """One comparison ``field op right``; see the module docstring for who reads what."""

    name: str
    negation: str  # the operator true exactly when this one is false on a field with a value
    operand: Operand
    fields: frozenset[FieldType]  # the field types it applies to
    test: Callable[[Any, Any], bool]  # on the field's value and the right side, both present (unary: right None)
    help: str  # docs/rule-format.md, after the name
    offsets: bool = False  # an order/equality test: takes days/months; dates compare as (year, month, day)

    def needs(self) -> str:
        """``date or number``: the field types it applies to, in words."""
        words = [TYPE_WORDS[t] for t in TYPE_WORDS if t in self.fields]
        return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _ops(*ops: Operator) -> dict[str, Operator]:
    table = {o.name: o for o in ops}
    for o in ops:
        assert table[o.negation].negation == o.name, o.name  # negation is an involution
    return table


#: Every operator, in the order docs and error messages list them.
OPERATORS: dict[str, Operator] = _ops(
    Operator("eq", "ne", "same", SCALARS, lambda a, b: bool(a == b), "the field equals the value", offsets=True),
    Operator("ne", "eq", "same", SCALARS, lambda a, b: bool(a != b), "the field differs from the value", offsets=True),
    Operator("lt", "ge", "same", ORDERED, lambda a, b: bool(a < b), "before / less than", offsets=True),
    Operator("le", "gt", "same", ORDERED, lambda a, b: bool(a <= b), "on or before / at most", offsets=True),
    Operator("gt", "le", "same", ORDERED, lambda a, b: bool(a > b), "after / more than", offsets=True),
    Operator("ge", "lt", "same", ORDERED, lambda a, b: bool(a >= b), "on or after / at least", offsets=True),
    Operator(
        "in",
        "not_in",
        "list",
        SCALARS,
        lambda a, b: a in b,
        "the field is one of a constant list, or in another fact's list of text (`ref`): "
        "`{field: chaired_by, op: in, ref: audit.top_management}`",
    ),
    Operator(
        "not_in", "in", "list", SCALARS, lambda a, b: a not in b, "the field is not in the list (constant or `ref`)"
    ),
    Operator(
        "contains",
        "not_contains",
        "element",
        LISTS,
        lambda a, b: b in a,
        "a list field holds a constant, or another fact's text field (`ref`)",
    ),
    Operator(
        "not_contains",
        "contains",
        "element",
        LISTS,
        lambda a, b: b not in a,
        "the list does not hold the constant or `ref`",
    ),
    Operator(
        "matches",
        "not_matches",
        "regex",
        TEXT,
        lambda a, b: search(str(b), str(a)),
        "a regular expression (a constant) is found anywhere in the text (RE2, below)",
    ),
    Operator(
        "not_matches",
        "matches",
        "regex",
        TEXT,
        lambda a, b: not search(str(b), str(a)),
        "the expression is found nowhere in the text",
    ),
    Operator("present", "missing", "none", ANY, lambda a, _: a is not None, "the field has a value"),
    Operator(
        "missing", "present", "none", ANY, lambda a, _: a is None, "the field has no value (an empty list has none)"
    ),
)


def compare(op: str, ftype: str, left: Any, right: Any, days: int = 0, months: int = 0) -> bool:
    """``left op right`` as the IR means it (engine/ir.py): false when either side has no value (``present`` and
    ``missing`` aside); dates shifted by ``days``/``months`` on the right and compared as (year, month, day)."""
    o = OPERATORS[op]
    if o.operand == "none":
        return o.test(left, None)
    if left is None or right is None:
        return False
    if ftype == "date" and o.offsets:
        left, right = date_key(left, 0, 0), date_key(right, days, months)
    return o.test(left, right)


def operators_markdown() -> list[str]:
    """The table of operators in docs/rule-format.md."""
    out = ["| `op` | true when | negation | on fields | `days`/`months` |", "|---|---|---|---|---|"]
    for o in OPERATORS.values():
        out.append(f"| `{o.name}` | {o.help} | `{o.negation}` | {o.needs()} | {'yes' if o.offsets else ''} |")
    return out
