"""Regional forecasts: census per bed type with a band, and when beds run out.

`forecast_regions` is the entry point the web API and dashboard call. Regions
without an observed series run the reference model (market share 1: the census
is the region's own) for all regions in one vectorised call, three times each:
at the region's doubling time and at a slower and a faster one for the band.
Regions with an observed daily admissions series are fitted (growth and
contact reduction, bootstrap band). The projected census is scaled so that day 0
equals the current census, then split across bed types and checked against open
beds, and against open plus reserve beds, all regions at once.

Each forecast carries calibrated 50% and 95% intervals of its total census (from
the backtest's errors, surgeops.forecast.skill) and the number of days ahead it is
shown as a forecast (`forecast_days`: as far as it beat persistence); beyond that
day the curve and its low/high band (growth slower and faster) are scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Mapping, Optional, Sequence

import numpy as np

from surgeops.forecast import beds
from surgeops.forecast.fitting import FitSettings, fit_series
from surgeops.forecast.parameters import Parameters
from surgeops.forecast.reference import forecast_reference
from surgeops.forecast.skill import Skill, product_skill


@dataclass(frozen=True)
class RegionInput:
    """One region today: census, open and reserve beds per bed type, optional observations."""

    code: str
    population: float
    census: Mapping[str, float]
    open_beds: Mapping[str, float]
    reserve_beds: Mapping[str, float] = field(default_factory=dict)
    observed_admissions: Optional[Mapping[date, float]] = None
    doubling_time: Optional[float] = None
    mitigation_date: Optional[date] = None
    relative_contact_rate: float = 0.3
    start: Optional[date] = None  # the date of the region's own newest figures (day 0); default: the call's current_date


@dataclass(frozen=True)
class RegionForecast:
    """Days 0..horizon from `start`; arrays per bed type; days are offsets from start."""

    code: str
    start: date
    method: str
    doubling_time: float
    total: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    census: dict[str, np.ndarray]
    census_low: dict[str, np.ndarray]
    census_high: dict[str, np.ndarray]
    exhaustion_day: Optional[int]
    exhaustion_bed_type: Optional[str]
    exhaustion_day_with_reserves: Optional[int]
    open_reserves_by: Optional[int]
    intervals: dict[str, np.ndarray] = field(default_factory=dict)  # low_95, low_50, high_50, high_95 of total
    forecast_days: int = 0  # days ahead shown as a forecast; later days are scenarios
    skill: Optional[Skill] = None  # the measured skill behind the intervals and forecast_days

    def dates(self) -> list[date]:
        """The calendar date of every projected day."""
        return [self.start + timedelta(days=k) for k in range(self.total.size)]


@dataclass(frozen=True)
class _Options:
    horizon: int
    start: date
    doubling_time: float
    band: float
    settings: FitSettings


def _reference_totals(regions: Sequence[RegionInput], o: _Options) -> tuple[np.ndarray, np.ndarray]:
    """[regions, 3, days] totals (central, low, high) and the doubling times used."""
    dts = np.array([r.doubling_time or o.doubling_time for r in regions])
    sets = [
        Parameters(
            population=r.population, current_hospitalized=float(sum(r.census.values())),
            doubling_time=float(dt * factor), relative_contact_rate=r.relative_contact_rate,
            mitigation_date=r.mitigation_date, market_share=1.0, n_days=o.horizon, current_date=r.start or o.start,
            hospitalized_rate=o.settings.hospitalized_rate, hospitalized_days=o.settings.hospitalized_days,
            infectious_days=o.settings.infectious_days,
        )
        for r, dt in zip(regions, dts)
        for factor in (1.0, 1.0 + o.band, 1.0 - o.band)
    ]
    result = forecast_reference(sets, labels=[f"{r.code}/{v}" for r in regions for v in ("central", "low", "high")])
    return result.columns["census_hospitalized"].reshape(len(regions), 3, -1), dts


def _fitted_totals(region: RegionInput, o: _Options) -> tuple[np.ndarray, float]:
    """[3, days] totals from a fit to the region's observed admissions."""
    fit = fit_series(region.observed_admissions, population=region.population,
                     mitigation_date=region.mitigation_date, settings=o.settings)
    out = fit.project(o.horizon, day0=region.start or o.start)
    return np.stack([out["census"], out["census_low"], out["census_high"]]), fit.doubling_time


def _anchor(totals: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Scale each curve so its day 0 equals the current census (known today);
    the band is then the pointwise range of the three curves."""
    day0 = totals[:, :, 0]
    factor = np.where(day0 > 0, current[:, None] / np.where(day0 > 0, day0, 1.0), 1.0)
    scaled = np.maximum(totals * factor[:, :, None], 0.0)
    scaled[:, 1], scaled[:, 2] = scaled.min(axis=1), scaled.max(axis=1)
    return scaled


def _totals(regions: Sequence[RegionInput], o: _Options) -> tuple[np.ndarray, np.ndarray, list[str]]:
    totals = np.zeros((len(regions), 3, o.horizon + 1))
    dts = np.zeros(len(regions))
    methods = ["reference"] * len(regions)
    plain = [k for k, r in enumerate(regions) if not r.observed_admissions]
    if plain:
        totals[plain], dts[plain] = _reference_totals([regions[k] for k in plain], o)
    for k, region in enumerate(regions):
        if region.observed_admissions:
            totals[k], dts[k] = _fitted_totals(region, o)
            methods[k] = "fitted"
    current = np.array([float(sum(r.census.values())) for r in regions])
    return _anchor(totals, current), dts, methods


def _optional(day: int) -> Optional[int]:
    return None if day < 0 else int(day)


def forecast_regions(
    regions: Sequence[RegionInput], *, horizon: int = 60, current_date: Optional[date] = None,
    lead_time: int = 3, doubling_time: float = 7.0, band: float = 0.25,
    shares: Optional[Mapping[str, float]] = None, settings: FitSettings = FitSettings(),
) -> list[RegionForecast]:
    """Project every region's census per bed type and find when its beds run out.

    Day 0 of each region is its own `start` (the date of its newest figures), else
    `current_date`: a newer figure of another region moves no region's day 0.

    `doubling_time` is used for regions with neither observations nor their own;
    `band` widens it both ways (Td x (1 + band) low, Td x (1 - band) high);
    `shares` replaces the current census mix for splitting across bed types;
    `open_reserves_by` = exhaustion day - lead_time (negative: already late).
    Raises ValueError naming the region or field on invalid input.
    """
    if not 0 < band < 1:
        raise ValueError("band: must lie strictly between 0 and 1")
    if not regions:
        return []
    o = _Options(horizon=horizon, start=current_date or date.today(), doubling_time=doubling_time,
                 band=band, settings=settings)
    totals, dts, methods = _totals(regions, o)
    mix = np.stack([beds.normalise_shares(shares) if shares else beds.census_mix(r.census) for r in regions])
    open_beds = np.stack([beds.by_type(r.open_beds, f"{r.code}.open_beds") for r in regions])
    reserves = np.stack([beds.by_type(r.reserve_beds, f"{r.code}.reserve_beds") for r in regions])
    central, low, high = (beds.split(totals[:, v], mix) for v in range(3))
    skill = product_skill()
    calibrated = skill.intervals(totals[:, 0])
    out_day, out_type = beds.first_day_over(central, open_beds)
    reserve_day, _ = beds.first_day_over(central, open_beds + reserves)
    result = []
    for k, r in enumerate(regions):
        day = _optional(out_day[k])
        result.append(RegionForecast(
            code=r.code, start=r.start or o.start, method=methods[k], doubling_time=float(dts[k]),
            total=totals[k, 0], total_low=totals[k, 1], total_high=totals[k, 2],
            census={t: central[k, j] for j, t in enumerate(beds.BED_TYPES)},
            census_low={t: low[k, j] for j, t in enumerate(beds.BED_TYPES)},
            census_high={t: high[k, j] for j, t in enumerate(beds.BED_TYPES)},
            exhaustion_day=day,
            exhaustion_bed_type=beds.BED_TYPES[out_type[k]] if day is not None else None,
            exhaustion_day_with_reserves=_optional(reserve_day[k]),
            open_reserves_by=None if day is None else day - lead_time,
            intervals={name: bound[k] for name, bound in calibrated.items()},
            forecast_days=min(skill.forecast_days(), horizon), skill=skill,
        ))
    return result
