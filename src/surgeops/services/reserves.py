"""Opening and closing reserve beds: an explicit action with who, when and why.

Opening moves beds of one type at one facility from its reserve into its capacity;
closing moves free beds (by the bed ledger) back. The facility's figure of that type
changes on the day of the action (the snapshot of that day is corrected, or a new one
made from the latest), through crud: scope-checked and audited like any figure. The
action itself is stored (`reserve_actions`) with its own audit row, in the same
transaction. Who may: those who may change the facility's records of its region
(regional officers, national roles); a facility reporter may not (record kind
`reserve_action`, services/access.py).
"""

from __future__ import annotations

from pydantic import ValidationError

import datetime as dt
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, ReserveAction
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.errors import InvalidField, NotFound
from surgeops.domain.reserves import ReserveActionCreate, moved
from surgeops.services import audit, capacity, crud, ledger
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.crud import Resource, subtree_codes

RESOURCE = Resource(name="reserve_action", table=ReserveAction, key="id", create=ReserveActionCreate,
                    update=ReserveActionCreate, references={"facility": (Facility, "key")}, order=("at", "id"))


def _latest(session: Session, facility: str, bed_type: str, day: dt.date) -> BedSnapshot:
    snap = session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type)
                           .order_by(BedSnapshot.as_of.desc()).limit(1)).first()
    if snap is None:
        raise InvalidField("bed_type", f"{facility} has reported no {bed_type} beds: report them before opening reserves")
    if snap.as_of > day:
        raise InvalidField("as_of", f"{facility} has a newer {bed_type} figure, dated {snap.as_of}; act on that day or later")
    return snap


def _set_figure(session: Session, snap: BedSnapshot, day: dt.date, cap: int, reserve: int, actor: Actor) -> None:
    if snap.as_of == day:
        crud.update(session, capacity.RESOURCE, snap.id, capacity.BedSnapshotUpdate(capacity=cap, reserve=reserve),
                    expected_version=snap.version, actor=actor, commit=False)
    else:
        crud.create(session, capacity.RESOURCE, BedSnapshotCreate(
            facility=snap.facility, bed_type=snap.bed_type, as_of=day, capacity=cap, occupied=snap.occupied, reserve=reserve),
            actor=actor, commit=False)


def act(session: Session, payload: ReserveActionCreate, *, actor: Actor) -> dict[str, Any]:
    """Open or close reserve beds; the stored action. InvalidField names what is wrong (an
    unknown facility, a type it does not report, more beds than the reserve or than are
    free, a day ahead); Forbidden outside the actor's scope. Nothing is stored then."""
    values = payload.model_dump(mode="python")
    try:
        crud.check_references(session, RESOURCE, values)
        check_write(session, actor, RESOURCE.name, values)
        day = values["as_of"] or dt.date.today()
        if day > dt.date.today():
            raise InvalidField("as_of", "an action cannot be dated after today")
        snap = _latest(session, values["facility"], values["bed_type"], day)
        count = ledger.ledgers(session, [ledger.Reported(snap.facility, snap.bed_type, snap.as_of, snap.occupied_at,
                                                         snap.capacity, snap.occupied)], keys=[snap.facility])
        try:
            cap, reserve = moved(values["action"], values["beds"], capacity=snap.capacity, reserve=snap.reserve,
                                 free=count[(snap.facility, snap.bed_type)].free)
        except ValueError as exc:
            raise InvalidField("beds", str(exc)) from None
        try:
            _set_figure(session, snap, day, cap, reserve, actor)
        except ValidationError as exc:  # the figure it would leave breaks a bed figure's bounds
            raise InvalidField("beds", exc.errors()[0]["msg"]) from None
        row = ReserveAction(**{**values, "as_of": day}, actor=actor.name, capacity_after=cap, reserve_after=reserve)
        session.add(row)
        session.flush()
        item = crud.public(RESOURCE, row)
        audit.record(session, actor=actor, action="create", entity=RESOURCE.name, entity_id=row.id, before=None,
                     after=crud.jsonable(item))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return item


def get(session: Session, action_id: int) -> dict[str, Any]:
    row = session.get(ReserveAction, action_id)
    if row is None:
        raise NotFound(RESOURCE.name, action_id)
    return crud.public(RESOURCE, row)


def listing(session: Session, *, region: Optional[str] = None, facility: Optional[str] = None,
            limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Actions newest first, of the facilities in `region` (and below) and/or one facility."""
    query = select(ReserveAction)
    if region:
        query = query.join(Facility, Facility.key == ReserveAction.facility).where(Facility.region.in_(subtree_codes(region)))
    if facility:
        query = query.where(ReserveAction.facility == facility)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ReserveAction.at.desc(), ReserveAction.id.desc()).limit(limit).offset(offset))
    return [crud.public(RESOURCE, r) for r in rows], total
