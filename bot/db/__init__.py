"""The service database: models and sessions (SQLite by default, PostgreSQL via DATABASE_URL)."""
