"""The Lagrangian bound from dual values bounds every plan, and is the LP's optimum at
the LP's own duals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surgeops.planner import solve
from surgeops.planner.formulation import build_formulation
from surgeops.planner.highs import solve_relaxation
from surgeops.planner.network import build_network
from surgeops.planner.pricing import build_blocks, price

LINE = {"A": {"B": 100, "C": 300, "D": 500}, "B": {"C": 200, "D": 400}, "C": {"D": 200}}


def _scenario(make_scenario):
    # staff-only, supply-only and mixed pairs; B's destination cap binds
    return make_scenario(
        ["A", "B", "C", "D"],
        needs=[("A", "nurse", 4, 2.0), ("A", "mask", 50, 1.0), ("C", "nurse", 2, 1.0),
               ("C", "anesthesiologist", 2, 3.0), ("D", "mask", 30, 1.0)],
        offers=[("B", "nurse", 5, 0), ("B", "anesthesiologist", 1, 0),
                ("B", "mask", 60, 0), ("D", "nurse", 3, 0)],
        min_team=3, max_dest=2, distances=LINE)


def _model(sc):
    net = build_network(sc)
    rules = sc.rules
    form = build_formulation(net, min_team=rules.min_team_size,
                             max_dest=rules.max_destinations_per_donor)
    blocks = build_blocks(net, min_team=rules.min_team_size,
                          max_dest=rules.max_destinations_per_donor)
    return net, form, blocks


@pytest.mark.parametrize("stage", [1, 2])
def test_bound_at_the_lp_duals_is_the_lp_optimum(make_scenario, stage):
    _net, form, blocks = _model(_scenario(make_scenario))
    cap = None if stage == 1 else solve_relaxation(form, 1, None, time_limit=10)[0]
    z, _cols, duals = solve_relaxation(form, stage, cap, time_limit=10)
    row = form.lp.num_row_ if stage == 2 else None
    lower = form.unmet_offset - (cap or 0.0)
    bound = price(blocks, form, duals, stage=stage, unmet_row=row, unmet_lower=lower)
    assert bound.bound == pytest.approx(z, rel=1e-9, abs=1e-6)
    assert (bound.delta >= 0).all() and (bound.block_min <= 0).all()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # a pure builder
@given(st.lists(st.floats(-5, 5), min_size=16, max_size=16))
def test_any_multipliers_bound_the_best_plan_from_below(make_scenario, values):
    sc = _scenario(make_scenario)
    _net, form, blocks = _model(sc)
    best = solve(sc, mip_gap=0.0, time_limit=10)
    duals = np.resize(np.array(values), form.lp.num_row_)
    bound = price(blocks, form, duals, stage=1)
    assert bound.bound <= best.unmet_weighted + 1e-9


def test_a_plan_using_a_pair_costs_at_least_the_bound_plus_its_delta(make_scenario):
    sc = _scenario(make_scenario)
    net, form, blocks = _model(sc)
    _z, _cols, duals = solve_relaxation(form, 1, None, time_limit=10)
    bound = price(blocks, form, duals, stage=1)
    best = solve(sc, mip_gap=0.0, time_limit=10)
    used = {(m.source, m.target) for m in best.moves}
    for p in used:
        assert best.unmet_weighted >= bound.bound + bound.delta[net.pairs.index(p)] - 1e-9
