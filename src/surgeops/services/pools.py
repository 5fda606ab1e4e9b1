"""A region's pool (beds a region reported beyond what its facilities account for) keeps
the region's reported figure true when a facility's own figure becomes known later.

A region reports 1346 provisional beds on 6 July; its pool holds what its facilities did
not account for then. If a reviewer then learns that the regional hospital has 650 of
them (a figure dated on or before that report), the region still has 1346: the pool
gives up the 650 rather than the region growing to 1996. A facility figure dated after
the region's report is newer news and changes the region's total as usual.

    pool after = max(pool before - (facility after - facility before), 0)

The nearest pool that reported the bed type (else its figure for all types, `general`)
on or after the facility's day absorbs the change; what it cannot absorb (it never goes
below 0) passes to the pool above it. Used by the paths where figures of a region and
of its facilities meet: accepted report facts and conversions.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region
from surgeops.domain.capacity import carve
from surgeops.services import capacity, crud
from surgeops.services.audit import Actor


def pool_key(region: str) -> str:
    return f"pool-{region}"[:40]


def _chain(session: Session, region: Optional[str]) -> list[str]:
    """The region and every region above it, nearest first."""
    parents = dict(session.execute(select(Region.code, Region.parent)).all())
    chain: list[str] = []
    while region and region not in chain:
        chain.append(region)
        region = parents.get(region)
    return chain


def _newest(session: Session, facility: str, bed_type: str) -> Optional[BedSnapshot]:
    return session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type)
                           .order_by(BedSnapshot.as_of.desc()).limit(1)).first()


def _covering(session: Session, pool: str, bed_type: str, day: dt.date) -> Optional[BedSnapshot]:
    """The pool's newest figure of the type (else for all types) if it was reported on or
    after `day`, so that it already counted the facility's beds of that day."""
    for kind in (bed_type, "general"):
        snap = _newest(session, pool, kind)
        if snap is not None:
            return snap if snap.as_of >= day else None
    return None


def _newer_than(session: Session, facility: str, bed_type: str, day: dt.date) -> bool:
    """Whether the facility has a figure of the type dated after `day`: a region report
    after `day` counted that one, and one dated `day` changes nothing it counted."""
    return session.scalar(select(BedSnapshot.id).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type,
                                                       BedSnapshot.as_of > day).limit(1)) is not None


def settle(session: Session, *, facility: str, bed_type: str, day: dt.date, beds: int, occupied: Optional[int],
           actor: Actor) -> int:
    """A facility's figure of `day` changes by `beds` beds and `occupied` patients (None:
    the figure states no occupancy): take the change out of the region pools whose figure
    already counted it (see the module). Returns the patients that go with the beds from
    the pools to the facility when its figure states no occupancy (the pool's share of
    its patients, `carve`), for the caller to add to the facility's figure."""
    if facility.startswith("pool-") or (beds == 0 and not occupied) or _newer_than(session, facility, bed_type, day):
        return 0
    region = session.scalar(select(Facility.region).where(Facility.key == facility))
    moved = 0
    for code in _chain(session, region):
        snap = _covering(session, pool_key(code), bed_type, day)
        if snap is None:
            continue
        if occupied is None:
            left, left_occupied = carve(capacity=snap.capacity, occupied=snap.occupied, taken=max(beds, 0))
            left = left if beds > 0 else snap.capacity - beds
            moved += snap.occupied - left_occupied
        else:
            left = max(snap.capacity - beds, 0)
            left_occupied = min(max(snap.occupied - occupied, 0), left)
            occupied = max(occupied - (snap.occupied - left_occupied), 0)  # patients a shrunken pool cannot hold stay counted
        beds -= snap.capacity - left
        crud.update(session, capacity.RESOURCE, snap.id, capacity.BedSnapshotUpdate(capacity=left, occupied=left_occupied),
                    expected_version=snap.version, actor=actor, commit=False)
        if beds == 0 and not occupied:
            break
    return moved
