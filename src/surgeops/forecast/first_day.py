"""D, the days from the first hospitalised patient to day 0, given a doubling time.

The reference tries D = 0 .. n_days + 299, simulating each candidate for
D + n_days + 300 days, skips a D whose hospital census peaks before day 0, and
keeps the D whose day-0 census is closest to current_hospitalized.

Done here with one unmitigated simulation per set. Candidate D runs beta0 for
max(D + mitigation_day, 0) steps, so every candidate follows the same
unmitigated trajectory U until its mitigation starts:
- mitigation on or after day 0: states up to day 0 are U's, so the day-0 census
  of every candidate is read off U;
- mitigation a days before day 0: candidate D leaves U at index D - min(D, a)
  and runs min(D, a) mitigated steps; all candidates run those few steps
  together, resumed from U's states.
A candidate is certainly not skipped when its day-0 census exceeds every
earlier census (the argmax is then at day 0 or later). Only candidates that beat
the best certain one without that certificate are simulated in full.
"""

from __future__ import annotations

import numpy as np

from surgeops.forecast import sir
from surgeops.forecast.batch import Batch, ForecastError

EXTRA_DAYS = 300
CHUNK_ROWS = 100_000


def _kind_series(b: Batch, i: np.ndarray, r: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """ever_hospitalized for state rows belonging to sets `rows`."""
    return sir.ever(i, r, b.rates["hospitalized"][rows], b.share[rows])


def _unmitigated(b: Batch, beta0: np.ndarray, steps: int):
    """U for every set: states, running admissions S_U and census_U."""
    s, i, r = sir.simulate(
        b.initial_susceptible(), b.initial_infected(), b.recovered,
        beta0=beta0, beta1=beta0, gamma=b.gamma, switch=np.full(len(b), steps + 1), steps=steps,
    )
    adm = sir.admits(_kind_series(b, i, r, np.arange(len(b))))
    return (s, i, r), sir.running_admits(adm), sir.census(adm, b.stays["hospitalized"])


def _prefix_max(census_u: np.ndarray) -> np.ndarray:
    """pm[:, t] = max(census_U[:, :t]); -inf for t = 0."""
    pm = np.full((census_u.shape[0], census_u.shape[1] + 1), -np.inf)
    np.maximum.accumulate(census_u, axis=1, out=pm[:, 1:])
    return pm


def _lagged(total_u, srow, set_idx, q, t, stay):
    """S(t - stay) for rows resumed at index q: from U up to q, from the row after."""
    lag = t - stay[:, None]
    from_row = np.take_along_axis(srow, np.clip(lag - q[:, None], 0, srow.shape[1] - 1), axis=1)
    from_u = total_u[set_idx[:, None], np.clip(lag, 0, total_u.shape[1] - 1)]
    return np.where(lag <= 0, 0.0, np.where(lag > q[:, None], from_row, from_u))


def _mitigated_rows(b, beta1, states_u, total_u, pm_u, set_idx, cand):
    """Day-0 census and earlier maximum for candidates with mitigated days before day 0."""
    a = -b.mitigation_day[set_idx]
    k = np.minimum(cand, a)
    q = cand - k
    steps = int(k.max())
    s_u, i_u, r_u = states_u
    total = b.initial_susceptible()[set_idx] + b.initial_infected()[set_idx] + b.recovered[set_idx]
    s, i, r = sir.simulate(
        s_u[set_idx, q], i_u[set_idx, q], r_u[set_idx, q], beta0=beta1[set_idx], beta1=beta1[set_idx],
        gamma=b.gamma[set_idx], switch=np.zeros(len(q)), steps=steps, total=total,
    )
    adm = sir.admits(_kind_series(b, i, r, set_idx))
    adm[:, 0] = total_u[set_idx, q]
    srow = np.cumsum(adm, axis=1)
    t = q[:, None] + np.arange(steps + 1)[None, :]
    cen = srow - _lagged(total_u, srow, set_idx, q, t, b.stays["hospitalized"][set_idx])
    j = np.arange(steps + 1)[None, :]
    earlier = np.where((j >= 1) & (j < k[:, None]), cen, -np.inf).max(axis=1)
    earlier = np.maximum(earlier, pm_u[set_idx, q + 1])
    return cen[np.arange(len(q)), k], earlier


def _day0(b: Batch, beta0, beta1, horizon: int):
    """Day-0 census and the largest earlier census, shape [sets, horizon + 1]."""
    states_u, total_u, census_u = _unmitigated(b, beta0, horizon)
    pm_u = _prefix_max(census_u)
    day0 = census_u.copy()
    earlier = pm_u[:, :-1].copy()
    lagging = np.nonzero(b.mitigation_day < 0)[0]
    if lagging.size:
        cand = np.arange(1, horizon + 1)
        set_idx = np.repeat(lagging, cand.size)
        d = np.tile(cand, lagging.size)
        for lo in range(0, d.size, CHUNK_ROWS):
            part = slice(lo, lo + CHUNK_ROWS)
            c, e = _mitigated_rows(b, beta1, states_u, total_u, pm_u, set_idx[part], d[part])
            day0[set_idx[part], d[part]] = c
            earlier[set_idx[part], d[part]] = e
    return day0, earlier


def _peaks_before(b: Batch, k: int, beta0, beta1, cands: np.ndarray) -> np.ndarray:
    """The reference's own test, in full: does candidate D's census peak before day 0?"""
    n = int(b.n_days[k])
    steps = int(cands.max()) + n + EXTRA_DAYS
    rows = np.full(cands.size, k)
    s, i, r = sir.simulate(
        b.initial_susceptible()[rows], b.initial_infected()[rows], b.recovered[rows],
        beta0=beta0[rows], beta1=beta1[rows], gamma=b.gamma[rows],
        switch=np.maximum(cands + b.mitigation_day[k], 0), steps=steps,
    )
    adm = sir.admits(_kind_series(b, i, r, rows))
    cen = sir.census(adm, b.stays["hospitalized"][rows])
    length = cands + n + EXTRA_DAYS
    cen = np.where(np.arange(steps + 1)[None, :] <= length[:, None], cen, -np.inf)
    return cen.argmax(axis=1) < cands


def _verify(b: Batch, k: int, beta0, beta1, loss, order: np.ndarray, fallback: int) -> int:
    """The first candidate in `order` that does not peak before day 0, else fallback."""
    for lo in range(0, order.size, 64):
        cands = order[lo:lo + 64]
        skipped = _peaks_before(b, k, beta0, beta1, cands)
        if not skipped.all():
            return int(cands[np.argmin(skipped)])
    return fallback


def _choose(b: Batch, k: int, loss, certain, beta0, beta1, best: int, best_loss: float) -> int:
    """The reference's choice for set k when uncertain candidates may beat `best`."""
    d = np.arange(loss.size)
    valid = d <= b.n_days[k] + EXTRA_DAYS - 1
    doubt = valid & ~certain & ((loss < best_loss) | ((loss == best_loss) & (d < best)))
    fallback = best if np.isfinite(best_loss) else -1
    if doubt.any():
        cands = d[doubt]
        order = cands[np.lexsort((cands, loss[cands]))]
        fallback = _verify(b, k, beta0, beta1, loss, order, fallback)
    if fallback < 0:
        raise ForecastError(
            f"parameter set {b.labels[k]}: every first-hospitalisation day puts the census peak before day 0"
        )
    return fallback


def search_first_day(b: Batch, beta0: np.ndarray, beta1: np.ndarray) -> np.ndarray:
    """D per set (doubling-time path), exactly as the reference chooses it."""
    horizon = int(b.n_days.max()) + EXTRA_DAYS - 1
    day0, earlier = _day0(b, beta0, beta1, horizon)
    loss = (day0 - b.current[:, None]) ** 2
    certain = day0 > earlier
    d = np.arange(horizon + 1)[None, :]
    valid = d <= (b.n_days + EXTRA_DAYS - 1)[:, None]
    masked = np.where(certain & valid, loss, np.inf)
    best = masked.argmin(axis=1)
    best_loss = masked[np.arange(len(b)), best]
    beaten = (loss < best_loss[:, None]) | ((loss == best_loss[:, None]) & (d < best[:, None]))
    unsure = (valid & ~certain & beaten).any(axis=1) | ~np.isfinite(best_loss)
    for k in np.nonzero(unsure)[0]:
        best[k] = _choose(b, k, loss[k], certain[k], beta0, beta1, int(best[k]), float(best_loss[k]))
    return best.astype(int)
