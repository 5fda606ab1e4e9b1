"""Solve a scenario optimally with HiGHS, lexicographically, in two solves.

Stage 1 minimises priority-weighted unmet need. Stage 2 fixes that value (as a
constraint, with a relative tolerance of `UNMET_TOLERANCE`) and minimises total
distance x amount. Both stages start from the greedy baseline's plan, so the planner is
never worse than the hand method even when the time limit cuts the search short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

import highspy
import numpy as np

from surgeops.planner.assemble import assemble_plan
from surgeops.planner.formulation import Formulation, build_formulation
from surgeops.planner.greedy import greedy_flows
from surgeops.planner.network import Network, build_network
from surgeops.planner.plan import Bound, Plan, Status
from surgeops.planner.problem import Scenario

UNMET_TOLERANCE = 1e-7  # stage 2 may lose at most this fraction of the total weighted need
THREADS = 2
SEED = 7


@dataclass
class StageResult:
    status: Status
    values: np.ndarray  # all column values, x first
    objective: float
    bound: float
    gap: float


def solve(scenario: Scenario, *, time_limit: float = 30.0, mip_gap: float = 1e-4) -> Plan:
    """The best plan for `scenario`: least weighted unmet need, then least distance.

    `time_limit` (seconds) bounds both stages together; `mip_gap` is HiGHS's relative
    optimality gap for each stage. Status is "optimal" when both stages proved their
    optimum within the gap, "feasible" when the time limit stopped the search first.
    """
    start = time.perf_counter()
    net = build_network(scenario)
    rules = scenario.rules
    if not net.arcs:
        return assemble_plan(scenario, net, [], status="optimal", gap=0.0,
                             seconds=time.perf_counter() - start)
    form = build_formulation(net, min_team=rules.min_team_size,
                             max_dest=rules.max_destinations_per_donor)
    warm = _start_values(net, greedy_flows(net, min_team=rules.min_team_size,
                                           max_dest=rules.max_destinations_per_donor), form)
    first = _run(form, warm, time_limit=time_limit, mip_gap=mip_gap, stage=1)
    remaining = max(time_limit - (time.perf_counter() - start), 0.1 * time_limit)
    second = _run(form, first.values, time_limit=remaining, mip_gap=mip_gap, stage=2,
                  unmet_cap=_unmet_of(form, first.values))
    status: Status = "optimal" if first.status == second.status == "optimal" else "feasible"
    flows = [int(round(v)) for v in second.values[: form.n_arcs]]
    return assemble_plan(
        scenario, net, flows, status=status, seconds=time.perf_counter() - start,
        gap=max(first.gap, second.gap), bound=Bound(first.bound, second.bound),
        stopped_early=status != "optimal")


def _run(form: Formulation, start: np.ndarray, *, time_limit: float, mip_gap: float,
         stage: int, unmet_cap: Optional[float] = None) -> StageResult:
    h = new_highs(time_limit=time_limit, mip_gap=mip_gap)
    h.passModel(form.lp)
    if stage == 2:
        n_col = form.lp.num_col_
        cost = np.concatenate([form.km, np.zeros(n_col - form.n_arcs)])
        h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), cost)
        h.changeObjectiveOffset(0.0)
        slack = UNMET_TOLERANCE * max(1.0, form.unmet_offset)
        h.addRow(form.unmet_offset - unmet_cap - slack, highspy.kHighsInf, form.n_arcs,
                 np.arange(form.n_arcs, dtype=np.int32), form.weight)
    sol = highspy.HighsSolution()
    sol.col_value = list(start)
    h.setSolution(sol)
    h.run()
    return _result(h, start)


def _result(h: highspy.Highs, fallback: np.ndarray) -> StageResult:
    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.array(h.getSolution().col_value) if has_solution else fallback
    if model_status == highspy.HighsModelStatus.kOptimal:
        status: Status = "optimal"
    else:
        status = "feasible"
    return StageResult(status, values, info.objective_function_value,
                       info.mip_dual_bound, max(info.mip_gap, 0.0) if has_solution else 1.0)


def _unmet_of(form: Formulation, values: np.ndarray) -> float:
    flows = np.round(values[: form.n_arcs])
    return float(form.unmet_offset - form.weight @ flows)


def _start_values(net: Network, flows: list[int], form: Formulation) -> np.ndarray:
    """Column values for a flow vector: x = flows, y/s = 1 where the pair is used."""
    values = np.zeros(form.lp.num_col_)
    values[: form.n_arcs] = flows
    for a, f in zip(net.arcs, flows):
        if f > 0:
            pair = (a.donor, a.region)
            values[form.pair_col[pair]] = 1.0
            if a.staff and pair in form.team_col:
                values[form.team_col[pair]] = 1.0
    return values


def new_highs(*, time_limit: float, mip_gap: float) -> highspy.Highs:
    """A quiet, deterministic HiGHS instance with the planner's options."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    return h
