"""The optimal planner on small instances solved by hand."""

from __future__ import annotations

import json

import pytest

from surgeops.planner import greedy, solve, violations

EXACT = {"mip_gap": 0.0, "time_limit": 20.0}
LINE = {"A": {"B": 100, "C": 300, "D": 500}, "B": {"C": 200, "D": 400}, "C": {"D": 200}}


def _moves(plan):
    return sorted((m.source, m.target, m.resource, m.amount) for m in plan.moves)


def test_no_offers_leaves_every_need_unmet(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "nurse", 5, 2.0)])
    plan = solve(sc, **EXACT)
    assert plan.status == "optimal"
    assert plan.moves == []
    assert [(u.region, u.resource, u.amount) for u in plan.unmet] == [("A", "nurse", 5)]
    assert plan.unmet_weighted == 10.0
    assert "no donor offers any" in plan.explanation["A"]


def test_more_offers_than_needs_meets_all_from_the_nearest(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "mask", 10, 1.0)],
                       offers=[("B", "mask", 100, 0), ("C", "mask", 100, 0)],
                       distances=LINE)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "A", "mask", 10)]
    assert plan.unmet == [] and plan.unmet_weighted == 0
    assert plan.distance == 10 * 100


def test_distance_breaks_ties_between_equally_good_plans(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "nurse", 4, 1.0)],
                       offers=[("D", "nurse", 4, 0), ("C", "nurse", 4, 0)],
                       distances=LINE)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("C", "A", "nurse", 4)]
    assert plan.moves[0].km == 300


def test_unmet_need_comes_before_distance(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "beds", 10, 1.0)],
                       offers=[("B", "beds", 6, 0), ("D", "beds", 4, 0)],
                       distances=LINE)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "A", "beds", 6), ("D", "A", "beds", 4)]
    assert plan.distance == 6 * 100 + 4 * 500


def test_keep_is_never_sent(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "ventilator", 10, 1.0)],
                       offers=[("B", "ventilator", 10, 7)])
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "A", "ventilator", 3)]
    assert "donors keep another 7" in plan.explanation["A"]


def test_min_team_size_makes_a_small_staff_move_impossible(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "nurse", 2, 1.0)],
                       offers=[("B", "nurse", 10, 0)], min_team=3)
    plan = solve(sc, **EXACT)
    assert plan.moves == []
    assert plan.unmet[0].amount == 2
    assert "cannot form a team of 3" in plan.explanation["A"]


def test_specialties_combine_into_one_team(make_scenario):
    sc = make_scenario(["A", "B"],
                       needs=[("A", "nurse", 2, 1.0), ("A", "anesthesiologist", 1, 1.0)],
                       offers=[("B", "nurse", 10, 0), ("B", "anesthesiologist", 5, 0)],
                       min_team=3)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "A", "anesthesiologist", 1), ("B", "A", "nurse", 2)]


def test_team_size_binds_a_donor_with_too_few_spare(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "nurse", 5, 1.0)],
                       offers=[("B", "nurse", 4, 2), ("C", "nurse", 3, 0)],
                       min_team=3, distances=LINE)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("C", "A", "nurse", 3)]
    assert "Region B's spare staff for this region (2) cannot form a team of 3" \
        in plan.explanation["A"]


def test_max_destinations_binds_and_priority_chooses(make_scenario):
    sc = make_scenario(["A", "B", "C"],
                       needs=[("A", "mask", 10, 1.0), ("C", "mask", 10, 2.0)],
                       offers=[("B", "mask", 30, 0)], max_dest=1)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "C", "mask", 10)]
    assert "already serves its maximum of 1 destinations" in plan.explanation["A"]
    wider = make_scenario(["A", "B", "C"],
                          needs=[("A", "mask", 10, 1.0), ("C", "mask", 10, 2.0)],
                          offers=[("B", "mask", 30, 0)], max_dest=2)
    assert solve(wider, **EXACT).unmet == []


def test_priorities_decide_who_gets_a_scarce_resource(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "intensivist", 5, 1.0), ("D", "intensivist", 5, 3.0)],
                       offers=[("B", "intensivist", 5, 0)], distances=LINE)
    plan = solve(sc, **EXACT)
    assert _moves(plan) == [("B", "D", "intensivist", 5)]
    assert plan.unmet_weighted == 5.0
    assert "go to higher-priority regions (Region D)" in plan.explanation["A"]


def test_planner_beats_the_hand_method_when_rules_bind(make_scenario):
    # Greedy sends B's masks to the top-priority need first and then cannot reach C.
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "mask", 5, 3.0), ("C", "mask", 5, 2.0),
                              ("C", "beds", 5, 2.0)],
                       offers=[("B", "mask", 5, 0), ("D", "mask", 5, 0),
                               ("B", "beds", 5, 0)],
                       max_dest=1, distances=LINE)
    hand, best = greedy(sc), solve(sc, **EXACT)
    assert violations(sc, hand) == [] and violations(sc, best) == []
    assert best.unmet_weighted == 0 < hand.unmet_weighted == 10.0


def test_plan_json_has_the_documented_shape(make_scenario):
    sc = make_scenario(["A", "B"], needs=[("A", "nurse", 5, 1.0)],
                       offers=[("B", "nurse", 3, 0)])
    doc = json.loads(solve(sc, **EXACT).to_json())
    assert set(doc) == {"status", "objective", "moves", "unmet", "explanation",
                        "solve_seconds", "gap", "lower_bound"}
    assert set(doc["objective"]) == {"unmet_weighted", "distance"}
    assert set(doc["moves"][0]) == {"from", "to", "resource", "amount", "km"}
    assert doc["unmet"] == [{"region": "A", "resource": "nurse", "amount": 2}]
    assert doc["status"] == "optimal" and doc["gap"] == 0


def test_candidate_restriction_finds_and_certifies_the_optimum(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "mask", 12, 1.0)],
                       offers=[("B", "mask", 5, 0), ("C", "mask", 5, 0),
                               ("D", "mask", 5, 0)], distances=LINE)
    plan = solve(sc, candidates=1, **EXACT)
    assert _moves(plan) == _moves(solve(sc, **EXACT)) == [
        ("B", "A", "mask", 5), ("C", "A", "mask", 5), ("D", "A", "mask", 2)]
    assert plan.status == "optimal"
    assert plan.lower_bound is not None
    assert plan.lower_bound.distance == pytest.approx(3000, rel=1e-6)


def test_without_time_to_solve_the_greedy_plan_comes_back_with_a_valid_bound(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "mask", 12, 1.0), ("C", "nurse", 4, 2.0)],
                       offers=[("B", "mask", 5, 0), ("D", "mask", 9, 0),
                               ("B", "nurse", 6, 0)], distances=LINE)
    plan = solve(sc, time_limit=0.0)
    assert violations(sc, plan) == []
    assert plan.unmet_weighted <= greedy(sc).unmet_weighted
    doc = json.loads(plan.to_json())
    assert 0 <= doc["lower_bound"]["unmet_weighted"] <= plan.unmet_weighted
