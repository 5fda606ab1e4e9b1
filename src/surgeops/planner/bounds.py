"""Lower bounds from the LP relaxation, to measure how far any plan is from the best.

The relaxation drops integrality (people and items may be split, a "team" may be a
fraction of a team) so its optimum can only be better than any plan's: it bounds the
weighted unmet need from below. The distance bound is the relaxation's least distance
among fractional plans whose weighted unmet need is at most `unmet_weighted` (by default
the relaxation's own stage-1 optimum), which bounds the distance of every integer plan
that reaches that level of unmet need.
"""

from __future__ import annotations

from typing import Optional

import highspy
import numpy as np

from surgeops.planner.formulation import build_formulation
from surgeops.planner.network import build_network
from surgeops.planner.plan import Bound
from surgeops.planner.problem import Scenario
from surgeops.planner.solve import UNMET_TOLERANCE, new_highs


def lp_lower_bound(scenario: Scenario, *, unmet_weighted: Optional[float] = None,
                   time_limit: float = 60.0) -> Bound:
    """LP-relaxation bounds on (weighted unmet need, distance) for `scenario`."""
    net = build_network(scenario)
    form = build_formulation(net, min_team=scenario.rules.min_team_size,
                             max_dest=scenario.rules.max_destinations_per_donor,
                             integer=False)
    if not net.arcs:
        return Bound(form.unmet_offset, 0.0)
    h = new_highs(time_limit=time_limit, mip_gap=0.0)
    h.passModel(form.lp)
    h.run()
    unmet_lp = h.getInfo().objective_function_value
    cap = unmet_lp if unmet_weighted is None else max(unmet_weighted, unmet_lp)
    n_col = form.lp.num_col_
    h.changeColsCost(n_col, np.arange(n_col, dtype=np.int32),
                     np.concatenate([form.km, np.zeros(n_col - form.n_arcs)]))
    h.changeObjectiveOffset(0.0)
    slack = UNMET_TOLERANCE * max(1.0, form.unmet_offset)
    h.addRow(form.unmet_offset - cap - slack, highspy.kHighsInf, form.n_arcs,
             np.arange(form.n_arcs, dtype=np.int32), form.weight)
    h.run()
    return Bound(unmet_lp, h.getInfo().objective_function_value)
