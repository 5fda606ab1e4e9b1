"""Check that a plan obeys the scenario: stock, keep, needs, team size, destination cap.

Used by the tests (every plan, on random instances) and the benchmark, independently of
the solver's own model, so a modelling mistake shows up as a violation here.
"""

from __future__ import annotations

from collections import defaultdict

from surgeops.planner.plan import Plan
from surgeops.planner.problem import Scenario, is_staff


def violations(scenario: Scenario, plan: Plan) -> list[str]:
    """Every rule the plan breaks, as readable lines; empty when the plan is feasible."""
    spare = {(o.region, o.resource): o.spare for o in scenario.offers}
    need = {(n.region, n.resource): n.amount for n in scenario.needs}
    sent: dict[tuple[str, str], int] = defaultdict(int)
    got: dict[tuple[str, str], int] = defaultdict(int)
    team: dict[tuple[str, str], int] = defaultdict(int)
    dests: dict[str, set[str]] = defaultdict(set)
    out = []
    for m in plan.moves:
        if m.amount <= 0 or m.amount != int(m.amount):
            out.append(f"move {m.source}->{m.target} {m.resource}: amount {m.amount}")
        sent[(m.source, m.resource)] += m.amount
        got[(m.target, m.resource)] += m.amount
        dests[m.source].add(m.target)
        if is_staff(m.resource):
            team[(m.source, m.target)] += m.amount
    out += [f"{d} sends {n} {k}, spare is {spare.get((d, k), 0)}"
            for (d, k), n in sent.items() if n > spare.get((d, k), 0)]
    out += [f"{r} receives {n} {k}, needs {need.get((r, k), 0)}"
            for (r, k), n in got.items() if n > need.get((r, k), 0)]
    out += [f"team {d}->{r} has {n} people" for (d, r), n in team.items()
            if 0 < n < scenario.rules.min_team_size]
    out += [f"{d} serves {len(s)} destinations" for d, s in dests.items()
            if len(s) > scenario.rules.max_destinations_per_donor]
    out += _unmet_consistency(plan, need, got)
    return out


def _unmet_consistency(plan: Plan, need: dict, got: dict) -> list[str]:
    listed = {(u.region, u.resource): u.amount for u in plan.unmet}
    expected = {k: n - got.get(k, 0) for k, n in need.items() if n - got.get(k, 0) > 0}
    return [] if listed == expected else [f"unmet list {listed} != {expected}"]
