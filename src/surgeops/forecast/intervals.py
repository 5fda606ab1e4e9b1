"""Calibrated prediction intervals from the distribution of past errors, by horizon.

A point forecast m of a census y, h days ahead, has the error
e = log(1 + y) - log(1 + m) (scale-free, defined at zero). For an origin t the
quantiles of e at the 23 scoring levels are taken over the errors of every
region's forecasts made in the `window` days whose outcome was known at t
(origin + h <= t): nothing after the origin is used. The forecast's quantiles are
then expm1(log1p(m) + e_q), with the error quantiles shifted so the median error
is 0: the median stays the model's point forecast, the spread is learned. Until `min_errors` past errors exist the spread is a random walk's:
the region's own recent day-to-day log changes times sqrt(h), normally spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import norm

from surgeops.forecast.scoring import QUANTILES


@dataclass(frozen=True)
class Calibration:
    """How past errors become intervals."""

    window: int = 56
    min_errors: int = 100
    walk_days: int = 14
    recentre: bool = False  # True: the median past error also shifts the median (it hurt: see docs/forecast.md)


def log_errors(truth: np.ndarray, median: np.ndarray) -> np.ndarray:
    """log1p(truth) - log1p(median); NaN where the truth is unknown."""
    with np.errstate(invalid="ignore"):
        return np.log1p(truth) - np.log1p(np.maximum(median, 0.0))


def past_error_quantiles(errors: np.ndarray, horizon: int, c: Calibration) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles [origins, 23] of the errors known at each origin, and how many there were.

    `errors` is [regions, origins] for one horizon, origins one day apart: the
    error of origin o is known from origin o + horizon on.
    """
    regions, origins = errors.shape
    lead = np.full((regions, horizon + c.window - 1), np.nan)
    padded = np.concatenate([lead, errors], axis=1)[:, :origins + c.window - 1]
    pools = sliding_window_view(padded, c.window, axis=1)  # [regions, origins, window]
    pools = pools.transpose(1, 0, 2).reshape(origins, regions * c.window)
    counts = np.sum(~np.isnan(pools), axis=1)
    out = np.full((origins, QUANTILES.size), np.nan)
    enough = counts >= c.min_errors
    if enough.any():
        out[enough] = np.nanquantile(pools[enough], QUANTILES, axis=1).T
    if not c.recentre:
        out -= out[:, [QUANTILES.size // 2]]
    return out, counts


def random_walk_quantiles(history: np.ndarray, horizon: int) -> np.ndarray:
    """[rows, 23] error quantiles of a random walk in log1p with the history's daily spread."""
    steps = np.diff(np.log1p(np.maximum(history, 0.0)), axis=1)
    spread = np.nanstd(steps, axis=1) * np.sqrt(horizon)
    spread = np.maximum(np.nan_to_num(spread, nan=0.0), 0.02 * np.sqrt(horizon))
    return spread[:, None] * norm.ppf(QUANTILES)[None, :]


def apply_errors(median: np.ndarray, error_quantiles: np.ndarray) -> np.ndarray:
    """Forecast quantiles [..., 23] from point forecasts [...] and error quantiles [..., 23]."""
    base = np.log1p(np.maximum(median, 0.0))[..., None]
    return np.maximum(np.expm1(base + error_quantiles), 0.0)
