"""Chat history: Chainlit's SQLAlchemy data layer over SQLite in CDM_HOME (or PostgreSQL via
CDM_DATABASE_URL), elements in a local folder, conversation state for resumed threads, retention
and erasure. See README.md in this folder."""
