"""The rule-pack format as pydantic models (the *parse* stage; see ``docs/rule-format.md``).

A pack is a folder: ``pack.yaml`` (the manifest) and ``rules/*.yaml`` (each a list under ``rules:``), with
fixture dossiers in ``tests/``. Everything is declarative data: no Python, no eval. Semantic checks
(fields exist in the evidence schema, operators suit field types, aliases are bound) live in
:mod:`clausewise.rules.check`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, StringConstraints, model_validator

from clausewise.bilingual import Bilingual
from clausewise.clauses import ClauseKey
from clausewise.dates import offset_problem
from clausewise.evidence.sections import LibraryName, SectionDecl
from clausewise.evidence.sections import Name as SectionName
from clausewise.numbers import check_number
from clausewise.operators import OPERATORS
from clausewise.packtree import ClauseAliases

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParamType(StrEnum):
    integer = "integer"
    number = "number"
    text = "text"
    boolean = "boolean"
    date = "date"
    text_list = "text_list"


class Param(Strict):
    type: ParamType
    default: Any
    description: Bilingual

    @model_validator(mode="after")
    def _default_fits(self) -> Param:
        self.default = coerce_param(self.type, self.default)
        return self


def coerce_param(kind: ParamType, value: Any) -> Any:
    """Check/convert a parameter value (from YAML or from ``--param KEY=VALUE`` text)."""
    if kind is ParamType.integer:
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        if isinstance(value, str):
            value = value.strip()
            if not value.lstrip("-").isdigit():
                raise ValueError(f"expected a whole number, found {value!r}")
            return check_number(int(value))
        if isinstance(value, int):
            return check_number(value)
        raise ValueError(f"expected a whole number, found {value!r}")
    if kind is ParamType.number:
        if isinstance(value, bool):
            raise ValueError("expected a number")
        try:
            number = float(value) if isinstance(value, str) else (value if isinstance(value, int | float) else _bad())
        except (ValueError, TypeError):
            raise ValueError(f"expected a number, found {value!r}") from None
        return check_number(number)
    if kind is ParamType.boolean:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return value.lower() in ("true", "yes")
        raise ValueError(f"expected true or false, found {value!r}")
    if kind is ParamType.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, found {value!r}") from None
    if kind is ParamType.text_list:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise ValueError(f"expected a list of text, found {value!r}")
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {value!r}")
    return value


def _bad() -> float:
    raise ValueError


class ClauseInfo(Strict):
    en: str
    zh: str
    note: str | None = None
    untitled: bool = Field(
        default=False,
        description="The standard numbers this paragraph without a title; en/zh describe it (not a clause alias).",
    )


class Manifest(Strict):
    """``pack.yaml``."""

    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Bilingual
    description: Bilingual | None = None
    standard: str
    edition: str
    params: dict[Identifier, Param] = Field(default_factory=dict)
    clauses: dict[ClauseKey, ClauseInfo] = Field(description="The clause tree the pack judges, by key.")
    aliases: ClauseAliases = Field(
        default_factory=ClauseAliases,
        description="Variant titles and previous-edition numbers that name the clauses (docs/clause-aliases.md).",
    )
    labels: dict[str, Bilingual] = Field(
        default_factory=dict,
        description="Display names for list values (e.g. management-review input keys) used in {missing}.",
    )
    scope_exclusions: bool = Field(
        default=True,
        description="The dossier's audit.exclusions name clauses of this pack (false for a pack of another "
        "standard run beside it, such as certification: its 8.3 is not the audited standard's 8.3).",
    )
    section_libraries: list[LibraryName] | None = Field(
        default=None,
        description="The built-in section libraries whose evidence the pack's rules read (`core`: the sections "
        "ISO management-system standards share; `quality`: ISO 9001's own); leave it out to read any "
        "(docs/rule-format.md#sections).",
    )
    sections: dict[SectionName, SectionDecl] = Field(
        default_factory=dict,
        description="Evidence sections this pack adds to the dossier, declared as data (docs/rule-format.md#sections).",
    )


# --- conditions ------------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    Op = str
else:  # the choices of ``op:`` (and of the pack JSON Schema) are the operators declared in clausewise.operators
    Op = Literal[tuple(OPERATORS)]


class ParamRef(Strict):
    """A pack parameter used as a value; ``times`` scales a numeric one (``times: -1`` for "before")."""

    param: Identifier
    times: int = 1


class Compare(Strict):
    """``{field: F, op: OP, value: V}`` or ``{field: F, op: OP, ref: alias.field, days|months: N}``."""

    field: Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_.]*$")]
    op: Op
    value: Any = None
    ref: Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*$")] | None = None
    days: int | ParamRef | None = None
    months: int | ParamRef | None = None

    @model_validator(mode="after")
    def _shape(self) -> Compare:
        operator = OPERATORS[self.op]
        unary = operator.operand == "none"
        if unary and (self.value is not None or self.ref is not None):
            raise ValueError(f"op '{self.op}' takes no value or ref")
        if not unary and (self.value is None) == (self.ref is None):
            raise ValueError(f"op '{self.op}' needs exactly one of 'value' or 'ref'")
        if self.days is not None and self.months is not None:
            raise ValueError("give 'days' or 'months', not both")
        if (self.days is not None or self.months is not None) and not operator.offsets:
            shifting = ", ".join(o.name for o in OPERATORS.values() if o.offsets)
            raise ValueError(f"'days'/'months' offsets apply to {shifting} only")
        if operator.operand == "regex" and (self.ref is not None or not isinstance(self.value, str)):
            raise ValueError(f"op '{self.op}' takes a regular expression as 'value'")
        for item in self.value if isinstance(self.value, list) else [self.value]:
            check_number(item)
        for offset, unit in ((self.days, "days"), (self.months, "months")):
            if isinstance(offset, int):
                problem = offset_problem(offset if unit == "days" else 0, offset if unit == "months" else 0)
                if problem:
                    raise ValueError(problem)
        return self


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


Condition = Compare | AllOf | AnyOf | Not


class Pattern(Strict):
    """One fact the rule binds: its kind (a dossier section's item kind, or ``audit``) and conditions."""

    kind: Identifier
    where: list[Condition] = Field(default_factory=list)


class Coverage(Strict):
    """Fires when ``field`` (``alias.list_field``) lacks any of ``required``; names what is missing.

    With ``window_months`` the list is the union over the bound fact and its same-kind facts dated within the
    window up to the audit's ``as_of``; applied when findings are built, identically for both evaluators.
    """

    field: Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")]
    required: list[str] | ParamRef
    window_months: int | ParamRef | None = Field(
        default=None,
        description="Also count the list of every other fact of the same kind whose ``date`` lies within this many "
        "months up to the audit's as_of (inputs covered across the reviews of the period, not the latest alone).",
    )


class Judgment(StrEnum):
    N = "N"
    O = "O"  # noqa: E741 - the audit vocabulary's letter
    review = "review"
    NA = "NA"  # the clause's own condition does not arise (e.g. no customer property is held)


class BasisKind(StrEnum):
    """Where a rule's requirement comes from; only ``standard`` and ``organization`` may prove an N.

    ``certification`` proposes N only in a certification-body audit with the pack parameter
    ``certification_rules_as_n`` true (otherwise its N is proposed as O, see engine/basis.py); ``practice``
    may propose O, review or NA only (the loader refuses a practice rule judging N).
    """

    standard = "standard"  # an ISO 9001 "shall", by clause and item
    organization = "organization"  # the organization's own plan, procedure or target, read from the dossier
    certification = "certification"  # ISO/IEC 17021-1, IAF MD, CNCA certification rules
    practice = "practice"  # auditor good practice


class Basis(Strict):
    """What a rule enforces and on whose authority: ``{kind: standard, ref: "9.2.1 a)", text: {en, zh}}``."""

    kind: BasisKind
    ref: Annotated[str, StringConstraints(min_length=1, max_length=120)] = Field(
        description="The clause and item, the procedure, or the certification rule and section."
    )
    text: Bilingual | None = Field(default=None, description="The requirement in words, when ``ref`` is terse.")


class Rule(Strict):
    id: RuleId
    clause: ClauseKey
    judgment: Judgment
    grade: Literal["major", "minor"] | None = None
    title: Bilingual
    message: Bilingual
    remedy: Bilingual
    match: dict[Identifier, Pattern] = Field(min_length=1)
    absent: dict[Identifier, Pattern] = Field(default_factory=dict)
    coverage: Coverage | None = None
    basis: Basis = Field(description="The authority for the rule; see BasisKind for what each kind may propose.")
    cross_check: bool = Field(
        default=False,
        description="The rule cross-checks a claim (an exclusion) against a section that is normally left out when "
        "the claim holds: when that section is not supplied the rule is skipped without a gap (the claim's own "
        "review prompt asks for the evidence).",
    )
    tags: list[str] = Field(default_factory=list)

    # The checks across fields (grade goes with N, aliases, pattern count) are in rules/loader.py's
    # check_rule, with the kind and field checks, so one run of a pack reports all of a rule's problems.


class RuleFile(Strict):
    rules: list[Rule]


class Expectation(Strict):
    """What a fixture dossier must produce (the fixture's ``expect:`` block)."""

    fires: list[RuleId] = Field(default_factory=list, description="Rules that must fire.")
    silent: list[RuleId] = Field(default_factory=list, description="Rules that must not fire.")
    counts: dict[RuleId, NonNegativeInt] = Field(
        default_factory=dict, description="Exact number of findings a rule must produce (0 = silent)."
    )
    judgments: dict[ClauseKey, str] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)
    as_of: dt.date | None = None


AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()
Pattern.model_rebuild()
