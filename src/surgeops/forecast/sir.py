"""Vectorised SIR arithmetic of the reference model, bit for bit.

Every function works on a batch of rows (one row per parameter set or per
candidate) and repeats the reference's floating-point operations in the same
order, so a batched run equals a scalar run to the last bit.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def growth_rate(doubling_time: Array) -> Array:
    """Daily growth rate g = 2^(1/Td) - 1."""
    return 2.0 ** (1.0 / np.asarray(doubling_time, dtype=float)) - 1.0


def contact_beta(growth: Array, gamma: Array, susceptible: Array, reduction: Array) -> Array:
    """beta = (g + gamma) / S0 * (1 - reduction), the reference's get_beta."""
    return (growth + gamma) / susceptible * (1.0 - reduction)


def simulate(
    s0: Array, i0: Array, r0: Array, *,
    beta0: Array, beta1: Array, gamma: Array, switch: Array, steps: int,
    total: Array | None = None,
) -> tuple[Array, Array, Array]:
    """Forward Euler SIR, one row per set: arrays of shape [rows, steps + 1].

    Row k uses beta0 on steps before switch[k] and beta1 from it on; after each
    step the state is rescaled to keep the simulated total, s0 + i0 + r0
    unless `total` is given (a run resumed from a mid-course state).
    """
    s, i, r = (np.array(v, dtype=float, copy=True).reshape(-1) for v in (s0, i0, r0))
    rows = s.shape[0]
    n = s + i + r if total is None else np.asarray(total, dtype=float).reshape(-1)
    out_s, out_i, out_r = (np.empty((rows, steps + 1)) for _ in range(3))
    switch = np.asarray(switch).reshape(-1)
    for step in range(steps):
        out_s[:, step], out_i[:, step], out_r[:, step] = s, i, r
        beta = np.where(step < switch, beta0, beta1)
        infections = beta * s * i
        s_n = -beta * s * i + s
        i_n = (infections - gamma * i) + i
        r_n = gamma * i + r
        scale = n / (s_n + i_n + r_n)
        s, i, r = s_n * scale, i_n * scale, r_n * scale
    out_s[:, steps], out_i[:, steps], out_r[:, steps] = s, i, r
    return out_s, out_i, out_r


def ever(infected: Array, recovered: Array, rate: Array, share: Array) -> Array:
    """Cumulative patients of one kind: (I + R) * rate * market share."""
    rate = np.asarray(rate, dtype=float).reshape(-1, 1)
    share = np.asarray(share, dtype=float).reshape(-1, 1)
    return (infected + recovered) * rate * share


def admits(ever_x: Array) -> Array:
    """Daily admissions; the first simulated day is undefined (NaN)."""
    out = np.empty_like(ever_x)
    out[:, 0] = np.nan
    out[:, 1:] = ever_x[:, 1:] - ever_x[:, :-1]
    return out


def running_admits(admits_x: Array) -> Array:
    """S(t) = admits on days 1..t summed left to right, S(0) = 0."""
    out = np.zeros_like(admits_x)
    np.cumsum(admits_x[:, 1:], axis=1, out=out[:, 1:])
    return out


def census(admits_x: Array, stay: Array) -> Array:
    """Census when every patient stays exactly `stay` days: S(t) - S(t - stay).

    `stay` may differ per row; the undefined first day counts as nothing.
    """
    total = running_admits(admits_x)
    rows, days = total.shape
    stay = np.broadcast_to(np.asarray(stay, dtype=int).reshape(-1), (rows,))
    lag = np.arange(days)[None, :] - stay[:, None]
    earlier = np.take_along_axis(total, np.clip(lag, 0, None), axis=1)
    return total - np.where(lag > 0, earlier, 0.0)
