"""The dossier: the audit context and the list sections of evidence auditors sample.

Every model forbids unknown fields, so a typo is an error and never silently ignored. A section that is
absent (``None``) means "not supplied"; an empty list means "there are none". Each item may carry an ``id``
(unique within the dossier, used to refer to it) and a ``source`` (where the evidence was seen), which is
quoted back in findings.

The ``audit`` header (:class:`Audit`, its certificate, plan and exclusions) is clausewise's own audit context,
read by the engine for every standard, so it stays a Python model here. Every list section is declared as
data (:mod:`clausewise.evidence.sections`): the built-in section libraries and the sections of the packs in
use; :data:`SECTIONS` and the :class:`Dossier` fields are built from those declarations.
Field names are the vocabulary rule packs use; ``docs/evidence.md`` documents each section with an example.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, ValidationInfo, field_validator

from clausewise.errors import Location
from clausewise.evidence import sections
from clausewise.evidence.base import Clause, Item, Model, Names, Note, Text
from clausewise.evidence.descriptions_zh import DESCRIPTIONS_ZH
from clausewise.evidence.titles_zh import CHOICES, TITLES

__all__ = ["SECTIONS", "Audit", "Dossier", "Item", "Model", "Names", "Text"]


class AuditType(StrEnum):
    internal = "internal"
    stage1 = "stage1"
    stage2 = "stage2"
    surveillance = "surveillance"
    recertification = "recertification"
    special = "special"


class Exclusion(Model):
    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["Exclusion"]
    titles: ClassVar[dict[str, dict[str, str]]] = TITLES["Exclusion"]
    clause: Clause
    justification: Note | None = Field(None, description="Why the requirement does not apply (4.3).")
    source: Text | None = None


class CertificateStatus(StrEnum):
    valid = "valid"
    suspended = "suspended"
    withdrawn = "withdrawn"


class Certificate(Model):
    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["Certificate"]
    titles: ClassVar[dict[str, dict[str, str]]] = TITLES["Certificate"]
    choices: ClassVar[dict[str, dict[str, dict[str, str]]]] = CHOICES["Certificate"]
    number: Text | None = None
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    scope: Text | None = None
    decided_on: dt.date | None = Field(
        None, description="Date of the certification decision granting the current certificate (ISO/IEC 17021-1 9.5)."
    )
    status: CertificateStatus | None = Field(
        None, description="State of the certification: valid, suspended or withdrawn (ISO/IEC 17021-1 9.6.5)."
    )
    status_since: dt.date | None = Field(None, description="Since when the certification is suspended or withdrawn.")


class AuditPlanEntry(Model):
    """One department's part of the audit plan: the header of one table of the audit record (审核记录表)."""

    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["AuditPlanEntry"]
    titles: ClassVar[dict[str, dict[str, str]]] = TITLES["AuditPlanEntry"]
    department: Text = Field(description="The department audited (受审核部门), e.g. '管理层'.")
    escorts: Names = Field(
        default_factory=list, description="Manager or escort for this department (主管领导/陪同人员), by name."
    )
    auditors: Names = Field(
        default_factory=list, description="Auditors of this department (审核员); defaults to the audit's `auditors`."
    )
    date: dt.date | None = Field(None, description="When it is audited (审核时间); defaults to the audit's `date`.")
    topics: Names = Field(
        default_factory=list,
        description="Audit topics (审核条款) that are not clause numbers, as written, e.g. '上次审核不符合项的验证'.",
    )
    clauses: list[Clause] = Field(
        min_length=1,
        description="Clauses audited in this department, as the plan lists them (e.g. '8.5'); the audit record "
        "gets a row per titled sub-clause (8.5.1 ... 8.5.6).",
    )
    source: Text | None = Field(None, description="Where the plan entry was seen (audit plan, record header).")


class Audit(Model):
    """Context of the assessment. Exactly one per dossier."""

    descriptions_zh: ClassVar[dict[str, str]] = DESCRIPTIONS_ZH["Audit"]
    titles: ClassVar[dict[str, dict[str, str]]] = TITLES["Audit"]
    choices: ClassVar[dict[str, dict[str, dict[str, str]]]] = CHOICES["Audit"]
    organization: Text
    date: dt.date = Field(description="First (or only) day of the audit; the reference date of interval rules.")
    end_date: dt.date | None = None
    type: AuditType
    standard: Text = "ISO 9001:2015"
    edition: Text | None = Field(None, description="e.g. 'GB/T 19001-2016' or 'ISO 9001:2015/Amd 1:2024'.")
    scope: Text | None = None
    departments: Names = Field(default_factory=list)
    sites: Names = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    auditors: Names = Field(default_factory=list)
    top_management: Names = Field(default_factory=list, description="Names of top management.")
    management_representative: Text | None = None
    previous_audit_date: dt.date | None = None
    certificate: Certificate | None = None
    registered_address: Text | None = None
    office_address: Text | None = None
    business_address: Text | None = Field(None, description="Operating address (经营地址) when stated separately.")
    plan: list[AuditPlanEntry] = Field(
        default_factory=list,
        description="The audit plan, one entry per department audited; it lays out the Word audit record "
        "(`--format docx`) and is not evidence: rules do not read it.",
    )
    audited_clauses: list[Clause] = Field(
        default_factory=list,
        description="What this audit covers, when it is not the whole system: the clauses audited, each with the "
        "clauses below it (a surveillance visit's sample, an internal audit of part of the system). Clauses "
        "outside the scope are 'not audited': neither conforming nor a gap, in every report. Leave it out "
        "(and audited_departments) when every clause is audited. A clause the rule pack does not have is "
        "named in a notice in every report.",
    )
    audited_departments: Names = Field(
        default_factory=list,
        description="Departments this audit covers, by the department of their `plan` entry: the clauses of "
        "those entries are audited (together with audited_clauses).",
    )
    source: Text | None = None
    note: Note | None = None
    _origin: Location | None = PrivateAttr(None)

    @field_validator("audited_departments")
    @classmethod
    def _planned(cls, names: list[str], info: ValidationInfo) -> list[str]:
        """A department is audited through its plan entry: a name the plan does not hold would audit nothing."""
        planned = [e.department for e in info.data.get("plan") or []]
        unknown = [n for n in names if n not in planned]
        if unknown:
            known = ", ".join(planned) or "none: audit.plan is empty"
            raise ValueError(f"not a department of audit.plan: {', '.join(unknown)} (plan departments: {known})")
        return names

    def audited_scope(self) -> list[str]:
        """The audited clauses: ``audited_clauses`` and the clauses of the audited departments' plan entries;
        empty when the audit states no scope (every clause is audited)."""
        keys = list(self.audited_clauses)
        for entry in self.plan:
            if entry.department in self.audited_departments:
                keys += entry.clauses
        return list(dict.fromkeys(keys))


# --- the list sections -----------------------------------------------------------------------------------

#: The list sections of a dossier, in documentation order: field name -> item model (built from declarations).
SECTIONS: dict[str, type[Item]] = {}

#: Fact kind -> section name (the inverse of SECTIONS), plus the audit context.
KIND_TO_SECTION: dict[str, str] = {"audit": "audit"}


class Dossier(Model):
    """All evidence for one assessment. ``None`` sections were not supplied."""

    # Only ``audit`` is written here: a field per list section is added from the declarations (below, and while
    # a pack's own sections are in force), so a section is declared in one place.
    audit: Audit | None = None

    def supplied(self) -> set[str]:
        """Names of the sections that were supplied (possibly empty), 'audit' included."""
        return {name for name in ("audit", *SECTIONS) if getattr(self, name) is not None}

    def items(self) -> list[tuple[str, Item]]:
        """Every evidence item with its section name, in section then file order."""
        out: list[tuple[str, Item]] = []
        for name in SECTIONS:
            for item in getattr(self, name) or []:
                out.append((name, item))
        return out


def section_fields(section: str) -> dict[str, Any]:
    """Field name -> pydantic FieldInfo for a section's item model (or the audit model)."""
    model = Audit if section == "audit" else SECTIONS[section]
    return dict(model.model_fields)


#: The child lists of the built-in sections: (kind, list field) -> (child kind, child model), for the facts.
BUILTIN_CHILDREN: dict[tuple[str, str], tuple[str, type[Model]]] = {}
for _name, _decl in sections.builtin_sections().items():
    BUILTIN_CHILDREN.update(sections.install(_name, _decl))
Dossier.model_rebuild(force=True)
