"""Route a patient over the stored registry: build the router's snapshot, then ask it.

The snapshot for a moment `at` takes, per facility, its latest bed snapshot of each
type on or before that day with its free beds by the bed ledger (services/ledger.py:
capacity - occupied - beds held by accepted or in-transport transfers - patients
arrived by transfer since that report), its services (as its conversions left them),
the conversions in force that day (re-routings, converted), the day it opens, and the
emergency-department diversions in force at `at`. The index is rebuilt for every query: on the demo registry (87 facilities, three weeks of bed
history) reading takes about 8 ms and building under 1 ms on SQLite, and a rebuilt
index can never serve stale beds, conversions or diversions. Cache it (per app,
dropped on every write) only when registries grow to thousands of facilities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Facility, Region
from surgeops.domain.codes import SERVICES, BedType
from surgeops.domain.errors import InvalidField
from surgeops.routing import FacilitySnapshot, PatientLocation, RouteQuery, RouteResult, RoutingIndex, Severity
from surgeops.services import capacity, conversions, diversions
from surgeops.services.diversions import now, utc


@dataclass(frozen=True)
class RouteRequest:
    """What a caller asks, as plain strings; `route` validates each field by name."""

    service: str
    region: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    bed_type: Optional[str] = None
    severity: str = "moderate"
    at: Optional[dt.datetime] = None
    max_distance_km: Optional[float] = None
    limit: int = 5


def _name(names: dict) -> str:
    return names.get("en") or next(iter(names.values()), "")


def _free_beds(session: Session, day: dt.date) -> tuple[dict[str, dict[BedType, int]], dict[str, dt.date]]:
    """Free beds per facility and type (the bed ledger over the latest figures on or before
    `day`), and the date of each facility's newest figure."""
    rows, counts = capacity.ledger_by_facility(session, day)
    free: dict[str, dict[BedType, int]] = {}
    as_of: dict[str, dt.date] = {}
    for row in rows:
        free.setdefault(row.facility, {})[BedType(row.bed_type)] = counts[(row.facility, row.bed_type)].free
        as_of[row.facility] = max(as_of.get(row.facility, row.as_of), row.as_of)
    return free, as_of


def facility_snapshots(session: Session, at: dt.datetime) -> list[FacilitySnapshot]:
    """Every facility as the router sees it at `at` (beds as of that day)."""
    day = utc(at).date()
    free, as_of = _free_beds(session, day)
    reroutes: dict[str, dict[str, str]] = {}
    converted: set[str] = set()
    for conv in sorted(conversions.in_force(session, day), key=lambda c: (c.date, c.id)):
        converted.add(conv.facility)
        reroutes.setdefault(conv.facility, {}).update({r["service"]: r["to"] for r in conv.reroutes})
    diverted = diversions.in_force(session, at)
    return [
        FacilitySnapshot(
            id=f.key, name=_name(f.names), region_code=f.region, lat=f.lat, lon=f.lon, kind=f.kind,
            services=frozenset(f.services or ()), free_beds=free.get(f.key, {}),
            reroutes=reroutes.get(f.key, {}), diversions=tuple(diverted.get(f.key, ())),
            converted=f.key in reroutes or f.key in converted, beds_as_of=as_of.get(f.key), opens_on=f.opens_on,
        )
        for f in session.scalars(select(Facility).order_by(Facility.key))
    ]


def _location(session: Session, req: RouteRequest) -> PatientLocation:
    if req.lat is not None or req.lon is not None:
        if req.lat is None or req.lon is None:
            raise InvalidField("lon" if req.lon is None else "lat", "give both lat and lon, or a region")
        try:
            return PatientLocation(req.lat, req.lon)
        except ValueError as exc:
            raise InvalidField("lat", str(exc).split(": ", 1)[-1]) from None
    if not req.region:
        raise InvalidField("region", "give the patient's region, or lat and lon")
    region = session.scalars(select(Region).where(Region.code == req.region)).first()
    if region is None:
        raise InvalidField("region", f"unknown region {req.region}")
    if region.lat is None or region.lon is None:
        raise InvalidField("region", f"region {req.region} has no centroid on record; give lat and lon")
    return PatientLocation.at_region(region.code, (region.lat, region.lon))


def _choice(field: str, value: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise InvalidField(field, f"unknown {field.replace('_', ' ')} {value}; choose one of {', '.join(options)}")
    return value


# Without a limit of the caller's, no patient is sent further than a long road or air
# transfer inside one large country (Aktau to Öskemen is about 2,300 km).
DEFAULT_MAX_DISTANCE_KM = 2500.0


def build_query(session: Session, req: RouteRequest) -> RouteQuery:
    """The router's query, each bad field refused by name (InvalidField)."""
    _choice("service", req.service, SERVICES)
    if req.bed_type is not None:
        _choice("bed_type", req.bed_type, tuple(b.value for b in BedType))
    _choice("severity", req.severity, tuple(s.value for s in Severity))
    if req.at is not None and req.at.tzinfo is None:
        raise InvalidField("at", "give the time with a UTC offset")
    if req.max_distance_km is not None and req.max_distance_km < 0:
        raise InvalidField("max_distance_km", "cannot be negative")
    if not 1 <= req.limit <= 100:
        raise InvalidField("limit", "must be between 1 and 100")
    return RouteQuery(
        location=_location(session, req), bed_type=req.bed_type, service=req.service,
        severity=req.severity, at=utc(req.at) if req.at else now(),
        max_distance_km=req.max_distance_km if req.max_distance_km is not None else DEFAULT_MAX_DISTANCE_KM,
        limit=req.limit,
    )


def route(session: Session, req: RouteRequest) -> RouteResult:
    """Rank the facilities that can take the patient now, and say why others cannot."""
    query = build_query(session, req)
    return RoutingIndex.build(facility_snapshots(session, query.at)).route(query)
