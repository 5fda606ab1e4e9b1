"""On random small instances every plan is feasible and never worse than the hand method."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surgeops.planner import Scenario, greedy, lp_lower_bound, solve, violations

RESOURCES = ["nurse", "anesthesiologist", "epidemiologist", "mask", "beds"]


@st.composite
def scenarios(draw) -> Scenario:
    n = draw(st.integers(2, 5))
    regions = [{"id": f"R{i}", "name": f"Region {i}",
                "lat": draw(st.floats(40, 55)), "lon": draw(st.floats(50, 80))}
               for i in range(n)]
    needs, offers = [], []
    for i in range(n):
        for k in RESOURCES:
            role = draw(st.sampled_from(["need", "offer", "none"]))
            if role == "need":
                needs.append({"region": f"R{i}", "resource": k,
                              "amount": draw(st.integers(0, 12)),
                              "priority": draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))})
            elif role == "offer":
                amount = draw(st.integers(0, 12))
                offers.append({"region": f"R{i}", "resource": k, "amount": amount,
                               "keep": draw(st.integers(0, amount))})
    rules = {"min_team_size": draw(st.integers(1, 4)),
             "max_destinations_per_donor": draw(st.integers(1, 3))}
    return Scenario.model_validate({"regions": regions, "needs": needs,
                                    "offers": offers, "rules": rules})


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_plans_are_feasible_and_no_worse_than_greedy(scenario):
    plan = solve(scenario, time_limit=10.0, mip_gap=0.0)
    hand = greedy(scenario)
    assert violations(scenario, plan) == []
    assert violations(scenario, hand) == []
    assert plan.unmet_weighted <= hand.unmet_weighted + 1e-9
    bound = lp_lower_bound(scenario, unmet_weighted=plan.unmet_weighted)
    assert bound.unmet_weighted <= plan.unmet_weighted + 1e-6
    assert set(plan.explanation) >= {u.region for u in plan.unmet}
