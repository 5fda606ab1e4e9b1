"""Scores against hand-worked cases and against the quantile (pinball) form of WIS."""

from __future__ import annotations

import numpy as np
import pytest

from surgeops.forecast import scoring


def test_interval_score_inside_and_outside_by_hand():
    # [9, 12] at alpha 0.5: width 3, plus 2/0.5 = 4 per patient outside
    assert scoring.interval_score(np.array(10.0), 9.0, 12.0, 0.5) == pytest.approx(3.0)
    assert scoring.interval_score(np.array(15.0), 9.0, 12.0, 0.5) == pytest.approx(3.0 + 4 * 3)
    assert scoring.interval_score(np.array(7.0), 9.0, 12.0, 0.5) == pytest.approx(3.0 + 4 * 2)


@pytest.mark.parametrize(("y", "expected"), [
    (10.0, (0.5 * 2 + 0.25 * 3) / 1.5),   # inside: |y - m| = 2, IS = 3
    (15.0, (0.5 * 7 + 0.25 * 15) / 1.5),  # above: |y - m| = 7, IS = 3 + 4 * 3
])
def test_wis_one_interval_by_hand(y, expected):
    got = scoring.weighted_interval_score(np.array(y), np.array(8.0), np.array([9.0]), np.array([12.0]),
                                          np.array([0.5]))
    assert got == pytest.approx(expected)


def test_wis_of_23_quantiles_equals_the_pinball_form():
    rng = np.random.default_rng(3)
    q = np.sort(rng.gamma(4.0, 25.0, (50, scoring.QUANTILES.size)), axis=1)
    y = rng.gamma(4.0, 25.0, 50)
    tau = scoring.QUANTILES[None, :]
    pinball = np.sum(((y[:, None] < q) - tau) * (q - y[:, None]), axis=1)
    assert np.allclose(scoring.wis(y, q), pinball / (scoring.ALPHAS.size + 0.5))


def test_wis_is_zero_for_a_sharp_correct_forecast_and_levels_are_the_hubs():
    assert scoring.QUANTILES.size == 23 and scoring.QUANTILES[scoring.MEDIAN] == 0.5
    assert scoring.QUANTILES[0] == pytest.approx(0.01) and scoring.QUANTILES[-1] == pytest.approx(0.99)
    assert scoring.wis(np.array([7.0]), np.full((1, 23), 7.0))[0] == 0.0


def test_coverage_counts_bounds_as_inside():
    y = np.array([1.0, 5.0, 10.0])
    assert scoring.coverage(y, np.array([0.0, 6.0, 10.0]), np.array([2.0, 8.0, 10.0])) == pytest.approx(2 / 3)


def test_interval_bounds_pick_the_matching_quantiles():
    q = np.arange(23.0)
    assert scoring.interval_bounds(q, 0.05) == (1.0, 21.0)
    assert scoring.interval_bounds(q, 0.5) == (6.0, 16.0)


def test_weighted_mape_weighs_by_census_and_mae_averages():
    y, m = np.array([100.0, 2.0]), np.array([90.0, 4.0])
    assert scoring.weighted_mape(y, m) == pytest.approx(12 / 102)
    assert scoring.mae(y, m) == pytest.approx(6.0)
