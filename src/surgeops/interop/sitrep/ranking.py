"""The places nearest exhaustion: the sub-regions of a region (or its facilities, for a
region without any), ranked by the day the regional forecast says their beds run out and
then by occupancy; by occupancy and free beds alone when no forecast can be made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Facility, Region
from surgeops.domain.capacity import occupancy_percent
from surgeops.forecast import ForecastError, RegionInput, forecast_regions
from surgeops.forecast.beds import BED_TYPES
from surgeops.interop.beds import current_figures
from surgeops.services.capacity import region_capacity

LIMIT = 8


@dataclass(frozen=True)
class Place:
    code: str
    names: dict[str, str]
    capacity: int
    occupied: int
    runs_out: Optional[dt.date] = None
    scenario: bool = False  # runs_out lies past the days the forecast beat "no change" on the backtest

    @property
    def free(self) -> int:
        return self.capacity - self.occupied

    @property
    def occupancy_pct(self) -> Optional[float]:
        return occupancy_percent(self.occupied, self.capacity)


def rank_places(session: Session, *, region: str, day: dt.date, limit: int = LIMIT) -> tuple[list[Place], str]:
    """(places nearest exhaustion first, "forecast" or "occupancy": how they were ranked)."""
    children = list(session.scalars(select(Region).where(Region.parent == region).order_by(Region.code)))
    figures = [(child, region_capacity(session, child.code, as_of=day, history=False)) for child in children]
    figures = [(child, beds) for child, beds in figures if beds["total"]["capacity"]]
    if not figures:
        return _by_occupancy(_facilities(session, region, day))[:limit], "occupancy"
    runs_out = _forecast(figures, day)
    places = [Place(child.code, child.names or {}, beds["total"]["capacity"], beds["total"]["occupied"],
                    *(runs_out.get(child.code, (None, False)) if runs_out else (None, False))) for child, beds in figures]
    if runs_out is None:
        return _by_occupancy(places)[:limit], "occupancy"
    places.sort(key=lambda p: (p.runs_out is None, p.runs_out or dt.date.max, -(p.occupancy_pct or 0.0), p.free))
    return places[:limit], "forecast"


def _by_occupancy(places: list[Place]) -> list[Place]:
    return sorted(places, key=lambda p: (-(p.occupancy_pct or 0.0), p.free, p.code))


def _facilities(session: Session, region: str, day: dt.date) -> list[Place]:
    totals: dict[str, list[int]] = {}
    for fig in current_figures(session, region=region, as_of=day):
        row = totals.setdefault(fig.facility, [0, 0])
        row[0] += fig.capacity
        row[1] += fig.occupied
    names = {f.key: f.names or {} for f in session.scalars(select(Facility).where(Facility.key.in_(list(totals))))}
    return [Place(key, names.get(key, {}), cap, occ) for key, (cap, occ) in totals.items() if cap]


def _forecast(figures: list[tuple[Region, dict[str, Any]]], day: dt.date) -> Optional[dict[str, tuple[Optional[dt.date], bool]]]:
    """Sub-region code -> (the day its open beds run out (None: not within the horizon), whether
    that day is a scenario's: past the days the forecast is shown for); None as a whole when a
    forecast cannot be made (a sub-region without a population)."""
    inputs = []
    for child, beds in figures:
        by_type = {t: v for t, v in beds["by_type"].items() if t in BED_TYPES}
        if not by_type:
            continue
        if not child.population:
            return None
        inputs.append(RegionInput(code=child.code, population=float(child.population),
                                  census={t: v["occupied"] for t, v in by_type.items()},
                                  open_beds={t: v["capacity"] for t, v in by_type.items()},
                                  reserve_beds={t: v["reserve"] for t, v in by_type.items()}))
    if not inputs:
        return None
    try:
        results = forecast_regions(inputs, current_date=day)
    except (ForecastError, ValueError):
        return None
    return {r.code: (None, False) if r.exhaustion_day is None
            else (day + dt.timedelta(days=r.exhaustion_day), r.exhaustion_day > r.forecast_days) for r in results}
