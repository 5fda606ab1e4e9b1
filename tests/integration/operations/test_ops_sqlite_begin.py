"""SQLite transactions begin as SQLAlchemy says: deferred by default, IMMEDIATE (holding
the write lock from the start) on request, not at all in AUTOCOMMIT."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from surgeops.db.engine import SQLITE_BEGIN, Database


@pytest.fixture
def sqlite(tmp_path: Path):  # noqa: ANN201
    db = Database.connect(f"sqlite:///{tmp_path / 'begin.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    yield db
    db.dispose()


def test_begin_statements(sqlite: Database) -> None:
    sent: list[str] = []
    event.listen(sqlite.engine, "before_cursor_execute", lambda c, cur, statement, *a: sent.append(statement))
    with sqlite.session() as session:
        session.execute(text("SELECT 1"))
        session.commit()
    with sqlite.session() as session:
        session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        session.commit()
    with sqlite.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SELECT 2"))
    assert sent == ["BEGIN DEFERRED", "SELECT 1", "BEGIN IMMEDIATE", "SELECT 2"]


def test_an_immediate_transaction_keeps_other_writers_out_until_it_ends(sqlite: Database) -> None:
    with sqlite.session() as holder:
        holder.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        with sqlite.engine.connect() as other:
            other.exec_driver_sql("PRAGMA busy_timeout=50")
            with pytest.raises(OperationalError, match="database is locked"):
                other.execute(text("INSERT INTO t VALUES (1)"))
            other.rollback()
            holder.commit()
            other.execute(text("INSERT INTO t VALUES (2)"))
            other.commit()
            assert other.execute(text("SELECT x FROM t")).scalars().all() == [2]
