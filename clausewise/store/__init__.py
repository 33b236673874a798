"""The audit store: audits, their assessments and the auditor's decisions, in SQLite or PostgreSQL.

SQLAlchemy and Alembic are imported only by the store commands, so the rest of the command line starts
fast. ``docs/store.md`` describes the model, the commands, the default location and PostgreSQL setup.
"""
