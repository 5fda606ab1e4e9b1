"""Bed capacity: snapshots in, regional totals and history out (derived, never typed twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region
from surgeops.domain.capacity import BedSnapshotCreate, check_occupancy, totals
from surgeops.domain.base import Patch
from surgeops.domain.errors import InvalidField, NotFound
from surgeops.services.crud import Filter, Resource, region_subtree


class BedSnapshotUpdate(Patch):
    capacity: Optional[int] = None
    occupied: Optional[int] = None
    reserve: Optional[int] = None


def _check(session: Session, values: dict[str, Any], row: Optional[BedSnapshot]) -> dict[str, Any]:
    for name in ("capacity", "occupied", "reserve"):
        if values.get(name) is not None and values[name] < 0:
            raise InvalidField(name, "cannot be negative")
    if row is not None:
        capacity = values.get("capacity", row.capacity)
        occupied = values.get("occupied", row.occupied)
        try:
            check_occupancy(capacity, occupied)
        except ValueError as exc:
            raise InvalidField("occupied", str(exc).split(": ", 1)[-1]) from None
    return values


RESOURCE = Resource(
    name="bed_snapshot", table=BedSnapshot, key="id", create=BedSnapshotCreate, update=BedSnapshotUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility"), "bed_type": Filter("bed_type"),
             "date_from": Filter("as_of", "ge"), "date_to": Filter("as_of", "le")},
    order=("as_of", "facility", "bed_type"), prepare=_check,
)


def _newest(query, as_of: Optional[dt.date], keys=None):  # noqa: ANN001, ANN202 - SQLAlchemy selects
    """Restrict a snapshot query to the newest snapshot per facility and bed type (on or before `as_of`)."""
    newest = select(BedSnapshot.facility, BedSnapshot.bed_type, func.max(BedSnapshot.as_of).label("as_of"))
    if keys is not None:
        newest = newest.where(BedSnapshot.facility.in_(keys))
    if as_of is not None:
        newest = newest.where(BedSnapshot.as_of <= as_of)
    newest = newest.group_by(BedSnapshot.facility, BedSnapshot.bed_type).subquery()
    return query.join(newest, (newest.c.facility == BedSnapshot.facility) & (newest.c.bed_type == BedSnapshot.bed_type)
                      & (newest.c.as_of == BedSnapshot.as_of))


def _rows(session: Session, codes: list[str], as_of: Optional[dt.date], *, latest_only: bool = False) -> list[BedSnapshot]:
    """Snapshots of the facilities in `codes`, oldest first; with `latest_only`, just the
    newest per facility and bed type (what the current totals need)."""
    keys = select(Facility.key).where(Facility.region.in_(codes))
    query = select(BedSnapshot).where(BedSnapshot.facility.in_(keys))
    if as_of is not None:
        query = query.where(BedSnapshot.as_of <= as_of)
    if latest_only:
        query = _newest(query, as_of, keys)
    return list(session.scalars(query.order_by(BedSnapshot.as_of, BedSnapshot.id)))


def _figures(latest: dict[tuple[str, str], BedSnapshot]) -> dict[str, Any]:
    t = totals((s.bed_type, s.capacity, s.occupied, s.reserve) for s in latest.values())
    def as_dict(f):  # noqa: ANN001, ANN202
        return {"capacity": f.capacity, "occupied": f.occupied, "free": f.free, "reserve": f.reserve,
                "occupancy_pct": f.occupancy_pct}
    return {"total": as_dict(t.total), "by_type": {k: as_dict(v) for k, v in t.by_type.items()}}


def region_capacity(session: Session, code: str, *, as_of: Optional[dt.date] = None, history: bool = True) -> dict[str, Any]:
    """Current totals per bed type (latest snapshot of every facility in the region and below)
    and, day by day, the same totals as they stood on each reporting date."""
    region = session.scalars(select(Region).where(Region.code == code)).first()
    if region is None:
        raise NotFound("region", code)
    rows = _rows(session, region_subtree(session, code), as_of, latest_only=not history)
    latest: dict[tuple[str, str], BedSnapshot] = {}
    series: list[dict[str, Any]] = []
    for day_rows in _by_day(rows):
        for snap in day_rows:
            latest[(snap.facility, snap.bed_type)] = snap
        if history:
            series.append({"date": day_rows[0].as_of, **_figures(latest)})
    current = _figures(latest)
    return {
        "region": code, "names": region.names, "as_of": rows[-1].as_of if rows else None,
        "facilities_reporting": len({f for f, _ in latest}), **current, "history": series,
    }


def _by_day(rows: list[BedSnapshot]) -> list[list[BedSnapshot]]:
    days: list[list[BedSnapshot]] = []
    for snap in rows:
        if days and days[-1][0].as_of == snap.as_of:
            days[-1].append(snap)
        else:
            days.append([snap])
    return days


def latest_by_facility(session: Session, as_of: Optional[dt.date] = None) -> dict[str, dict[str, BedSnapshot]]:
    """facility key -> bed type -> its latest snapshot."""
    query = _newest(select(BedSnapshot), as_of).order_by(BedSnapshot.as_of, BedSnapshot.id)
    out: dict[str, dict[str, BedSnapshot]] = {}
    for snap in session.scalars(query):
        out.setdefault(snap.facility, {})[snap.bed_type] = snap
    return out
