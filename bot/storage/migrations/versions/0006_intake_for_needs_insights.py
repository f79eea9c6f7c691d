"""What the needs insights count: the intake's language, size, city, how its pathways were
settled, a flag for test conversations, and one row per pathway and per support kind.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 15:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

from bot.domain.insights import city_key, pathway_rows

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intake_answers") as batch:
        batch.add_column(sa.Column("language", sa.String(8)))
        batch.add_column(sa.Column("population", sa.Integer))
        batch.add_column(sa.Column("city_key", sa.String(220)))
        batch.add_column(sa.Column("pathways_outcome", sa.String(20)))
        batch.add_column(sa.Column("excluded", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.create_index("ix_intake_answers_city_key", ["city_key"])
        batch.create_index("ix_intake_answers_updated_at", ["updated_at"])
    op.create_table(
        "intake_pathways",
        sa.Column("intake_id", sa.Integer,
                  sa.ForeignKey("intake_answers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("pathway_key", sa.String(20), primary_key=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("is_primary", sa.Boolean, nullable=False),
    )
    op.create_index("ix_intake_pathways_pathway_key", "intake_pathways", ["pathway_key"])
    op.create_table(
        "intake_support",
        sa.Column("intake_id", sa.Integer,
                  sa.ForeignKey("intake_answers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("support_key", sa.String(40), primary_key=True),
    )
    op.create_index("ix_intake_support_support_key", "intake_support", ["support_key"])
    _fill_from_the_lists()


def _as_list(value) -> list:
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _fill_from_the_lists() -> None:
    """Answers stored before this revision get their rows and city key from their lists."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, geonameid, city, country_code, pathways, support_wanted "
        "FROM intake_answers")).all()
    for row in rows:
        connection.execute(sa.text("UPDATE intake_answers SET city_key = :key WHERE id = :id"),
                           {"key": city_key(row.geonameid, row.city, row.country_code),
                            "id": row.id})
        for key, confidence, primary in pathway_rows(_as_list(row.pathways)):
            connection.execute(sa.text(
                "INSERT INTO intake_pathways (intake_id, pathway_key, confidence, is_primary) "
                "VALUES (:id, :key, :confidence, :primary)"),
                {"id": row.id, "key": key, "confidence": confidence, "primary": primary})
        for key in dict.fromkeys(_as_list(row.support_wanted)):
            connection.execute(sa.text(
                "INSERT INTO intake_support (intake_id, support_key) VALUES (:id, :key)"),
                {"id": row.id, "key": key})


def downgrade() -> None:
    op.drop_table("intake_support")
    op.drop_table("intake_pathways")
    with op.batch_alter_table("intake_answers") as batch:
        batch.drop_index("ix_intake_answers_updated_at")
        batch.drop_index("ix_intake_answers_city_key")
        for name in ("excluded", "pathways_outcome", "city_key", "population", "language"):
            batch.drop_column(name)
