"""A create sees the records its caller added to the same session through the ORM and has
not flushed yet (the reference check and the INSERT both run after them), and an unknown
reference is refused naming the field, with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from builders import TESTER, make_region, statements_sent
from surgeops.db.tables import AuditEntry, BedSnapshot, Facility
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.errors import InvalidField
from surgeops.services import capacity, crud


def _beds(facility: str) -> BedSnapshotCreate:
    return BedSnapshotCreate(facility=facility, bed_type="infectious", as_of=dt.date(2020, 7, 6), capacity=10, occupied=5)


def test_a_reference_added_but_not_flushed_is_found(session: Session) -> None:
    make_region(session)
    make_region(session, code="KZ-47", level="region")
    session.add(Facility(key="pending", names={"en": "Pending"}, kind="general_hospital", region="KZ-47", services=[]))
    created = crud.create(session, capacity.RESOURCE, _beds("pending"), actor=TESTER, commit=False)
    session.commit()
    assert session.get(BedSnapshot, created["id"]).facility == "pending"


def test_an_unknown_reference_names_the_field_and_writes_nothing(session: Session) -> None:
    make_region(session)
    audit_rows = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(InvalidField) as refused:
        crud.create(session, capacity.RESOURCE, _beds("nowhere"), actor=TESTER)
    assert refused.value.field == "facility" and "nowhere" in refused.value.message
    session.rollback()
    assert session.scalar(select(func.count()).select_from(BedSnapshot)) == 0
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows


def test_a_reference_the_database_enforces_costs_no_lookup_before_the_insert(session: Session) -> None:
    make_region(session)
    make_region(session, code="KZ-47", level="region")
    session.add(Facility(key="aktau", names={"en": "Aktau"}, kind="general_hospital", region="KZ-47", services=[]))
    session.commit()
    with statements_sent(session) as statements:
        crud.create(session, capacity.RESOURCE, _beds("aktau"), actor=TESTER)
    expected = ["WITH"] if session.get_bind().dialect.name == "postgresql" else ["INSERT", "INSERT"]
    assert [s for s in statements if s != "BEGIN"] == expected  # the record and its audit row, no SELECT first
    assert crud.enforced_references(capacity.RESOURCE) == {"facility"}


def test_a_list_of_keys_kept_as_json_is_not_left_to_the_database() -> None:
    from surgeops.services import deployments

    assert crud.enforced_references(deployments.RESOURCE) == frozenset()
