"""Turn integer flows on arcs into a `Plan`: moves, unmet need, objectives, explanations."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from surgeops.planner.explain import explain
from surgeops.planner.network import Network
from surgeops.planner.plan import Bound, Move, Plan, Status, Unmet
from surgeops.planner.problem import Scenario


def assemble_plan(scenario: Scenario, net: Network, flows: list[int], *, status: Status,
                  seconds: float, gap: Optional[float] = None,
                  bound: Optional[Bound] = None, stopped_early: bool = False) -> Plan:
    """Build the plan from one integer amount per arc of `net` (same order)."""
    moves = [Move(a.donor, a.region, a.resource, amount, a.km)
             for a, amount in zip(net.arcs, flows) if amount > 0]
    moves.sort(key=lambda m: (m.target, m.resource, m.km, m.source))
    received: dict[tuple[str, str], int] = defaultdict(int)
    for m in moves:
        received[(m.target, m.resource)] += m.amount
    unmet = [Unmet(r, k, amount - received[(r, k)])
             for (r, k), amount in sorted(net.need.items())
             if amount - received[(r, k)] > 0]
    plan = Plan(
        status=status,
        unmet_weighted=sum(net.priority[(u.region, u.resource)] * u.amount for u in unmet),
        distance=round(sum(m.km * m.amount for m in moves), 6),
        moves=moves, unmet=unmet, solve_seconds=seconds, gap=gap, lower_bound=bound,
    )
    plan.explanation = explain(scenario, net, plan, stopped_early=stopped_early)
    return plan
