"""Revision 2: digests of the evidence each finding cites, so a rejection lapses when that evidence changes.

``assessment.evidence_digests`` maps finding id -> digest of the cited facts' content; ``decision.
evidence_digest`` is the digest when the auditor decided. Rows of revision 1 get ``{}`` and NULL: their
rejections hold until the finding's evidence is seen again with a digest (docs/store.md).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("evidence_digests", sa.Text(), nullable=False, server_default="{}"))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("evidence_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("evidence_digest")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("evidence_digests")
