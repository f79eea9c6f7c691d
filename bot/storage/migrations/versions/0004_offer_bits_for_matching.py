"""Bit sets of offers' pathways, countries and support, so matching ranks in the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 05:10:00
"""

import sqlalchemy as sa
from alembic import op

from bot.domain.bits import COUNTRY_ORDER, PATHWAY_ORDER, SUPPORT_ORDER, bits

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OFFERS = (("services", "service_pathways", "service_id"),
          ("funding_calls", "funding_call_pathways", "call_id"))


def _columns(table: str) -> list[sa.Column]:
    columns = [sa.Column("pathway_mask", sa.Integer(), nullable=False, server_default="0"),
               sa.Column("country_mask", sa.BigInteger(), nullable=False, server_default="0"),
               sa.Column("country_count", sa.Integer(), nullable=False, server_default="0")]
    if table == "services":
        columns.append(sa.Column("support_mask", sa.Integer(), nullable=False,
                                 server_default="0"))
    return columns


def _backfill(table: str, links: str, key: str) -> None:
    connection = op.get_bind()
    meta = sa.MetaData()
    offers = sa.Table(table, meta, autoload_with=connection)
    link = sa.Table(links, meta, autoload_with=connection)
    pathways: dict[int, list[str]] = {}
    for offer_id, pathway in connection.execute(sa.select(link.c[key], link.c.pathway_key)):
        pathways.setdefault(offer_id, []).append(pathway)
    has_support = "support" in offers.c
    selected = [offers.c.id, offers.c.countries] + ([offers.c.support] if has_support else [])
    for row in connection.execute(sa.select(*selected)).all():
        values = {"pathway_mask": bits(pathways.get(row.id, []), PATHWAY_ORDER),
                  "country_mask": bits(row.countries or [], COUNTRY_ORDER),
                  "country_count": len(row.countries or [])}
        if has_support:
            values["support_mask"] = bits(row.support or [], SUPPORT_ORDER)
        connection.execute(offers.update().where(offers.c.id == row.id).values(**values))


def upgrade() -> None:
    for table, links, key in OFFERS:
        with op.batch_alter_table(table) as batch:
            for column in _columns(table):
                batch.add_column(column)
        _backfill(table, links, key)
    op.create_index("ix_funding_calls_pathway_mask_deadline", "funding_calls",
                    ["pathway_mask", "deadline"])
    op.create_index("ix_funding_calls_country_count", "funding_calls", ["country_count"])


def downgrade() -> None:
    op.drop_index("ix_funding_calls_country_count", table_name="funding_calls")
    op.drop_index("ix_funding_calls_pathway_mask_deadline", table_name="funding_calls")
    for table, _, _ in OFFERS:
        with op.batch_alter_table(table) as batch:
            for column in reversed(_columns(table)):
                batch.drop_column(column.name)
