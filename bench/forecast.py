"""Benchmark: the vectorised reference model against a per-region pandas loop.

Forecasts 1,000 regions x 180 days twice: with a doubling time given (D is
searched over 480 candidates per region) and with the date of the first
hospitalisation (Td is fitted by grid search). The baseline is the same model
written the plain way, one region and one candidate at a time with pandas
series; it is timed on a subset and extrapolated to 1,000 regions (said so in
the output). Run: .venv/bin/python bench/forecast.py [--regions N] [--baseline M]
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from surgeops.forecast.parameters import Parameters
from surgeops.forecast.reference import forecast_reference
from surgeops.forecast.regions import RegionInput, forecast_regions

TODAY = date(2020, 4, 1)
HORIZON = 180


def make_regions(count: int, *, by_date: bool, seed: int = 7) -> list[Parameters]:
    """Varied regions: populations, census, growth, shares and mitigation dates."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        common = dict(
            population=float(rng.integers(200_000, 5_000_000)),
            market_share=float(rng.uniform(0.15, 1.0)),
            relative_contact_rate=float(rng.uniform(0.1, 0.5)),
            mitigation_date=TODAY + timedelta(days=int(rng.integers(-20, 11))),
            n_days=HORIZON, current_date=TODAY,
        )
        if by_date:
            first = TODAY - timedelta(days=int(rng.integers(15, 35)))
            out.append(Parameters(current_hospitalized=float(rng.integers(20, 150)),
                                  date_first_hospitalized=first, **common))
        else:
            out.append(Parameters(current_hospitalized=float(rng.integers(3, 200)),
                                  doubling_time=float(rng.uniform(2, 10)), **common))
    return out


def _pandas_run(p: Parameters, first_day: int, dt: float, days: int) -> pd.DataFrame:
    """One simulation, the plain way: a Python loop, then pandas columns."""
    i = 1.0 / p.market_share / p.hospitalized_rate
    s, r = p.population - i, float(p.recovered)
    n, gamma = s + i + r, 1.0 / p.infectious_days
    g = 2.0 ** (1.0 / dt) - 1.0
    beta0 = (g + gamma) / s * 1.0
    beta1 = (g + gamma) / s * (1.0 - p.relative_contact_rate)
    switch = first_day + max(p.mitigation_day, -first_day)
    rows = [(s, i, r)]
    for step in range(days):
        beta = beta0 if step < switch else beta1
        s_n, i_n, r_n = -beta * s * i + s, (beta * s * i - gamma * i) + i, gamma * i + r
        scale = n / (s_n + i_n + r_n)
        s, i, r = s_n * scale, i_n * scale, r_n * scale
        rows.append((s, i, r))
    df = pd.DataFrame(rows, columns=["s", "i", "r"])
    for kind in ("hospitalized", "icu", "ventilated"):
        ever = (df.i + df.r) * getattr(p, f"{kind}_rate") * p.market_share
        df[f"admits_{kind}"] = ever.diff()
        df[f"census_{kind}"] = df[f"admits_{kind}"].fillna(0).rolling(getattr(p, f"{kind}_days"), min_periods=1).sum()
    return df


def pandas_forecast(p: Parameters) -> pd.DataFrame:
    """The reference model for one region, one candidate at a time."""
    if p.doubling_time is not None:
        best, best_loss = -1, np.inf
        for d in range(p.n_days + 300):
            census = _pandas_run(p, d, p.doubling_time, d + p.n_days + 300).census_hospitalized
            if census.to_numpy().argmax() < d:
                continue
            loss = (census.iloc[d] - p.current_hospitalized) ** 2
            if loss < best_loss:
                best, best_loss = d, loss
        first_day, dt = best, p.doubling_time
    else:
        first_day = p.first_hospitalized_day
        dts = np.linspace(1, 15, 15)
        for round_ in range(5):
            losses = [(_pandas_run(p, first_day, x, first_day + p.n_days).census_hospitalized.iloc[first_day]
                       - p.current_hospitalized) ** 2 for x in dts]
            best = int(pd.Series(losses).argmin())
            if round_ < 4:
                dts = np.linspace(dts[best - 1], dts[best + 1], 15)
        dt = dts[best]
    return _pandas_run(p, first_day, dt, first_day + p.n_days).iloc[first_day:]


def _time(label: str, regions: list[Parameters], baseline: int) -> None:
    start = time.perf_counter()
    result = forecast_reference(regions)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    frames = [pandas_forecast(p) for p in regions[:baseline]]
    slow = (time.perf_counter() - start) / baseline * len(regions)
    worst = max(
        float(np.nanmax(np.abs(f.census_hospitalized.to_numpy() - result.columns["census_hospitalized"][k])
                        / result.columns["census_hospitalized"][k]))
        for k, f in enumerate(frames)
    )
    print(f"{label}: vectorised {len(regions)} regions x {HORIZON} days in {fast:.3f} s; "
          f"pandas loop {slow:.1f} s (timed on {baseline} regions, extrapolated to {len(regions)}); "
          f"ratio {slow / fast:.0f}x; worst census relative difference {worst:.1e}")


def _time_regions(count: int) -> None:
    """The regional entry point: three reference runs per region (central and band) plus bed checks."""
    rng = np.random.default_rng(11)
    regions = [
        RegionInput(code=f"R{k}", population=float(rng.integers(200_000, 5_000_000)),
                    census={"infectious": float(rng.integers(10, 300)), "icu": float(rng.integers(1, 40))},
                    open_beds={"infectious": 400.0, "icu": 50.0}, reserve_beds={"infectious": 200.0},
                    doubling_time=float(rng.uniform(3, 12)), mitigation_date=TODAY - timedelta(days=5))
        for k in range(count)
    ]
    start = time.perf_counter()
    forecast_regions(regions, horizon=HORIZON, current_date=TODAY)
    print(f"forecast_regions: {count} regions x {HORIZON} days (3 runs each, bed checks) in "
          f"{time.perf_counter() - start:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=10, help="regions timed in the pandas loop")
    args = parser.parse_args()
    _time("doubling time given (D searched)", make_regions(args.regions, by_date=False), args.baseline)
    _time("first hospitalisation date given (Td fitted)", make_regions(args.regions, by_date=True), args.baseline)
    _time_regions(args.regions)


if __name__ == "__main__":
    main()
