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


def _history(total_u, srow, set_idx, q, stay):
    """S at indices q - max(stay) .. q + steps per row: from U before q, then the row's own."""
    width = int(stay.max())
    before = q[:, None] - width + np.arange(width)[None, :]
    from_u = total_u[set_idx[:, None], np.clip(before, 0, None)]
    return np.concatenate([from_u, srow], axis=1), width


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
    stay = b.stays["hospitalized"][set_idx]
    hist, width = _history(total_u, srow, set_idx, q, stay)
    j = np.arange(steps + 1)[None, :]
    lagged = np.take_along_axis(hist, width - stay[:, None] + j, axis=1)
    cen = srow - np.where(q[:, None] + j - stay[:, None] > 0, lagged, 0.0)
    earlier = np.where((j >= 1) & (j < k[:, None]), cen, -np.inf).max(axis=1)
    earlier = np.maximum(earlier, pm_u[set_idx, q + 1])
    return cen[np.arange(len(q)), k], earlier


def _surely_skipped(b: Batch, beta0, beta1, s_u, horizon: int) -> np.ndarray:
    """Candidates whose census is certainly falling on day 0, so it peaked before.

    Once beta * s < gamma (with a margin far above rounding), infections fall for
    good, since s only falls and beta only drops. Then admissions fall a day
    later and the census L days after that. A candidate whose infections fall
    from index c on, with day 0 at D >= c + L + 2, has census[D - 1] > census[D]
    and nothing larger after D: its argmax lies before day 0. Infections fall
    from U's turning point if the candidate is still on U then, or from its
    mitigation index if mitigation alone brings beta * s below gamma.
    """
    margin = b.gamma[:, None] * (1.0 - 1e-3)
    falling = beta0[:, None] * s_u < margin
    turn = np.where(falling.any(axis=1), falling.argmax(axis=1), horizon + 10)[:, None]
    d = np.arange(horizon + 1)[None, :]
    switch = np.maximum(d + b.mitigation_day[:, None], 0)
    stay = b.stays["hospitalized"][:, None]
    on_u = (switch >= turn) & (d >= turn + stay + 2)
    s_at_switch = np.take_along_axis(s_u, np.minimum(switch, horizon), axis=1)
    mitigated = (beta1[:, None] * s_at_switch < margin) & (d >= switch + stay + 2)
    return on_u | mitigated


def _day0(b: Batch, beta0, beta1, horizon: int):
    """Day-0 census, the largest earlier census and sure skips, shape [sets, horizon + 1]."""
    states_u, total_u, census_u = _unmitigated(b, beta0, horizon)
    pm_u = _prefix_max(census_u)
    skipped = _surely_skipped(b, beta0, beta1, states_u[0], horizon)
    day0 = census_u.copy()
    earlier = pm_u[:, :-1].copy()
    rows = (b.mitigation_day < 0)[:, None] & ~skipped
    rows[:, 0] = False
    set_idx, d = np.nonzero(rows)
    for lo in range(0, d.size, CHUNK_ROWS):
        part = slice(lo, lo + CHUNK_ROWS)
        c, e = _mitigated_rows(b, beta1, states_u, total_u, pm_u, set_idx[part], d[part])
        day0[set_idx[part], d[part]] = c
        earlier[set_idx[part], d[part]] = e
    return day0, earlier, skipped


def _peaks_before(b: Batch, rows: np.ndarray, cands: np.ndarray, beta0, beta1) -> np.ndarray:
    """The reference's own test, in full: does candidate D's census peak before day 0?"""
    length = cands + b.n_days[rows] + EXTRA_DAYS
    steps = int(length.max())
    s, i, r = sir.simulate(
        b.initial_susceptible()[rows], b.initial_infected()[rows], b.recovered[rows],
        beta0=beta0[rows], beta1=beta1[rows], gamma=b.gamma[rows],
        switch=np.maximum(cands + b.mitigation_day[rows], 0), steps=steps,
    )
    adm = sir.admits(_kind_series(b, i, r, rows))
    cen = sir.census(adm, b.stays["hospitalized"][rows])
    cen = np.where(np.arange(steps + 1)[None, :] <= length[:, None], cen, -np.inf)
    return cen.argmax(axis=1) < cands


def _verify(b: Batch, queues: dict[int, np.ndarray], chosen: np.ndarray, beta0, beta1) -> None:
    """For each set k, the first candidate of queues[k] that does not peak before day 0.

    Sets are checked together, a few candidates each, more on every round; a set
    whose queue runs out keeps chosen[k] (the best certain candidate, or -1).
    """
    start, width = dict.fromkeys(queues, 0), 1
    while queues:
        rows = np.concatenate([np.full(len(q[start[k]:start[k] + width]), k) for k, q in queues.items()])
        cands = np.concatenate([q[start[k]:start[k] + width] for k, q in queues.items()])
        skipped = _peaks_before(b, rows, cands, beta0, beta1)
        for k in list(queues):
            mine = rows == k
            if not skipped[mine].all():
                chosen[k] = cands[mine][np.argmin(skipped[mine])]
                del queues[k]
                continue
            start[k] += width
            if start[k] >= queues[k].size:
                del queues[k]
        width *= 4


def search_first_day(b: Batch, beta0: np.ndarray, beta1: np.ndarray) -> np.ndarray:
    """D per set (doubling-time path), exactly as the reference chooses it."""
    horizon = int(b.n_days.max()) + EXTRA_DAYS - 1
    day0, earlier, skipped = _day0(b, beta0, beta1, horizon)
    loss = (day0 - b.current[:, None]) ** 2
    d = np.arange(horizon + 1)[None, :]
    valid = d <= (b.n_days + EXTRA_DAYS - 1)[:, None]
    certain = (day0 > earlier) & valid & ~skipped
    masked = np.where(certain, loss, np.inf)
    best = masked.argmin(axis=1)
    best_loss = masked[np.arange(len(b)), best]
    best[~np.isfinite(best_loss)] = -1
    beaten = (loss < best_loss[:, None]) | ((loss == best_loss[:, None]) & (d < best[:, None]))
    doubt = valid & ~certain & ~skipped & beaten
    queues = {}
    for k in np.nonzero(doubt.any(axis=1))[0]:
        cands = np.nonzero(doubt[k])[0]
        queues[int(k)] = cands[np.lexsort((cands, loss[k, cands]))]
    _verify(b, queues, best, beta0, beta1)
    if (best < 0).any():
        k = int(np.argmax(best < 0))
        raise ForecastError(
            f"parameter set {b.labels[k]}: every first-hospitalisation day puts the census peak before day 0"
        )
    return best.astype(int)
