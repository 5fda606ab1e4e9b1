"""Facility conversions are actions: recording one changes the facility's kind, the
services it admits and its beds, each change audited; reverting (or deleting it) restores.

- Created: the facility takes the new kind and admits the conversion's `services` (given,
  else the new kind's profile, else what it had; never a re-routed service), and when
  `new_capacity` is given its beds become that on the conversion date (a snapshot per
  type, occupancy carried within the new capacity; other types close).
- Reverted (`reverted_on`, a day that has come): the facility's kind and services come
  back, and its beds as they stood before the conversion, dated `reverted_on`.
- Deleted while in force: the facility's kind and services come back (its bed snapshots
  stay: they are reports of their own).

Every record changed goes through crud, so it is checked against the actor's scope and
gets its audit row in the same transaction as the conversion's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import select
from pydantic import ValidationError
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Conversion, Facility
from surgeops.domain.base import invalid_field
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.conversions import ConversionCreate, ConversionUpdate, beds_after, services_after
from surgeops.domain.errors import InvalidField
from surgeops.domain.facilities import FacilityUpdate
from surgeops.services import capacity, crud, facilities, pools
from surgeops.services.audit import Actor
from surgeops.services.crud import Filter, Resource


def _check_targets(session: Session, reroutes: list[dict[str, Any]]) -> None:
    targets = [r["to"] for r in reroutes]
    known = set(session.scalars(select(Facility.key).where(Facility.key.in_(targets))))
    for i, target in enumerate(targets):
        if target not in known:
            raise InvalidField(f"reroutes.{i}.to", f"unknown facility {target}: a service can only move to a registered facility")


def _prepare(session: Session, values: dict[str, Any], row: Optional[Conversion]) -> dict[str, Any]:
    """Check the re-routing targets and the reversal date; record what the facility was
    and what it will admit."""
    if values.get("reroutes") is not None:
        _check_targets(session, values["reroutes"])
    start = row.date if row is not None else values["date"]
    reverted = values.get("reverted_on")
    if reverted is not None and reverted < start:
        raise InvalidField("reverted_on", "the conversion cannot end before it starts")
    if reverted is not None and reverted > dt.date.today():
        raise InvalidField("reverted_on", "record a reversal on the day it takes effect, not ahead of it")
    if row is None:
        facility = session.scalars(select(Facility).where(Facility.key == values["facility"])).one()
        values["previous_kind"] = facility.kind
        values["previous_services"] = list(facility.services or [])
        values["services"] = services_after(values["previous_services"], values["new_kind"], values.get("reroutes") or [],
                                            values.get("services"))
    elif values.get("reroutes") is not None:
        values["services"] = services_after(row.services or [], row.new_kind, values["reroutes"], row.services or [])
    return values


def _set_facility(session: Session, actor: Actor, key: str, **changes: Any) -> None:
    """Change the facility's fields that differ, through crud (scope check, audit row)."""
    row = session.scalars(select(Facility).where(Facility.key == key)).one()
    changed = {name: value for name, value in changes.items() if getattr(row, name) != value}
    if changed:
        crud.update(session, facilities.RESOURCE, key, FacilityUpdate(**changed), expected_version=row.version,
                    actor=actor, commit=False)


def _figures(session: Session, key: str, day: dt.date, *, before: bool = False) -> dict[str, BedSnapshot]:
    """The facility's newest snapshot of each bed type on (or, with `before`, strictly
    before) `day`."""
    query = select(BedSnapshot).where(BedSnapshot.facility == key,
                                      BedSnapshot.as_of < day if before else BedSnapshot.as_of <= day)
    return {s.bed_type: s for s in session.scalars(query.order_by(BedSnapshot.as_of, BedSnapshot.id))}


def _set_beds(session: Session, actor: Actor, key: str, day: dt.date, beds: dict[str, int], *, field: str = "date") -> None:
    """Give the facility `beds` (type -> capacity) on `day` (see domain beds_after): a
    snapshot per type changed, dated `day` (the conversion's `field`)."""
    current = _figures(session, key, day)
    for bed_type, (cap, occupied) in beds_after({t: (s.capacity, s.occupied) for t, s in current.items()}, beds).items():
        snap = current.get(bed_type)
        was = (snap.capacity, snap.occupied) if snap is not None else (0, 0)
        moved = pools.settle(session, facility=key, bed_type=bed_type, day=day, beds=cap - was[0], occupied=None, actor=actor)
        occupied = min(occupied + moved, cap)
        if snap is not None and snap.as_of == day:
            if was != (cap, occupied):
                crud.update(session, capacity.RESOURCE, snap.id, capacity.BedSnapshotUpdate(capacity=cap, occupied=occupied),
                            expected_version=snap.version, actor=actor, commit=False)
        elif snap is not None or cap:
            figure = {"facility": key, "bed_type": bed_type, "as_of": day, "capacity": cap, "occupied": occupied,
                      "reserve": snap.reserve if snap is not None else 0}
            try:  # the figure's own rules (a day not in the future, ...) blame the conversion's day
                payload = BedSnapshotCreate.model_validate(figure)
            except ValidationError as exc:
                raise InvalidField(field, f"the beds it sets on {day} would be refused: {invalid_field(exc).message}") from None
            crud.create(session, capacity.RESOURCE, payload, actor=actor, commit=False)


def _convert(session: Session, actor: Actor, conv: dict[str, Any]) -> None:
    _set_facility(session, actor, conv["facility"], kind=conv["new_kind"], services=conv["services"])
    if conv["new_capacity"]:
        _set_beds(session, actor, conv["facility"], conv["date"], conv["new_capacity"])


def _revert(session: Session, actor: Actor, conv: dict[str, Any]) -> None:
    _set_facility(session, actor, conv["facility"], kind=conv["previous_kind"], services=conv["previous_services"] or [])
    if conv["new_capacity"]:
        before = {t: s.capacity for t, s in _figures(session, conv["facility"], conv["date"], before=True).items()}
        beds = {**{t: 0 for t in conv["new_capacity"]}, **before}
        _set_beds(session, actor, conv["facility"], conv["reverted_on"], beds, field="reverted_on")


def _effects(session: Session, actor: Actor, before: Optional[dict[str, Any]], after: Optional[dict[str, Any]]) -> None:
    """What recording, changing or deleting a conversion does to its facility and beds."""
    if before is None and after is not None:
        _convert(session, actor, after)
        if after["reverted_on"] is not None:
            _revert(session, actor, after)
    elif before is not None and after is not None and before["reverted_on"] is None:
        if after["reverted_on"] is not None:
            _revert(session, actor, after)
        elif after["services"] != before["services"]:
            _set_facility(session, actor, after["facility"], services=after["services"])
    elif before is not None and after is None and before["reverted_on"] is None:
        _set_facility(session, actor, before["facility"], kind=before["previous_kind"],
                      services=before["previous_services"] or [])


RESOURCE = Resource(
    name="conversion", table=Conversion, key="id", create=ConversionCreate, update=ConversionUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility"), "date_from": Filter("date", "ge"), "date_to": Filter("date", "le")},
    order=("date", "id"), prepare=_prepare, effects=_effects,
)


def in_force(session: Session, day: dt.date) -> list[Conversion]:
    query = select(Conversion).where(Conversion.date <= day)
    return [c for c in session.scalars(query) if c.reverted_on is None or day < c.reverted_on]
