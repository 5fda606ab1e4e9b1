"""When each region's beds run out: the regional forecast of services/forecasts.py (the
one the API and `surgeops exhaustion` serve), fed with each region's bed totals, its
population and, where at least a week of daily admissions was reported, those
observations (the model is then fitted to them rather than run at a default doubling time).

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

from surgeops.db.tables import BedSnapshot, CaseStat, Region, Transfer
from surgeops.forecast import ForecastError
from surgeops.services import forecasts
from surgeops.web.pages.queries import RegionBeds

HORIZON = 60
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
    census_low: tuple[float, ...] = ()  # calibrated 95% range up to forecast_days, the scenario range after
    census_high: tuple[float, ...] = ()
    forecast_days: int = 0  # days ahead that are a forecast (they beat persistence on past data); later: scenarios
    skill: tuple[tuple[int, float, float, bool], ...] = ()  # (days ahead, MAPE, 95% coverage, beat persistence)

    def calendar(self) -> list[dt.date]:
        """The date of every projected day."""
        return [self.start + dt.timedelta(days=k) for k in range(len(self.census))]


def change_token(session: Session) -> tuple[Any, ...]:
    """Changes whenever a bed snapshot, case figure, region (its population) or transfer
    (the bed ledger's census) is added, changed or removed."""
    out: tuple[Any, ...] = ()
    for table in (BedSnapshot, CaseStat, Region, Transfer):
        out += tuple(session.execute(select(func.count(), func.max(table.updated_at), func.max(table.id))).one())
    return out


def compute(session: Session, rows: list[RegionBeds], as_of: Optional[dt.date]) -> dict[str, Outlook]:
    """Outlook per region code, from the same regional forecast the API serves
    (services/forecasts.py), each from its region's own newest figures (on or before
    `as_of`); regions the model cannot take are left out."""
    start = as_of or max((r.as_of for r in rows if r.as_of), default=None)
    if start is None:
        return {}
    try:
        _, results = forecasts.forecast_all(session, day=start, horizon=HORIZON, codes={r.region.code for r in rows})
    except (ForecastError, ValueError):
        return {}
    return {f.code: Outlook(f.exhaustion_day, f.exhaustion_bed_type, f.exhaustion_day_with_reserves,
                            f.open_reserves_by, f.start, f.method, census=_rounded(f.total),
                            census_low=_range(f, "low_95", f.total_low), census_high=_range(f, "high_95", f.total_high),
                            forecast_days=f.forecast_days, skill=_skill(f)) for f in results}


SKILL_DAYS = (1, 3, 7, 14, 21, 28)


def _range(f: Any, bound: str, scenario: Any) -> tuple[float, ...]:
    """The measured (calibrated) 95% range while the curve is a forecast, the scenario range after."""
    if bound not in f.intervals:
        return _rounded(scenario)
    cut = f.forecast_days + 1
    return _rounded(list(f.intervals[bound][:cut]) + list(scenario[cut:]))


def _skill(f: Any) -> tuple[tuple[int, float, float, bool], ...]:
    if f.skill is None:
        return ()
    return tuple((h.horizon, h.mape, h.coverage_95, h.relative_wis < 1.0) for h in f.skill.horizons if h.horizon in SKILL_DAYS)


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
