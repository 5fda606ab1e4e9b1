"""Rolling-origin backtests on small tables: no look-ahead, calibration, the bed-type mapping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from surgeops.forecast.backtest import FIELDS, Spec, forecast_model, run_backtest
from surgeops.forecast.census_data import CensusDataError, parse_census_csv
from surgeops.forecast.intervals import Calibration, past_error_quantiles
from surgeops.forecast.point_models import MODELS

FIRST = date(2020, 2, 24)
DAYS = 70
SPIKE_DAY = 50


def _wave(scale: float, peak: int, days: int = DAYS) -> np.ndarray:
    t = np.arange(days)
    return np.round(scale * np.exp(-((t - peak) / 12.0) ** 2) + 3)


def _csv(ward: dict[str, np.ndarray], first: date = FIRST) -> str:
    lines = ["date,region_code,region,ward_patients,icu_patients,hospitalized"]
    for code, values in ward.items():
        for k, v in enumerate(values):
            icu = np.floor(v / 8)
            lines.append(f"{first + timedelta(days=k)},{code},R{code},{v - icu:.0f},{icu:.0f},{v:.0f}")
    return "\n".join(lines) + "\n"


def _table(spike: bool = False):
    ward = {"14": _wave(60, 35), "02": _wave(25, 45)}
    if spike:
        ward = {code: v.copy() for code, v in ward.items()}
        for v in ward.values():
            v[SPIKE_DAY:] += 5000
    return parse_census_csv(_csv(ward))


SPEC = Spec(start=FIRST + timedelta(days=20), end=FIRST + timedelta(days=DAYS - 1), horizons=(3, 7),
            calibration=Calibration(window=10, min_errors=4))


@pytest.mark.parametrize("model", list(MODELS))
def test_a_spike_after_the_origin_changes_no_forecast_made_before_it(model):
    plain, spiked = forecast_model(_table(), model, SPEC), forecast_model(_table(spike=True), model, SPEC)
    before = plain.origins < SPIKE_DAY
    for h in SPEC.horizons:
        assert np.array_equal(plain.quantiles[h][:, before], spiked.quantiles[h][:, before])
        # and the spike does show in forecasts made after it (the test can fail)
        assert not np.array_equal(plain.quantiles[h][:, ~before], spiked.quantiles[h][:, ~before])


def test_past_errors_are_pooled_only_once_their_outcome_is_known():
    errors = np.arange(40.0).reshape(2, 20)
    c = Calibration(window=3, min_errors=1)
    quantiles, counts = past_error_quantiles(errors, 2, c)
    # origin 10, horizon 2: origins 6, 7, 8 of both regions (their outcomes fall on days 8..10)
    assert counts[10] == 6
    assert quantiles[10, 11] == pytest.approx(np.median([6, 7, 8, 26, 27, 28]) - np.median([6, 7, 8, 26, 27, 28]))
    assert counts[1] == 0 and np.isnan(quantiles[1]).all()
    later = errors.copy()
    later[:, 9:] = 1e9
    assert np.array_equal(past_error_quantiles(later, 2, c)[0][:11], quantiles[:11], equal_nan=True)
    assert not np.array_equal(past_error_quantiles(later, 2, c)[0][11], quantiles[11])


def test_backtest_rows_have_the_issue_fields_and_relative_wis_of_persistence_is_one():
    rows, _ = run_backtest(_table(), replace(SPEC, models=("persistence", "damped")))
    assert [tuple(r) for r in rows] == [FIELDS] * 4
    assert [(r["model"], r["horizon"]) for r in rows] == [("persistence", 3), ("persistence", 7),
                                                           ("damped", 3), ("damped", 7)]
    persistence = rows[0]
    assert persistence["relative_wis"] == 1.0 and persistence["origins"] == DAYS - 20 - 3
    assert all(0.0 <= r["coverage_50"] <= r["coverage_95"] <= 1.0 for r in rows)


def test_the_italian_columns_map_to_our_bed_types():
    table = _table()
    day = FIRST + timedelta(days=40)
    census = table.census_on(0, day)
    assert set(census) == {"icu", "infectious"}
    assert sum(census.values()) == table.total[0, 40]


@pytest.mark.parametrize(("text", "message"), [
    ("date,region_code,region,ward_patients\n", "missing column 'icu_patients'"),
    ("date,region_code,region,ward_patients,icu_patients\n2020-01-01,01,A,x,1\n", "line 2: ward_patients"),
    ("date,region_code,region,ward_patients,icu_patients\n2020-13-01,01,A,1,1\n", "line 2: date"),
])
def test_bad_census_files_are_refused_naming_the_place(text, message):
    with pytest.raises(CensusDataError, match=message):
        parse_census_csv(text)


def test_unknown_model_and_region_are_refused_by_name():
    with pytest.raises(ValueError, match="model: unknown model 'oracle'"):
        run_backtest(_table(), replace(SPEC, models=("oracle",)))
    with pytest.raises(CensusDataError, match="region: 'Atlantis'"):
        _table().select(["Atlantis"])
