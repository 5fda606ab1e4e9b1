"""Fitting growth and contact reduction to noisy synthetic series (seeded)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from surgeops.forecast.fitting import FitSettings, _Timeline, fit_series

START = date(2020, 3, 1)
MITIGATION = START + timedelta(days=25)
TRUTH = {"initial_infected": 300.0, "growth_rate": 0.15, "reduction": 0.5}


def _synthetic(settings: FitSettings, *, seed: int, days: int = 50) -> tuple[dict, np.ndarray]:
    warm = settings.hospitalized_days
    timeline = _Timeline(population=5e6, settings=settings, obs_index=np.arange(warm, warm + days),
                         mitigation_index=warm + 25, start=START)
    truth = np.array([[np.log(TRUTH["initial_infected"]), TRUTH["growth_rate"], TRUTH["reduction"]]])
    clean = timeline.predict(truth)[0]
    noisy = np.random.default_rng(seed).poisson(clean)
    return {START + timedelta(days=k): float(v) for k, v in enumerate(noisy)}, timeline.curves(truth, warm + days + 30)


@pytest.mark.parametrize("model", ["sir", "seir"])
@pytest.mark.parametrize("kind", ["admissions", "census"])
def test_fit_recovers_growth_and_reduction(model, kind):
    settings = FitSettings(model=model, kind=kind, bootstrap=20, seed=1)
    observed, _ = _synthetic(settings, seed=5)
    fit = fit_series(observed, population=5e6, mitigation_date=MITIGATION, settings=settings)
    assert fit.growth_rate == pytest.approx(TRUTH["growth_rate"], abs=0.01)
    assert fit.reduction == pytest.approx(TRUTH["reduction"], abs=0.05)
    low, high = np.percentile(fit.samples[:, 1], [2.5, 97.5])
    assert low < fit.growth_rate < high


def test_band_brackets_the_central_projection_and_widens():
    settings = FitSettings(kind="census", bootstrap=30, seed=2)
    observed, (_, truth_census) = _synthetic(settings, seed=9)
    fit = fit_series(observed, population=5e6, mitigation_date=MITIGATION, settings=settings)
    out = fit.project(30, day0=START + timedelta(days=49))
    assert np.all(out["census_low"] <= out["census"] + 1e-9)
    assert np.all(out["census"] <= out["census_high"] + 1e-9)
    assert out["census_high"][30] - out["census_low"][30] > out["census_high"][0] - out["census_low"][0]
    truth = truth_census[0, settings.hospitalized_days + 49:]
    assert out["census"][30] == pytest.approx(truth[30], rel=0.15)


def test_same_seed_same_band():
    settings = FitSettings(bootstrap=10, seed=4)
    observed, _ = _synthetic(settings, seed=3)
    one = fit_series(observed, population=5e6, mitigation_date=MITIGATION, settings=settings)
    two = fit_series(observed, population=5e6, mitigation_date=MITIGATION, settings=settings)
    assert np.array_equal(one.samples, two.samples)


def test_without_mitigation_only_growth_is_fitted():
    settings = FitSettings(bootstrap=0)
    observed, _ = _synthetic(settings, seed=3, days=20)
    fit = fit_series(observed, population=5e6, settings=settings)
    assert fit.reduction == 0.0
    assert fit.growth_rate == pytest.approx(0.15, abs=0.02)
    assert fit.doubling_time == pytest.approx(np.log(2) / np.log1p(fit.growth_rate))


@pytest.mark.parametrize(("observed", "message"), [
    ({START: 1.0}, "at least"),
    ({START + timedelta(days=k): (-1.0 if k == 3 else 1.0) for k in range(8)}, "not negative"),
])
def test_bad_series_are_refused(observed, message):
    with pytest.raises(ValueError, match=message):
        fit_series(observed, population=1e5)
