"""A plain, loop-by-loop implementation of the reference census model.

Written straight from docs/forecast.md (the reference's mathematics) with Python
floats and lists, one parameter set and one candidate at a time, so that the
vectorised package can be checked against something that shares none of its
shortcuts. Also writes the golden CSV files: `python forecast_plain.py`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "forecast"
KINDS = ("hospitalized", "icu", "ventilated")
DEFAULTS = {
    "relative_contact_rate": 0.3, "infectious_days": 14, "market_share": 0.15,
    "hospitalized_rate": 0.025, "hospitalized_days": 7, "icu_rate": 0.0075, "icu_days": 9,
    "ventilated_rate": 0.005, "ventilated_days": 10, "recovered": 0, "n_days": 30,
}


def _run(p: dict, first_day: int, beta0: float, beta1: float, days: int) -> dict:
    """Simulate `days` steps from day -first_day; admits and census for every kind."""
    s = float(p["population"] - 1.0 / p["market_share"] / p["hospitalized_rate"])
    i = float(1.0 / p["market_share"] / p["hospitalized_rate"])
    r = float(p["recovered"])
    n = s + i + r
    gamma = 1.0 / p["infectious_days"]
    mitigation = max(p["mitigation_day"], -first_day)
    switch = first_day + mitigation
    infected_or_recovered = [i + r]
    for step in range(days):
        beta = beta0 if step < switch else beta1
        s_n = (-beta * s * i) + s
        i_n = (beta * s * i - gamma * i) + i
        r_n = gamma * i + r
        scale = n / (s_n + i_n + r_n)
        s, i, r = s_n * scale, i_n * scale, r_n * scale
        infected_or_recovered.append(i + r)
    out = {}
    for kind in KINDS:
        ever = [x * p[f"{kind}_rate"] * p["market_share"] for x in infected_or_recovered]
        admits = [float("nan")] + [ever[t] - ever[t - 1] for t in range(1, len(ever))]
        running = [0.0]
        for t in range(1, len(admits)):
            running.append(running[-1] + admits[t])
        stay = p[f"{kind}_days"]
        census = [running[t] - (running[t - stay] if t - stay > 0 else 0.0) for t in range(len(admits))]
        out[f"admits_{kind}"], out[f"census_{kind}"] = admits, census
    return out


def _betas(p: dict, doubling_time: float) -> tuple[float, float]:
    growth = 2.0 ** (1.0 / doubling_time) - 1.0
    gamma = 1.0 / p["infectious_days"]
    s0 = p["population"] - 1.0 / p["market_share"] / p["hospitalized_rate"]
    return (growth + gamma) / s0 * (1.0 - 0.0), (growth + gamma) / s0 * (1.0 - p["relative_contact_rate"])


def _argmax(values: list[float]) -> int:
    best = 0
    for k, v in enumerate(values):
        if v > values[best]:
            best = k
    return best


def _search_first_day(p: dict) -> int:
    beta0, beta1 = _betas(p, p["doubling_time"])
    best, best_loss = -1, float("inf")
    for d in range(p["n_days"] + 300):
        census = _run(p, d, beta0, beta1, d + p["n_days"] + 300)["census_hospitalized"]
        if _argmax(census) < d:
            continue
        loss = (census[d] - p["current_hospitalized"]) ** 2
        if loss < best_loss:
            best, best_loss = d, loss
    if best < 0:
        raise ValueError("no first day fits")
    return best


def _argmin_doubling_time(p: dict, first_day: int, dts: list[float]) -> int:
    losses = []
    for dt in dts:
        beta0, beta1 = _betas(p, dt)
        census = _run(p, first_day, beta0, beta1, first_day + p["n_days"])["census_hospitalized"]
        losses.append((census[first_day] - p["current_hospitalized"]) ** 2)
    return losses.index(min(losses))


def _linspace(a: float, b: float) -> list[float]:
    step = (b - a) / 14
    return [k * step + a for k in range(14)] + [b]


def _fit_doubling_time(p: dict, first_day: int) -> float:
    dts = [float(k) for k in range(1, 16)]
    best = _argmin_doubling_time(p, first_day, dts)
    for _ in range(4):
        if best >= 14:
            raise ValueError("no doubling time fits")
        dts = _linspace(dts[best - 1], dts[best + 1])
        best = _argmin_doubling_time(p, first_day, dts)
    return dts[best]


def forecast_plain(raw: dict) -> tuple[int, float, dict]:
    """(D, Td, columns over days 0..n_days) for one flat parameter mapping."""
    p = {**DEFAULTS, **raw}
    today = date.fromisoformat(p["current_date"])
    p["mitigation_day"] = (date.fromisoformat(p.get("mitigation_date") or p["current_date"]) - today).days
    if p.get("doubling_time") is not None:
        first_day = _search_first_day(p)
    else:
        first_day = (today - date.fromisoformat(p["date_first_hospitalized"])).days
        p["doubling_time"] = _fit_doubling_time(p, first_day)
    beta0, beta1 = _betas(p, p["doubling_time"])
    full = _run(p, first_day, beta0, beta1, first_day + p["n_days"])
    return first_day, p["doubling_time"], {k: v[first_day:] for k, v in full.items()}


def golden_csv(raw: dict) -> str:
    """The `surgeops forecast --csv` text for one parameter set."""
    _, _, columns = forecast_plain(raw)
    names = [f"admits_{k}" for k in KINDS] + [f"census_{k}" for k in KINDS]
    lines = ["day," + ",".join(names)]
    for day in range(raw["n_days"] + 1):
        lines.append(f"{day}," + ",".join(repr(columns[c][day]) for c in names))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for path in sorted(DATA.glob("*.json")):
        path.with_suffix(".csv").write_text(golden_csv(json.loads(path.read_text())))
        print("wrote", path.with_suffix(".csv").name, file=sys.stderr)
