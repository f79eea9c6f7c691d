"""Initial schema: the catalogue and the intake answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 00:14:11.729364
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("is_mission_city", sa.Boolean(), nullable=False),
        sa.Column("mission_source_url", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "country_code"),
    )
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cities_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_cities_name_key"), ["name_key"], unique=False)

    op.create_table(
        "cluster_projects",
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("thematic_areas", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "countries",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("group", sa.String(length=20), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "funding_calls",
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("programme", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("second_deadline", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
    )
    with op.batch_alter_table("funding_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_calls_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_calls_status"), ["status"], unique=False)

    op.create_table(
        "intake_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("is_mission_city", sa.Boolean(), nullable=True),
        sa.Column("readiness", sa.String(length=30), nullable=True),
        sa.Column("challenge_text", sa.Text(), nullable=True),
        sa.Column("pathways", sa.JSON(), nullable=False),
        sa.Column("support_wanted", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )
    op.create_table(
        "pathways",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("challenge_category", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "providers",
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "cluster_project_cities",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["cluster_projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "city_id"),
    )
    with op.batch_alter_table("cluster_project_cities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_project_cities_city_id"), ["city_id"], unique=False
        )

    op.create_table(
        "cluster_project_pathways",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("pathway_key", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["pathway_key"],
            ["pathways.key"],
        ),
        sa.ForeignKeyConstraint(["project_id"], ["cluster_projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "pathway_key"),
    )
    with op.batch_alter_table("cluster_project_pathways", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_project_pathways_pathway_key"), ["pathway_key"], unique=False
        )

    op.create_table(
        "funding_call_pathways",
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("pathway_key", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["funding_calls.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["pathway_key"],
            ["pathways.key"],
        ),
        sa.PrimaryKeyConstraint("call_id", "pathway_key"),
    )
    with op.batch_alter_table("funding_call_pathways", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_call_pathways_pathway_key"), ["pathway_key"], unique=False
        )

    op.create_table(
        "services",
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("last_checked", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("support", sa.JSON(), nullable=False),
        sa.Column("min_population", sa.Integer(), nullable=True),
        sa.Column("max_population", sa.Integer(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("format", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_services_closes_on"), ["closes_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_services_provider_id"), ["provider_id"], unique=False)

    op.create_table(
        "service_pathways",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("pathway_key", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["pathway_key"],
            ["pathways.key"],
        ),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("service_id", "pathway_key"),
    )
    with op.batch_alter_table("service_pathways", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_pathways_pathway_key"), ["pathway_key"], unique=False
        )



def downgrade() -> None:
    with op.batch_alter_table("service_pathways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_pathways_pathway_key"))

    op.drop_table("service_pathways")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_services_provider_id"))
        batch_op.drop_index(batch_op.f("ix_services_closes_on"))

    op.drop_table("services")
    with op.batch_alter_table("funding_call_pathways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_call_pathways_pathway_key"))

    op.drop_table("funding_call_pathways")
    with op.batch_alter_table("cluster_project_pathways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_project_pathways_pathway_key"))

    op.drop_table("cluster_project_pathways")
    with op.batch_alter_table("cluster_project_cities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_project_cities_city_id"))

    op.drop_table("cluster_project_cities")
    op.drop_table("providers")
    op.drop_table("pathways")
    op.drop_table("intake_answers")
    with op.batch_alter_table("funding_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_calls_status"))
        batch_op.drop_index(batch_op.f("ix_funding_calls_deadline"))

    op.drop_table("funding_calls")
    op.drop_table("countries")
    op.drop_table("cluster_projects")
    with op.batch_alter_table("cities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cities_name_key"))
        batch_op.drop_index(batch_op.f("ix_cities_country_code"))

    op.drop_table("cities")
