"""SIR and SEIR dynamics beyond the reference."""

from __future__ import annotations

import numpy as np
import pytest

from surgeops.forecast.seir import daily_and_census, growth_beta, simulate_ever


@pytest.mark.parametrize("sigma", [None, 1 / 5])
def test_growth_beta_gives_the_requested_early_growth(sigma):
    gamma, s0, g = 1 / 14, 1e9, 0.1
    beta = growth_beta(np.array([g]), gamma, s0, sigma)
    e0 = np.array([10.0 * gamma / sigma]) if sigma else np.zeros(1)
    ever = simulate_ever(np.array([s0]), e0, np.array([10.0]), np.zeros(1), beta0=beta, beta1=beta,
                         gamma=gamma, sigma=sigma, switch=np.array([1000]), steps=120)
    daily = np.diff(ever[0])
    assert daily[-1] / daily[-2] - 1 == pytest.approx(g, rel=0.05)


def test_seir_lags_sir_at_the_same_contact_rate():
    args = dict(beta0=np.array([0.3e-6]), beta1=np.array([0.3e-6]), gamma=1 / 14, switch=np.array([999]), steps=60)
    sir = simulate_ever(np.array([1e6]), np.zeros(1), np.array([10.0]), np.zeros(1), sigma=None, **args)
    seir = simulate_ever(np.array([1e6]), np.zeros(1), np.array([10.0]), np.zeros(1), sigma=1 / 5, **args)
    assert seir[0, -1] < sir[0, -1]


def test_census_is_the_sum_of_the_last_stay_days_of_admissions():
    ever = np.array([[0.0, 1, 3, 6, 10, 15, 21]])
    admits, census = daily_and_census(ever, 1.0, 3)
    assert admits.tolist() == [[0, 1, 2, 3, 4, 5, 6]]
    assert census.tolist() == [[0, 1, 3, 6, 9, 12, 15]]
