"""The reference SIR census model for many parameter sets in one call.

`forecast_reference(sets)` fits D (doubling-time path) or Td (first-date path)
for every set, then projects days 0..n_days of admissions and census for
hospital, ICU and ventilated patients. Arrays have shape [sets, days]; a set
with fewer n_days than the longest is padded with NaN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from surgeops.forecast import sir
from surgeops.forecast.batch import KINDS, Batch
from surgeops.forecast.doubling import betas, fit_doubling_time
from surgeops.forecast.first_day import search_first_day
from surgeops.forecast.parameters import Parameters

COLUMNS: tuple[str, ...] = tuple(f"admits_{k}" for k in KINDS) + tuple(f"census_{k}" for k in KINDS)


@dataclass(frozen=True)
class ReferenceForecast:
    """Projections and fitted values; every array's first axis is the parameter set."""

    columns: dict[str, np.ndarray]
    first_day: np.ndarray
    doubling_time: np.ndarray
    r_naught: np.ndarray
    r_t: np.ndarray
    doubling_time_t: np.ndarray
    n_days: np.ndarray

    def rows(self, k: int) -> list[tuple[float, ...]]:
        """Set k as (day, admits..., census...) tuples for days 0..n_days."""
        n = int(self.n_days[k])
        return [(day,) + tuple(float(self.columns[c][k, day]) for c in COLUMNS) for day in range(n + 1)]


def _project(b: Batch, first_day: np.ndarray, beta0, beta1) -> dict[str, np.ndarray]:
    """Simulate each set from day -D to n_days and read days 0..n_days."""
    steps = int((first_day + b.n_days).max())
    s, i, r = sir.simulate(
        b.initial_susceptible(), b.initial_infected(), b.recovered,
        beta0=beta0, beta1=beta1, gamma=b.gamma,
        switch=np.maximum(first_day + b.mitigation_day, 0), steps=steps,
    )
    width = int(b.n_days.max()) + 1
    take = first_day[:, None] + np.arange(width)[None, :]
    inside = np.arange(width)[None, :] <= b.n_days[:, None]
    take = np.minimum(take, steps)
    out: dict[str, np.ndarray] = {}
    for kind in KINDS:
        adm = sir.admits(sir.ever(i, r, b.rates[kind], b.share))
        cen = sir.census(adm, b.stays[kind])
        out[f"admits_{kind}"] = np.where(inside, np.take_along_axis(adm, take, axis=1), np.nan)
        out[f"census_{kind}"] = np.where(inside, np.take_along_axis(cen, take, axis=1), np.nan)
    return out


def _fit(b: Batch) -> tuple[np.ndarray, np.ndarray]:
    """D and Td per set, each by its own path."""
    first_day = b.first_day.copy()
    doubling_time = b.doubling_time.copy()
    by_date = np.nonzero(first_day >= 0)[0]
    by_dt = np.nonzero(first_day < 0)[0]
    if by_date.size:
        doubling_time[by_date] = fit_doubling_time(b.take(by_date))
    if by_dt.size:
        sub = b.take(by_dt)
        beta0, beta1 = betas(sub, sub.doubling_time)
        first_day[by_dt] = search_first_day(sub, beta0, beta1)
    return first_day, doubling_time


def forecast_batch(b: Batch) -> ReferenceForecast:
    """Fit and project every set of a batch."""
    first_day, doubling_time = _fit(b)
    beta0, beta1 = betas(b, doubling_time)
    s0 = b.initial_susceptible()
    with np.errstate(divide="ignore", invalid="ignore"):
        doubling_time_t = 1.0 / np.log2(beta1 * s0 - b.gamma + 1)
    return ReferenceForecast(
        columns=_project(b, first_day, beta0, beta1),
        first_day=first_day,
        doubling_time=doubling_time,
        r_naught=beta0 / b.gamma * s0,
        r_t=beta1 / b.gamma * s0,
        doubling_time_t=doubling_time_t,
        n_days=b.n_days.copy(),
    )


def forecast_reference(sets: Sequence[Parameters], labels: Sequence[str] | None = None) -> ReferenceForecast:
    """The reference model for many parameter sets in one vectorised call.

    Raises ForecastError (a ValueError) naming the set when one cannot be fitted.
    """
    if not sets:
        raise ValueError("no parameter sets to forecast")
    return forecast_batch(Batch.of(sets, labels))
