"""Fitting growth and contact reduction to an observed series, with a bootstrap band.

The unknowns are the infected count when the simulation starts (a stay's length
before the first observation, so the census window is full), the daily growth
rate g before mitigation and the contact reduction c from the mitigation date
on (fixed at 0 when no mitigation date is given: g and c cannot be told apart
without a change inside the series). Residuals are taken on the square-root
scale, which steadies count noise. The band is a seeded parametric bootstrap:
new series are drawn around the fitted curve with the fitted residual spread,
all of them refitted together in one sparse least-squares problem, and the
projections of every replicate are simulated in one vectorised call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Mapping

import numpy as np
from scipy.optimize import least_squares
from scipy.sparse import block_diag, csr_matrix

from surgeops.forecast.seir import daily_and_census, growth_beta, simulate_ever

MIN_POINTS = 6


@dataclass(frozen=True)
class FitSettings:
    """What the series is and how the model behind it is shaped."""

    kind: Literal["admissions", "census"] = "admissions"
    model: Literal["sir", "seir"] = "sir"
    hospitalized_rate: float = 0.025
    hospitalized_days: int = 7
    infectious_days: float = 14.0
    incubation_days: float = 5.0
    bootstrap: int = 40
    level: float = 0.9
    seed: int = 0


@dataclass(frozen=True)
class _Timeline:
    """Observation days and the model around them (index 0 = start of simulation)."""

    population: float
    settings: FitSettings
    obs_index: np.ndarray
    mitigation_index: int | None
    start: date

    @property
    def warmup(self) -> int:
        return self.settings.hospitalized_days

    def curves(self, theta: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
        """Admissions and census for parameter rows theta = [log I0, g, (c)], [rows, steps + 1]."""
        st = self.settings
        i0, g = np.exp(theta[:, 0]), theta[:, 1]
        c = theta[:, 2] if theta.shape[1] > 2 else np.zeros(theta.shape[0])
        gamma = 1.0 / st.infectious_days
        sigma = 1.0 / st.incubation_days if st.model == "seir" else None
        s0 = self.population - i0
        beta0 = growth_beta(g, gamma, s0, sigma)
        switch = np.full(theta.shape[0], steps + 1 if self.mitigation_index is None else self.mitigation_index)
        e0 = i0 * gamma / sigma if sigma is not None else np.zeros_like(i0)
        ever = simulate_ever(s0 - e0, e0, i0, np.zeros_like(i0), beta0=beta0, beta1=beta0 * (1.0 - c),
                             gamma=gamma, sigma=sigma, switch=switch, steps=steps)
        return daily_and_census(ever, st.hospitalized_rate, st.hospitalized_days)

    def predict(self, theta: np.ndarray) -> np.ndarray:
        """The observed quantity on the observed days, [rows, observations]."""
        admits, census = self.curves(theta, int(self.obs_index.max()))
        chosen = admits if self.settings.kind == "admissions" else census
        return np.maximum(chosen[:, self.obs_index], 0.0)


def _bounds(t: _Timeline, params: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    gamma = 1.0 / t.settings.infectious_days
    lo = np.array([math.log(1e-3), -0.9 * gamma, 0.0][:params])
    hi = np.array([math.log(t.population / 2), 1.0, 1.0][:params])
    return np.tile(lo, rows), np.tile(hi, rows)


def _solve(t: _Timeline, y: np.ndarray, theta0: np.ndarray) -> np.ndarray:
    """Least squares for every row of y at once (rows are independent problems)."""
    rows, params = theta0.shape
    root = np.sqrt(np.maximum(y, 0.0))

    def residuals(x: np.ndarray) -> np.ndarray:
        return (np.sqrt(t.predict(x.reshape(rows, params))) - root).ravel()

    lo, hi = _bounds(t, params, rows)
    start = np.clip(theta0.ravel(), lo + 1e-9, hi - 1e-9)
    sparsity = None
    if rows > 1:
        sparsity = csr_matrix(block_diag([np.ones((y.shape[1], params))] * rows))
    fit = least_squares(residuals, start, bounds=(lo, hi), jac_sparsity=sparsity, x_scale="jac",
                        method="trf", tr_solver="lsmr" if rows > 1 else "exact")
    return fit.x.reshape(rows, params)


def _first_guess(t: _Timeline, y: np.ndarray, params: int) -> np.ndarray:
    """A start from the first observations: g from their log slope, I0 from their level."""
    st = t.settings
    head = np.maximum(y[: max(3, len(y) // 3)], 0.5)
    g = float(np.clip(np.polyfit(t.obs_index[: head.size], np.log(head), 1)[0], -0.05, 0.6))
    gamma = 1.0 / st.infectious_days
    per_infected = st.hospitalized_rate * (g + gamma) * (st.hospitalized_days if st.kind == "census" else 1)
    i0 = max(head[0] / per_infected * math.exp(-g * t.obs_index[0]), 1e-2)
    return np.array([math.log(i0), g, 0.3][:params])[None, :]


@dataclass(frozen=True)
class SeriesFit:
    """Fitted growth rate, contact reduction and starting infections, with bootstrap replicates."""

    growth_rate: float
    reduction: float
    initial_infected: float
    residual_scale: float
    timeline: _Timeline = field(repr=False)
    theta: np.ndarray = field(repr=False)
    samples: np.ndarray = field(repr=False)

    @property
    def doubling_time(self) -> float:
        """Days to double before mitigation (infinite when not growing)."""
        return math.log(2) / math.log1p(self.growth_rate) if self.growth_rate > 0 else math.inf

    def project(self, horizon: int, *, day0: date) -> dict[str, np.ndarray]:
        """Admissions and census for days 0..horizon from day0: central, low and high.

        Keys: admits, admits_low, admits_high, census, census_low, census_high.
        """
        t = self.timeline
        offset = t.warmup + (day0 - t.start).days
        if offset < 0:
            raise ValueError("day0 must not be before the first observation")
        rows = np.vstack([self.theta[None, :], self.samples])
        admits, census = t.curves(rows, offset + horizon)
        tail = 100 * (1 - t.settings.level) / 2
        out = {}
        for name, values in (("admits", admits), ("census", census)):
            window = values[:, offset:]
            out[name] = window[0]
            spread = window[1:] if window.shape[0] > 1 else window
            out[f"{name}_low"], out[f"{name}_high"] = np.percentile(spread, [tail, 100 - tail], axis=0)
        return out


def fit_series(
    observed: Mapping[date, float], *, population: float,
    mitigation_date: date | None = None, settings: FitSettings = FitSettings(),
) -> SeriesFit:
    """Fit g (and c when a mitigation date is given) to daily admissions or census."""
    if len(observed) < MIN_POINTS:
        raise ValueError(f"observed: need at least {MIN_POINTS} days, got {len(observed)}")
    if any(v < 0 or not math.isfinite(v) for v in observed.values()):
        raise ValueError("observed: values must be finite and not negative")
    days = sorted(observed)
    warm = settings.hospitalized_days
    mit = None if mitigation_date is None else max(warm + (mitigation_date - days[0]).days, 0)
    t = _Timeline(population=float(population), settings=settings, start=days[0], mitigation_index=mit,
                  obs_index=np.array([warm + (d - days[0]).days for d in days]))
    y = np.array([float(observed[d]) for d in days])
    params = 2 if mit is None else 3
    theta = _solve(t, y[None, :], _first_guess(t, y, params))[0]
    fitted = t.predict(theta[None, :])[0]
    spread = float(np.sqrt(np.sum((np.sqrt(fitted) - np.sqrt(y)) ** 2) / max(y.size - params, 1)))
    samples = np.empty((0, params))
    if settings.bootstrap > 0:
        rng = np.random.default_rng(settings.seed)
        noisy = (np.sqrt(fitted) + rng.normal(0.0, spread, (settings.bootstrap, y.size))).clip(0) ** 2
        samples = _solve(t, noisy, np.tile(theta, (settings.bootstrap, 1)))
    return SeriesFit(
        growth_rate=float(theta[1]), reduction=float(theta[2]) if params > 2 else 0.0,
        initial_infected=float(np.exp(theta[0])), residual_scale=spread,
        timeline=t, theta=theta, samples=samples,
    )



def _row_wise_fit(t: _Timeline, y: np.ndarray, theta: np.ndarray, iterations: int = 40) -> np.ndarray:
    """[log I0, g] per row by Levenberg-Marquardt on every row at once, each row on its own (its own damping,
    its own accepted steps): no row's result depends on another row's data."""
    gamma = 1.0 / t.settings.infectious_days
    lo = np.tile([math.log(1e-3), -0.9 * gamma], (theta.shape[0], 1))
    hi = np.column_stack([np.log(np.broadcast_to(t.population, theta.shape[:1]) / 2), np.ones(theta.shape[0])])
    root = np.sqrt(y)

    def residuals(x: np.ndarray) -> np.ndarray:
        return np.sqrt(t.predict(x)) - root

    theta = np.clip(theta, lo + 1e-9, hi - 1e-9)
    res = residuals(theta)
    cost = np.sum(res**2, axis=1)
    damping = np.full(theta.shape[0], 1e-2)
    for _ in range(iterations):
        step = 1e-6 * np.maximum(np.abs(theta), 1.0)
        jac = np.stack([(residuals(theta + step * e) - res) / step[:, [k]]
                        for k, e in enumerate(np.eye(theta.shape[1]))], axis=2)
        jtj = np.einsum("rok,rol->rkl", jac, jac)
        jtj += damping[:, None, None] * (jtj * np.eye(theta.shape[1])) + 1e-12 * np.eye(theta.shape[1])
        delta = np.linalg.solve(jtj, -np.einsum("rok,ro->rk", jac, res)[:, :, None])[:, :, 0]
        trial = np.clip(theta + delta, lo + 1e-9, hi - 1e-9)
        trial_res = residuals(trial)
        trial_cost = np.sum(trial_res**2, axis=1)
        better = trial_cost < cost
        theta = np.where(better[:, None], trial, theta)
        res = np.where(better[:, None], trial_res, res)
        cost = np.where(better, trial_cost, cost)
        damping = np.where(better, damping / 3.0, damping * 3.0)
    return theta


def fit_windows(windows: np.ndarray, *, population: np.ndarray, horizon: int,
                settings: FitSettings = FitSettings(kind="census")) -> np.ndarray:
    """Fit growth to each row of `windows` (consecutive days, the last is day 0) and
    project the fitted curve: [rows, horizon + 1] for days 0..horizon.

    `population` is one value per row. The rows are fitted together but each on
    its own (a row-wise Levenberg-Marquardt with a fixed number of steps), so a
    row's fit never depends on another row's figures; no contact reduction is fitted.
    """
    rows, days = windows.shape
    if days < MIN_POINTS:
        raise ValueError(f"windows: need at least {MIN_POINTS} days, got {days}")
    warm = settings.hospitalized_days
    t = _Timeline(population=np.asarray(population, dtype=float).reshape(-1), settings=settings,
                  start=date(2000, 1, 1), mitigation_index=None, obs_index=np.arange(warm, warm + days))
    y = np.maximum(np.nan_to_num(windows.astype(float)), 0.0)
    guess = np.vstack([_first_guess(t, row, 2) for row in y])
    theta = _row_wise_fit(t, y, guess)
    _, census = t.curves(theta, warm + days - 1 + horizon)
    return census[:, warm + days - 1:]
