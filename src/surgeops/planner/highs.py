"""HiGHS instances for the planner's two stages, their LP relaxations and MIP runs.

Stage 1 minimises the weighted unmet need (the formulation's own costs). Stage 2
minimises distance x amount among plans whose weighted unmet need is at most a cap,
held by one extra row `sum w x >= offset - cap - slack`, appended after the
formulation's rows (its index is `form.lp.num_row_`; the pricing reads its dual).

The MIP writes that row over one "received" column per need instead (r_k = sum of the
need's arcs, `sum w_k r_k >= ...`): the same plans, but a row of a few hundred entries
instead of one entry per arc, which HiGHS's cut separators aggregate far faster (stage
2 of the 63-province benchmark: about twice as fast).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import highspy
import numpy as np
from scipy import sparse

from surgeops.planner.formulation import Formulation

THREADS = 2
SEED = 7


@dataclass
class MipRun:
    """What a MIP run found: column values (None without a plan) and its dual bound."""

    values: Optional[np.ndarray]
    bound: float
    optimal: bool


def new_highs(*, time_limit: float, mip_gap: float, abs_gap: float = 0.0) -> highspy.Highs:
    """A quiet, deterministic HiGHS instance with the planner's options."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    h.setOptionValue("random_seed", SEED)
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    if abs_gap > 0:
        h.setOptionValue("mip_abs_gap", float(abs_gap))
    return h


def stage_model(form: Formulation, stage: int, unmet_cap: Optional[float], *,
                time_limit: float, mip_gap: float, slack: float = 0.0,
                abs_gap: float = 0.0, received: bool = False) -> highspy.Highs:
    """HiGHS loaded with stage 1 (weighted unmet) or stage 2 (distance, unmet capped;
    with `received`, capped through one column per need, see the module text)."""
    h = new_highs(time_limit=time_limit, mip_gap=mip_gap, abs_gap=abs_gap)
    h.passModel(form.lp)
    if stage == 2:
        n_col = form.lp.num_col_
        cost = np.concatenate([form.km, np.zeros(n_col - form.n_arcs)])
        h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32), cost)
        h.changeObjectiveOffset(0.0)
        lower = unmet_lower(form, unmet_cap, slack)
        if received:
            _add_received(h, form, lower)
        else:
            h.addRow(lower, highspy.kHighsInf, form.n_arcs,
                     np.arange(form.n_arcs, dtype=np.int32), form.weight)
    return h


def _add_received(h: highspy.Highs, form: Formulation, lower: float) -> None:
    """Columns r_k (one per need row that has arcs, see `received_columns`), rows
    sum_{arcs of k} x - r_k = 0, and the row sum_k w_k r_k >= lower."""
    rows, which = received_columns(form)
    n_col, m = form.lp.num_col_, len(rows)
    need_amount = np.asarray(form.lp.row_upper_, dtype=float)[rows]
    h.addCols(m, np.zeros(m), np.zeros(m), need_amount, 0, np.zeros(0, dtype=np.int32),
              np.zeros(0, dtype=np.int32), np.zeros(0))
    a = sparse.csr_matrix(
        (np.concatenate([np.ones(form.n_arcs), -np.ones(m)]),
         (np.concatenate([which, np.arange(m)]),
          np.concatenate([np.arange(form.n_arcs), n_col + np.arange(m)]))),
        shape=(m, n_col + m))
    h.addRows(m, np.zeros(m), np.zeros(m), a.nnz, a.indptr[:-1].astype(np.int32),
              a.indices.astype(np.int32), a.data)
    weight = np.zeros(m)
    weight[which] = form.weight
    h.addRow(lower, highspy.kHighsInf, m, np.arange(n_col, n_col + m, dtype=np.int32), weight)


def received_columns(form: Formulation) -> tuple[np.ndarray, np.ndarray]:
    """The need rows that have arcs, sorted (the order of the received columns), and the
    received column of each arc."""
    rows, which = np.unique(form.arc_need_row, return_inverse=True)
    return rows, which


def with_received(form: Formulation, values: np.ndarray) -> np.ndarray:
    """Column values extended by the received amount of each need (for a MIP start)."""
    rows, which = received_columns(form)
    received = np.bincount(which, weights=values[: form.n_arcs], minlength=len(rows))
    return np.concatenate([values[: form.lp.num_col_], received])


def unmet_lower(form: Formulation, unmet_cap: Optional[float], slack: float) -> float:
    """Lower bound of the stage-2 row: weighted flow that leaves at most the cap unmet."""
    return form.unmet_offset - float(unmet_cap or 0.0) - slack


def solve_relaxation(form: Formulation, stage: int, unmet_cap: Optional[float], *,
                     time_limit: float, slack: float = 0.0,
                     ) -> tuple[float, np.ndarray, np.ndarray]:
    """Optimum, column values and row duals of a stage's LP relaxation.

    Raises TimeoutError when the LP is not solved to optimality within `time_limit`.
    """
    h = stage_model(form, stage, unmet_cap, time_limit=time_limit, mip_gap=0.0, slack=slack)
    n_col = form.lp.num_col_
    h.changeColsIntegrality(n_col, np.arange(n_col, dtype=np.int32),
                            np.array([highspy.HighsVarType.kContinuous] * n_col))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise TimeoutError("the LP relaxation was not solved within its time limit")
    sol = h.getSolution()
    return (float(h.getInfo().objective_function_value), np.array(sol.col_value),
            np.array(sol.row_dual))


def run_mip(form: Formulation, stage: int, unmet_cap: Optional[float], start: np.ndarray,
            *, time_limit: float, mip_gap: float, slack: float = 0.0,
            abs_gap: float = 0.0) -> MipRun:
    """Solve a stage's MIP from the plan `start` (column values of `form`)."""
    h = stage_model(form, stage, unmet_cap, time_limit=time_limit, mip_gap=mip_gap,
                    slack=slack, abs_gap=abs_gap, received=stage == 2)
    sol = highspy.HighsSolution()
    sol.col_value = list(with_received(form, start) if stage == 2 else start)
    h.setSolution(sol)
    h.run()
    info = h.getInfo()
    found = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.array(h.getSolution().col_value) if found else None
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    bound = float(info.mip_dual_bound) if found or optimal else -np.inf
    return MipRun(values, bound, optimal)


def start_values(form: Formulation, arcs: list, flows: np.ndarray) -> np.ndarray:
    """Column values for a flow vector: x = flows, y/s = 1 where the pair is used."""
    values = np.zeros(form.lp.num_col_)
    values[: form.n_arcs] = flows
    for a, f in zip(arcs, flows):
        if f > 0:
            pair = (a.donor, a.region)
            values[form.pair_col[pair]] = 1.0
            if a.staff and pair in form.team_col:
                values[form.team_col[pair]] = 1.0
    return values


def repair_integrality(form: Formulation, stage: int, unmet_cap: Optional[float],
                       values: np.ndarray, *, time_limit: float, slack: float = 0.0,
                       ) -> Optional[np.ndarray]:
    """Integer amounts for the continuous (large-capacity) arcs of a MIP solution.

    The MIP runs with arcs of large capacity continuous: with integer columns of wide
    domains HiGHS spends most of its root node on reduced-cost bookkeeping, while such
    arcs hardly need branching. Here every other column is fixed at its value and the
    continuous arcs are made integer again: a transportation problem with the stage's
    rows, solved in milliseconds. None when no integer completion exists (the caller
    keeps its previous plan).
    """
    n_col = form.lp.num_col_
    relaxed = np.array([i for i, kind in enumerate(form.lp.integrality_)
                        if kind == highspy.HighsVarType.kContinuous], dtype=np.int32)
    rounded = np.round(values)
    if len(relaxed) == 0 or np.abs(values[relaxed] - rounded[relaxed]).max() < 1e-6:
        return rounded
    h = stage_model(form, stage, unmet_cap, time_limit=time_limit, mip_gap=1e-6, slack=slack,
                    received=stage == 2)
    fixed = np.setdiff1d(np.arange(n_col, dtype=np.int32), relaxed)
    h.changeColsBounds(len(fixed), fixed, rounded[fixed], rounded[fixed])
    h.changeColsIntegrality(len(relaxed), relaxed,
                            np.array([highspy.HighsVarType.kInteger] * len(relaxed)))
    h.run()
    if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
        return None
    return np.round(np.array(h.getSolution().col_value))
