"""The store's tables (SQLAlchemy 2 declarative models). Alembic migrations in ``migrations/`` build them.

Every change here needs a new migration revision; ``tests/test_store_migrations.py`` checks that the
migrated schema equals these models.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Audit(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    standard: Mapped[str] = mapped_column(String(200))
    pack: Mapped[str] = mapped_column(String(400))
    pack_version: Mapped[str | None] = mapped_column(String(80))
    params: Mapped[str] = mapped_column(Text)  # JSON object
    previous_audit_id: Mapped[int | None] = mapped_column(ForeignKey("audit.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AssessmentRow(Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    dossier_digest: Mapped[str] = mapped_column(String(64))
    evaluator: Mapped[str] = mapped_column(String(40))
    result: Mapped[str] = mapped_column(Text)  # the JSON result exactly as 'assess -f json' writes it
    #: JSON object: finding id -> digest of the content of the facts it cites (revision 2)
    evidence_digests: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    #: JSON list: the dossier's records of correction (nonconformities, previous audit findings) (revision 3)
    corrections: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DecisionRow(Base):
    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_audit_finding", "audit_id", "finding_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit.id"), index=True)
    finding_id: Mapped[str | None] = mapped_column(String(400))  # None for the auditor's own finding
    rule: Mapped[str | None] = mapped_column(String(400))
    clause: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))  # accept | reject | regrade | add
    judgment: Mapped[str | None] = mapped_column(String(20))  # N | O (regrade, add)
    grade: Mapped[str | None] = mapped_column(String(20))  # major | minor (with N)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: JSON: the finding's judgment, grade, title and message when decided (shown when it goes stale)
    finding_text: Mapped[str] = mapped_column(Text)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    #: digest of the content of the facts the finding cited when decided (revision 2)
    evidence_digest: Mapped[str | None] = mapped_column(String(64))
