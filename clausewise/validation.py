"""Map pydantic validation errors onto the user's file: line, column, field path, expected, found."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import re
import types
import typing
from enum import Enum
from itertools import repeat
from typing import Any

from pydantic import BaseModel, ValidationError

from clausewise.errors import Problem
from clausewise.modelwalk import is_clause_key, unwrap
from clausewise.yamlsource import Located, dotted

Path_ = tuple[str | int, ...]

#: pydantic names union members by type; these never clash with our (snake_case) field names.
_TYPE_TAGS = {"int", "float", "str", "bool", "none", "dict", "list", "is-instance"}

_WHAT = {
    "list_type": ("must be a list", "a list such as [a, b]"),
    "dict_type": ("must be a mapping of fields", "a mapping (key: value lines)"),
    "model_type": ("must be a mapping of fields", "a mapping (key: value lines)"),
    "model_attributes_type": ("must be a mapping of fields", "a mapping (key: value lines)"),
    "bool_type": ("must be true or false", "true or false"),
    "bool_parsing": ("must be true or false", "true or false"),
    "int_type": ("must be a whole number", "a whole number"),
    "int_parsing": ("must be a whole number", "a whole number"),
    "int_from_float": ("must be a whole number", "a whole number"),
    "float_type": ("must be a number", "a number"),
    "float_parsing": ("must be a number", "a number"),
    "string_too_short": ("must not be empty", "text"),
}


def pydantic_problems(
    exc: ValidationError, located: Located, root: type[BaseModel], *, top: tuple[str, str] = ("field", "")
) -> list[Problem]:
    """Turn pydantic errors into located problems with the field path, what was expected and found.

    ``top``: what a key at the top of the document is called and what to add when one is unknown (a dossier:
    ``("section", "; ...give the pack that declares it")``).
    """
    out: list[Problem] = []
    errors = [{**err, "loc": tuple(err["loc"])} for err in exc.errors(include_url=False)]
    for err in _prune_unions(errors, located.data):
        path = _data_path(err["loc"], located.data)
        out.append(_problem(err, path, located, root, top))
    return out


def _problem(
    err: dict[str, Any], path: Path_, located: Located, root: type[BaseModel], top: tuple[str, str] = ("field", "")
) -> Problem:
    where = located.location(path)
    field = dotted(path)
    raw = located.raw.get(path)
    kind = err["type"]
    value = err.get("input")
    found = _show(value, raw)
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        known = _known_fields(root, path[:-1], located.data)
        hint = difflib.get_close_matches(name, known, n=1)
        what, more = top if len(path) == 1 else ("field", "")
        message = f"unknown {what} '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else "") + more
        return Problem(where, message, field=field, expected="one of: " + ", ".join(sorted(known)))
    if kind == "missing":
        return Problem(where, "required field is missing", field=field)
    if kind == "string_type" and value is None:
        return Problem(where, "no value given", field=field, expected="text", found="nothing")
    if kind == "string_type" and isinstance(value, float) and raw is not None:
        return Problem(
            where,
            f"'{raw}' was read as the number {value!r}; quote it (\"{raw}\") to keep it as text",
            field=field,
            expected="text",
            found=f"number {raw}",
        )
    if kind == "string_type" and raw is not None and isinstance(value, bool | int):
        return Problem(
            where,
            f"'{raw}' was read as {'true/false' if isinstance(value, bool) else 'a number'}; "
            f'quote it ("{raw}") to keep it as text',
            field=field,
            expected="text",
            found=_describe(value, raw),
        )
    if kind == "string_type":
        return Problem(where, "must be text", field=field, expected="text", found=_describe(value, raw))
    if kind.startswith("date") or kind.startswith("datetime"):
        return Problem(
            where, date_message(value, raw), field=field, expected="a date YYYY-MM-DD", found=_describe(value, raw)
        )
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        shown = raw if raw is not None else str(value)
        hint = difflib.get_close_matches(shown, allowed, n=1)
        message = f"unknown value '{shown}'" + (f"; did you mean '{hint[0]}'?" if hint else "")
        return Problem(where, message, field=field, expected="one of: " + ", ".join(allowed), found=found)
    if kind in _WHAT:
        message, expected = _WHAT[kind]
        return Problem(where, message, field=field, expected=expected, found=_describe(value, raw))
    if kind == "string_pattern_mismatch":
        pattern = (err.get("ctx") or {}).get("pattern", "")
        return Problem(where, "has the wrong form", field=field, expected=f"text matching {pattern}", found=found)
    if kind in ("value_error", "assertion_error"):
        error = (err.get("ctx") or {}).get("error")
        message = str(error) if error is not None else re.sub(r"^(Value|Assertion) error, ", "", err["msg"])
        scalar = not isinstance(value, dict | list)
        return Problem(where, message, field=field, found=found if scalar else "")
    return Problem(where, err["msg"], field=field, found=found)


def date_message(value: Any, raw: str | None) -> str:
    """Why a value is not a date, in plain words."""
    if isinstance(value, bool):
        return "not a date"
    if isinstance(value, int | float):
        return "a number is not a date; write it as YYYY-MM-DD"
    text = raw if raw is not None else str(value)
    m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= month <= 12:
            return f"not a valid date: there is no month {month}"
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"not a valid date: {calendar.month_name[month]} {year} has no day {day}"
    if re.match(r"^\s*\d{4}-\d{1,2}-\d{1,2}[ T]", text):
        return "not a valid date: a date has no time of day"
    return "not a valid date"


def _is_tag(part: Any) -> bool:
    """True for pydantic's union-member segments (``Compare``, ``int``, ``list[str]``) in an error location."""
    return isinstance(part, str) and (
        part[:1].isupper() or "[" in part or part in _TYPE_TAGS or part.startswith("function-")
    )


def _prune_unions(errors: list[dict[str, Any]], data: Any) -> list[dict[str, Any]]:
    """Keep, for each union, only the errors of the member the user most likely meant.

    pydantic reports every member of a union (a condition is a comparison, ``all``, ``any`` or ``not``);
    the member with the fewest missing or unknown fields at its own level is the one whose shape the user
    wrote. Its errors are kept (with the member segment removed), the others dropped.
    """
    out: list[dict[str, Any]] = []
    groups: dict[tuple[Any, ...], dict[Any, list[dict[str, Any]]]] = {}
    for err in errors:
        index = _first_tag(err["loc"], data)
        if index is None:
            out.append(err)
            continue
        groups.setdefault(err["loc"][:index], {}).setdefault(err["loc"][index], []).append(err)
    for prefix, members in groups.items():
        depth = len(prefix) + 1

        def shape_errors(errs: list[dict[str, Any]], depth: int = depth) -> int:
            return sum(1 for e in errs if e["type"] in ("missing", "extra_forbidden") and len(e["loc"]) == depth + 1)

        best = min(members.values(), key=lambda errs: (shape_errors(errs), len(errs)))
        stripped = [{**e, "loc": e["loc"][: depth - 1] + e["loc"][depth:]} for e in best]
        out.extend(_prune_unions(stripped, data))
    return out


def _first_tag(loc: tuple[Any, ...], data: Any) -> int | None:
    node = data
    for i, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif _is_tag(part):
            return i
        else:
            node = None
    return None


def _data_path(loc: tuple[Any, ...], data: Any) -> Path_:
    """Drop pydantic's union/tag segments so the path matches the user's data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or unknown key: still name it
            node = None
    return tuple(path)


def _known_fields(root: type[BaseModel], parent: Path_, data: Any) -> list[str]:
    """Field names the model at ``parent`` accepts (the union member that fits the data, for unions)."""
    annotation: Any = root
    node = data
    for part in parent:
        annotation = _step(annotation, part, node)
        if annotation is None:
            return []
        node = node[part] if _has(node, part) else None
    model = _pick_model(annotation, node)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _leaves(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg)]
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0])
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _pick_model(annotation: Any, node: Any) -> Any:
    models = [leaf for leaf in _leaves(annotation) if _is_model(leaf)]
    if not models:
        return None
    keys = set(node) if isinstance(node, dict) else set()

    def overlap(model: Any) -> int:
        return len(keys & {info.alias or name for name, info in model.model_fields.items()})

    return max(models, key=overlap)


def _step(annotation: Any, part: Any, node: Any) -> Any:
    for leaf in _leaves(annotation):
        origin = typing.get_origin(leaf)
        args = typing.get_args(leaf)
        if isinstance(part, int) and origin is list and args:
            return args[0]
        if isinstance(part, str) and origin is dict and len(args) == 2:
            return args[1]
    model = _pick_model(annotation, node)
    if model is not None and isinstance(part, str):
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
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


def _describe(value: Any, raw: str | None) -> str:
    """What the user wrote, and what it was read as: ``text 'x'``, ``number 7.10``, ``a list``."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = raw if raw is not None else str(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if isinstance(value, bool):
        return f"true/false {shown}"
    if isinstance(value, int | float):
        return f"number {shown}"
    if isinstance(value, dt.date):
        return f"date {shown}"
    return f"text {shown!r}"


# --- conversions pydantic's lax mode would make silently ---------------------------------------------------


def lax_problems(root: type[BaseModel], located: Located) -> list[Problem]:
    """Values pydantic would silently convert into nonsense: a number in a date field (``date: 0`` would be
    1970-01-01, read as seconds since 1970) and true/false in a number field (``yes`` would be 1)."""
    out: list[Problem] = []
    if any_lax_problem(root, located.data):  # paths and problems are built only for a file that has one
        _walk(root, located.data, (), located, out)
    return out


def any_lax_problem(root: type[BaseModel], data: Any) -> bool:
    """Whether :func:`lax_problems` would report anything, without locating it; walks only the fields the models
    declare, so any nesting elsewhere in ``data`` is never entered."""
    return _any_lax(root)(data)


_Finder = typing.Callable[[Any], bool]
_NEVER: _Finder = lambda value: False  # noqa: E731 - a kind that holds nothing to check
_NUMBERS = frozenset((int, float))  # exact types: what the readers build (True is a bool, not an int, here)
_ONLY_DICTS = frozenset((dict,))


@functools.cache
def _any_lax(model: type[BaseModel]) -> _Finder:
    """Whether data for ``model`` holds a value :func:`_check_value` would flag: the same walk without building a
    path per value, compiled once per model class (a valid dossier is walked in full: every load pays this)."""
    dates, numbers, below = _plan(model)

    def find(data: Any) -> bool:
        if not isinstance(data, dict):
            return False
        get = data.get
        return (
            any(type(get(key)) in _NUMBERS for key in dates)
            or any(type(get(key)) is bool for key in numbers)
            or any((value := get(key)) is not None and finder(value) for key, finder in below)
        )

    return find


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, _Finder], ...]]:
    """The fields of ``model`` a check reads: dates, numbers, and the lists and models below with their finders."""
    kinds = _field_kinds(model)
    dates = tuple(key for key, kind in kinds.items() if kind == "date")
    numbers = tuple(key for key, kind in kinds.items() if kind == "number")
    below = ((key, _kind_finder(kind)) for key, kind in kinds.items() if kind not in ("date", "number"))
    return dates, numbers, tuple((key, finder) for key, finder in below if finder is not _NEVER)


def _kind_finder(kind: Any) -> _Finder:
    """The finder of one :func:`_kind` (``('list', inner)`` or a model class) for a value that is present."""
    if isinstance(kind, tuple):
        return _list_finder(kind[1])
    if isinstance(kind, type):
        return _any_lax(kind)
    return _NEVER


def _list_finder(inner: Any) -> _Finder:
    """The finder of a list whose items are of kind ``inner``."""
    if inner == "date":
        return lambda values: type(values) is list and not _NUMBERS.isdisjoint(map(type, values))
    if inner == "number":
        return lambda values: type(values) is list and bool in set(map(type, values))
    if isinstance(inner, type):
        return _items_finder(inner)
    if inner is None:
        return _NEVER
    item = _kind_finder(inner)
    return lambda values: type(values) is list and any(map(item, values))


@functools.cache
def _items_finder(model: type[BaseModel]) -> _Finder:
    """The finder of a list of ``model`` items, a section: field by field down the whole list at C speed
    (``map``) instead of a call per item; a list holding anything but mappings is checked item by item."""
    dates, numbers, below = _plan(model)
    item = _any_lax(model)

    def find(values: Any) -> bool:
        if type(values) is not list:
            return False
        if not _ONLY_DICTS.issuperset(map(type, values)):
            return any(map(item, values))
        get = dict.get
        return (
            any(not _NUMBERS.isdisjoint(map(type, map(get, values, repeat(key)))) for key in dates)
            or any(bool in set(map(type, map(get, values, repeat(key)))) for key in numbers)
            or any(
                value is not None and finder(value) for key, finder in below for value in map(get, values, repeat(key))
            )
        )

    return find


def _walk(model: Any, data: Any, path: Path_, located: Located, out: list[Problem]) -> None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or not isinstance(data, dict):
        return
    kinds = _field_kinds(model)
    for key, value in data.items():
        if key in kinds:
            _check_value(kinds[key], value, (*path, key), located, out)


@functools.cache
def _field_kinds(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's :func:`_kind`, by the name the dossier writes, for the fields that have one (the others hold
    nothing to check); computed once per model class."""
    kinds = {info.alias or name: _kind(info.annotation) for name, info in model.model_fields.items()}
    return {name: kind for name, kind in kinds.items() if kind is not None}


def _check_value(kind: Any, value: Any, path: Path_, located: Located, out: list[Problem]) -> None:
    if kind == "date" and isinstance(value, int | float) and not isinstance(value, bool):
        raw = located.raw.get(path)
        out.append(
            Problem(
                located.location(path),
                date_message(value, raw),
                field=dotted(path),
                expected="a date YYYY-MM-DD",
                found=_describe(value, raw),
            )
        )
    elif kind == "number" and isinstance(value, bool):
        out.append(
            Problem(
                located.location(path),
                "must be a number",
                field=dotted(path),
                expected="a number",
                found=_describe(value, located.raw.get(path)),
            )
        )
    elif isinstance(kind, tuple) and isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(kind[1], item, (*path, i), located, out)
    elif isinstance(kind, type):
        _walk(kind, value, path, located, out)


def _kind(annotation: Any) -> Any:
    """'date', 'number', a model class, ('list', the kind of the items), or None."""
    annotation, _optional = unwrap(annotation)
    if is_clause_key(annotation):
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return None
    if origin is list and args:
        return ("list", _kind(args[0]))
    if annotation is dt.date:
        return "date"
    if annotation in (int, float):
        return "number"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return None
    return None
