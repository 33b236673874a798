"""Map pydantic validation errors onto the user's file: line, column, field path, expected, found."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from clausewise.errors import Problem
from clausewise.yamlsource import Located, dotted


def pydantic_problems(exc: ValidationError, located: Located, root: type[BaseModel]) -> list[Problem]:
    """Turn pydantic errors into located problems with the field path, what was expected and found."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path = _data_path(loc, located.data)
        where = located.location(path)
        field = dotted(path)
        raw = located.raw.get(path)
        kind = err["type"]
        found = _show(err.get("input"), raw)
        if kind == "extra_forbidden":
            name = str(path[-1]) if path else ""
            known = _known_fields(root, path[:-1], located.data)
            hint = difflib.get_close_matches(name, known, n=1)
            message = f"unknown field '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
            out.append(Problem(where, message, field=field, expected="one of: " + ", ".join(sorted(known))))
        elif kind == "missing":
            out.append(Problem(where, "required field is missing", field=field))
        elif kind == "string_type" and isinstance(err.get("input"), float) and raw is not None:
            out.append(
                Problem(
                    where,
                    f"'{raw}' was read as the number {err['input']!r}; quote it (\"{raw}\") to keep it as text",
                    field=field,
                    expected="text",
                    found=f"number {raw}",
                )
            )
        elif kind == "string_type" and raw is not None:
            shown = type(err.get("input")).__name__.replace("bool", "true/false").replace("int", "number")
            out.append(
                Problem(
                    where,
                    f"{raw!r} was read as {shown}; quote it to keep it as text",
                    field=field,
                    expected="text",
                    found=found,
                )
            )
        elif kind.startswith("date") or kind.startswith("datetime"):
            out.append(
                Problem(
                    where, f"not a valid date: {err['msg']}", field=field, expected="a date YYYY-MM-DD", found=found
                )
            )
        else:
            out.append(Problem(where, err["msg"], field=field, found=found))
    return out


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Drop pydantic's union/tag segments so the path matches the user's data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not part.startswith(("list[", "function")):
            path.append(part)  # a missing or unknown key: still name it
            node = None
    return tuple(path)


def _known_fields(root: type[BaseModel], parent: tuple[str | int, ...], data: Any) -> list[str]:
    model: Any = root
    for part in parent:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if info is None:
            return []
        model = _inner_model(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in args or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _show(value: Any, raw: str | None) -> str:
    if raw is not None:
        return repr(raw)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
