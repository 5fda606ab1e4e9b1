"""SIR and SEIR dynamics for the models beyond the reference, many rows at once.

SEIR adds an exposed compartment: infected people incubate for
`incubation_days` before they become infectious. Both use the reference's
forward Euler step (dt = 1 day) with the state rescaled to a constant total.
`growth_beta` converts a daily growth rate into the contact rate that produces
it, so SIR and SEIR fitted to the same series share a meaning for g.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def growth_beta(growth: Array, gamma: Array, susceptible: Array, sigma: Array | None) -> Array:
    """beta giving early exponential growth g: (g + gamma)/S for SIR,
    (g + sigma)(g + gamma)/(sigma S) for SEIR (sigma = 1 / incubation_days)."""
    if sigma is None:
        return (growth + gamma) / susceptible
    return (growth + sigma) * (growth + gamma) / (sigma * susceptible)


def simulate_ever(
    s0: Array, e0: Array, i0: Array, r0: Array, *,
    beta0: Array, beta1: Array, gamma: Array, sigma: Array | None, switch: Array, steps: int,
) -> Array:
    """I + R (people who have become infectious) per row and day, shape [rows, steps + 1].

    beta0 applies on steps before switch[row], beta1 after; sigma None means SIR
    (e0 is then ignored).
    """
    s, e, i, r = (np.array(v, dtype=float).reshape(-1).copy() for v in (s0, e0, i0, r0))
    if sigma is None:
        e = np.zeros_like(s)
    n = s + e + i + r
    out = np.empty((s.shape[0], steps + 1))
    out[:, 0] = i + r
    switch = np.asarray(switch).reshape(-1)
    for step in range(steps):
        beta = np.where(step < switch, beta0, beta1)
        infections = beta * s * i
        if sigma is None:
            onset = infections
        else:
            onset = sigma * e
            e = e + infections - onset
        s, i, r = s - infections, i + onset - gamma * i, r + gamma * i
        scale = n / (s + e + i + r)
        s, e, i, r = s * scale, e * scale, i * scale, r * scale
        out[:, step + 1] = i + r
    return out


def daily_and_census(ever_infectious: Array, rate: Array, stay: int) -> tuple[Array, Array]:
    """Admissions per day (day 0 counts nothing) and census with a fixed stay."""
    ever = ever_infectious * np.asarray(rate, dtype=float).reshape(-1, 1)
    admits = np.zeros_like(ever)
    admits[:, 1:] = np.diff(ever, axis=1)
    total = np.cumsum(admits, axis=1)
    census = total.copy()
    census[:, stay:] -= total[:, :-stay]
    return admits, census
