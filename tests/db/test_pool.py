"""Pooled PostgreSQL connections: one that died while idle in the pool is replaced
before a request uses it (without a ping on every checkout)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from surgeops.db import engine as engine_module
from surgeops.db.engine import Database


def _kill_pooled_backend(db: Database) -> int:
    """Check a connection out and in again, then end its server process from outside."""
    with db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    admin.dispose()
    return pid


@pytest.fixture
def pg(db: Database) -> Database:
    if db.dialect != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    fresh = Database.connect(db.engine.url.render_as_string(hide_password=False))
    yield fresh
    fresh.dispose()


def test_an_idle_connection_that_died_is_replaced_before_use(pg: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
    dead = _kill_pooled_backend(pg)
    with pg.engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != dead


def test_a_recently_used_connection_is_not_pinged(pg: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side of the bargain: within IDLE_PING_SECONDS the pool trusts the
    connection, so a death that recent reaches the caller (once: the pool is then dropped)."""
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
    _kill_pooled_backend(pg)
    with pytest.raises(OperationalError):
        with pg.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    with pg.engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
