"""A result's JSON written piece by piece: the bytes of ``json.dumps(model.model_dump(mode="json"), indent=2)``.

Dumping a whole assessment first builds its dict tree (as large as the model), then one string of the whole
report (two bytes a character once any Chinese is in it), then its UTF-8 copy: on a 10 MB dossier that was
600 MB on top of the result, the peak of the whole run (docs/benchmarks.md, memory). Here each top-level
field, and each item of a list of models (clauses, findings, gaps), is dumped on its own and re-indented, so
at most one finding's tree and text exist at a time. JSON text has no raw newline inside a string, so
re-indenting is a replacement of ``"\\n"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

STEP = "  "  # json.dumps(indent=2)


def dumps(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` as it reads nested ``indent`` deep."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + indent) if indent else text


def json_chunks(model: BaseModel, indent: str = "") -> Iterator[str]:
    """The JSON of ``model`` (no final newline) as ``dumps(model.model_dump(mode="json"), indent)`` would be."""
    inner = indent + STEP
    yield "{"
    for n, name in enumerate(type(model).model_fields):
        value = getattr(model, name)
        head = f"{',' if n else ''}\n{inner}{dumps(name)}: "
        if isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            item_indent = inner + STEP
            yield head + "["
            for i, item in enumerate(value):
                yield f"{',' if i else ''}\n{item_indent}" + dumps(item.model_dump(mode="json"), item_indent)
            yield f"\n{inner}]"
        else:
            yield head + dumps(model.model_dump(mode="json", include={name})[name], inner)
    yield f"\n{indent}}}"


def before_item(n: int) -> str:
    """What a JSON list holds before its ``n``-th item (from 0): its opening bracket, or the comma after the last."""
    return "[\n" if n == 0 else ",\n"


def list_chunks(models: list[Any]) -> Iterator[str]:
    """The JSON list of ``models`` as ``dumps([m.model_dump(mode="json") for m in models])`` would be."""
    if not models:
        yield "[]"
        return
    for n, model in enumerate(models):
        yield before_item(n) + STEP
        yield from json_chunks(model, STEP)
    yield "\n]"
