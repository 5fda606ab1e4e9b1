"""Solve a scenario with HiGHS, lexicographically, and prove it over the whole network.

Stage 1 minimises priority-weighted unmet need; stage 2, among plans whose weighted
unmet need is at most stage 1's, minimises total distance x amount. Each stage is solved
over the donor -> region pairs its LP relaxation uses (found by column generation on
large networks) and proven over all pairs with a Lagrangian certificate (`stages`,
`pricing`). Stage 1 starts from the greedy baseline's plan and stage 2 from stage 1's,
so the planner is never worse than the hand method even when the time limit cuts the
search short.
"""

from __future__ import annotations

import time
from typing import Optional

import numpy as np

from surgeops.planner.assemble import assemble_plan
from surgeops.planner.formulation import Formulation
from surgeops.planner.granularity import priority_granularity
from surgeops.planner.greedy import greedy_flows
from surgeops.planner.highs import new_highs, solve_relaxation
from surgeops.planner.network import Network, build_network, nearest_arcs, pairs_of_arcs
from surgeops.planner.plan import Bound, Plan
from surgeops.planner.pricing import build_blocks
from surgeops.planner.problem import Scenario
from surgeops.planner.stages import Context, run_stage

FULL_MODEL_ARCS = 20_000  # larger networks start column generation from nearest donors
CANDIDATE_ARCS = 5_000  # about this many arcs from nearest donors in the first pool
MIN_CANDIDATES = 4
STAGE_ONE_SHARE = 0.5  # of the time limit; stage 2 gets the rest

__all__ = ["FULL_MODEL_ARCS", "new_highs", "relaxed_objective", "solve"]


def solve(scenario: Scenario, *, time_limit: float = 60.0, mip_gap: float = 1e-3,
          candidates: Optional[int] = None) -> Plan:
    """The best plan for `scenario`: least weighted unmet need, then least distance.

    `time_limit` (seconds) bounds both stages together; `mip_gap` is the relative
    optimality gap each stage must prove over the whole network. Status is "optimal"
    when both stages proved it, "feasible" otherwise (time limit). `candidates` forces
    column generation to start from each need's K nearest donors (as on networks larger
    than `FULL_MODEL_ARCS` arcs); the result is proven over every arc all the same.
    """
    start = time.perf_counter()
    net = build_network(scenario)
    if not net.arcs:
        return assemble_plan(scenario, net, [], status="optimal", gap=0.0,
                             seconds=time.perf_counter() - start)
    rules = scenario.rules
    ctx = Context(net, build_blocks(net, min_team=rules.min_team_size,
                                    max_dest=rules.max_destinations_per_donor),
                  {p: i for i, p in enumerate(net.pairs)}, rules.min_team_size,
                  rules.max_destinations_per_donor, mip_gap,
                  priority_granularity(n.priority for n in scenario.needs if n.amount > 0))
    hand = np.array(greedy_flows(net, min_team=rules.min_team_size,
                                 max_dest=rules.max_destinations_per_donor), dtype=float)
    pool = _first_pool(net, candidates)
    first = run_stage(ctx, 1, hand, pool,
                      deadline=start + STAGE_ONE_SHARE * time_limit)
    second = run_stage(ctx, 2, first.flows, first.pool, deadline=start + time_limit,
                       unmet_cap=first.objective)
    proven = first.proven and second.proven
    return assemble_plan(
        scenario, net, [int(f) for f in second.flows],
        status="optimal" if proven else "feasible", seconds=time.perf_counter() - start,
        gap=max(first.gap, second.gap), bound=Bound(first.bound, second.bound),
        stopped_early=not proven)


def _first_pool(net: Network, per_need: Optional[int]) -> set[int]:
    """Pairs of the first LP: all of them on networks up to `FULL_MODEL_ARCS` arcs,
    otherwise the pairs of each need's nearest donors (column generation adds the
    rest that matter)."""
    if per_need is None and len(net.arcs) <= FULL_MODEL_ARCS:
        return set(range(len(net.pairs)))
    if per_need is None:
        per_need = max(MIN_CANDIDATES, CANDIDATE_ARCS // max(len(net.need), 1))
    return pairs_of_arcs(net, nearest_arcs(net, per_need))


def relaxed_objective(form: Formulation, *, stage: int, unmet_cap: Optional[float] = None,
                      time_limit: float = 600.0) -> float:
    """Optimum of a stage's LP relaxation: a lower bound on its MIP optimum.

    Raises TimeoutError when the LP is not solved to optimality within `time_limit`.
    """
    return solve_relaxation(form, stage, unmet_cap, time_limit=time_limit)[0]
