"""The measured skill table: how far a forecast is shown, and the intervals it gives."""

from __future__ import annotations

import numpy as np
import pytest

from surgeops.forecast.skill import Skill, product_skill


def _skill(relative: list[float]) -> Skill:
    return Skill.of({"model": "m", "origins": "a..b", "regions": 2, "horizons": [
        {"horizon": h, "mape": 0.1, "coverage_50": 0.5, "coverage_95": 0.95, "relative_wis": r,
         "errors": [-0.2 * h, -0.05 * h, 0.05 * h, 0.2 * h]}
        for h, r in zip(range(1, len(relative) + 1), relative)]})


@pytest.mark.parametrize(("relative", "shown"), [([0.8, 0.9, 1.1, 0.7], 2), ([1.2, 0.5], 0), ([0.5, 0.6], 2)])
def test_forecast_is_shown_only_as_far_as_every_horizon_beat_persistence(relative, shown):
    assert _skill(relative).forecast_days() == shown


def test_intervals_apply_the_log_error_offsets_per_day_and_keep_the_last_beyond():
    bounds = _skill([0.5, 0.5]).intervals(np.array([[99.0, 99.0, 99.0, 99.0]]))
    assert bounds["low_95"][0, 0] == bounds["high_95"][0, 0] == 99.0
    assert bounds["high_95"][0, 1] == pytest.approx(100 * np.exp(0.2) - 1)
    assert bounds["low_50"][0, 2] == pytest.approx(100 * np.exp(-0.1) - 1)
    assert bounds["high_95"][0, 3] == bounds["high_95"][0, 2]  # past the last measured horizon


def test_the_packaged_table_is_the_default_models_backtest():
    skill = product_skill()
    assert skill.model == "chime" and [h.horizon for h in skill.horizons] == list(range(1, 29))
    assert 0.85 <= skill.horizons[6].coverage_95 <= 0.97
