"""A fresh, empty PostgreSQL database for a benchmark run (dropped first if it exists)."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_postgres(url: str) -> str:
    """Drop and create the database named in `url` (through the `postgres` database);
    return `url`. Refuses, naming the database, while anything is connected to it: another
    benchmark run may be using it, and dropping it would lose that run's writes."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        users = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                             {"name": parsed.database}).scalar_one()
        if users:
            admin.dispose()
            raise SystemExit(f"database {parsed.database!r} has {users} connection(s) open: another benchmark run "
                             "may be using it. Stop it (or its server), or choose another --database-url.")
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return url
