"""Transfers between facilities: request, accept (holding a bed), move, arrive.

Accepting takes one free bed of the transfer's type at the receiving facility, counted by
the bed ledger (services/ledger.py):

    free = capacity - occupied (latest snapshot) - beds held by accepted or in-transport
           transfers - patients arrived by transfer since that snapshot was reported

and is refused when `free <= 0`, unless the facility says its figure is stale and
accepts anyway (`over_capacity`), which the transfer and the audit record. Two
acceptances must not both take the last bed, so the check and the write run under a
lock on the receiving facility: `SELECT ... FOR UPDATE` on its row on PostgreSQL, and
the database write lock taken when the transaction begins (`BEGIN IMMEDIATE`) on
SQLite. The second caller waits, then counts the first one's reservation.

Transfers name patients: reads are limited to those who answer for one of the two
facilities (`may_read_personal`) when the caller is a signed-in principal.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from surgeops.db.engine import SQLITE_BEGIN
from surgeops.db.tables import BedSnapshot, Facility, Transfer
from surgeops.domain.accounts import Scope, may_read_personal
from surgeops.domain.base import Input
from surgeops.domain.codes import BedType
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.routing.transfers import TransferStatus, TransitionError, Urgency, check_transition
from surgeops.services import audit, crud, ledger
from surgeops.services.access import Forbidden, check_write, scope_of
from surgeops.services.audit import Actor
from surgeops.services.crud import Resource
from surgeops.services.diversions import now


class TransferCreate(Input):
    """A request to move a patient to `to_facility` into a bed of `bed_type`."""

    model_config = ConfigDict(extra="forbid")
    patient_ref: str = Field(min_length=1, max_length=120, pattern=r"^[^\x00]+$",
                             description="The sender's reference for the patient (no names).")
    from_facility: Optional[str] = Field(default=None, max_length=40)
    to_facility: str = Field(min_length=1, max_length=40)
    bed_type: BedType
    urgency: Urgency = Urgency.urgent
    note: Optional[str] = Field(default=None, max_length=2000)


class StatusChange(Input):
    """Move a transfer on; `over_capacity` only with `accepted`."""

    model_config = ConfigDict(extra="forbid")
    status: TransferStatus
    over_capacity: bool = Field(default=False, description="Accept although the system counts no free bed (our figure is stale).")
    note: Optional[str] = Field(default=None, max_length=2000)


RESOURCE = Resource(
    name="transfer", table=Transfer, key="id", create=TransferCreate, update=StatusChange,
    references={"from_facility": (Facility, "key"), "to_facility": (Facility, "key")},
)


# What only the receiving facility (or those who answer for its region) may do: take the
# patient (which holds one of its beds), refuse them, record their arrival. The sending
# facility (or its region) requests, sends off and cancels; a transfer from outside any
# facility is requested by the receiving side.
RECEIVER_MOVES = frozenset({TransferStatus.accepted, TransferStatus.declined, TransferStatus.arrived})


def _side(values: dict[str, Any], receiving: bool) -> dict[str, Any]:
    """The transfer as the access rules see it for one move: its receiving side, or its
    sending side where it has one."""
    if receiving or not values.get("from_facility"):
        return {**values, "from_facility": None}
    return {**values, "to_facility": None}


def _entry(status: str, actor: Actor, note: Optional[str], **extra: Any) -> dict[str, Any]:
    entry = {"status": status, "at": now().isoformat(), "by": actor.name, **extra}
    if note:
        entry["note"] = note
    return entry


def create(session: Session, payload: TransferCreate, *, actor: Actor) -> dict[str, Any]:
    """Store a transfer request (status `requested`) with its first history entry."""
    values = payload.model_dump(mode="json")
    if values["from_facility"] is not None and values["from_facility"] == values["to_facility"]:
        raise InvalidField("to_facility", "a transfer goes to another facility than the one it leaves")
    crud.check_references(session, RESOURCE, values)
    check_write(session, actor, "transfer", _side(values, receiving=False))
    note = values.pop("note")
    row = Transfer(**values, status=TransferStatus.requested.value,
                   history=[_entry(TransferStatus.requested.value, actor, note)])
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="transfer", entity_id=row.id,
                 before=None, after=crud.snapshot(RESOURCE, row))
    session.commit()
    return crud.public(RESOURCE, row)


def free_beds(session: Session, facility: str, bed_type: str) -> dict[str, Any]:
    """The receiving side's count, by the bed ledger: the latest snapshot's capacity -
    occupied - held beds - patients arrived since that snapshot."""
    snap = session.execute(
        select(BedSnapshot.as_of, BedSnapshot.occupied_at, BedSnapshot.capacity, BedSnapshot.occupied)
        .where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type)
        .order_by(BedSnapshot.as_of.desc(), BedSnapshot.id.desc()).limit(1)
    ).first()
    if snap is None:
        held = ledger.held_without_report(session, facility, bed_type)
        return {"free": 0, "capacity": None, "occupied": None, "held": held, "arrived": 0, "as_of": None}
    count = ledger.ledgers(session, [ledger.Reported(facility, bed_type, *snap)], keys=[facility])[(facility, bed_type)]
    return {"free": count.free, "capacity": count.capacity, "occupied": count.occupied, "held": count.held,
            "arrived": count.arrived, "as_of": snap.as_of.isoformat()}


def _begin_locked(session: Session) -> None:
    """Open this change's own transaction, holding SQLite's write lock from the start."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})


def _lock_facility(session: Session, key: str) -> None:
    """Row lock on the facility (PostgreSQL); SQLite already holds the write lock."""
    session.execute(select(Facility.id).where(Facility.key == key).with_for_update())


def _no_bed_message(row: Transfer, count: dict[str, Any]) -> str:
    if count["capacity"] is None:
        figures = f"no {row.bed_type} beds reported" + (f", {count['held']} held by transfers" if count["held"] else "")
    else:
        figures = (f"{count['capacity']} beds, {count['occupied']} occupied on {count['as_of']}, "
                   f"{count['held']} held by accepted transfers"
                   + (f", {count['arrived']} arrived since that report" if count["arrived"] else ""))
    return (f"no free {row.bed_type} bed at {row.to_facility} ({figures}); if the facility has one, "
            f"accept with over_capacity: true")


def _accept(session: Session, row: Transfer, change: StatusChange) -> dict[str, Any]:
    """Check and take a bed; the history details of the acceptance."""
    _lock_facility(session, row.to_facility)
    count = _count(session, row.to_facility, row.bed_type)
    if count["free"] <= 0 and not change.over_capacity:
        raise Conflict(_no_bed_message(row, count))
    row.accepted_over_capacity = count["free"] <= 0
    extra = {"free_beds_before": count["free"]}
    if row.accepted_over_capacity:
        extra["over_capacity"] = True
    return extra


# Indirection so that a test can slow the count down and prove the lock holds.
_count = free_beds


def _transition(session: Session, transfer_id: int, change: StatusChange, actor: Actor,
                expected_version: Optional[int]) -> dict[str, Any]:
    # populate_existing: a row already in the session is re-read, not trusted as it was.
    query = select(Transfer).where(Transfer.id == transfer_id).with_for_update()
    row = session.scalars(query.execution_options(populate_existing=True)).first()
    if row is None:
        raise NotFound("transfer", transfer_id)
    if expected_version is not None and row.version != expected_version:
        raise StaleVersion("transfer", transfer_id, expected_version, row.version)
    try:
        target = check_transition(row.status, change.status)
    except TransitionError as exc:
        raise Conflict(f"transfer {transfer_id}: {exc}") from None
    if change.over_capacity and target is not TransferStatus.accepted:
        raise InvalidField("over_capacity", "only an acceptance can be over capacity")
    check_write(session, actor, "transfer", _side(crud.public(RESOURCE, row), receiving=target in RECEIVER_MOVES))
    before = crud.snapshot(RESOURCE, row)
    extra = _accept(session, row, change) if target is TransferStatus.accepted else {}
    if target is TransferStatus.arrived:
        row.arrived_at = now()
    row.status = target.value
    row.history = [*row.history, _entry(target.value, actor, change.note, **extra)]
    session.flush()
    audit.record(session, actor=actor, action="update", entity="transfer", entity_id=transfer_id,
                 before=before, after=crud.snapshot(RESOURCE, row))
    return crud.public(RESOURCE, row)


def change_status(session: Session, transfer_id: int, change: StatusChange, *, actor: Actor,
                  expected_version: Optional[int] = None) -> dict[str, Any]:
    """Move a transfer to `change.status` in its own locked transaction, and commit.

    Raises Conflict for a move the workflow forbids or an acceptance without a free
    bed, StaleVersion when `expected_version` is given and behind, NotFound, Forbidden.
    """
    _begin_locked(session)
    try:
        item = _transition(session, transfer_id, change, actor, expected_version)
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(f"transfer {transfer_id} changed while this change was made: reload it and try again") from None
    except BaseException:
        session.rollback()
        raise
    return item


def _may_read(session: Session, actor: Actor, item: dict[str, Any]) -> bool:
    who = actor.principal
    return who is None or may_read_personal(who, scope_of(session, "transfer", item))


def get(session: Session, transfer_id: int, *, actor: Actor) -> dict[str, Any]:
    item = crud.get(session, RESOURCE, transfer_id)
    if not _may_read(session, actor, item):
        raise Forbidden(f"{actor.name} may not read transfer {transfer_id}: it names a patient of "
                        f"facilities outside what they answer for")
    return item


def listing(session: Session, *, actor: Actor, status: Optional[str] = None, facility: Optional[str] = None,
            limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Transfers newest first that the actor may read; `facility` matches either end."""
    query = select(Transfer).order_by(Transfer.id.desc())
    if status:
        query = query.where(Transfer.status == status)
    if facility:
        query = query.where((Transfer.to_facility == facility) | (Transfer.from_facility == facility))
    items = [crud.public(RESOURCE, r) for r in session.scalars(query)]
    who = actor.principal
    if who is not None:
        region = dict(session.execute(select(Facility.key, Facility.region)).all())  # one query, not two per row

        def scope(i: dict[str, Any]) -> Scope:
            regions = {region.get(i["to_facility"]), region.get(i["from_facility"])}
            return Scope(kind="transfer", regions=frozenset(r for r in regions if r), facility=i["to_facility"],
                         sender=i["from_facility"])

        items = [i for i in items if may_read_personal(who, scope(i))]
    return items[offset:offset + limit], len(items)
