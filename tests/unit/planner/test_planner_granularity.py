"""The priority granularity: the step between two possible weighted unmet needs."""

from __future__ import annotations

import math

import pytest

from surgeops.planner.granularity import priority_granularity, round_up


@pytest.mark.parametrize(("priorities", "step"), [
    ([1.0, 2.0, 5.0], 1.0), ([2.0, 4.0], 2.0), ([0.5, 1.0, 3.0], 0.5),
    ([0.25, 0.1], 0.05), ([1 / 3, 1.0], 1 / 3), ([], None), ([math.pi], None),
])
def test_granularity_divides_every_priority(priorities, step):
    g = priority_granularity(priorities)
    if step is None:
        assert g is None
    else:
        assert g == pytest.approx(step)
        assert all(abs(p / g - round(p / g)) < 1e-9 for p in priorities)


def test_round_up_raises_a_bound_to_the_next_step_but_not_past_round_off():
    assert round_up(246.2, 1.0) == 247.0
    assert round_up(247.0000000001, 1.0) == 247.0
    assert round_up(246.2, None) == 246.2
    assert round_up(1.01, 0.5) == 1.5
