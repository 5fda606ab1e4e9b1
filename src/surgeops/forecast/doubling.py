"""The doubling time Td, given the date of the first hospitalised patient.

The reference's grid search, for every set at once: the 15 values 1..15, then
four refinements of 15 evenly spaced values from the value before the best to
the value after it (ties to the first; a best index of 0 takes "the value
before" from the end of the list, as Python's dts[-1] does). A best index of 14
or more, where "the value after" does not exist, means no doubling time fits.
Each candidate only needs D steps: the day-0 census depends on nothing later.
"""

from __future__ import annotations

import numpy as np

from surgeops.forecast import sir
from surgeops.forecast.batch import Batch, ForecastError

GRID = 15
REFINEMENTS = 4


def betas(b: Batch, doubling_time: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """beta0 (before mitigation) and beta (after), shaped like doubling_time.

    `doubling_time` is [sets] or [sets, candidates]; per-set values broadcast.
    """
    dt = np.asarray(doubling_time, dtype=float)
    shape = (-1,) + (1,) * (dt.ndim - 1)
    gamma, s0 = b.gamma.reshape(shape), b.initial_susceptible().reshape(shape)
    g = sir.growth_rate(dt)
    return sir.contact_beta(g, gamma, s0, 0.0), sir.contact_beta(g, gamma, s0, b.reduction.reshape(shape))


def day0_loss(b: Batch, doubling_time: np.ndarray) -> np.ndarray:
    """(census_hospitalized on day 0 - current_hospitalized)^2, shape [sets, candidates]."""
    sets, cands = doubling_time.shape
    beta0, beta1 = betas(b, doubling_time)
    rows = np.repeat(np.arange(sets), cands)
    d = b.first_day[rows]
    s, i, r = sir.simulate(
        b.initial_susceptible()[rows], b.initial_infected()[rows], b.recovered[rows],
        beta0=beta0.reshape(-1), beta1=beta1.reshape(-1), gamma=b.gamma[rows],
        switch=np.maximum(d + b.mitigation_day[rows], 0), steps=int(d.max()),
    )
    adm = sir.admits(sir.ever(i, r, b.rates["hospitalized"][rows], b.share[rows]))
    cen = sir.census(adm, b.stays["hospitalized"][rows])
    day0 = cen[np.arange(rows.size), d]
    return ((day0 - b.current[rows]) ** 2).reshape(sets, cands)


def fit_doubling_time(b: Batch) -> np.ndarray:
    """Td per set; raises ForecastError naming a set for which none fits."""
    sets = len(b)
    dts = np.tile(np.linspace(1, GRID, GRID), (sets, 1))
    rows = np.arange(sets)
    for _ in range(REFINEMENTS):
        best = day0_loss(b, dts).argmin(axis=1)
        failed = np.nonzero(best >= GRID - 1)[0]
        if failed.size:
            k = int(failed[0])
            raise ForecastError(
                f"parameter set {b.labels[k]}: no doubling time fits "
                f"(the best lies at the end of the search grid, {dts[k, best[k]]:g} days)"
            )
        lo, hi = dts[rows, (best - 1) % GRID], dts[rows, best + 1]
        dts = np.linspace(lo, hi, GRID, axis=1)
    return dts[rows, day0_loss(b, dts).argmin(axis=1)]
