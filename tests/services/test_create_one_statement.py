"""On PostgreSQL a bed figure entered on its own is written with its audit row in one
statement (one round trip, atomic by itself); the audit row is stored exactly as the
usual path stores it, and a refused figure leaves neither row behind."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from builders import TESTER, make_facility, make_region, statements_sent
from surgeops.db.tables import AuditEntry, BedSnapshot
from surgeops.domain.accounts import Principal, Role
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.errors import Conflict, InvalidField
from surgeops.services import capacity, crud
from surgeops.services.access import Forbidden
from surgeops.services.audit import Actor


def _beds(day: int, facility: str = "aktau") -> BedSnapshotCreate:
    return BedSnapshotCreate(facility=facility, bed_type="infectious", as_of=dt.date(2020, 7, day), capacity=10, occupied=5)


@pytest.fixture
def aktau(session: Session) -> Session:
    make_region(session)
    make_region(session, code="KZ-47", level="region")
    make_facility(session, key="aktau", region="KZ-47")
    return session


def _stored_text(session: Session, entity_id: object) -> tuple[str, str]:
    row = session.execute(select(cast(AuditEntry.before, String), cast(AuditEntry.after, String))
                          .where(AuditEntry.entity == "bed_snapshot", AuditEntry.entity_id == str(entity_id))).one()
    return row[0], row[1]


def test_one_round_trip_on_postgresql_and_the_same_audit_row_as_the_usual_path(aktau: Session) -> None:
    with statements_sent(aktau) as seen:
        quick = crud.create(aktau, capacity.RESOURCE, _beds(6), actor=TESTER)
    if aktau.get_bind().dialect.name == "postgresql":
        assert seen == ["WITH"]
        assert not aktau.in_transaction()  # the statement ran on its own, committed by itself
    usual = crud.create(aktau, capacity.RESOURCE, _beds(7), actor=TESTER, commit=False)  # inside a caller's transaction
    aktau.commit()
    assert list(quick) == list(usual)  # the same fields in the same order
    stored = aktau.get(BedSnapshot, quick["id"])
    assert (stored.facility, stored.as_of, stored.capacity, stored.version) == ("aktau", dt.date(2020, 7, 6), 10, 1)
    assert quick["created_at"] == stored.created_at
    quick_before, quick_after = _stored_text(aktau, quick["id"])
    usual_before, usual_after = _stored_text(aktau, usual["id"])
    assert quick_before == usual_before
    assert quick_after == json.dumps(crud.jsonable(quick))
    assert usual_after == json.dumps(crud.jsonable(usual))
    entry = aktau.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(quick["id"]))).one()
    assert (entry.actor, entry.action, entry.before, entry.after["id"]) == ("tester", "create", None, quick["id"])


def test_a_refused_figure_leaves_neither_row(aktau: Session) -> None:
    crud.create(aktau, capacity.RESOURCE, _beds(6), actor=TESTER)
    counts = (aktau.scalar(select(func.count()).select_from(BedSnapshot)), aktau.scalar(select(func.count()).select_from(AuditEntry)))
    aktau.rollback()
    with pytest.raises(Conflict):
        crud.create(aktau, capacity.RESOURCE, _beds(6), actor=TESTER)  # the same facility, type and day again
    aktau.rollback()
    with pytest.raises(InvalidField) as unknown:
        crud.create(aktau, capacity.RESOURCE, _beds(8, facility="nowhere"), actor=TESTER)
    assert unknown.value.field == "facility"
    aktau.rollback()
    assert (aktau.scalar(select(func.count()).select_from(BedSnapshot)), aktau.scalar(select(func.count()).select_from(AuditEntry))) == counts


def test_a_facility_reporters_figure_takes_the_same_one_statement(aktau: Session) -> None:
    """Most bed figures come from facility reporters; their rule reads the facility from
    the values, so their figure needs no lookup before the INSERT either. A regional
    officer's rule looks up the facility's region: the reference is checked first."""
    make_facility(aktau, key="other", region="KZ-47")
    reporter = Actor("nurse", principal=Principal("nurse", Role.facility_reporter, facilities=frozenset({"aktau"})))
    with statements_sent(aktau) as seen:
        crud.create(aktau, capacity.RESOURCE, _beds(6), actor=reporter)
    if aktau.get_bind().dialect.name == "postgresql":
        assert seen == ["WITH"]
    aktau.rollback()
    with pytest.raises(Forbidden):
        crud.create(aktau, capacity.RESOURCE, _beds(6, facility="other"), actor=reporter)
    aktau.rollback()
    officer = Actor("aigerim", principal=Principal("aigerim", Role.regional_officer, regions=frozenset({"KZ-47"})))
    with statements_sent(aktau) as seen:
        crud.create(aktau, capacity.RESOURCE, _beds(7), actor=officer)
    assert "SELECT" in seen and "WITH" not in seen  # the reference and the region looked up first
    aktau.rollback()
    assert aktau.scalar(select(func.count()).select_from(BedSnapshot).where(BedSnapshot.facility == "other")) == 0
