"""Regional forecasts: bed-type census with a band, exhaustion and reserve timing."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from surgeops.forecast.fitting import FitSettings
from surgeops.forecast.regions import RegionInput, forecast_regions

TODAY = date(2020, 7, 10)
# Mangystau region as reported: 230 infectious, 1346 provisional, 190 quarantine beds,
# about 76% occupied, 600 reserve provisional beds.
MANGYSTAU = RegionInput(
    code="KZ-MAN", population=700_000,
    census={"infectious": 200, "provisional": 1030, "quarantine": 112},
    open_beds={"infectious": 230, "provisional": 1346, "quarantine": 190},
    reserve_beds={"provisional": 600}, doubling_time=12, mitigation_date=date(2020, 7, 1),
)


def _observed(days: int = 31, seed: int = 1) -> dict[date, float]:
    rng = np.random.default_rng(seed)
    return {TODAY - timedelta(days=days - 1 - k): float(rng.poisson(60 * 1.04 ** k)) for k in range(days)}


@pytest.fixture(scope="module")
def forecasts():
    fitted = RegionInput(
        code="KZ-ALA", population=2_000_000, census={"infectious": 500, "icu": 50},
        open_beds={"infectious": 900, "icu": 80}, reserve_beds={"infectious": 300, "icu": 20},
        observed_admissions=_observed(),
    )
    roomy = RegionInput(code="KZ-AST", population=100_000, census={"infectious": 5},
                        open_beds={"infectious": 5000}, doubling_time=20)
    return forecast_regions([MANGYSTAU, fitted, roomy], horizon=90, current_date=TODAY, lead_time=5,
                            settings=FitSettings(bootstrap=20, seed=0))


def test_day_zero_is_the_current_census_split_by_its_mix(forecasts):
    man = forecasts[0]
    assert man.method == "reference"
    assert man.total[0] == pytest.approx(1342)
    assert man.census["provisional"][0] == pytest.approx(1030)
    assert man.census["icu"].max() == 0


def test_band_brackets_the_central_curve(forecasts):
    for f in forecasts:
        assert np.all(f.total_low <= f.total + 1e-9) and np.all(f.total <= f.total_high + 1e-9)
        assert f.total_high[-1] - f.total_low[-1] > 0


def test_exhaustion_day_is_the_first_day_over_open_beds(forecasts):
    man = forecasts[0]
    day = man.exhaustion_day
    assert day is not None and day > 0
    kind = man.exhaustion_bed_type
    assert man.census[kind][day] > MANGYSTAU.open_beds[kind]
    assert all(man.census[t][day - 1] <= MANGYSTAU.open_beds.get(t, 0) for t in man.census if man.census[t][day - 1] > 0)
    assert man.open_reserves_by == day - 5


def test_reserves_of_another_bed_type_do_not_delay_exhaustion(forecasts):
    man = forecasts[0]
    assert man.exhaustion_bed_type == "infectious"
    assert man.exhaustion_day_with_reserves == man.exhaustion_day


def test_reserves_delay_exhaustion_of_their_own_type(forecasts):
    ala = forecasts[1]
    assert ala.method == "fitted"
    assert ala.exhaustion_day is not None
    assert ala.exhaustion_day_with_reserves is None or ala.exhaustion_day_with_reserves > ala.exhaustion_day


def test_a_roomy_region_never_runs_out(forecasts):
    ast = forecasts[2]
    assert ast.exhaustion_day is None and ast.open_reserves_by is None
    assert ast.dates()[0] == TODAY and len(ast.dates()) == 91


def test_unknown_bed_type_names_the_region():
    bad = RegionInput(code="X", population=1e5, census={"infectious": 1}, open_beds={"ward": 3}, doubling_time=5)
    with pytest.raises(ValueError, match="X.open_beds"):
        forecast_regions([bad], horizon=10, current_date=TODAY)
