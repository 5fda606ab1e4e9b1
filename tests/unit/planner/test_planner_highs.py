"""Arcs of large capacity run continuous in the MIP and are made integer afterwards."""

from __future__ import annotations

import highspy
import numpy as np

from surgeops.planner import solve
from surgeops.planner.formulation import build_formulation
from surgeops.planner.highs import repair_integrality
from surgeops.planner.network import build_network

LINE = {"A": {"B": 100, "C": 300}, "B": {"C": 200}}


def _masks_scenario(make_scenario):
    # A needs 1,001 masks; B spares 600 (close), C 900 (far)
    return make_scenario(["A", "B", "C"], needs=[("A", "mask", 1001, 1.0)],
                          offers=[("B", "mask", 600, 0), ("C", "mask", 900, 0)],
                          distances=LINE)


def test_only_arcs_above_the_threshold_are_continuous(make_scenario):
    net = build_network(make_scenario(
        ["A", "B"], needs=[("A", "mask", 1000, 1.0), ("A", "nurse", 5, 1.0)],
        offers=[("B", "mask", 1000, 0), ("B", "nurse", 5, 0)]))
    form = build_formulation(net, min_team=3, max_dest=4, continuous_above=100)
    kinds = {a.resource: form.lp.integrality_[i] for i, a in enumerate(net.arcs)}
    assert kinds["mask"] == highspy.HighsVarType.kContinuous
    assert kinds["nurse"] == highspy.HighsVarType.kInteger
    assert all(k == highspy.HighsVarType.kInteger
               for k in form.lp.integrality_[form.n_arcs:])  # pair binaries stay binary


def test_repair_rounds_fractional_amounts_to_a_feasible_integer_plan(make_scenario):
    net = build_network(_masks_scenario(make_scenario))
    form = build_formulation(net, min_team=3, max_dest=4, continuous_above=100)
    values = np.zeros(form.lp.num_col_)
    arc = {a.donor: i for i, a in enumerate(net.arcs)}
    values[arc["B"]], values[arc["C"]] = 600.0, 400.5  # what a relaxed MIP may return
    values[form.n_arcs:] = 1.0
    repaired = repair_integrality(form, 1, None, values, time_limit=5.0)
    assert repaired is not None
    flows = repaired[: form.n_arcs]
    assert np.all(flows == np.round(flows))
    assert flows.sum() == 1001  # the whole need, in whole units
    assert flows[arc["B"]] <= 600 and flows[arc["C"]] <= 900


def test_repair_leaves_integral_values_alone(make_scenario):
    net = build_network(_masks_scenario(make_scenario))
    form = build_formulation(net, min_team=3, max_dest=4, continuous_above=100)
    values = np.zeros(form.lp.num_col_)
    values[0] = 7.0000000001
    out = repair_integrality(form, 1, None, values, time_limit=5.0)
    assert out is not None and out[0] == 7.0 and np.all(out == np.round(out))


def test_solved_plan_moves_whole_units_of_large_stocks(make_scenario):
    plan = solve(_masks_scenario(make_scenario), mip_gap=0.0)
    amounts = {m.source: m.amount for m in plan.moves}
    assert sum(amounts.values()) == 1001
    assert plan.unmet_weighted == 0.0
    assert plan.distance == 600 * 100 + 401 * 300  # nearest donor first, the rest from C


def test_received_columns_cap_unmet_need_like_the_row_over_arcs(make_scenario):
    from surgeops.planner.highs import stage_model

    sc = make_scenario(
        ["A", "B", "C", "D"],
        needs=[("A", "nurse", 4, 3.0), ("A", "mask", 50, 1.0), ("D", "nurse", 3, 2.0),
               ("D", "mask", 30, 1.0)],
        offers=[("B", "nurse", 5, 0), ("C", "nurse", 4, 1), ("B", "mask", 40, 0),
                ("C", "mask", 60, 10)],
        max_dest=1)
    form = build_formulation(build_network(sc), min_team=3, max_dest=1)
    optimum = {}
    for received in (False, True):
        for cap in (30.0, 60.0):
            h = stage_model(form, 2, cap, time_limit=10, mip_gap=0.0, received=received)
            h.run()
            optimum[(received, cap)] = (h.getModelStatus(),
                                        round(h.getInfo().objective_function_value, 6))
    assert all(status == highspy.HighsModelStatus.kOptimal for status, _ in optimum.values())
    assert optimum[(True, 30.0)] == optimum[(False, 30.0)]
    assert optimum[(True, 60.0)] == optimum[(False, 60.0)]
    # a looser cap lets the plan travel less
    assert optimum[(False, 60.0)][1] < optimum[(False, 30.0)][1]
