from datetime import date

from sqlalchemy import inspect, text

from bot.domain.bits import COUNTRY_ORDER, PATHWAY_ORDER, SUPPORT_ORDER, bits
from bot.storage.migrate import current_revision, upgrade
from bot.storage.session import get_engine

HEAD = "0008"


def _columns(url: str, table: str) -> set[str]:
    return {column["name"] for column in inspect(get_engine(url)).get_columns(table)}


def test_upgrade_from_empty_creates_the_current_schema(empty_database_url):
    assert upgrade(empty_database_url) == HEAD
    assert {"languages", "group_format"} <= _columns(empty_database_url, "services")
    assert {"origin", "keywords", "synced_at"} <= _columns(empty_database_url, "funding_calls")
    assert upgrade(empty_database_url) == HEAD, "a second upgrade changes nothing"
    assert "language" in _columns(empty_database_url, "escalations")


def test_upgrade_from_the_first_revision_keeps_the_data(empty_database_url):
    assert upgrade(empty_database_url, "0001") == "0001"
    engine = get_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO providers (id, key, name, url, source_url, last_checked) VALUES "
            "(1, 'p', 'Provider', 'https://p.example', 'https://p.example', :day)"),
            {"day": date(2026, 1, 1)})
        connection.execute(text(
            "INSERT INTO services (id, key, name, provider_id, kind, support, audience, "
            "countries, summary, url, source_url, last_checked) VALUES (1, 's', 'Service', 1, "
            "'tool', '[\"networking\"]', 'all', '[\"PT\", \"ES\"]', '', 'https://s.example', "
            "'https://s.example', :day)"), {"day": date(2026, 1, 1)})
        connection.execute(text("INSERT INTO pathways (key, title, challenge_category) VALUES "
                                "('finance', 'Finance', 'Money'), ('monitoring', 'M', 'Data')"))
        connection.execute(text("INSERT INTO service_pathways VALUES (1, 'finance'), "
                                "(1, 'monitoring')"))
        connection.execute(text(
            "INSERT INTO funding_calls (id, identifier, title, programme, status, audience, "
            "countries, summary, url, source_url, last_checked) VALUES (1, 'C-1', 'Call', "
            "'LIFE', 'open', 'all', '[]', '', 'https://c.example', 'https://c.example', :day)"),
            {"day": date(2026, 1, 1)})
    assert upgrade(empty_database_url) == HEAD
    with engine.connect() as connection:
        service = connection.execute(text(
            "SELECT name, group_format, languages FROM services")).one()
        call = connection.execute(text("SELECT identifier, origin, keywords FROM funding_calls"))
        assert tuple(service[:2]) == ("Service", None)
        assert service[2] in ([], "[]")
        assert tuple(call.one()[:2]) == ("C-1", "catalogue")
        # 0004 derives the bit sets matching ranks on from the existing lists.
        bits_row = connection.execute(text(
            "SELECT pathway_mask, country_mask, country_count, support_mask FROM services")).one()
        assert tuple(bits_row) == (
            bits(["finance", "monitoring"], PATHWAY_ORDER), bits(["PT", "ES"], COUNTRY_ORDER), 2,
            bits(["networking"], SUPPORT_ORDER))


def test_a_database_made_before_migrations_is_adopted(empty_database_url):
    upgrade(empty_database_url, "0001")
    with get_engine(empty_database_url).begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    assert current_revision(empty_database_url) is None
    assert upgrade(empty_database_url) == HEAD


def test_answers_stored_before_0006_get_their_pathway_and_support_rows(empty_database_url):
    upgrade(empty_database_url, "0005")
    with get_engine(empty_database_url).begin() as connection:
        connection.execute(text(
            "INSERT INTO intake_answers (id, conversation_id, city, country_code, geonameid, "
            "pathways, support_wanted, skipped, created_at, updated_at) VALUES (1, 'old', "
            "'Valongo', 'PT', NULL, :pathways, :support, '[]', :now, :now)"),
            {"pathways": '[{"pathway": "monitoring", "confidence": 0.4}, '
                         '{"pathway": "finance", "confidence": 0.8}]',
             "support": '["funding", "networking"]', "now": date(2026, 11, 2)})
    assert upgrade(empty_database_url) == HEAD
    with get_engine(empty_database_url).connect() as connection:
        pathways = connection.execute(text(
            "SELECT pathway_key, confidence, is_primary FROM intake_pathways "
            "ORDER BY pathway_key")).all()
        support = connection.execute(text(
            "SELECT support_key FROM intake_support ORDER BY support_key")).scalars().all()
        row = connection.execute(text(
            "SELECT city_key, excluded FROM intake_answers")).one()
    assert [(key, confidence, bool(primary)) for key, confidence, primary in pathways] == [
        ("finance", 0.8, True), ("monitoring", 0.4, False)]
    assert support == ["funding", "networking"]
    assert (row[0], bool(row[1])) == ("nPT:valongo", False)
