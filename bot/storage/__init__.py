"""The service database: SQLAlchemy models, sessions, migrations, the catalogue and queries."""
