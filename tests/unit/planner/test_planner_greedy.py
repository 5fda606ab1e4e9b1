"""The hand-method baseline: priority order, nearest donor first, same rules."""

from __future__ import annotations

from surgeops.planner import greedy, violations

LINE = {"A": {"B": 100, "C": 300, "D": 500}, "B": {"C": 200, "D": 400}, "C": {"D": 200}}


def test_greedy_serves_the_top_priority_from_the_nearest_donor(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "mask", 8, 1.0), ("D", "mask", 8, 5.0)],
                       offers=[("B", "mask", 10, 0), ("C", "mask", 10, 0)],
                       distances=LINE)
    plan = greedy(sc)
    moves = sorted((m.source, m.target, m.amount) for m in plan.moves)
    assert moves == [("B", "A", 8), ("C", "D", 8)]
    assert plan.status == "feasible"
    assert violations(sc, plan) == []


def test_greedy_skips_a_first_staff_move_smaller_than_a_team(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"], needs=[("A", "nurse", 5, 1.0)],
                       offers=[("B", "nurse", 2, 0), ("C", "nurse", 9, 0)],
                       min_team=3, distances=LINE)
    plan = greedy(sc)
    assert [(m.source, m.amount) for m in plan.moves] == [("C", 5)]


def test_greedy_completes_a_team_with_other_specialties(make_scenario):
    sc = make_scenario(["A", "B", "C", "D"],
                       needs=[("A", "nurse", 1, 3.0), ("A", "intensivist", 4, 1.0)],
                       offers=[("B", "nurse", 1, 0), ("B", "intensivist", 2, 0)],
                       min_team=3, distances=LINE)
    plan = greedy(sc)
    assert sorted((m.resource, m.amount) for m in plan.moves) == [("intensivist", 2),
                                                                  ("nurse", 1)]
    assert violations(sc, plan) == []
