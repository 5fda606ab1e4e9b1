"""Forecasts from the database: every region's census per bed type, the day its beds run
out (with and without reserves) and when to open reserves. The web API, the dashboard and
the CLI all call `forecast_all` / `forecast_one`, which drive the pure forecast model."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, CaseStat, Facility, Region
from surgeops.domain.errors import InvalidField, NotFound
from surgeops.forecast import RegionForecast, RegionInput, forecast_regions
from surgeops.services.capacity import ledger_by_facility

MIN_OBSERVATIONS = 7
LOOKBACK_DAYS = 28


def latest_day(session: Session) -> Optional[dt.date]:
    return session.scalar(select(func.max(BedSnapshot.as_of)))


def _region_of_facility(session: Session, level: str) -> tuple[dict[str, str], dict[str, Region]]:
    """facility key -> the code of the `level` region it lies in (walking up districts)."""
    regions = {r.code: r for r in session.scalars(select(Region))}

    def top(code: Optional[str]) -> Optional[str]:
        while code and regions.get(code) and regions[code].level != level:
            code = regions[code].parent
        return code if code and regions.get(code) and regions[code].level == level else None

    out = {}
    for key, region in session.execute(select(Facility.key, Facility.region)):
        code = top(region)
        if code:
            out[key] = code
    return out, regions


def _newest_admissions(session: Session, codes: set[str], day: dt.date) -> dict[str, dt.date]:
    """The date of each region's newest daily admissions figure on or before `day`."""
    if not codes:
        return {}
    return dict(session.execute(select(CaseStat.region, func.max(CaseStat.date)).where(
        CaseStat.metric == "daily_admissions", CaseStat.region.in_(list(codes)), CaseStat.date <= day).group_by(CaseStat.region)).all())


def _observed(session: Session, starts: dict[str, dt.date]) -> dict[str, dict[dt.date, float]]:
    """Daily admissions of the weeks up to each region's day 0 (`starts`), where there are
    enough to fit."""
    if not starts:
        return {}
    series: dict[str, dict[dt.date, float]] = defaultdict(dict)
    rows = session.execute(select(CaseStat.region, CaseStat.date, CaseStat.value).where(
        CaseStat.metric == "daily_admissions", CaseStat.region.in_(list(starts)),
        CaseStat.date > min(starts.values()) - dt.timedelta(days=LOOKBACK_DAYS), CaseStat.date <= max(starts.values())))
    for region, date, value in rows:
        if starts[region] - dt.timedelta(days=LOOKBACK_DAYS) < date <= starts[region]:
            series[region][date] = float(value)
    return {code: s for code, s in series.items() if len(s) >= MIN_OBSERVATIONS}


def region_inputs(session: Session, day: dt.date, *, codes: Optional[set[str]] = None, level: str = "region") -> list[RegionInput]:
    where, regions = _region_of_facility(session, level)
    census: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    open_beds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    reserve: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    starts: dict[str, dt.date] = {}  # each region's day 0: the date of its own newest figures
    rows, counts = ledger_by_facility(session, day)
    for snap in rows:
        code = where.get(snap.facility)
        if code is None or (codes and code not in codes):
            continue
        # the census the bed ledger counts: reported patients, beds held for transfers and
        # patients who arrived since the report (open beds - census = the ledger's free beds)
        census[code][snap.bed_type] += counts[(snap.facility, snap.bed_type)].taken
        open_beds[code][snap.bed_type] += snap.capacity
        reserve[code][snap.bed_type] += snap.reserve
        starts[code] = max(starts.get(code, snap.as_of), snap.as_of)
    for code, newest in _newest_admissions(session, set(starts), day).items():  # the region's case figures are its own too
        starts[code] = max(starts[code], newest)
    observed = _observed(session, starts)
    inputs = []
    for code in sorted(census):
        population = regions[code].population
        if not population or sum(census[code].values()) <= 0:
            continue
        inputs.append(RegionInput(code=code, population=float(population), census=dict(census[code]),
                                  open_beds=dict(open_beds[code]), reserve_beds=dict(reserve[code]),
                                  observed_admissions=observed.get(code), start=starts[code]))
    return inputs


def forecast_all(session: Session, *, day: Optional[dt.date] = None, horizon: int = 60, lead_time: int = 3,
                 codes: Optional[set[str]] = None) -> tuple[dt.date, list[RegionForecast]]:
    """Every region's forecast from its own newest figures on or before `day` (default: the
    newest figure stored); returns `day` and the forecasts, each starting at its region's date."""
    if not 1 <= horizon <= 365:
        raise InvalidField("horizon", "must lie between 1 and 365 days")
    if not 0 <= lead_time <= 60:
        raise InvalidField("lead_time", "must lie between 0 and 60 days")
    day = day or latest_day(session) or dt.date.today()
    if not dt.date(1900, 1, 1) <= day <= dt.date(2200, 1, 1):
        raise InvalidField("as_of", f"{day} is outside the years 1900-2200")
    inputs = region_inputs(session, day, codes=codes)
    return day, forecast_regions(inputs, horizon=horizon, current_date=day, lead_time=lead_time)


def forecast_one(session: Session, code: str, **options: Any) -> dict[str, Any]:
    region = session.scalar(select(Region).where(Region.code == code))
    if region is None:
        raise NotFound("region", code)
    day, results = forecast_all(session, codes={code}, **options)
    if not results:
        raise InvalidField("region", f"{code} has no population or no occupied beds on {day}: nothing to forecast")
    return view(results[0], detail=True)


def _date(start: dt.date, offset: Optional[int]) -> Optional[str]:
    return (start + dt.timedelta(days=offset)).isoformat() if offset is not None else None


def view(f: RegionForecast, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "region": f.code, "start": f.start.isoformat(), "method": f.method, "doubling_time": round(float(f.doubling_time), 3),
        "days_left": f.exhaustion_day, "exhaustion_date": _date(f.start, f.exhaustion_day),
        "exhaustion_bed_type": f.exhaustion_bed_type,
        "days_left_with_reserves": f.exhaustion_day_with_reserves,
        "exhaustion_date_with_reserves": _date(f.start, f.exhaustion_day_with_reserves),
        "open_reserves_by": _date(f.start, f.open_reserves_by) if f.open_reserves_by is not None else None,
        "open_reserves_in_days": f.open_reserves_by,
        "forecast_days": f.forecast_days, "scenario_from": _date(f.start, f.forecast_days + 1),
    }
    if detail:
        out["intervals"] = {name: _round(bound) for name, bound in f.intervals.items()}
        out["skill"] = _skill(f)
        out["days"] = [d.isoformat() for d in f.dates()]
        out["total"] = {"central": _round(f.total), "low": _round(f.total_low), "high": _round(f.total_high)}
        out["by_type"] = {t: {"central": _round(f.census[t]), "low": _round(f.census_low[t]), "high": _round(f.census_high[t])}
                          for t in f.census}
    return out


def _skill(f: RegionForecast) -> Optional[dict[str, Any]]:
    """The measured skill behind the intervals and forecast_days (issue 23: docs/forecast.md)."""
    if f.skill is None:
        return None
    return {"model": f.skill.model, "backtest": f"{f.skill.regions} regions, origins {f.skill.origins}",
            "horizons": [{"horizon": h.horizon, "mape": round(h.mape, 4), "coverage_50": round(h.coverage_50, 3),
                          "coverage_95": round(h.coverage_95, 3), "relative_wis": round(h.relative_wis, 3)}
                         for h in f.skill.horizons]}


def _round(values: Any) -> list[float]:
    return [round(float(v), 2) for v in values]


def exhaustion(session: Session, **options: Any) -> dict[str, Any]:
    """Every region, soonest exhaustion first (regions that do not run out last)."""
    day, results = forecast_all(session, **options)
    rows = sorted((view(f) for f in results), key=lambda r: (r["days_left"] is None, r["days_left"] or 0, r["region"]))
    return {"as_of": day.isoformat(), "regions": rows}
