"""The conversation's language on each escalation, for the Helpdesk person who answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False,
                                   server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch:
        batch.drop_column("language")
