"""The audit trail is append-only in the database itself: an UPDATE or DELETE of one of
its rows fails, from any client, and the row stays as it was; adding rows goes on."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from surgeops.db.migrate import alembic_config, upgrade
from surgeops.services import audit
from surgeops.services.audit import Actor


def _rows(db) -> list[tuple]:  # noqa: ANN001
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, actor, action, entity, entity_id FROM audit_log ORDER BY id"))]


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                                       "UPDATE audit_log SET after = NULL WHERE entity = 'region'"])
def test_audit_rows_cannot_be_changed_or_deleted(db, session, statement: str) -> None:  # noqa: ANN001
    audit.record(session, actor=Actor("aigerim", "10.0.0.7"), action="update", entity="region", entity_id="KZ-47",
                 before={"population": 1}, after={"population": 2})
    session.commit()
    before = _rows(db)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(statement))
    assert _rows(db) == before
    audit.record(session, actor=Actor("aigerim"), action="create", entity="region", entity_id="KZ-48", before=None, after={})
    session.commit()
    assert len(_rows(db)) == 2


def test_the_guard_is_a_migration_that_can_be_undone(db) -> None:  # noqa: ANN001
    """The suite's databases are at head: step back to 0004 (no guard) and up again."""
    cfg = alembic_config(db.engine.url.render_as_string(hide_password=False))
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0004")
    try:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (CURRENT_TIMESTAMP, 'a', 'x', 'y', 'z')"))
            conn.execute(text("DELETE FROM audit_log"))  # no guard at 0004
    finally:
        upgrade(db)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (CURRENT_TIMESTAMP, 'a', 'x', 'y', 'z')"))
            conn.execute(text("DELETE FROM audit_log"))
