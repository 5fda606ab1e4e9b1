"""Point forecasts of a census from its own past, many series at once.

Every model takes `history` [rows, days] (consecutive days, the last column is
day 0, the newest figure) and each row's population, and returns the census on
days 0..horizon, [rows, horizon + 1]. Nothing but `history` is seen, so a model
cannot look past day 0.

- persistence: the census stays as it is;
- trend: the last week's change continued in a straight line (never below 0);
- chime: the reference model (market share 1, D fitted to day 0's census) with
  the growth of the last week: Td from that growth while it is faster than
  REFERENCE_TD, otherwise Td = REFERENCE_TD and a contact reduction, in force
  from MITIGATION_LEAD days before day 0, that slows growth to the observed rate;
- damped: the growth of the last DAMPED_DAYS days continued with a damping factor
  DAMPED_PHI a day (the k-th day ahead grows phi^k times the recent rate), the
  mean of that path taken exponentially and in a straight line (never below 0);
- seir: SEIR fitted to the last FIT_DAYS days of census (no contact reduction),
  its curve scaled so day 0 equals the census.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Callable

import numpy as np

from surgeops.forecast.fitting import FitSettings, fit_windows
from surgeops.forecast.parameters import Parameters
from surgeops.forecast.reference import forecast_reference

REFERENCE_TD = 7.0
INFECTIOUS_DAYS = 14.0
FIT_DAYS = 21
WEEK = 7
DAMPED_DAYS = 5
MITIGATION_LEAD = 28  # days before day 0 the observed growth set in (the census then reflects it)
DAMPED_PHI = 0.9
DAY0 = date(2020, 1, 1)  # the reference model needs a calendar day 0; the dynamics do not depend on it

Model = Callable[[np.ndarray, np.ndarray, int], np.ndarray]


def persistence(history: np.ndarray, population: np.ndarray, horizon: int) -> np.ndarray:
    return np.repeat(history[:, -1:], horizon + 1, axis=1)


def weekly_growth(history: np.ndarray) -> np.ndarray:
    """Daily growth rate over the last week, (y0 / y-7)^(1/7) - 1 (0 when either is 0)."""
    now, before = history[:, -1], history[:, -1 - WEEK]
    ok = (now > 0) & (before > 0)
    return np.where(ok, (np.where(ok, now, 1.0) / np.where(ok, before, 1.0)) ** (1.0 / WEEK) - 1.0, 0.0)


def trend(history: np.ndarray, population: np.ndarray, horizon: int) -> np.ndarray:
    slope = (history[:, -1] - history[:, -1 - WEEK]) / WEEK
    days = np.arange(horizon + 1)[None, :]
    return np.maximum(history[:, -1:] + slope[:, None] * days, 0.0)


def damped(history: np.ndarray, population: np.ndarray, horizon: int) -> np.ndarray:
    now = history[:, -1]
    log_rate = (np.log1p(now) - np.log1p(history[:, -1 - DAMPED_DAYS])) / DAMPED_DAYS
    steps = np.cumsum(DAMPED_PHI ** np.arange(horizon + 1)) - 1.0  # sum of phi^1..phi^k on day k
    exponential = np.expm1(np.log1p(now)[:, None] + log_rate[:, None] * steps[None, :])
    straight = now[:, None] + ((now - history[:, -1 - DAMPED_DAYS]) / DAMPED_DAYS)[:, None] * steps[None, :]
    return np.maximum((exponential + straight) / 2.0, 0.0)


def chime(history: np.ndarray, population: np.ndarray, horizon: int) -> np.ndarray:
    """The reference model, one parameter set per row, all in one vectorised call."""
    out = persistence(history, population, horizon)
    current = history[:, -1]
    rows = np.flatnonzero(current >= 1)
    if rows.size == 0:
        return out
    gamma = 1.0 / INFECTIOUS_DAYS
    g0 = 2.0 ** (1.0 / REFERENCE_TD) - 1.0
    g = np.maximum(weekly_growth(history[rows]), -0.9 * gamma)
    pre = np.maximum(g, g0)
    reduction = np.clip(1.0 - (g + gamma) / (pre + gamma), 0.0, 1.0)
    sets = [
        Parameters(population=float(population[k]), current_hospitalized=float(current[k]),
                   doubling_time=math.log(2.0) / math.log1p(float(p)), relative_contact_rate=float(c),
                   infectious_days=INFECTIOUS_DAYS, market_share=1.0, n_days=horizon,
                   current_date=DAY0, mitigation_date=DAY0 - timedelta(days=MITIGATION_LEAD))
        for k, p, c in zip(rows, pre, reduction)
    ]
    census = forecast_reference(sets).columns["census_hospitalized"]
    out[rows] = _anchored(census, current[rows])
    return out


def seir(history: np.ndarray, population: np.ndarray, horizon: int) -> np.ndarray:
    """SEIR fitted to each row's last FIT_DAYS days, every row on its own."""
    out = persistence(history, population, horizon)
    window = history[:, -FIT_DAYS:]
    rows = np.flatnonzero((window[:, -1] >= 1) & np.all(np.isfinite(window), axis=1))
    if rows.size:
        settings = FitSettings(kind="census", model="seir", bootstrap=0, infectious_days=INFECTIOUS_DAYS)
        census = fit_windows(window[rows], population=population[rows], horizon=horizon, settings=settings)
        out[rows] = _anchored(census, window[rows, -1])
    return out


def _anchored(curves: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Scale each curve so day 0 equals the current census (as forecast_regions does)."""
    day0 = curves[:, 0]
    factor = np.where(day0 > 0, current / np.where(day0 > 0, day0, 1.0), 1.0)
    return np.maximum(np.nan_to_num(curves * factor[:, None]), 0.0)


MODELS: dict[str, Model] = {
    "persistence": persistence, "trend": trend, "damped": damped, "chime": chime, "seir": seir,
}
BASELINE = "persistence"
HISTORY_DAYS = FIT_DAYS
