"""Revision 3: the correction evidence of each assessment, for verifying the previous audit's findings.

``assessment.corrections`` is a JSON list of the dossier's nonconformity and previous-audit-finding records
(clause, corrective action, verification), so a later audit's verification items can name the records of
correction without the dossier. Rows of earlier revisions get ``[]``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("corrections", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("corrections")
