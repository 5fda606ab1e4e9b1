"""Rolling-origin backtests: every model forecasts from every origin, scored against what came.

For each origin day t (the newest figure a forecast may use) and each region,
a model sees the census up to t only (days before the file's first day count
as no patients; a missing day repeats the day before) and projects days
t + 1 .. t + max(horizons). Calibrated quantiles come from the errors of
forecasts whose outcome was known at t (surgeops.forecast.intervals). The
scores per model and horizon pool every region and every origin in
[start, end] whose outcome is in the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from surgeops.forecast import scoring
from surgeops.forecast.census_data import CensusTable
from surgeops.forecast.intervals import (
    Calibration, apply_errors, log_errors, past_error_quantiles, random_walk_quantiles,
)
from surgeops.forecast.point_models import BASELINE, HISTORY_DAYS, MODELS

DEFAULT_MODEL = "chime"  # the model the product shows (forecast_regions' reference path)
FIELDS = ("model", "default", "horizon", "origins", "mape", "mae", "coverage_50", "coverage_95", "wis", "relative_wis")


@dataclass(frozen=True)
class Spec:
    """What to backtest: origins from start to end (inclusive), horizons in days, models."""

    start: date = date(2020, 3, 1)
    end: date = date(2022, 12, 31)
    horizons: tuple[int, ...] = (7, 14, 21, 28)
    models: tuple[str, ...] = tuple(MODELS)
    calibration: Calibration = field(default_factory=Calibration)

    def check(self, table: CensusTable) -> None:
        """Refuse what cannot be backtested, naming the option."""
        unknown = [m for m in self.models if m not in MODELS]
        if unknown:
            raise ValueError(f"model: unknown model {unknown[0]!r} (known: {', '.join(MODELS)})")
        if not self.horizons or min(self.horizons) < 1:
            raise ValueError("horizons: must be whole days, at least 1")
        if self.end < self.start:
            raise ValueError("to: must not be before from")
        if self.start > table.date_of(table.days - 1) or self.end < table.first_day:
            raise ValueError("from/to: no origin of the data lies in this range")


@dataclass(frozen=True)
class Forecasts:
    """One model's calibrated forecasts: quantiles [regions, origins, 23] and truth per horizon."""

    model: str
    origins: np.ndarray
    quantiles: dict[int, np.ndarray]
    truth: dict[int, np.ndarray]


def _filled(values: np.ndarray, pad: int) -> np.ndarray:
    """Zeros before the first day, each missing day carrying the day before."""
    padded = np.concatenate([np.zeros((values.shape[0], pad)), values], axis=1)
    idx = np.where(np.isnan(padded), 0, np.arange(padded.shape[1])[None, :])
    return np.nan_to_num(np.take_along_axis(padded, np.maximum.accumulate(idx, axis=1), axis=1))


def _histories(table: CensusTable, last_origin: int) -> np.ndarray:
    """[regions, origins, HISTORY_DAYS] census up to each origin 0..last_origin."""
    filled = _filled(table.total[:, :last_origin + 1], HISTORY_DAYS - 1)
    return sliding_window_view(filled, HISTORY_DAYS, axis=1)


def _truth(table: CensusTable, origins: np.ndarray, horizon: int) -> np.ndarray:
    target = origins + horizon
    out = np.full((table.total.shape[0], origins.size), np.nan)
    inside = target < table.days
    out[:, inside] = table.total[:, target[inside]]
    return out


def forecast_model(table: CensusTable, model: str, spec: Spec) -> Forecasts:
    """Point forecasts from every origin up to spec.end, calibrated on past errors."""
    last = min(table.day_index(spec.end), table.days - 1)
    origins = np.arange(last + 1)
    history = _histories(table, last)
    regions = history.shape[0]
    flat = history.reshape(regions * origins.size, HISTORY_DAYS)
    pops = np.repeat(table.populations(), origins.size)
    points = MODELS[model](flat, pops, max(spec.horizons)).reshape(regions, origins.size, -1)
    quantiles, truth = {}, {}
    for h in spec.horizons:
        truth[h] = _truth(table, origins, h)
        quantiles[h] = _calibrate(points[:, :, h], truth[h], history, h, spec.calibration)
    return Forecasts(model, origins, quantiles, truth)


def _calibrate(point: np.ndarray, truth: np.ndarray, history: np.ndarray, h: int, c: Calibration) -> np.ndarray:
    """[regions, origins, 23]: past pooled errors where enough exist, else a random walk."""
    pooled, _ = past_error_quantiles(log_errors(truth, point), h, c)
    errors = np.broadcast_to(pooled[None, :, :], point.shape + (pooled.shape[1],)).copy()
    missing = np.isnan(pooled[:, 0])
    if missing.any():
        recent = history[:, missing, -c.walk_days - 1:].reshape(-1, c.walk_days + 1)
        errors[:, missing] = random_walk_quantiles(recent, h).reshape(point.shape[0], -1, pooled.shape[1])
    return apply_errors(point, errors)


def score(forecasts: Forecasts, baseline: Forecasts, table: CensusTable, spec: Spec) -> list[dict]:
    """One row per horizon with the FIELDS scores over origins in [start, end]."""
    rows = []
    chosen = (forecasts.origins >= table.day_index(spec.start)) & (forecasts.origins <= table.day_index(spec.end))
    for h in spec.horizons:
        y = forecasts.truth[h][:, chosen]
        q, base = forecasts.quantiles[h][:, chosen], baseline.quantiles[h][:, chosen]
        known = np.isfinite(y)
        y, q, base = y[known], q[known], base[known]
        lo50, hi50 = scoring.interval_bounds(q, 0.5)
        lo95, hi95 = scoring.interval_bounds(q, 0.05)
        wis = float(np.mean(scoring.wis(y, q))) if y.size else float("nan")
        base_wis = float(np.mean(scoring.wis(y, base))) if y.size else float("nan")
        rows.append({
            "model": forecasts.model, "default": forecasts.model == DEFAULT_MODEL, "horizon": h,
            "origins": int(np.sum(known.any(axis=0))),
            "mape": scoring.weighted_mape(y, q[:, scoring.MEDIAN]), "mae": scoring.mae(y, q[:, scoring.MEDIAN]),
            "coverage_50": scoring.coverage(y, lo50, hi50), "coverage_95": scoring.coverage(y, lo95, hi95),
            "wis": wis, "relative_wis": wis / base_wis if base_wis > 0 else float("nan"),
        })
    return rows


def run_backtest(table: CensusTable, spec: Spec = Spec()) -> tuple[list[dict], dict[str, Forecasts]]:
    """Score every model of the spec; the baseline is always forecast (relative WIS needs it)."""
    spec.check(table)
    names = list(dict.fromkeys((BASELINE,) + tuple(spec.models)))
    runs = {name: forecast_model(table, name, spec) for name in names}
    rows = [row for name in spec.models for row in score(runs[name], runs[BASELINE], table, spec)]
    return rows, runs


SKILL_LEVELS = (0.025, 0.25, 0.75, 0.975)


def skill_record(rows: list[dict], forecasts: Forecasts, table: CensusTable, spec: Spec) -> dict:
    """What the product shows of its model's measured skill: the scores per horizon and the
    quantiles of the point forecast's log errors (the 50% and 95% intervals' offsets),
    pooled over every scored region and origin."""
    chosen = (forecasts.origins >= table.day_index(spec.start)) & (forecasts.origins <= table.day_index(spec.end))
    horizons = []
    for row in (r for r in rows if r["model"] == forecasts.model):
        h = row["horizon"]
        point = forecasts.quantiles[h][:, chosen, scoring.MEDIAN]
        errors = log_errors(forecasts.truth[h][:, chosen], point)
        offsets = np.nanquantile(errors, SKILL_LEVELS)
        horizons.append({**{k: row[k] for k in ("horizon", "mape", "coverage_50", "coverage_95", "relative_wis")},
                         "errors": [round(float(v), 6) for v in offsets]})
    return {"model": forecasts.model, "origins": f"{spec.start.isoformat()}..{spec.end.isoformat()}",
            "regions": len(table.codes), "horizons": horizons}
