"""Scores of probabilistic census forecasts: weighted MAPE, MAE, coverage and WIS.

The forecasts are quantiles at the Forecast Hub's 23 levels (QUANTILES): the
median and the 11 central intervals of levels 1 - alpha for alpha in ALPHAS.
The weighted interval score follows Bracher et al. (2021), "Evaluating
epidemic forecasts in an interval format", as the US COVID-19 Forecast Hub
computes it:

    IS_a(l, u; y) = (u - l) + 2/a (l - y) 1[y < l] + 2/a (y - u) 1[y > u]
    WIS(y) = (|y - m| / 2 + sum_k a_k / 2 IS_{a_k}) / (K + 1/2)

All functions take numpy arrays and work on any number of forecasts at once.
"""

from __future__ import annotations

import numpy as np

ALPHAS: np.ndarray = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
QUANTILES: np.ndarray = np.concatenate([ALPHAS / 2, [0.5], (1 - ALPHAS / 2)[::-1]])
MEDIAN = int(ALPHAS.size)  # index of the median in QUANTILES


def interval_bounds(quantiles: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """The central (1 - alpha) interval's lower and upper bounds from [..., 23] quantiles."""
    k = int(np.flatnonzero(np.isclose(ALPHAS, alpha))[0])
    return quantiles[..., k], quantiles[..., QUANTILES.size - 1 - k]


def interval_score(y: np.ndarray, lower: np.ndarray, upper: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """IS_alpha: width plus 2/alpha times how far y falls outside [lower, upper]."""
    below = np.maximum(lower - y, 0.0)
    above = np.maximum(y - upper, 0.0)
    return (upper - lower) + 2.0 / alpha * (below + above)


def weighted_interval_score(
    y: np.ndarray, median: np.ndarray, lower: np.ndarray, upper: np.ndarray, alphas: np.ndarray,
) -> np.ndarray:
    """WIS per forecast; lower and upper are [..., K] bounds of the intervals at `alphas`."""
    y = np.asarray(y, dtype=float)
    alphas = np.asarray(alphas, dtype=float)
    scores = interval_score(y[..., None], lower, upper, alphas)
    total = 0.5 * np.abs(y - median) + np.sum(alphas / 2.0 * scores, axis=-1)
    return total / (alphas.size + 0.5)


def wis(y: np.ndarray, quantiles: np.ndarray) -> np.ndarray:
    """WIS per forecast from quantiles [..., 23] at QUANTILES."""
    lower = quantiles[..., :MEDIAN]
    upper = quantiles[..., MEDIAN + 1:][..., ::-1]
    return weighted_interval_score(y, quantiles[..., MEDIAN], lower, upper, ALPHAS)


def coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of outcomes inside their interval (bounds included)."""
    inside = (np.asarray(lower) <= y) & (y <= np.asarray(upper))
    return float(np.mean(inside)) if inside.size else float("nan")


def weighted_mape(y: np.ndarray, median: np.ndarray) -> float:
    """Sum of absolute errors over the sum of actual values (days with few patients weigh little)."""
    total = float(np.sum(y))
    return float(np.sum(np.abs(y - median)) / total) if total > 0 else float("nan")


def mae(y: np.ndarray, median: np.ndarray) -> float:
    """Mean absolute error of the median."""
    return float(np.mean(np.abs(y - median))) if np.size(y) else float("nan")
