"""Solve a scenario optimally with HiGHS, lexicographically, in two solves.

Stage 1 minimises priority-weighted unmet need. Stage 2 fixes that value as a constraint,
with a relative tolerance of `UNMET_TOLERANCE`, and minimises total distance x amount.
Stage 1 starts from the greedy baseline's plan and stage 2 from stage 1's, so the
planner is never worse than the hand method even when the time limit cuts the search
short. Very large networks are solved over each need's nearest donors and certified
against a relaxation of the full network (`_candidates`, `_certify`).
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
from surgeops.planner.network import Network, build_network, nearest_arcs, restrict
from surgeops.planner.plan import Bound, Plan, Status
from surgeops.planner.problem import Scenario

UNMET_TOLERANCE = 1e-7  # stage 2 may lose at most this fraction of the total weighted need
THREADS = 2
SEED = 7
FULL_MODEL_ARCS = 20_000  # larger networks are solved over each need's nearest donors
CANDIDATE_ARCS = 5_000  # about this many arcs in the restricted model
MIN_CANDIDATES = 4
CERTIFY_SLACK = 1e-6  # the stage-2 row tolerance shows up in the relaxation bound


@dataclass
class StageResult:
    status: Status
    values: np.ndarray  # all column values, x first
    objective: float
    bound: float
    gap: float


def solve(scenario: Scenario, *, time_limit: float = 60.0, mip_gap: float = 1e-3,
          candidates: Optional[int] = None) -> Plan:
    """The best plan for `scenario`: least weighted unmet need, then least distance.

    `time_limit` (seconds) bounds both stages together; `mip_gap` is the relative
    optimality gap each stage must prove. Status is "optimal" when both stages proved
    their optimum within the gap, "feasible" when the time limit stopped the search.
    Networks larger than `FULL_MODEL_ARCS` arcs are solved over each need's
    `candidates` nearest donors (see `_candidates`); the gap is then proven against a
    relaxation of the full network, so "optimal" keeps its meaning.
    """
    start = time.perf_counter()
    net = build_network(scenario)
    rules = scenario.rules
    if not net.arcs:
        return assemble_plan(scenario, net, [], status="optimal", gap=0.0,
                             seconds=time.perf_counter() - start)
    hand = greedy_flows(net, min_team=rules.min_team_size,
                        max_dest=rules.max_destinations_per_donor)
    sub, index = _candidates(net, hand, candidates)
    form = build_formulation(sub, min_team=rules.min_team_size,
                             max_dest=rules.max_destinations_per_donor)
    warm = _start_values(sub, [hand[i] for i in index], form)
    first = _stage_one(form, warm, time_limit=time_limit, mip_gap=mip_gap)
    remaining = max(time_limit - (time.perf_counter() - start), 0.1 * time_limit)
    second = _stage_two(form, first.values, time_limit=remaining, mip_gap=mip_gap)
    flows = [0] * len(net.arcs)
    for i, v in zip(index, second.values[: form.n_arcs]):
        flows[i] = int(round(v))
    bound, gap, proven = _certify(net, scenario, form, first, second, sub is not net,
                                  mip_gap=mip_gap)
    return assemble_plan(
        scenario, net, flows, status="optimal" if proven else "feasible",
        seconds=time.perf_counter() - start, gap=gap, bound=bound,
        stopped_early=not proven)


def _candidates(net: Network, hand: list[int],
                per_need: Optional[int]) -> tuple[Network, list[int]]:
    """The network the MIP is solved over: all of it when small enough, otherwise the
    arcs from each need's nearest donors plus every arc the greedy plan uses (so the
    greedy start stays feasible). Far donors are rarely part of a best plan, and the
    certificate in `_certify` says when they would have been."""
    if per_need is None and len(net.arcs) <= FULL_MODEL_ARCS:
        return net, list(range(len(net.arcs)))
    if per_need is None:
        per_need = max(MIN_CANDIDATES, CANDIDATE_ARCS // max(len(net.need), 1))
    keep = nearest_arcs(net, per_need) | {i for i, f in enumerate(hand) if f > 0}
    return restrict(net, keep)


def _certify(net: Network, scenario: Scenario, form: Formulation, first: StageResult,
             second: StageResult, restricted: bool, *,
             mip_gap: float) -> tuple[Bound, float, bool]:
    """Bounds, gap and whether the plan is proven optimal within `mip_gap`."""
    if not restricted:
        proven = first.status == second.status == "optimal"
        return Bound(first.bound, second.bound), max(first.gap, second.gap), proven
    unmet = first.objective
    distance = float(np.dot(form.km, np.round(second.values[: form.n_arcs])))
    full = build_formulation(net, min_team=scenario.rules.min_team_size,
                             max_dest=scenario.rules.max_destinations_per_donor,
                             integer=False, rules=False)
    try:
        lb1 = min(relaxed_objective(full, stage=1), unmet)
        lb2 = min(relaxed_objective(full, stage=2, unmet_cap=unmet), distance)
    except TimeoutError:
        return Bound(0.0, None), 1.0, False
    gap = max(_rel(unmet, lb1), _rel(distance, lb2))
    return Bound(lb1, lb2), gap, gap <= mip_gap + CERTIFY_SLACK


def _rel(value: float, bound: float) -> float:
    return (value - bound) / abs(value) if value > 0 else 0.0


def _stage_one(form: Formulation, start: np.ndarray, *, time_limit: float,
               mip_gap: float) -> StageResult:
    """Least weighted unmet need, from the best plan over the LP relaxation's support."""
    try:
        lp_bound, relaxed = _relaxed(form, stage=1, time_limit=time_limit / 4)
        start = _support_start(form, form.lp.col_cost_, relaxed, start,
                               time_limit=time_limit / 2, mip_gap=mip_gap)
    except TimeoutError:
        lp_bound = 0.0  # start from the greedy plan as it is
    h = _stage_model(form, 1, None, time_limit=time_limit, mip_gap=mip_gap)
    _set_start(h, start)
    h.run()
    res = _result(h, start)
    if _unmet_of(form, res.values) > _unmet_of(form, start):  # never worse than the start
        res.values = start
    unmet = _unmet_of(form, res.values)
    res.objective, res.bound = unmet, min(max(lp_bound, res.bound), unmet)
    res.gap = (unmet - res.bound) / unmet if unmet > 0 else 0.0
    return res


def _support_start(form: Formulation, cost: np.ndarray, relaxed: np.ndarray,
                   start: np.ndarray, *, time_limit: float, mip_gap: float) -> np.ndarray:
    """A better first plan: the MIP over the pairs the LP relaxation (or `start`) uses.

    The relaxation is nearly tight on these problems; the best plan over its support is
    usually within the gap, and handing it to the full solve lets HiGHS stop at the
    root instead of spending its time in cut rounds before a heuristic finds it.
    """
    pairs = np.array(sorted(form.pair_col.values()), dtype=np.int32)
    unused = pairs[(relaxed[pairs] < 1e-6) & (start[pairs] < 0.5)]
    h = _stage_model(form, 1, None, time_limit=time_limit, mip_gap=mip_gap)
    h.changeColsCost(form.lp.num_col_, np.arange(form.lp.num_col_, dtype=np.int32), cost)
    h.changeColsBounds(len(unused), unused, np.zeros(len(unused)), np.zeros(len(unused)))
    _set_start(h, start)
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return start
    found = np.array(h.getSolution().col_value)
    return found if np.dot(cost, found) <= np.dot(cost, start) else start


def _stage_two(form: Formulation, start: np.ndarray, *, time_limit: float,
               mip_gap: float) -> StageResult:
    """Least distance x amount among plans whose weighted unmet need is stage 1's."""
    cap = _unmet_of(form, start)
    h = _stage_model(form, 2, cap, time_limit=time_limit, mip_gap=mip_gap)
    _set_start(h, start)
    h.run()
    return _result(h, start)


def relaxed_objective(form: Formulation, *, stage: int, unmet_cap: Optional[float] = None,
                      time_limit: float = 600.0) -> float:
    """Optimum of a stage's LP relaxation: a lower bound on its MIP optimum.

    Raises TimeoutError when the LP is not solved to optimality within `time_limit`.
    """
    return _relaxed(form, stage=stage, unmet_cap=unmet_cap, time_limit=time_limit)[0]


def _relaxed(form: Formulation, *, stage: int, unmet_cap: Optional[float] = None,
             time_limit: float) -> tuple[float, np.ndarray]:
    h = _stage_model(form, stage, unmet_cap, time_limit=time_limit, mip_gap=0.0)
    n_col = form.lp.num_col_
    h.changeColsIntegrality(n_col, np.arange(n_col, dtype=np.int32),
                            np.array([highspy.HighsVarType.kContinuous] * n_col))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise TimeoutError("the LP relaxation was not solved within its time limit")
    return float(h.getInfo().objective_function_value), np.array(h.getSolution().col_value)


def _stage_model(form: Formulation, stage: int, unmet_cap: Optional[float], *,
                 time_limit: float, mip_gap: float) -> highspy.Highs:
    """HiGHS loaded with stage 1 (weighted unmet) or stage 2 (distance, unmet capped)."""
    h = new_highs(time_limit=time_limit, mip_gap=mip_gap)
    h.passModel(form.lp)
    if stage == 2:
        n_col = form.lp.num_col_
        h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), _distance_cost(form))
        h.changeObjectiveOffset(0.0)
        slack = UNMET_TOLERANCE * max(1.0, form.unmet_offset)
        h.addRow(form.unmet_offset - unmet_cap - slack, highspy.kHighsInf, form.n_arcs,
                 np.arange(form.n_arcs, dtype=np.int32), form.weight)
    return h


def _distance_cost(form: Formulation) -> np.ndarray:
    return np.concatenate([form.km, np.zeros(form.lp.num_col_ - form.n_arcs)])


def _set_start(h: highspy.Highs, values: np.ndarray) -> None:
    sol = highspy.HighsSolution()
    sol.col_value = list(values)
    h.setSolution(sol)


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
