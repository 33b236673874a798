"""Turn a validated dossier into flat facts, the one shape both evaluators read.

A fact has a ``kind`` (``audit``, ``management_review``, ...), the user's ``key`` (the item ``id``), and
``values``: field name -> Python value (``date``, ``int``/``float``, ``bool``, ``str`` or ``list[str]``).
Missing values, ``None`` and empty lists are left out, so "present" means "has a value".

Lists of objects inside an item (an objective's ``results``, an internal audit's ``assignments``, the
audit's ``exclusions``) become child facts of their own kind with a ``parent`` field holding the parent's
key, so rules can join them. Nested single objects (the audit's ``certificate``) are flattened to dotted
fields (``certificate.expires_on``).

Some fields are derived from the organization's own targets, so a rule can compare with them by an ordinary
date comparison (see docs/rule-format.md): an item stating ``interval_months`` has ``interval_start``, the
reference date (``as_of``) moved back that many calendar months (a day past the month's end clamped to its
last day); a complaint stating ``response_days`` has ``respond_by`` (``received_on`` plus those days); and
every item of a kind with such a field has ``own_target`` (always stated: true when the item states its
own interval or time limit), so the certification-practice fallback can apply exactly where it does not.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from clausewise.errors import Location
from clausewise.evidence.model import BUILTIN_CHILDREN, SECTIONS, Audit, Dossier, Exclusion
from clausewise.fieldtypes import FieldType
from clausewise.modelwalk import is_clause_key, unwrap

#: The organization's own targets and the fields derived from them (see the module doc).
INTERVAL, RESPONSE_DAYS = "interval_months", "response_days"


@dataclass(frozen=True, slots=True)  # a dossier is tens of thousands of facts: no __dict__ each
class Fact:
    kind: str
    key: str
    values: dict[str, Any]
    origin: Location | None = None
    source: str | None = None
    #: Fields the dossier wrote down, with a value or explicitly as none (``null`` / ``[]``). A field that
    #: is not stated is unknown, so a rule cannot prove a violation from its absence (see judge.py).
    stated: frozenset[str] = frozenset()

    def get(self, name: str) -> Any:
        return self.key if name == "id" else self.values.get(name)


@dataclass(frozen=True)
class KindInfo:
    """What rules may say about one kind of fact."""

    kind: str
    section: str
    fields: dict[str, FieldType]
    parent: str | None = None
    children: dict[str, str] = field(default_factory=dict)  # list field -> child kind
    #: The evidence model its facts come from (for field titles and choice labels in reports).
    model: type[BaseModel] | None = None


#: Child kinds: (parent kind, list field) -> (child kind, model)
CHILDREN: dict[tuple[str, str], tuple[str, type[BaseModel]]] = {
    ("audit", "exclusions"): ("exclusion", Exclusion),
    **BUILTIN_CHILDREN,  # the declared sections' child lists (evidence/sections.py)
}


def _classify(annotation: Any) -> FieldType | type[BaseModel] | None:
    annotation, _optional = unwrap(annotation)
    if is_clause_key(annotation):
        return "text"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return None  # a union of several types: not something a rule can compare
    if origin is list:
        inner = _classify(args[0])
        return "text_list" if inner == "text" else None
    if origin is Literal:
        return "text"
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return "number"
    if annotation is dt.date:
        return "date"
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return "text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _fields_of(model: type[BaseModel], prefix: str = "") -> dict[str, FieldType]:
    out: dict[str, FieldType] = {}
    for name, info in model.model_fields.items():
        kind = _classify(info.annotation)
        if isinstance(kind, type):
            out.update(_fields_of(kind, prefix + name + "."))
        elif kind is not None:
            out[prefix + name] = kind
    out.pop(prefix + "note", None)  # free remarks are quoted, never reasoned on
    return out


def build_kinds() -> dict[str, KindInfo]:
    kinds: dict[str, KindInfo] = {}
    audit_fields = _fields_of(Audit)
    audit_fields["as_of"] = "date"
    audit_fields["id"] = "text"
    kinds["audit"] = KindInfo("audit", "audit", audit_fields, children={"exclusions": "exclusion"}, model=Audit)
    for section, model in SECTIONS.items():
        fields = _fields_of(model)
        if INTERVAL in fields:
            fields.update({"interval_start": "date", "own_target": "bool"})
        if RESPONSE_DAYS in fields:
            fields.update({"respond_by": "date", "own_target": "bool"})
        children = {f: CHILDREN[(model.kind, f)][0] for (k, f) in CHILDREN if k == model.kind}
        kinds[model.kind] = KindInfo(model.kind, section, fields, children=children, model=model)
    for (parent, _list_field), (child, child_model) in CHILDREN.items():
        fields = _fields_of(child_model)
        fields["id"] = "text"
        fields["parent"] = "text"
        kinds[child] = KindInfo(child, kinds[parent].section, fields, parent=parent, model=child_model)
    return kinds


KINDS: dict[str, KindInfo] = build_kinds()


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _flatten(model: BaseModel, kind: KindInfo) -> tuple[dict[str, Any], set[str]]:
    """The fact values of ``model`` (nested models flattened to dotted names) and the fields it states: written
    in the dossier (even as null or []) or holding a value (a documented default). One pass over the fields,
    read from the instance's ``__dict__`` (pydantic's attribute and ``model_fields_set`` lookups per field were
    most of building facts)."""
    values: dict[str, Any] = {}
    stated: set[str] = set()
    _collect(model, kind.fields, "", values, stated)
    return values, stated


def _collect(
    model: BaseModel, wanted: dict[str, FieldType], prefix: str, values: dict[str, Any], stated: set[str]
) -> None:
    given, held = model.model_fields_set, model.__dict__
    for name, nests in _names(type(model)):
        value = held[name]
        if value is None:  # most fields of most items
            if name in given:
                stated.add(prefix + name)
            continue
        path = prefix + name
        if nests and isinstance(value, BaseModel):
            stated.add(path)
            _collect(value, wanted, path + ".", values, stated)
        elif value != []:
            stated.add(path)
            if path in wanted and path != "id":
                values[path] = value if type(value) in _AS_IS else _plain(value)
        elif name in given:
            stated.add(path)


_AS_IS = frozenset({str, int, float, bool, dt.date})


@functools.cache
def _names(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """Each field's name, and whether it may hold a nested model (the others skip that check)."""
    return tuple((name, _mentions_model(info.annotation)) for name, info in model.model_fields.items())


def _mentions_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_mentions_model(arg) for arg in typing.get_args(annotation))


def dossier_facts(dossier: Dossier, as_of: dt.date | None = None) -> list[Fact]:
    """All facts of a dossier in a deterministic order (section order, then file order)."""
    facts: list[Fact] = []
    stated_sets: dict[frozenset[str], frozenset[str]] = {}  # items of a kind mostly state the same fields
    if dossier.audit is not None:
        audit = dossier.audit
        values, audit_stated = _flatten(audit, KINDS["audit"])
        values["as_of"] = as_of or audit.date
        audit_stated.add("as_of")
        facts.append(Fact("audit", "audit", values, audit._origin, audit.source, frozenset(audit_stated)))
        facts.extend(_children(audit, "audit", "audit", audit._origin, stated_sets))
    reference = as_of or (dossier.audit.date if dossier.audit is not None else None)
    for _section, item in dossier.items():
        info = KINDS[item.kind]
        assert item.id is not None  # the loader assigns ids
        values, stated = _flatten(item, info)
        if "own_target" in info.fields:
            _derive(values, stated, reference)
        origin = item._origin
        facts.append(Fact(item.kind, item.id, values, origin, item.source, _shared(stated_sets, stated)))
        facts.extend(_children(item, item.kind, item.id, origin, stated_sets))
    return facts


def _derive(values: dict[str, Any], stated: set[str], reference: dt.date | None) -> None:
    """Add the fields derived from the organization's own interval or time limit, in place."""
    own = False
    months, days, received = values.get(INTERVAL), values.get(RESPONSE_DAYS), values.get("received_on")
    if isinstance(months, int) and reference is not None:
        values["interval_start"] = months_before(reference, months)
        stated.add("interval_start")
        own = True
    if isinstance(days, int) and isinstance(received, dt.date):
        values["respond_by"] = received + dt.timedelta(days=days)
        stated.add("respond_by")
        own = True
    values["own_target"] = own
    stated.add("own_target")


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back ``months`` calendar months; a day past the month's end becomes its last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year < dt.MINYEAR:
        return dt.date.min  # before the calendar: every dated fact is within the interval
    month = month0 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _children(
    model: BaseModel, kind: str, key: str, origin: Location | None, stated_sets: dict[frozenset[str], frozenset[str]]
) -> list[Fact]:
    out: list[Fact] = []
    for list_field, child_kind in KINDS[kind].children.items():
        info = KINDS[child_kind]
        for n, child in enumerate(getattr(model, list_field), start=1):
            values, stated = _flatten(child, info)
            values["parent"] = key
            stated.add("parent")
            source = getattr(child, "source", None)
            out.append(Fact(child_kind, f"{key}#{list_field}{n}", values, origin, source, _shared(stated_sets, stated)))
    return out


def _shared(sets: dict[frozenset[str], frozenset[str]], stated: set[str]) -> frozenset[str]:
    """The one frozen set of these stated fields that facts share (a fact's own would be a copy per fact)."""
    key = frozenset(stated)
    return sets.setdefault(key, key)
