"""The dossier: typed sections of the evidence ISO 9001 auditors sample.

Every model forbids unknown fields, so a typo is an error and never silently ignored. A section that is
absent (``None``) means "not supplied"; an empty list means "there are none". Each item may carry an ``id``
(unique within the dossier, used to refer to it) and a ``source`` (where the evidence was seen), which is
quoted back in findings.

Field names are the vocabulary rule packs use; ``docs/evidence.md`` documents each section with an example.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationInfo, field_validator

from clausewise.clauses import ClauseKey
from clausewise.errors import Location
from clausewise.numbers import Integer, Number

Text = Annotated[str, StringConstraints(min_length=1)]
Names = list[Text]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Item(Model):
    """Base of every evidence item (one fact for the engine)."""

    kind: ClassVar[str] = ""
    id: Text | None = Field(None, description="Unique id within the dossier; generated when absent.")
    source: Text | None = Field(None, description="Where this was seen: document number, page, interview, record row.")
    note: str | None = Field(None, description="Free remarks, quoted as-is.")
    record_verdict: Text | None = Field(
        None,
        description="The auditor's entry in the 判定 (judgment) column of the audit-record row this item was taken "
        "from, as written (e.g. 'N'); absent when the column is blank or the item has no such row.",
    )
    _origin: Location | None = PrivateAttr(None)


class AuditType(StrEnum):
    internal = "internal"
    stage1 = "stage1"
    stage2 = "stage2"
    surveillance = "surveillance"
    recertification = "recertification"
    special = "special"


class Exclusion(Model):
    clause: ClauseKey
    justification: str | None = Field(None, description="Why the requirement does not apply (4.3).")
    source: Text | None = None


class CertificateStatus(StrEnum):
    valid = "valid"
    suspended = "suspended"
    withdrawn = "withdrawn"


class Certificate(Model):
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
    clauses: list[ClauseKey] = Field(
        min_length=1,
        description="Clauses audited in this department, as the plan lists them (e.g. '8.5'); the audit record "
        "gets a row per titled sub-clause (8.5.1 ... 8.5.6).",
    )
    source: Text | None = Field(None, description="Where the plan entry was seen (audit plan, record header).")


class Audit(Model):
    """Context of the assessment. Exactly one per dossier."""

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
    audited_clauses: list[ClauseKey] = Field(
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
    note: str | None = None
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


# --- organisation -------------------------------------------------------------------------------------------


class Person(Item):
    kind: ClassVar[str] = "person"
    name: Text
    department: Text | None = None
    position: Text | None = None
    top_management: bool = False
    internal_auditor: bool = Field(False, description="Qualified and appointed as internal auditor.")
    auditor_appointed_on: dt.date | None = None
    education: Text | None = None
    training_records: Names = Field(default_factory=list)
    responsibilities: Names = Field(
        default_factory=list, description="Responsibilities assigned to the person (e.g. from 岗位职责), as written."
    )
    roles: Names = Field(
        default_factory=list,
        description="Further roles the record gives the person (e.g. 陪同人员, 项目经理, 维护人, 检查人), as written.",
    )
    interviewed_on: dt.date | None = Field(None, description="When the person was interviewed on awareness (7.3).")
    policy_aware: bool | None = Field(
        None,
        description="Interview outcome (7.3): the person knows the quality policy, the relevant objectives, their "
        "contribution and the consequences of not conforming; false when any of these was not known.",
    )


class Department(Item):
    kind: ClassVar[str] = "department"
    name: Text
    head: Text | None = None
    responsibilities: Names = Field(default_factory=list)
    accompanied_by: Text | None = Field(
        None, description="Person named as 主管领导/陪同人员 (manager/guide) for this department during the audit."
    )
    audited_clauses: list[ClauseKey] = Field(
        default_factory=list, description="Clauses listed as audited (审核条款) for this department."
    )


class Process(Item):
    kind: ClassVar[str] = "process"
    name: Text
    owner: Text | None = None
    department: Text | None = None
    inputs: Names = Field(default_factory=list)
    outputs: Names = Field(default_factory=list)
    criteria: Names = Field(default_factory=list)
    steps: Names = Field(default_factory=list, description="Steps or flow of the process, in order, as written.")
    outsourced: bool = False
    documents: Names = Field(
        default_factory=list,
        description="Documented information maintained to support the process (procedures, instructions), by id "
        "or title (4.4.2 a); [] when the process has none.",
    )
    validation_required: bool | None = Field(
        None,
        description="Its output cannot be verified by subsequent monitoring or measurement, so the process must be "
        "validated and periodically revalidated (8.5.1 f)); false when it can be verified.",
    )
    validated_on: dt.date | None = Field(None, description="Date of the latest validation or revalidation (8.5.1 f)).")
    revalidation_due: dt.date | None = Field(None, description="When the next revalidation is due, as planned.")


class DocumentType(StrEnum):
    manual = "manual"
    procedure = "procedure"
    instruction = "instruction"
    form = "form"
    plan = "plan"
    record = "record"
    policy = "policy"
    scope = "scope"
    job_description = "job_description"
    external = "external"
    other = "other"


class Document(Item):
    kind: ClassVar[str] = "document"
    title: Text
    type: DocumentType = DocumentType.other
    number: Text | None = None
    revision: Text | None = None
    prepared_by: Text | None = None
    approved_by: Text | None = None
    approved_on: dt.date | None = None
    effective_on: dt.date | None = None
    controlled: bool | None = None
    clauses: list[ClauseKey] = Field(default_factory=list, description="Clauses the document addresses.")
    point_of_use_revision: Text | None = Field(
        None, description="Revision of the copy found at the point of use (7.5.3.2), when sampled."
    )
    available: bool | None = Field(
        None, description="Found available and suitable for use where and when needed (7.5.3.1), when sampled."
    )
    retention: Text | None = Field(None, description="Retention period defined for a record (e.g. '3 years').")
    reviewed_on: dt.date | None = Field(
        None, description="When the document was last reviewed for suitability (7.5.2)."
    )
    interval_months: Integer | None = Field(
        None,
        ge=1,
        le=1200,
        description="The organization's own planned interval for reviewing this document (months), from its document "
        "control procedure (ISO 9001 sets none).",
    )


class Policy(Item):
    kind: ClassVar[str] = "policy"
    text: Text
    approved_by: Text | None = None
    approved_on: dt.date | None = None
    document: Text | None = Field(None, description="Id or title of the controlled document holding it.")
    communicated_via: Names = Field(default_factory=list)
    commitments: list[Literal["requirements", "continual_improvement", "framework_for_objectives"]] = Field(
        default_factory=list, description="Commitments of 5.2.1 the text contains."
    )


class LegalRequirement(Item):
    kind: ClassVar[str] = "legal_requirement"
    title: Text
    reference: Text | None = None
    type: Literal["law", "regulation", "national_standard", "industry_standard", "customer", "other"] = "other"
    communicated_on: dt.date | None = None
    communicated_via: Text | None = None
    complied: bool | None = None
    mandatory: bool | None = Field(
        None,
        description="Binding on the organization: a mandatory standard (GB, not GB/T), or a voluntary one it "
        "adopted; laws and regulations always are. False for a voluntary standard it did not adopt.",
    )


class ContextIssue(Item):
    kind: ClassVar[str] = "context_issue"
    description: Text
    type: Literal["internal", "external"] | None = None
    reviewed_on: dt.date | None = None
    climate_related: bool | None = None


class InterestedParty(Item):
    kind: ClassVar[str] = "interested_party"
    name: Text
    needs: Names = Field(default_factory=list)
    monitored_via: Names = Field(default_factory=list)
    reviewed_on: dt.date | None = None


class Risk(Item):
    kind: ClassVar[str] = "risk"
    description: Text
    type: Literal["risk", "opportunity"] = "risk"
    actions: Names = Field(default_factory=list)
    owner: Text | None = None
    effectiveness_evaluated_on: dt.date | None = None
    effectiveness_method: Text | None = None
    reviewed_on: dt.date | None = Field(
        None, description="When the risk or opportunity and its actions were last reviewed or updated (6.1, 10.2.1 e))."
    )
    accepted: bool = Field(
        False,
        description="True when the risk is retained by informed decision (6.1.2 Note 1) instead of being acted on; "
        "give `acceptance_rationale` and `accepted_by`.",
    )
    acceptance_rationale: Text | None = Field(None, description="Why the risk is accepted, as written.")
    accepted_by: Text | None = Field(None, description="Who decided to accept the risk.")


class ObjectiveResult(Model):
    period: Text
    value: Number | None = None
    achieved: bool | None = None
    source: Text | None = None


class Objective(Item):
    kind: ClassVar[str] = "objective"
    name: Text
    level: Literal["organization", "department", "process"] = "organization"
    department: Text | None = None
    formula: Text | None = Field(None, description="How the metric is calculated.")
    target: Text | None = Field(None, description="The target as written, e.g. '≥95%'.")
    target_value: Number | None = None
    comparison: Literal[">=", "<=", "=", ">", "<"] | None = None
    unit: Text | None = None
    owner: Text | None = None
    plan: Text | None = Field(None, description="What will be done, resources, who, when (6.2.2).")
    first_result_due: dt.date | None = Field(
        None,
        description="When the first result falls due: the end of the first period the objective is measured over "
        "(an objective set this month has no result yet).",
    )
    results: list[ObjectiveResult] = Field(default_factory=list)


class Change(Item):
    kind: ClassVar[str] = "change"
    description: Text
    date: dt.date | None = None
    type: Literal["organization", "scope", "process", "name", "site", "system", "other"] = "other"
    planned: bool | None = None
    planned_on: dt.date | None = None
    impact_assessed: bool | None = None
    approved_by: Text | None = None


class Resource(Item):
    kind: ClassVar[str] = "resource"
    type: Literal["people", "infrastructure", "environment", "finance", "other"]
    description: Text
    quantity: Number | None = None
    adequate: bool | None = None


class MeasuringResource(Item):
    kind: ClassVar[str] = "measuring_resource"
    name: Text
    type: Literal["instrument", "software", "form", "method", "other"] = "other"
    calibration_required: bool = False
    calibrated_on: dt.date | None = None
    calibration_due: dt.date | None = None
    fitness_confirmed_on: dt.date | None = None
    fitness_evidence: Text | None = None
    used_on: dt.date | None = None
    traceable_to: Text | None = Field(
        None,
        description="Measurement standard the calibration is traceable to (certificate of an accredited lab, national "
        "standard), as written.",
    )
    calibration_basis: Text | None = Field(
        None, description="Basis used for calibration or verification when no measurement standard exists (7.1.5.2 a)."
    )
    status_identified: bool | None = Field(
        None, description="The calibration status is identified on the item (label)."
    )
    out_of_tolerance_on: dt.date | None = Field(None, description="When the item was found unfit (out of tolerance).")
    impact_assessed: bool | None = Field(
        None, description="After an out-of-tolerance finding: validity of earlier results assessed and acted on."
    )


class CompetenceRecord(Item):
    """One person's competence for one task: the requirement, the evidence and (for training) its effect (7.2)."""

    kind: ClassVar[str] = "competence_record"
    person: Text = Field(description="Name of the person.")
    task: Text | None = Field(None, description="Work or role the competence is for (e.g. '内审员', '焊接').")
    requirement: Text | None = Field(
        None, description="Competence required for the task (education, training, experience)."
    )
    type: Literal["education", "training", "experience", "qualification", "other"] = "other"
    evidence: Text | None = Field(None, description="Retained evidence (certificate, training record); null when none.")
    date: dt.date | None = Field(None, description="Date of the evidence (training held, certificate issued).")
    expires_on: dt.date | None = Field(None, description="When the qualification or certificate expires.")
    performed_on: dt.date | None = Field(None, description="A date the person was seen doing the task.")
    effectiveness_evaluated_on: dt.date | None = Field(
        None, description="When the effectiveness of the training or other action was evaluated (7.2 c)."
    )
    effectiveness_method: Text | None = Field(None, description="How effectiveness was evaluated (test, observation).")
    closes_gap: bool = Field(
        True,
        description="The training or other action was taken to acquire competence the person lacked (7.2 c)); false "
        "for induction, awareness or refresher training, whose effectiveness 7.2 c) does not ask to evaluate.",
    )


class MaintenanceRecord(Model):
    planned_on: dt.date | None = Field(None, description="When the maintenance was planned (due).")
    done_on: dt.date | None = Field(None, description="When it was done; null when not done.")
    done_by: Text | None = None
    description: Text | None = None
    source: Text | None = None


class InfrastructureItem(Item):
    """Buildings, equipment, software, transport, ICT (7.1.3), with planned and done maintenance."""

    kind: ClassVar[str] = "infrastructure_item"
    name: Text
    type: Literal["building", "equipment", "software", "transport", "ict", "other"] = "other"
    maintenance_plan: Text | None = Field(None, description="Maintenance plan or interval, as written.")
    maintenance: list[MaintenanceRecord] = Field(
        default_factory=list, description="Planned maintenance and when it was done."
    )


class EnvironmentCheck(Item):
    """A reading of the process environment (temperature, humidity, cleanliness, ...) against its limits (7.1.4)."""

    kind: ClassVar[str] = "environment_check"
    date: dt.date
    parameter: Text = Field(description="What was measured, e.g. 'temperature'.")
    location: Text | None = None
    value: Number | None = None
    lower_limit: Number | None = None
    upper_limit: Number | None = None
    action: Text | None = Field(None, description="Action taken on an excursion; null when none.")


class KnowledgeItem(Item):
    """Organizational knowledge needed for processes and conformity (7.1.6)."""

    kind: ClassVar[str] = "knowledge_item"
    topic: Text
    origin: Literal["internal", "external"] | None = None
    captured_in: Text | None = Field(None, description="Where it is kept (knowledge base, SOP, lessons learned).")
    available_to: Names = Field(default_factory=list, description="Who it is made available to.")
    reviewed_on: dt.date | None = None


class Communication(Item):
    """One entry of the communication plan (7.4): what, when, with whom, how, who."""

    kind: ClassVar[str] = "communication"
    subject: Text = Field(description="What is communicated.")
    internal: bool | None = Field(None, description="True for internal, false for external communication.")
    when: Text | None = Field(None, description="When or how often, as written.")
    with_whom: Text | None = None
    how: Text | None = None
    by: Text | None = Field(None, description="Who communicates.")


class SupplierEvaluation(Model):
    date: dt.date
    type: Literal["initial", "reevaluation"] = "initial"
    score: Number | None = None
    result: Literal["approved", "conditional", "rejected"] | None = None
    evaluated_by: Text | None = None
    source: Text | None = None


class Supplier(Item):
    """An external provider of processes, products or services (8.4)."""

    kind: ClassVar[str] = "supplier"
    name: Text
    supplies: Text | None = Field(None, description="What is provided, as written.")
    provision: Literal["incorporated", "direct_to_customer", "outsourced_process", "other"] = Field(
        "other",
        description="8.4.1 a) b) c): incorporated into own outputs, delivered direct, or an outsourced process.",
    )
    approved: bool | None = Field(None, description="On the approved-supplier list.")
    criteria: Names = Field(default_factory=list, description="Evaluation/selection criteria applied.")
    first_used_on: dt.date | None = Field(None, description="Date of the first order or use.")
    last_used_on: dt.date | None = Field(None, description="Date of the latest order or use.")
    evaluations: list[SupplierEvaluation] = Field(
        default_factory=list, description="Initial evaluation and re-evaluations; [] when none."
    )
    performance_score: Number | None = Field(None, description="Latest performance-monitoring score.")
    performance_threshold: Number | None = Field(None, description="The organization's minimum acceptable score.")
    interval_months: Integer | None = Field(
        None,
        ge=1,
        le=1200,
        description="The organization's own planned interval for re-evaluating this provider (months), from its "
        "purchasing procedure.",
    )
    actions: Names = Field(default_factory=list, description="Actions taken on poor performance; [] when none.")
    controls: Names = Field(
        default_factory=list, description="Controls applied to the provider and its outputs (8.4.2), e.g. 进货检验."
    )
    requirements_communicated: bool | None = Field(
        None,
        description="Requirements (what, approvals, competence, verification) communicated before ordering (8.4.3).",
    )
    communicated_via: Text | None = Field(None, description="Purchase order, contract or agreement, as written.")


class CustomerProperty(Item):
    """Property of a customer or external provider held or used by the organization (8.5.3)."""

    kind: ClassVar[str] = "customer_property"
    description: Text
    owner: Text | None = None
    owner_type: Literal["customer", "external_provider"] = "customer"
    identified: bool | None = None
    incident_on: dt.date | None = Field(None, description="When it was lost, damaged or found unsuitable.")
    incident: Text | None = Field(None, description="What happened, as written.")
    reported_to_owner_on: dt.date | None = Field(None, description="When the owner was told; null when not.")


class DesignChange(Item):
    """A change to a design during or after design and development (8.3.6)."""

    kind: ClassVar[str] = "design_change"
    project: Text | None = Field(None, description="Id or name of the design project.")
    description: Text
    requested_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    impact_assessed: bool | None = Field(None, description="Effect on parts and delivered products evaluated.")
    approved_by: Text | None = Field(None, description="Who authorized the change; null when nobody.")
    approved_on: dt.date | None = None
    implemented_on: dt.date | None = None


class SatisfactionSurvey(Item):
    """One monitoring of customers' perceptions: a survey, or an analysis of feedback, complaints, visits (9.1.2
    leaves the method to the organization; `method` says which)."""

    kind: ClassVar[str] = "satisfaction_survey"
    date: dt.date
    method: Text | None = None
    respondents: Text | None = None
    topics: Names = Field(default_factory=list)
    score: Number | None = None
    target: Number | None = None
    analysed: bool | None = None
    period: Text | None = Field(
        None,
        description="The survey date as written when the record gives only a month or range (e.g. '2020年7月'); "
        "`date` then holds the first day of that period.",
    )
    interval_months: Integer | None = Field(
        None,
        ge=1,
        le=1200,
        description="The organization's own planned interval for monitoring customer perception (months), as its "
        "procedure states (9.1.2 sets no frequency).",
    )


class Analysis(Item):
    """An analysis and evaluation of monitoring and measurement data (9.1.3), e.g. the yearly data-analysis report."""

    kind: ClassVar[str] = "data_analysis"
    date: dt.date | None = Field(None, description="When the analysis was made (report date).")
    period: Text | None = Field(None, description="The period whose data it analyses, as written ('2020年1-11月').")
    covers: Names = Field(
        default_factory=list,
        description="What its results are used to evaluate, by the pack's 9.1.3 keys (a conformity … g improvement "
        "needs); an item that does not apply is listed when the analysis says why, the reason in `note`.",
    )


# --- audits and reviews ---------------------------------------------------------------------------------------


class AuditProgramme(Item):
    kind: ClassVar[str] = "audit_programme"
    title: Text
    year: Integer | None = None
    frequency: Text | None = None
    covers: Names = Field(default_factory=list, description="Departments or processes the programme covers.")
    approved_by: Text | None = None
    approved_on: dt.date | None = None
    period_start: dt.date | None = Field(
        None, description="First day of the period the programme plans audits for (2020-01-01 for a 2020 programme)."
    )
    period_end: dt.date | None = Field(None, description="Last day of the period the programme plans audits for.")
    interval_months: Integer | None = Field(
        None,
        ge=1,
        le=1200,
        description="The organization's own planned interval between internal audits of the system (months), as its "
        "programme or procedure states (9.2.1 'at planned intervals'); `frequency` keeps the wording.",
    )


class AuditAssignment(Model):
    auditor: Text
    department: Text
    source: Text | None = None


class InternalAudit(Item):
    kind: ClassVar[str] = "internal_audit"
    date: dt.date = Field(description="When the internal audit was conducted (its first day).")
    programme: Text | None = Field(None, description="Id or title of the audit programme or plan.")
    auditors: Names = Field(default_factory=list, description="Names of the internal auditors who conducted it.")
    audited_departments: Names = Field(default_factory=list)
    assignments: list[AuditAssignment] = Field(
        default_factory=list, description="Who audited which department (for the independence check)."
    )
    nonconformities_found: Integer | None = None
    report_date: dt.date | None = None
    records: Names = Field(default_factory=list)


class ManagementReview(Item):
    kind: ClassVar[str] = "management_review"
    date: dt.date = Field(description="When the management review was held (the meeting date on the minutes).")
    chaired_by: Text | None = Field(None, description="Who chaired the review (top management, 9.3.1).")
    attendees: Names = Field(default_factory=list, description="Who took part, as the minutes list them.")
    inputs: Names = Field(
        default_factory=list,
        description="Inputs the minutes show were considered (9.3.2), one key each; the pack's keys are "
        "listed in its evidence template.",
    )
    outputs: Names = Field(
        default_factory=list,
        description="Decisions and actions recorded (9.3.3): improvement opportunities, changes to the "
        "system, resource needs.",
    )
    conclusion: Text | None = Field(
        None, description="The review's conclusion on the system's suitability, adequacy and effectiveness."
    )
    inputs_complete: bool = Field(
        True,
        description="False when the minutes list the inputs non-exhaustively (基本涵盖……等): `inputs` is then a "
        "sample, and an input not listed is for the auditor to check, not proof that it was not considered.",
    )
    output_decisions: Names = Field(
        default_factory=list,
        description="Which 9.3.3 outputs the review decided, by the pack's keys (improvement_opportunities, "
        "system_changes, resource_needs); a decision that nothing is needed counts when the minutes give the reason.",
    )
    interval_months: Integer | None = Field(
        None,
        ge=1,
        le=1200,
        description="The organization's own planned interval between management reviews (months), as its procedure "
        "or these minutes state (9.3.1 'at planned intervals').",
    )
    records: Names = Field(default_factory=list)


NcDisposition = Literal[
    "correction", "segregation", "return", "suspension", "customer_informed", "concession", "scrap", "other"
]


class Nonconformity(Item):
    kind: ClassVar[str] = "nonconformity"
    raised_on: dt.date | None = None
    origin: Literal["internal_audit", "external_audit", "complaint", "process", "product", "other"] = "other"
    clause: ClauseKey | None = None
    grade: Literal["major", "minor"] | None = None
    description: Text
    correction: Text | None = None
    root_cause: Text | None = None
    corrective_action: Text | None = None
    due_on: dt.date | None = None
    implemented_on: dt.date | None = None
    effectiveness_verified_on: dt.date | None = None
    effectiveness_verified: bool | None = Field(
        None, description="The record states the corrective action was verified (possibly without a date)."
    )
    action_needed: bool = Field(
        True,
        description="The 10.2.1 b) evaluation of the need for action to eliminate the cause: false when it found none "
        "needed (give the reason in `action_not_needed_reason`); true unless the record says otherwise.",
    )
    action_not_needed_reason: Text | None = Field(
        None, description="Why no corrective action was needed (10.2.1 b)), as written."
    )
    closed_on: dt.date | None = None
    disposition: NcDisposition | None = Field(
        None, description="How a nonconforming output was dealt with (8.7.1 a)–d)); correction = rework or repair."
    )
    decided_by: Text | None = Field(
        None, description="The authority who decided the action on the nonconforming output (8.7.2 d)); null when none."
    )
    reverified_on: dt.date | None = Field(
        None, description="When conformity was verified again after the output was corrected (8.7.1); null when not."
    )


class PreviousAuditFinding(Item):
    kind: ClassVar[str] = "previous_audit_finding"
    clause: ClauseKey
    grade: Literal["major", "minor", "observation"] | None = None
    description: Text | None = None
    raised_on: dt.date | None = None
    corrective_action: Text | None = None
    verified_on: dt.date | None = None
    verified_effective: bool | None = None


class Complaint(Item):
    kind: ClassVar[str] = "complaint"
    received_on: dt.date
    customer: Text | None = None
    description: Text
    responded_on: dt.date | None = None
    closed_on: dt.date | None = None
    justified: bool | None = Field(
        None,
        description="The investigation found the complaint justified: the product, service or QMS did not conform "
        "(10.2.1); false when it was found unjustified.",
    )
    response_days: Integer | None = Field(
        None,
        ge=0,
        le=3650,
        description="The organization's own time limit for answering a complaint (days), from its complaint procedure.",
    )


class RegulatoryCheck(Item):
    kind: ClassVar[str] = "regulatory_check"
    date: dt.date
    authority: Text | None = None
    result: Literal["passed", "failed", "pending"]
    follow_up: Text | None = None


class CertificateUse(Item):
    kind: ClassVar[str] = "certificate_use"
    description: Text
    where: Text | None = None
    compliant: bool | None = None


class Incident(Item):
    kind: ClassVar[str] = "incident"
    date: dt.date
    description: Text
    severity: Literal["major", "minor"] | None = None
    reported_to: Text | None = None
    nonconformity: bool | None = Field(
        None, description="The incident was a nonconformity of a product, service or process (10.2.1); false when not."
    )


# --- operation --------------------------------------------------------------------------------------------------


class DesignProject(Item):
    kind: ClassVar[str] = "design_project"
    name: Text
    customer: Text | None = None
    manager: Text | None = None
    team: Names = Field(default_factory=list)
    plan_on: dt.date | None = None
    inputs: Names = Field(default_factory=list)
    inputs_on: dt.date | None = None
    outputs: Names = Field(default_factory=list)
    outputs_on: dt.date | None = None
    review_on: dt.date | None = None
    verification_on: dt.date | None = None
    validation_on: dt.date | None = None
    released_on: dt.date | None = Field(None, description="When the design was released to provision/service.")
    changes: Names = Field(default_factory=list)
    plan_by: Text | None = Field(None, description="Who prepared (编制) the design plan / inputs.")
    outputs_by: Text | None = Field(None, description="Who prepared (编制) the design outputs.")
    review_result: Text | None = Field(None, description="Design review conclusion as written (评审结论).")
    verification_method: Text | None = Field(None, description="How the design was verified (验证方式).")
    verification_by: Names = Field(default_factory=list, description="Persons named for the verification.")
    verification_result: Text | None = Field(None, description="Verification conclusion as written (验证结论).")
    validation_method: Text | None = Field(None, description="How the design was validated (确认方式).")
    validation_by: Names = Field(default_factory=list, description="Participants named for the validation.")
    validation_period: Text | None = Field(
        None, description="Period the validation covers as written, when no single date is given (e.g. '2020年8-11月')."
    )
    validation_result: Text | None = Field(None, description="Validation conclusion as written (确认结论).")
    service_starts_on: dt.date | None = Field(
        None, description="Start of the service period the plan states (服务周期)."
    )
    service_ends_on: dt.date | None = Field(None, description="End of the service period the plan states (服务周期).")


class Contract(Item):
    kind: ClassVar[str] = "contract"
    customer: Text
    subject: Text | None = None
    signed_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    accepted_on: dt.date | None = Field(
        None, description="When the organization committed to supply (order accepted), if not the signing date."
    )
    reviewed_by: Text | None = Field(None, description="Who reviewed the requirements before acceptance (8.2.3).")
    review_result: Text | None = Field(None, description="Result of the review and any new requirements, as written.")
    requirements: Names = Field(
        default_factory=list,
        description="Requirements determined for the product or service, including statutory ones (8.2.2); "
        "[] when none.",
    )
    verbal: bool | None = Field(None, description="The order was given without a documented statement of requirements.")
    confirmed_on: dt.date | None = Field(None, description="When verbal requirements were confirmed before acceptance.")
    amended_on: dt.date | None = Field(None, description="When the requirements were last changed (8.2.4).")
    amendment_communicated_on: dt.date | None = Field(
        None, description="When relevant persons were made aware of the change and documents amended."
    )
    post_delivery_obligations: Names = Field(
        default_factory=list,
        description="Post-delivery obligations the contract sets (warranty, support, maintenance) (8.5.5); "
        "[] when none.",
    )


class ServiceRecord(Item):
    kind: ClassVar[str] = "service_record"
    date: dt.date
    customer: Text | None = None
    system: Text | None = None
    reason: Text | None = None
    description: Text | None = None
    performed_by: Text | None = None
    signed_by: Text | None = None
    signed_for: Literal["performer", "customer", "reviewer", "other"] = Field(
        "performer",
        description="In what capacity `signed_by` signed: for the work done (the usual service-record box), as the "
        "customer acknowledging the service, or as a reviewer.",
    )
    checked_by: Text | None = None


class Release(Item):
    kind: ClassVar[str] = "release"
    date: dt.date
    item: Text
    released_by: Text | None = None
    verified_on: dt.date | None = None
    approved_by: Text | None = Field(
        None,
        description="Who approved release before the planned arrangements were completed, or under concession: the "
        "relevant authority or the customer (8.6 'unless otherwise approved'); null when no one did.",
    )
    criteria: Text | None = None
    result: Literal["pass", "fail", "concession"] | None = None
    identification: Text | None = Field(None, description="Lot, batch or serial number of the released output (8.5.2).")
    traceability_required: bool | None = Field(
        None, description="Traceability is a customer, statutory or own requirement for this output."
    )
    instruments: Names = Field(
        default_factory=list,
        description="Monitoring and measuring resources used to verify the output, by id or name (7.1.5, 8.6).",
    )


#: The list sections of a dossier, in documentation order: field name -> item model.
SECTIONS: dict[str, type[Item]] = {
    "people": Person,
    "departments": Department,
    "processes": Process,
    "documents": Document,
    "policies": Policy,
    "legal_requirements": LegalRequirement,
    "context_issues": ContextIssue,
    "interested_parties": InterestedParty,
    "risks": Risk,
    "objectives": Objective,
    "changes": Change,
    "resources": Resource,
    "measuring_resources": MeasuringResource,
    "competence_records": CompetenceRecord,
    "infrastructure": InfrastructureItem,
    "environment_checks": EnvironmentCheck,
    "knowledge": KnowledgeItem,
    "communications": Communication,
    "satisfaction_surveys": SatisfactionSurvey,
    "data_analyses": Analysis,
    "audit_programmes": AuditProgramme,
    "internal_audits": InternalAudit,
    "management_reviews": ManagementReview,
    "nonconformities": Nonconformity,
    "previous_audit_findings": PreviousAuditFinding,
    "complaints": Complaint,
    "regulatory_checks": RegulatoryCheck,
    "certificate_uses": CertificateUse,
    "incidents": Incident,
    "design_projects": DesignProject,
    "design_changes": DesignChange,
    "suppliers": Supplier,
    "customer_properties": CustomerProperty,
    "contracts": Contract,
    "service_records": ServiceRecord,
    "releases": Release,
}

#: Fact kind -> section name (the inverse of SECTIONS), plus the audit context.
KIND_TO_SECTION: dict[str, str] = {model.kind: name for name, model in SECTIONS.items()}
KIND_TO_SECTION["audit"] = "audit"


class Dossier(Model):
    """All evidence for one assessment. ``None`` sections were not supplied."""

    audit: Audit | None = None
    people: list[Person] | None = None
    departments: list[Department] | None = None
    processes: list[Process] | None = None
    documents: list[Document] | None = None
    policies: list[Policy] | None = None
    legal_requirements: list[LegalRequirement] | None = None
    context_issues: list[ContextIssue] | None = None
    interested_parties: list[InterestedParty] | None = None
    risks: list[Risk] | None = None
    objectives: list[Objective] | None = None
    changes: list[Change] | None = None
    resources: list[Resource] | None = None
    measuring_resources: list[MeasuringResource] | None = None
    competence_records: list[CompetenceRecord] | None = None
    infrastructure: list[InfrastructureItem] | None = None
    environment_checks: list[EnvironmentCheck] | None = None
    knowledge: list[KnowledgeItem] | None = None
    communications: list[Communication] | None = None
    satisfaction_surveys: list[SatisfactionSurvey] | None = None
    data_analyses: list[Analysis] | None = None
    audit_programmes: list[AuditProgramme] | None = None
    internal_audits: list[InternalAudit] | None = None
    management_reviews: list[ManagementReview] | None = None
    nonconformities: list[Nonconformity] | None = None
    previous_audit_findings: list[PreviousAuditFinding] | None = None
    complaints: list[Complaint] | None = None
    regulatory_checks: list[RegulatoryCheck] | None = None
    certificate_uses: list[CertificateUse] | None = None
    incidents: list[Incident] | None = None
    design_projects: list[DesignProject] | None = None
    design_changes: list[DesignChange] | None = None
    suppliers: list[Supplier] | None = None
    customer_properties: list[CustomerProperty] | None = None
    contracts: list[Contract] | None = None
    service_records: list[ServiceRecord] | None = None
    releases: list[Release] | None = None

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


def _check_sections_match() -> None:
    fields = set(Dossier.model_fields) - {"audit"}
    if fields != set(SECTIONS):  # pragma: no cover - guards edits to this module
        raise RuntimeError(f"Dossier fields and SECTIONS differ: {fields ^ set(SECTIONS)}")


_check_sections_match()


def section_fields(section: str) -> dict[str, Any]:
    """Field name -> pydantic FieldInfo for a section's item model (or the audit model)."""
    model = Audit if section == "audit" else SECTIONS[section]
    return dict(model.model_fields)
