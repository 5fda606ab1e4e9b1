"""Read-side queries the pages share: regions with their bed totals rolled up from the
latest snapshot of every facility, in a handful of column queries (the overview of 700
regions and 5,000 facilities renders in one pass, not one query per region).

The totals are summed by the domain's `totals`, the same function the capacity service
uses for one region, with free beds from the same bed ledger (services/ledger.py), so the
overview, the region page and routing agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region
from surgeops.domain.capacity import BedFigures, totals
from surgeops.services import ledger
from surgeops.web.i18n import name_in


@dataclass
class RegionInfo:
    code: str
    parent: Optional[str]
    level: str
    names: dict[str, Any]
    lat: Optional[float]
    lon: Optional[float]
    population: Optional[int] = None


@dataclass
class RegionBeds:
    """One region's beds (all types or one type) as they stood on `as_of`."""

    region: RegionInfo
    country: str
    figures: BedFigures
    as_of: Optional[dt.date]
    facilities: int
    by_type: dict[str, BedFigures] = field(default_factory=dict)
    outlook: Optional[Any] = None  # pages.outlook.Outlook when the forecast could run

    @property
    def population(self) -> Optional[int]:
        return self.region.population


def regions(session: Session) -> dict[str, RegionInfo]:
    cols = (Region.code, Region.parent, Region.level, Region.names, Region.lat, Region.lon, Region.population)
    return {row[0]: RegionInfo(*row) for row in session.execute(select(*cols))}


def ancestor_at(code: str, level: str, known: dict[str, RegionInfo]) -> Optional[str]:
    """The code of `code`'s ancestor (or itself) at `level`, if it has one."""
    seen: set[str] = set()
    current: Optional[str] = code
    while current is not None and current in known and current not in seen:
        if known[current].level == level:
            return current
        seen.add(current)
        current = known[current].parent
    return None


def latest_beds(session: Session, *, as_of: Optional[dt.date], bed_type: Optional[str],
                facilities: Optional[list[str]] = None) -> list[tuple[Any, ...]]:
    """(facility, region, bed_type, as_of, capacity, occupied, reserve, updated_at) of the
    latest snapshot of each facility (all, or those listed) and bed type on or before `as_of`."""
    newest = select(BedSnapshot.facility, BedSnapshot.bed_type, func.max(BedSnapshot.as_of).label("day"))
    if as_of is not None:
        newest = newest.where(BedSnapshot.as_of <= as_of)
    if bed_type:
        newest = newest.where(BedSnapshot.bed_type == bed_type)
    if facilities is not None:
        newest = newest.where(BedSnapshot.facility.in_(facilities))
    newest = newest.group_by(BedSnapshot.facility, BedSnapshot.bed_type).subquery()
    query = (
        select(BedSnapshot.facility, Facility.region, BedSnapshot.bed_type, BedSnapshot.as_of,
               BedSnapshot.capacity, BedSnapshot.occupied, BedSnapshot.reserve, BedSnapshot.occupied_at)
        .join(newest, (newest.c.facility == BedSnapshot.facility) & (newest.c.bed_type == BedSnapshot.bed_type)
              & (newest.c.day == BedSnapshot.as_of))
        .join(Facility, Facility.key == BedSnapshot.facility)
    )
    return [tuple(row) for row in session.execute(query)]


def region_beds(session: Session, *, as_of: Optional[dt.date] = None, bed_type: Optional[str] = None,
                country: Optional[str] = None) -> list[RegionBeds]:
    """Every region (level 'region') with its beds summed over the facilities in it and in
    its districts; regions without a report are listed with zero beds."""
    known = regions(session)
    grouped: dict[str, list[tuple[Any, ...]]] = {c: [] for c, r in known.items() if r.level == "region"}
    rows = latest_beds(session, as_of=as_of, bed_type=bed_type)
    counts = ledger.ledgers(session, [ledger.Reported(r[0], r[2], r[3], r[7], r[4], r[5]) for r in rows])
    for row in rows:
        top = ancestor_at(row[1], "region", known)
        if top is not None:
            count = counts[(row[0], row[2])]
            grouped[top].append((*row[:7], count.held, count.arrived))
    out: list[RegionBeds] = []
    for code, rows in grouped.items():
        nation = ancestor_at(code, "country", known) or ""
        if country and nation != country:
            continue
        out.append(_summed(known[code], nation, rows))
    return sorted(out, key=lambda r: (r.country, r.region.code))


def _summed(region: RegionInfo, country: str, rows: Iterable[tuple[Any, ...]]) -> RegionBeds:
    rows = list(rows)
    t = totals((r[2], r[4], r[5], r[6], r[7], r[8]) for r in rows)
    return RegionBeds(region=region, country=country, figures=t.total, by_type=t.by_type,
                      as_of=max((r[3] for r in rows), default=None), facilities=len({r[0] for r in rows}))


def report_dates(session: Session) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """The first and last day any bed snapshot was reported."""
    first, last = session.execute(select(func.min(BedSnapshot.as_of), func.max(BedSnapshot.as_of))).one()
    return first, last


def countries(known: dict[str, RegionInfo]) -> list[RegionInfo]:
    return sorted((r for r in known.values() if r.level == "country"), key=lambda r: r.code)


def region_options(known: dict[str, RegionInfo], lang: str) -> list[tuple[str, str]]:
    """(code, "name (code)") of every region, countries first, then by name, for a <select>."""
    order = {"country": 0, "region": 1, "district": 2}
    rows = sorted(known.values(), key=lambda r: (order.get(r.level, 3), name_in(r.names, lang, r.code)))
    return [(r.code, f"{name_in(r.names, lang, r.code)} ({r.code})") for r in rows]
