"""The assessment result: findings and a judgment for every clause. Serialised as JSON (schema v1).

Changes to field names or meanings bump :data:`SCHEMA_VERSION`; additions do not. ``docs/json-output.md``
describes each field; ``clausewise schema`` prints the JSON Schema generated from these models.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from clausewise.bilingual import BilingualText
from clausewise.errors import Location
from clausewise.lang import Lang

SCHEMA_VERSION = 2

FindingJudgment = Literal["N", "O", "review", "NA"]
Grade = Literal["major", "minor"]
ClauseJudgment = Literal["C", "N", "O", "NA", "insufficient_evidence", "needs_review", "not_assessed", "not_audited"]

#: Worst first. A parent clause takes the worst judgment of itself and its children.
SEVERITY: dict[str, int] = {
    "N": 6,
    "insufficient_evidence": 5,
    "O": 4,
    "needs_review": 3,
    "C": 2,
    "NA": 1,
    "not_assessed": 0,
    "not_audited": -1,
}


#: One set object per distinct set of fields given (see :class:`Out`).
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Out(BaseModel):
    """An output model. pydantic gives every instance its own set of the fields given (``model_fields_set``),
    200-700 bytes: on a large dossier a third of the result's memory, tens of thousands of findings holding
    the same few sets. Instances share one set per distinct set of fields, and one is copied before an
    assignment changes it (pydantic adds the assigned field), so ``model_fields_set`` reads as before."""

    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", _given(*self.__pydantic_fields_set__))

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))  # unshare first
        super().__setattr__(name, value)


class Text2(Out, BilingualText[str]):
    """The same text in English and Simplified Chinese."""

    @classmethod
    def of(cls, en: str, zh: str) -> Text2:
        """``Text2(en=en, zh=zh)`` for two texts the engine made: the same model, built without validating two
        strings (a third of the cost; judging a large dossier makes a hundred thousand of them)."""
        text: Text2 = _made(cls.__new__(cls), {"en": en, "zh": zh}, _BOTH)
        return text


def _made(model: Any, fields: dict[str, Any], given: set[str]) -> Any:
    """Give ``model`` (made with ``__new__``) the state validation gives it: ``fields`` in declaration order, the
    ``given`` ones as its shared ``model_fields_set`` (the ``of`` constructors; tests/test_messages.py holds each
    to the model validation makes)."""
    object.__setattr__(model, "__dict__", fields)
    object.__setattr__(model, "__pydantic_fields_set__", given)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _given(*names: str) -> set[str]:
    """The shared field set of these names (see :class:`Out`)."""
    key = frozenset(names)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        shared = _FIELD_SETS[key] = set(key)
    return shared


_BOTH = _given(*Text2.model_fields)


class EvidenceRef(Out):
    """One fact a finding rests on, and where the user can find it."""

    alias: str
    kind: str
    id: str
    source: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = Field(
        None, description="Worksheet of a workbook dossier; 'line' is then the row (cited as FILE.xlsx:Sheet!row)."
    )
    summary: str = ""

    @classmethod
    def of(
        cls,
        alias: str,
        kind: str,
        id: str,
        source: str | None,
        file: str | None,
        line: int | None,
        column: int | None,
        sheet: str | None,
        summary: str,
    ) -> EvidenceRef:
        """The model validation would make of these values, made by the engine (all given), without validating."""
        fields: dict[str, Any] = {"alias": alias, "kind": kind, "id": id, "source": source, "file": file, "line": line}
        fields.update(column=column, sheet=sheet, summary=summary)
        made: EvidenceRef = _made(cls.__new__(cls), fields, _EVIDENCE_GIVEN)
        return made

    def where(self) -> str:
        if not self.file:
            return ""
        return str(Location(self.file, self.line or 0, self.column or 0, self.sheet or ""))


class Decision(Out):
    """The auditor's decision on a finding, from the audit store (absent outside a stored audit)."""

    id: int  # the decision's id in the store
    action: Literal["accept", "reject", "regrade", "add"]
    judgment: Literal["N", "O"] | None = None  # regrade and add: the auditor's judgment
    grade: Literal["major", "minor"] | None = None
    reason: str
    by: str
    at: str  # when, ISO 8601
    #: A rejection whose cited evidence has changed since: it no longer holds, the finding stands again.
    lapsed: bool = False


class FindingBasis(Out):
    """The authority a finding rests on (the rule's ``basis``), cited for the reader."""

    kind: Literal["standard", "organization", "certification", "practice"]
    ref: str  # the clause and item, the procedure, or the certification rule and section
    cite: Text2  # as printed beside the finding: "ISO 9001 9.2.1 a)"
    text: Text2 | None = None  # the requirement in words, when the rule gives it
    #: The rule's own judgment when this audit proposes a lower one (a certification rule outside a
    #: certification-body audit, or without the pack parameter certification_rules_as_n).
    declared: Literal["N", "O", "review", "NA"] | None = None


class Finding(Out):
    id: str  # stable: the rule and the ids of the facts it matched (see stable_id)
    rule: str
    clause: str
    judgment: FindingJudgment
    grade: Grade | None = None
    title: Text2
    message: Text2
    remedy: Text2
    evidence: list[EvidenceRef]
    missing: list[str] = []
    basis: FindingBasis | None = None  # None: a result written before rules named their basis
    decision: Decision | None = None  # in a stored audit: the auditor's decision on this finding

    @classmethod
    def of(
        cls,
        id: str,
        rule: str,
        clause: str,
        judgment: FindingJudgment,
        grade: Grade | None,
        title: Text2,
        message: Text2,
        remedy: Text2,
        evidence: list[EvidenceRef],
        missing: list[str],
        basis: FindingBasis | None,
    ) -> Finding:
        """The finding validation would make of these values, made by the engine from models and texts it made,
        without validating them (a third of the cost; a large dossier has a hundred thousand findings). The
        lists are the finding's own from then on. ``decision`` is left at its default, not given."""
        fields: dict[str, Any] = {
            "id": id,
            "rule": rule,
            "clause": clause,
            "judgment": judgment,
            "grade": grade,
            "title": title,
        }
        fields.update(message=message, remedy=remedy, evidence=evidence, missing=missing, basis=basis, decision=None)
        made: Finding = _made(cls.__new__(cls), fields, _FINDING_GIVEN)
        return made

    def in_force(self) -> tuple[str, str | None] | None:
        """The (judgment, grade) that counts: the auditor's when decided, None when rejected."""
        d = self.decision
        if d is None or d.lapsed or d.action == "accept":
            return self.judgment, self.grade
        if d.action == "reject":
            return None
        return d.judgment or self.judgment, d.grade


_EVIDENCE_GIVEN = _given(*EvidenceRef.model_fields)
_FINDING_GIVEN = _given(*(name for name in Finding.model_fields if name != "decision"))


class Gap(Out):
    """Evidence a rule needs that was not supplied: a whole section, or a field of a matched item.

    A rule whose section is missing is not judged. A rule whose match rests on a field that the item does
    not state (neither a value nor an explicit ``null``/``[]``) proposes nothing: absence of a record of
    something is not proof that it does not exist.
    """

    id: str  # stable: the rule, what is missing and the facts involved (see stable_id)
    rule: str
    clause: str
    title: Text2
    missing_sections: list[str] = []
    missing_fields: list[str] = []
    evidence: list[EvidenceRef] = []
    remedy: Text2

    @classmethod
    def of_fields(
        cls,
        id: str,
        rule: str,
        clause: str,
        title: Text2,
        missing_fields: list[str],
        evidence: list[EvidenceRef],
        remedy: Text2,
    ) -> Gap:
        """A field gap as validation would make it of values the engine made, without validating them: the gaps
        naming the same unstated fields share ``missing_fields`` (thousands of names at 100k facts; validating
        copied the list for every gap). ``missing_sections`` is left at its default, not given."""
        fields: dict[str, Any] = {"id": id, "rule": rule, "clause": clause, "title": title, "missing_sections": []}
        fields.update(missing_fields=missing_fields, evidence=evidence, remedy=remedy)
        made: Gap = _made(cls.__new__(cls), fields, _FIELD_GAP_GIVEN)
        return made


_FIELD_GAP_GIVEN = _given(*(name for name in Gap.model_fields if name != "missing_sections"))


class ClauseResult(Out):
    key: str
    title: Text2
    untitled: bool = False  # a numbered paragraph the standard gives no title: ``title`` describes it
    depth: int
    judgment: ClauseJudgment
    grade: Literal["major", "minor"] | None = None
    own_judgment: ClauseJudgment
    findings: list[int] = []  # indexes into Assessment.findings
    gaps: list[int] = []  # indexes into Assessment.gaps
    rules: list[str] = []  # rules of this clause that were evaluated on supplied evidence
    exclusion: str | None = None  # the 4.3 justification when NA
    unassessed_children: list[str] = []
    #: In a stored audit with decisions: the judgment the rules suggested; ``judgment`` is then the decided one.
    suggested_judgment: ClauseJudgment | None = None
    suggested_grade: Literal["major", "minor"] | None = None
    #: Per dossier section, how many supplied items the evaluated ``rules`` read (kinds of a section count as
    #: its items). What the rules examined, not proof of adequacy. None: a result written before this existed.
    checked: dict[str, int] | None = None
    #: The clause's mechanical (N/O/NA) rules decided on supplied evidence: they proposed a proven finding, or
    #: could not have matched whatever was left unstated. A C needs one (here or below). None: before schema 2.
    decided: list[str] | None = None
    #: For a C: what it rests on ("decided by 5 rules over internal audits (2), people (14)").
    rests_on: Text2 | None = None
    #: Clauses below this one outside the audit's stated scope (``audit.audited_clauses``/``audited_departments``).
    unaudited_children: list[str] = []


class PackInfo(Out):
    id: str
    version: str
    digest: str
    title: Text2
    #: "built-in", or the folder the pack was read from: a pack that reuses a built-in id (``id: iso9001``)
    #: is shown as what it is in every report header.
    origin: str = "built-in"

    def ref(self, lang: Lang) -> str:
        """``iso9001 0.1.0``, with ``, folder PATH`` for a pack that is not built in."""
        from clausewise.i18n import t

        where = "" if self.origin == "built-in" else f"{t('comma', lang)}{t('pack_folder', lang)} {self.origin}"
        return f"{self.id} {self.version}{where}"


class PlanEntry(Out):
    """One department's part of the audit plan (one table of the 审核记录表)."""

    department: str
    escorts: list[str] = []
    auditors: list[str] = []
    date: str | None = None
    topics: list[str] = []
    clauses: list[str] = []


class DossierInfo(Out):
    organization: str | None
    audit_date: str | None
    audit_type: str | None
    as_of: str | None
    files: list[str]
    digest: str
    sections_supplied: list[str]
    facts: int
    plan: list[PlanEntry] = []
    #: The audit's stated scope (``audit.audited_clauses`` and the clauses of ``audited_departments``); clauses
    #: outside it are ``not_audited``. Empty: the audit covers every clause.
    audited_clauses: list[str] = []
    # The auditee as the audit record confirms it (确认受审方名称); older results lack these, hence the defaults.
    scope: str | None = None
    standard: str | None = None
    edition: str | None = None
    sites: list[str] = []
    registered_address: str | None = None
    office_address: str | None = None
    business_address: str | None = None
    top_management: list[str] = []
    management_representative: str | None = None


def stable_id(rule: str, *parts: str) -> str:
    """``rule#digest``: the same rule over the same facts gets the same id in every run, so runs compare."""
    return stable_id_after(rule, id_digest(*parts))


def id_digest(*parts: str) -> Any:
    """The digest of a stable id's first ``parts``: ids that share a long prefix (thousands of gaps naming the
    same thousands of fields) hash it once and go on with :func:`stable_id_after`."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8"))


def stable_id_after(rule: str, digest: Any, *more: str) -> str:
    """The :func:`stable_id` of ``rule`` over the parts ``digest`` was made of (at least one), then ``more``."""
    if more:
        digest = digest.copy()
        digest.update(("\x1f" + "\x1f".join(more)).encode("utf-8"))
    return f"{rule}#{digest.hexdigest()[:10]}"


class StaleDecision(Out):
    """A decision whose finding the latest assessment no longer makes: kept and shown, never dropped."""

    finding_id: str
    rule: str | None
    clause: str
    judgment: str | None  # the finding as it was when decided
    grade: str | None = None
    title: Text2
    message: Text2
    decision: Decision


class Correction(Out):
    """A record of correction in the dossier (a nonconformity or a previous audit finding) on a clause."""

    kind: str
    id: str
    clause: str
    summary: str
    where: str | None = None  # file:line:column in the dossier
    corrective_action: bool = False  # the record states a corrective action
    verified: bool = False  # the record states its effectiveness was verified


class VerificationItem(Out):
    """A decided N or O finding of the previous audit, judged again on this audit's evidence (上次审核不符合项验证).

    ``status``: closed (the rule no longer fires), open (it fires on the same facts), recurring (it fires on
    other facts of the same clause), manual (an auditor's own finding: no rule can judge it).
    """

    audit: int  # the previous audit's id
    audit_date: str
    finding_id: str
    rule: str | None
    clause: str
    judgment: str
    grade: str | None = None
    title: Text2
    status: Literal["closed", "open", "recurring", "manual"]
    now: list[str] = []  # ids of this assessment's findings that keep it open
    #: This assessment's judgment of 10.2 (nonconformity and corrective action): the evidence of correction.
    correction: ClauseJudgment | None = None
    #: This dossier's records of correction on the finding's clause (or one above or below it).
    corrections: list[Correction] = []


class StoreRef(Out):
    """Where a result lives in the audit store: its audit and assessment."""

    audit: int
    assessment: int
    organization: str
    audit_type: str
    audit_date: str
    previous_audit: int | None = None


class Summary(Out):
    counts: dict[str, int]
    findings: dict[str, int]


def summarize(clauses: list[ClauseResult], findings: list[Finding], gaps: list[Gap]) -> Summary:
    """Clauses by judgment, findings by kind and grade, and the number of gaps."""
    counts = dict.fromkeys(SEVERITY, 0)
    for c in clauses:
        counts[c.judgment] += 1
    finding_counts = {"N_major": 0, "N_minor": 0, "O": 0, "review": 0, "NA": 0, "gaps": len(gaps)}
    for f in findings:
        force = f.in_force()  # a stored audit's decisions count as decided; a rejected finding not at all
        if force is not None:
            judgment, grade = force
            finding_counts[f"N_{grade}" if judgment == "N" else judgment] += 1
    return Summary(counts=counts, findings=finding_counts)


class Selection(Out):
    """The result shows only some clauses (``assess --clause``): these and the clauses below them.

    ``shown`` of the pack's ``total`` clauses are in ``clauses``; the summary, findings and gaps are those of
    the clauses shown.
    """

    clauses: list[str]
    shown: int
    total: int


class Notice(Out):
    """Something about the input every report states before its judgments (e.g. the dossier has no audit)."""

    code: Literal["no_audit", "scope_unknown_clause"]
    text: Text2
    where: str | None = None  # file:line:column when it has a place


class Assessment(Out):
    schema_version: int = SCHEMA_VERSION
    tool: str
    pack: PackInfo
    params: dict[str, object]
    dossier: DossierInfo
    summary: Summary
    clauses: list[ClauseResult]
    findings: list[Finding]
    gaps: list[Gap]
    selection: Selection | None = None  # None: every clause of the pack is shown
    notices: list[Notice] = []
    #: Only in a result read from the audit store (see docs/store.md):
    store: StoreRef | None = None
    stale_decisions: list[StaleDecision] = []
    verification: list[VerificationItem] = []

    def findings_at(self, levels: set[str] | frozenset[str]) -> list[Finding]:
        """Findings in force at these judgments (decided ones as decided): not on a clause excluded under 4.3.

        ``--fail-on`` and every report agree on this: a justified exclusion makes the clause's findings moot.
        """
        excluded = {c.key for c in self.clauses if c.exclusion}
        out = []
        for f in self.findings:
            force = f.in_force()
            if force is not None and force[0] in levels and f.clause not in excluded:
                out.append(f)
        return out
