"""Census on bed types and the first day beds run out."""

from __future__ import annotations

import numpy as np
import pytest

from surgeops.forecast import beds


def test_census_mix_follows_the_current_census():
    mix = beds.census_mix({"infectious": 30, "icu": 10})
    assert mix.tolist() == pytest.approx([0.75, 0, 0, 0.25, 0, 0])


def test_empty_census_falls_back_to_configured_shares():
    mix = beds.census_mix({})
    assert mix.sum() == pytest.approx(1.0)
    assert mix[beds.BED_TYPES.index("provisional")] == pytest.approx(beds.default_shares()["provisional"])


@pytest.mark.parametrize("shares", [{"ward": 1.0}, {"icu": -1.0}, {"icu": 0.0}])
def test_bad_shares_are_refused(shares):
    with pytest.raises(ValueError, match="shares"):
        beds.normalise_shares(shares)


def test_first_day_over_names_the_day_and_bed_type():
    total = np.array([[10.0, 20.0, 40.0, 80.0], [1.0, 1.0, 1.0, 1.0]])
    shares = np.array([beds.normalise_shares({"icu": 1, "infectious": 3}), beds.normalise_shares({"oxygen": 1})])
    census = beds.split(total, shares)
    capacity = np.stack([beds.by_type({"infectious": 100, "icu": 15}, "open"), beds.by_type({"oxygen": 5}, "open")])
    day, kind = beds.first_day_over(census, capacity)
    assert day.tolist() == [3, -1]
    assert beds.BED_TYPES[kind[0]] == "icu"
