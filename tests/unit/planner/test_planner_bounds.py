"""The LP relaxation bounds the plans from below."""

from __future__ import annotations

from surgeops.planner import lp_lower_bound, solve

LINE = {"A": {"B": 100, "C": 300, "D": 500}, "B": {"C": 200, "D": 400}, "C": {"D": 200}}


def test_relaxation_splits_a_team_the_integer_plan_cannot(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "nurse", 2, 1.0)],
                       offers=[("B", "nurse", 2, 0), ("C", "nurse", 2, 0)],
                       min_team=3, distances=LINE)
    plan = solve(sc, mip_gap=0.0)
    bound = lp_lower_bound(sc)
    assert plan.unmet_weighted == 2.0
    # the pairs cannot field a team of 3 at all, so even the relaxation sends nobody
    assert bound.unmet_weighted == 2.0


def test_distance_bound_at_the_plans_unmet_level(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "mask", 5, 1.0), ("D", "mask", 5, 1.0)],
                       offers=[("B", "mask", 10, 0)], max_dest=1, distances=LINE)
    plan = solve(sc, mip_gap=0.0)
    assert plan.unmet_weighted == 5.0 and plan.distance == 500
    relaxed = lp_lower_bound(sc, unmet_weighted=plan.unmet_weighted)
    assert relaxed.unmet_weighted <= 5.0
    assert relaxed.distance is not None and relaxed.distance <= plan.distance


def test_transportation_bound_is_weaker_than_the_relaxation_with_rules(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "nurse", 2, 1.0), ("A", "mask", 4, 1.0)],
                       offers=[("B", "nurse", 2, 0), ("C", "mask", 4, 0)],
                       min_team=3, distances=LINE)
    with_rules = lp_lower_bound(sc)
    without = lp_lower_bound(sc, rules=False)
    assert without.unmet_weighted <= with_rules.unmet_weighted
    assert with_rules.unmet_weighted == 2.0  # B's two nurses can never form a team
    assert without.unmet_weighted == 2.0  # ... and pruning drops those arcs up front
