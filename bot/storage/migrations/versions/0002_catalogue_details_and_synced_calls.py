"""Catalogue details (group format, languages) and funding calls synced from the portal.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    with op.batch_alter_table("funding_calls") as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=False,
                                      server_default="catalogue"))
        batch_op.add_column(sa.Column("keywords", sa.JSON(), nullable=False,
                                      server_default=EMPTY_LIST))
        batch_op.add_column(sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("services") as batch_op:
        batch_op.add_column(sa.Column("group_format", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("languages", sa.JSON(), nullable=False,
                                      server_default=EMPTY_LIST))


def downgrade() -> None:
    with op.batch_alter_table("services") as batch_op:
        batch_op.drop_column("languages")
        batch_op.drop_column("group_format")
    with op.batch_alter_table("funding_calls") as batch_op:
        batch_op.drop_column("synced_at")
        batch_op.drop_column("keywords")
        batch_op.drop_column("origin")
