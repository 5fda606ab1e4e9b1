"""Reinforcement planner: who sends which staff and supplies where (pure, HiGHS).

    scenario = load_scenario(path)            # or parse_scenario(obj) / Scenario(...)
    plan = solve(scenario, time_limit=30)     # Plan; plan.to_dict() / plan.to_json()
    baseline = greedy(scenario)               # the hand method, for comparison
    bound = lp_lower_bound(scenario)          # LP relaxation bounds
"""

from surgeops.planner.bounds import lp_lower_bound
from surgeops.planner.check import violations
from surgeops.planner.greedy import greedy
from surgeops.planner.plan import Bound, Move, Plan, Unmet
from surgeops.planner.problem import (
    Need, Offer, Region, Rules, Scenario, ScenarioError, load_scenario, parse_scenario,
)
from surgeops.planner.solve import solve

__all__ = [
    "Bound", "Move", "Need", "Offer", "Plan", "Region", "Rules", "Scenario", "ScenarioError",
    "Unmet", "greedy", "load_scenario", "lp_lower_bound", "parse_scenario", "solve",
    "violations",
]
