"""How far each conversation got in the orientation, for where people leave it, and the offers
each conversation was shown.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orientation_progress",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, unique=True),
        sa.Column("question", sa.String(40)),
        sa.Column("language", sa.String(8)),
        sa.Column("excluded", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_orientation_progress_started_at", "orientation_progress",
                    ["started_at"])
    op.create_table(
        "recommendations_shown",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("conversation_id", "kind", "key",
                            name="uq_recommendations_shown_once"),
    )
    op.create_index("ix_recommendations_shown_shown_at", "recommendations_shown", ["shown_at"])


def downgrade() -> None:
    op.drop_table("recommendations_shown")
    op.drop_table("orientation_progress")
