"""When each region's beds run out: the forecast package's regional entry point
(`forecast_regions`) fed with the overview's bed totals, the region's population and,
where at least a week of daily admissions was reported, those observations (the model is
then fitted to them rather than run at the default doubling time).

Forecasting 700 regions costs about as much as rendering the overview, so results are
kept per app keyed by the day asked for and a change token of the bed, case and region tables:
any new or changed snapshot, case figure or population computes them afresh."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, CaseStat, Region
from surgeops.forecast import ForecastError, RegionInput, forecast_regions
from surgeops.forecast.beds import BED_TYPES
from surgeops.web.pages.queries import RegionBeds

HORIZON = 60
MIN_OBSERVED_DAYS = 7
_CACHE_SIZE = 16


@dataclass(frozen=True)
class Outlook:
    """Days from the last report until open beds run out (None: not within `horizon`)."""

    days: Optional[int]
    bed_type: Optional[str]
    days_with_reserves: Optional[int]
    open_reserves_by: Optional[int]
    start: dt.date
    method: str
    horizon: int = HORIZON
    census: tuple[float, ...] = ()  # projected patients in beds, day 0..horizon
    census_low: tuple[float, ...] = ()
    census_high: tuple[float, ...] = ()

    def calendar(self) -> list[dt.date]:
        """The date of every projected day."""
        return [self.start + dt.timedelta(days=k) for k in range(len(self.census))]


def change_token(session: Session) -> tuple[Any, ...]:
    """Changes whenever a bed snapshot, case figure or region (its population) is added,
    changed or removed."""
    out: tuple[Any, ...] = ()
    for table in (BedSnapshot, CaseStat, Region):
        out += tuple(session.execute(select(func.count(), func.max(table.updated_at), func.max(table.id))).one())
    return out


def admissions(session: Session, codes: list[str], as_of: Optional[dt.date]) -> dict[str, dict[dt.date, float]]:
    """Daily admissions reported per region (on or before `as_of`)."""
    query = select(CaseStat.region, CaseStat.date, CaseStat.value).where(
        CaseStat.metric == "daily_admissions", CaseStat.region.in_(codes))
    if as_of is not None:
        query = query.where(CaseStat.date <= as_of)
    out: dict[str, dict[dt.date, float]] = {}
    for region, day, value in session.execute(query):
        out.setdefault(region, {})[day] = float(value)
    return out


def inputs(rows: list[RegionBeds], observed: dict[str, dict[dt.date, float]]) -> list[RegionInput]:
    """Regions that can be forecast: a population and beds in use, of the bed types the
    forecast splits the census into (beds of any other type are left out of the outlook)."""
    out = []
    for row in rows:
        kinds = {t: f for t, f in row.by_type.items() if t in BED_TYPES}
        if not row.population or sum(f.capacity for f in kinds.values()) <= 0 or sum(f.occupied for f in kinds.values()) <= 0:
            continue
        series = observed.get(row.region.code)
        out.append(RegionInput(
            code=row.region.code, population=float(row.population),
            census={t: f.occupied for t, f in kinds.items()},
            open_beds={t: f.capacity for t, f in kinds.items()},
            reserve_beds={t: f.reserve for t, f in kinds.items()},
            observed_admissions=series if series and len(series) >= MIN_OBSERVED_DAYS else None,
        ))
    return out


def compute(session: Session, rows: list[RegionBeds], as_of: Optional[dt.date]) -> dict[str, Outlook]:
    """Outlook per region code; regions the model cannot take are left out."""
    start = as_of or max((r.as_of for r in rows if r.as_of), default=None)
    regions = inputs(rows, admissions(session, [r.region.code for r in rows], as_of))
    if start is None or not regions:
        return {}
    try:
        forecasts = forecast_regions(regions, horizon=HORIZON, current_date=start)
    except (ForecastError, ValueError):
        return {}
    return {f.code: Outlook(f.exhaustion_day, f.exhaustion_bed_type, f.exhaustion_day_with_reserves,
                            f.open_reserves_by, start, f.method, census=_rounded(f.total),
                            census_low=_rounded(f.total_low), census_high=_rounded(f.total_high)) for f in forecasts}


def _rounded(values: Any) -> tuple[float, ...]:
    return tuple(round(float(v), 1) for v in values)


class OutlookCache:
    """A small per-app cache of `compute` results (thread-safe)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[Any, ...], dict[str, Outlook]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session: Session, rows: Callable[[], list[RegionBeds]], as_of: Optional[dt.date]) -> dict[str, Outlook]:
        key = (as_of, *change_token(session))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        result = compute(session, rows(), as_of)
        with self._lock:
            self._items[key] = result
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)
        return result


def outlooks(app_state: Any, session: Session, rows: Callable[[], list[RegionBeds]],
             as_of: Optional[dt.date]) -> dict[str, Outlook]:
    """The outlook of every region (`rows()`: all of them, all bed types), cached on the app."""
    cache = getattr(app_state, "dashboard_outlooks", None)
    if cache is None:
        cache = app_state.dashboard_outlooks = OutlookCache()
    return cache.get(session, rows, as_of)
