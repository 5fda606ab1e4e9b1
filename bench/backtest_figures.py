"""The figure of docs/forecast.md: 7-day-ahead forecasts against the truth for three regions.

Runs the backtest on the whole file (the intervals pool every region's past
errors, as the reported scores do) and plots, for each chosen region, the census
and the forecast made 7 days before each day (median, 50% and 95% intervals) of
the damped-trend model and the product's default model.
Run: .venv/bin/python bench/backtest_figures.py --data regions.csv --out docs/forecast-backtest.png
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from surgeops.forecast import scoring  # noqa: E402
from surgeops.forecast.backtest import DEFAULT_MODEL, Spec, forecast_model  # noqa: E402
from surgeops.forecast.census_data import ATTRIBUTION, parse_census_csv  # noqa: E402

REGIONS = ("03", "12", "21")  # Lombardia (sharp spring 2020 peak), Lazio (broad waves), P.A. Bolzano (small, spiky)
HORIZON = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/forecast-backtest.png"))
    args = parser.parse_args()
    table = parse_census_csv(args.data.read_text(encoding="utf-8"))
    spec = replace(Spec(), horizons=(HORIZON,))
    runs = {m: forecast_model(table, m, spec) for m in ("damped", DEFAULT_MODEL)}
    first, last = table.day_index(spec.start), table.day_index(spec.end)
    fig, axes = plt.subplots(len(REGIONS), 1, figsize=(11, 3.2 * len(REGIONS)), sharex=True)
    for ax, code in zip(axes, REGIONS):
        r = table.codes.index(code)
        days = [table.date_of(k) for k in range(first, last + 1)]
        ax.plot(days, table.total[r, first:last + 1], color="black", lw=1.2, label="census (truth)")
        for (model, run), colour in zip(runs.items(), ("tab:blue", "tab:red")):
            q = run.quantiles[HORIZON][r, first:last + 1]
            targets = [d + timedelta(days=HORIZON) for d in days]
            ax.plot(targets, q[:, scoring.MEDIAN], color=colour, lw=0.9, label=f"{model}: median, {HORIZON} days ahead")
            for alpha, shade in ((0.05, 0.15), (0.5, 0.3)):
                lo, hi = scoring.interval_bounds(q, alpha)
                ax.fill_between(targets, lo, hi, color=colour, alpha=shade, lw=0)
        ax.set_title(f"{table.names[r]}: COVID-19 ward + ICU census and 7-day-ahead forecasts (50% and 95% intervals)")
        ax.set_ylim(0, np.nanmax(table.total[r, first:last + 1]) * 1.3)
        ax.legend(loc="upper right", fontsize=8)
    fig.text(0.01, 0.003, f"Data: {ATTRIBUTION}", fontsize=8)
    fig.tight_layout(rect=(0, 0.015, 1, 1))
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
