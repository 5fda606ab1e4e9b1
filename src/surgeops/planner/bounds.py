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

from surgeops.planner.formulation import build_formulation
from surgeops.planner.network import build_network
from surgeops.planner.plan import Bound
from surgeops.planner.problem import Scenario
from surgeops.planner.solve import relaxed_objective


def lp_lower_bound(scenario: Scenario, *, unmet_weighted: Optional[float] = None,
                   rules: bool = True) -> Bound:
    """LP-relaxation bounds on (weighted unmet need, distance) for `scenario`.

    With `rules=False` the team-size and destination rules are dropped as well (the
    transportation relaxation): a weaker bound, but fast on networks of 10^5 arcs.
    """
    net = build_network(scenario)
    form = build_formulation(net, min_team=scenario.rules.min_team_size,
                             max_dest=scenario.rules.max_destinations_per_donor,
                             integer=False, rules=rules)
    if not net.arcs:
        return Bound(form.unmet_offset, 0.0)
    unmet_lp = relaxed_objective(form, stage=1)
    cap = unmet_lp if unmet_weighted is None else max(unmet_weighted, unmet_lp)
    return Bound(unmet_lp, relaxed_objective(form, stage=2, unmet_cap=cap))
