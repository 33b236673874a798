"""What a rule may propose, given the authority it rests on (its ``basis``), and how a finding cites it.

Only the standard's own "shall" and the organization's own stated plan or procedure prove a nonconformity.
A rule resting on certification rules (ISO/IEC 17021-1, IAF MD, CNCA) proposes N only in an audit by a
certification body *and* when the pack parameter :data:`CERTIFICATION_PARAM` is true; otherwise its N is
proposed as an observation, because those rules bind the certification body and its client, not the QMS.
A rule on auditor practice never proposes N: the loader refuses one that declares it (a clear error at the
author's desk beats a silent downgrade), and :func:`proposed` downgrades it anyway for packs built in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clausewise.engine.results import FindingBasis, Text2
from clausewise.rules.model import Basis, BasisKind, Judgment, Rule

#: Pack parameter: may certification-rule findings be N in a certification-body audit?
CERTIFICATION_PARAM = "certification_rules_as_n"

#: Audit types performed by a certification body (everything but the organization's own internal audit).
CERTIFICATION_AUDITS = frozenset({"stage1", "stage2", "surveillance", "recertification", "special"})


def proposed(rule: Rule, audit_type: str | None, params: Mapping[str, Any]) -> tuple[str, str | None]:
    """The (judgment, grade) a match of ``rule`` proposes in this audit."""
    if rule.judgment is not Judgment.N:
        return rule.judgment.value, rule.grade
    kind = rule.basis.kind
    if kind is BasisKind.practice:
        return Judgment.O.value, None
    if kind is BasisKind.certification and not (audit_type in CERTIFICATION_AUDITS and params.get(CERTIFICATION_PARAM)):
        return Judgment.O.value, None
    return rule.judgment.value, rule.grade


_KIND_PREFIX = {
    BasisKind.organization: ("the organization's own ", "组织自身的"),
    BasisKind.certification: ("certification rule: ", "认证规则："),
    BasisKind.practice: ("audit practice: ", "审核惯例："),
}


def cite(basis: Basis, standard: str) -> Text2:
    """How a finding cites its basis: ``ISO 9001 9.2.1 a)``, ``the organization's own maintenance plan (7.1.3)``.

    A basis other than the standard names what it is in ``text`` when its ``ref`` is not a bare reference to a
    published rule, so the Chinese citation reads in Chinese.
    """
    if basis.kind is BasisKind.standard:
        return Text2(en=f"{standard} {basis.ref}", zh=f"{standard} {basis.ref}")
    en, zh = _KIND_PREFIX[basis.kind]
    if basis.text is None:  # a bare reference such as "ISO/IEC 17021-1:2015 9.6.2"
        return Text2(en=f"{en}{basis.ref}", zh=f"{zh}{basis.ref}")
    return Text2(en=f"{en}{basis.text.en} ({basis.ref})", zh=f"{zh}{basis.text.zh}（{basis.ref}）")


def finding_basis(rule: Rule, standard: str, judgment: str) -> FindingBasis:
    """The basis a finding carries; ``declared`` names the rule's own judgment when this audit lowered it."""
    b = rule.basis
    return FindingBasis(
        kind=b.kind.value,
        ref=b.ref,
        cite=cite(b, standard),
        text=Text2(en=b.text.en, zh=b.text.zh) if b.text else None,
        declared=rule.judgment.value if judgment != rule.judgment.value else None,
    )
