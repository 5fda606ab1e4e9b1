"""The two worked examples of the reference model's design document."""

from __future__ import annotations

import math

import pytest

from surgeops.forecast.batch import ForecastError
from surgeops.forecast.parameters import parse_parameters
from surgeops.forecast.reference import forecast_reference

COMMON = {"population": 700000, "n_days": 60, "current_date": "2020-04-01", "mitigation_date": "2020-04-01"}
FIRST = parse_parameters({**COMMON, "current_hospitalized": 3, "doubling_time": 4, "market_share": 1.0})
SECOND = parse_parameters(
    {**COMMON, "current_hospitalized": 60, "date_first_hospitalized": "2020-03-10", "market_share": 0.4}
)

# day: admits_hospitalized, census_hospitalized, census_icu, census_ventilated
FIRST_DAYS = {
    0: (0.737036360453688, 3.2555323949254973, 0.9766597184776491, 0.6511064789850993),
    1: (0.6134970211331492, 3.6083937296273545, 1.1607088248175936, 0.7738058832117292),
    5: (0.9344440606210966, 5.184667530450319, 1.8432580360744812, 1.3025549508832386),
}
FIRST_FLOORED = {30: (12, 67, 23, 16), 60: (214, 1205, 432, 308)}
SECOND_DAYS = {
    0: (13.944323083221292, 59.99112475072616, 20.089375637728295, 13.917704232635671),
    30: (157.43143962213435, 952.5116635934125, 346.6114100139737, 249.08913975175594),
    60: (47.523975948014595, 424.2944472924146, 177.8259547135292, 137.30293164147315),
}
SHOWN = ("admits_hospitalized", "census_hospitalized", "census_icu", "census_ventilated")


@pytest.fixture(scope="module")
def both():
    return forecast_reference([FIRST, SECOND])


def _values(result, k: int, day: int) -> tuple[float, ...]:
    return tuple(float(result.columns[c][k, day]) for c in SHOWN)


def test_first_example_fits_d_seven(both):
    assert both.first_day[0] == 7
    assert both.doubling_time[0] == 4


@pytest.mark.parametrize("day", sorted(FIRST_DAYS))
def test_first_example_days(both, day):
    assert _values(both, 0, day) == pytest.approx(FIRST_DAYS[day], rel=1e-6)


@pytest.mark.parametrize("day", sorted(FIRST_FLOORED))
def test_first_example_floored(both, day):
    assert tuple(math.floor(v) for v in _values(both, 0, day)) == FIRST_FLOORED[day]


def test_second_example_fits_doubling_time(both):
    assert both.first_day[1] == 22
    assert both.doubling_time[1] == pytest.approx(3.698042482299042, rel=1e-12)


@pytest.mark.parametrize("day", sorted(SECOND_DAYS))
def test_second_example_days(both, day):
    assert _values(both, 1, day) == pytest.approx(SECOND_DAYS[day], rel=1e-6)


def test_one_set_alone_equals_the_same_set_in_a_batch(both):
    alone = forecast_reference([SECOND])
    for name, values in alone.columns.items():
        assert values[0].tolist() == both.columns[name][1].tolist()


def test_fitted_values_follow_the_reference_formulas(both):
    assert both.r_t[0] == pytest.approx(both.r_naught[0] * 0.7, rel=1e-12)
    assert both.doubling_time_t[0] > both.doubling_time[0]


def test_census_at_day_zero_is_current_when_the_first_day_is_today():
    p = parse_parameters({**COMMON, "current_hospitalized": 4, "date_first_hospitalized": "2020-04-01"})
    result = forecast_reference([p])
    assert result.first_day[0] == 0
    assert math.isnan(result.columns["admits_hospitalized"][0, 0])
    assert result.columns["census_hospitalized"][0, 0] == 0.0


def test_no_doubling_time_fits_a_census_far_too_high():
    p = parse_parameters({**COMMON, "current_hospitalized": 0.5, "date_first_hospitalized": "2020-03-20",
                          "market_share": 1.0})
    with pytest.raises(ForecastError, match="slow: no doubling time fits"):
        forecast_reference([p], labels=["slow"])
