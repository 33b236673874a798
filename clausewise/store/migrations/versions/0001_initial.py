"""Revision 1: organizations, audits (linked to the previous audit), assessments, decisions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(400), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organization_id", sa.Integer(), sa.ForeignKey("organization.id"), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("standard", sa.String(200), nullable=False),
        sa.Column("pack", sa.String(400), nullable=False),
        sa.Column("pack_version", sa.String(80), nullable=True),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("previous_audit_id", sa.Integer(), sa.ForeignKey("audit.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_organization_id", "audit", ["organization_id"])
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("audit.id"), nullable=False),
        sa.Column("dossier_digest", sa.String(64), nullable=False),
        sa.Column("evaluator", sa.String(40), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_assessment_audit_id", "assessment", ["audit_id"])
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("audit.id"), nullable=False),
        sa.Column("finding_id", sa.String(400), nullable=True),
        sa.Column("rule", sa.String(400), nullable=True),
        sa.Column("clause", sa.String(40), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("judgment", sa.String(20), nullable=True),
        sa.Column("grade", sa.String(20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finding_text", sa.Text(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), sa.ForeignKey("decision.id"), nullable=True),
    )
    op.create_index("ix_decision_audit_id", "decision", ["audit_id"])
    op.create_index("ix_decision_audit_finding", "decision", ["audit_id", "finding_id"])


def downgrade() -> None:
    op.drop_table("decision")
    op.drop_table("assessment")
    op.drop_table("audit")
    op.drop_table("organization")
