"""A session from Database.session() keeps one autocommit connection for the statements
of a request that run outside its transaction, and gives it back when it closes; other
sessions get a connection of their own each time."""

from __future__ import annotations

from sqlalchemy import func, insert, select, text

from surgeops.db.engine import Database, autocommit_connection
from surgeops.db.tables import AuditEntry, utcnow


def test_a_session_keeps_one_autocommit_connection_until_it_closes(db: Database) -> None:
    with db.session() as session:
        with autocommit_connection(session) as first:
            first.execute(text("SELECT 1"))
        with autocommit_connection(session) as second:
            assert second is first and not second.closed  # leaving the block did not close it
        assert not session.in_transaction()
    assert first.closed


def test_a_bare_session_gets_a_connection_each_time(db: Database) -> None:
    with db.sessions() as session:
        with autocommit_connection(session) as first:
            first.execute(text("SELECT 1"))
        assert first.closed
        with autocommit_connection(session) as second:
            assert second is not first


def test_the_connection_commits_each_statement_by_itself(db: Database) -> None:
    with db.session() as session:
        with autocommit_connection(session) as conn:
            conn.execute(insert(AuditEntry.__table__).values(at=utcnow(), action="probe", entity="probe", entity_id="1"))
            with db.session() as other:  # another connection sees it at once: no transaction holds it back
                assert other.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "probe")) == 1
