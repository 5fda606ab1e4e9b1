"""The audit log, written on every change, keeps two indexes: a record's history and a
search by id alone are found through one of them, not by reading the whole log."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from builders import TESTER
from surgeops.services import audit


def test_the_audit_log_has_one_index_on_the_record_and_one_on_the_time(session: Session) -> None:
    indexes = {tuple(ix["column_names"]) for ix in inspect(session.get_bind()).get_indexes("audit_log")}
    assert indexes == {("entity_id", "entity"), ("at",)}


@pytest.mark.parametrize("where", ["entity = 'bed_snapshot' AND entity_id = '7'", "entity_id = '7'"])
def test_a_records_history_is_found_through_the_index(session: Session, where: str) -> None:
    for n in range(50):
        audit.record(session, actor=TESTER, action="create", entity="bed_snapshot", entity_id=n, before=None, after={"n": n})
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET enable_seqscan = off"))  # a 50-row table is cheaper to read whole; ask what else there is
        plan = " ".join(session.execute(text(f"EXPLAIN SELECT id FROM audit_log WHERE {where}")).scalars())
    else:
        plan = " ".join(str(row[-1]) for row in session.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE {where}")))
    assert "ix_audit_log_record" in plan, plan
    assert [e["entity_id"] for e in audit.entries(session, entity="bed_snapshot", entity_id="7")[0]] == ["7"]
