"""The vectorised D search against the plain one-candidate-at-a-time search.

Random parameter sets stress the shortcuts of surgeops.forecast.first_day:
mitigation long before, just before, on and after day 0, contact reductions
that make the census dip and grow again, and growth that burns out early.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from forecast_plain import forecast_plain
from surgeops.forecast.parameters import parse_parameters
from surgeops.forecast.reference import forecast_reference

TODAY = date(2020, 4, 1)


def _random_sets(count: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    sets = []
    for _ in range(count):
        sets.append({
            "population": float(rng.integers(50_000, 3_000_000)),
            "current_hospitalized": float(rng.choice([0.5, 3, 20, 80, 400])),
            "doubling_time": float(rng.uniform(1.5, 12)),
            "relative_contact_rate": float(rng.choice([0.0, 0.2, 0.5, 0.8])),
            "market_share": float(rng.uniform(0.15, 1.0)),
            "infectious_days": float(rng.choice([7, 14])),
            "n_days": int(rng.integers(3, 12)),
            "current_date": TODAY.isoformat(),
            "mitigation_date": (TODAY + timedelta(days=int(rng.integers(-30, 8)))).isoformat(),
        })
    return sets


@pytest.mark.parametrize("seed", [1, 2])
def test_vectorised_search_chooses_the_plain_search_day(seed):
    sets = _random_sets(4, seed)
    result = forecast_reference([parse_parameters(s) for s in sets])
    for k, raw in enumerate(sets):
        first_day, _, columns = forecast_plain(raw)
        assert result.first_day[k] == first_day, raw
        assert np.allclose(result.columns["census_hospitalized"][k, : raw["n_days"] + 1],
                           columns["census_hospitalized"], rtol=1e-12, atol=0)
