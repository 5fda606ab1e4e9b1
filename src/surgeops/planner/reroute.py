"""Re-route supplies within a plan's donor -> region pairs, for less distance.

Supplies have no team rule, so once the plan's pairs and the amount each need
receives are fixed, sending supplies is a transportation problem per item: every
donor may send along the pairs the plan already uses, each need receives exactly what
it received, no donor sends more than its spare. Its constraint matrix is totally
unimodular, so the LP optimum is integral; the weighted unmet need, the teams and the
destinations of every donor stay as they were. Stage 2 starts from the re-routed plan.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Optional, Sequence

import highspy
import numpy as np
from scipy import sparse

from surgeops.planner.highs import new_highs
from surgeops.planner.network import Network


def reroute_supplies(net: Network, flows: np.ndarray, *, time_limit: float,
                     extra: Sequence[tuple[str, str]] = (),
                     max_dest: Optional[int] = None) -> np.ndarray:
    """`flows` with its supplies re-sent over the plan's own pairs at least distance.

    `extra` pairs (best first, e.g. by their value in the distance LP) are opened too
    for donors that serve fewer than `max_dest` destinations, up to that cap.
    """
    used = {(net.arcs[i].donor, net.arcs[i].region) for i in np.flatnonzero(flows > 0)}
    allowed = _open_pairs(used, extra, max_dest)
    cols = [i for i, a in enumerate(net.arcs)
            if not a.staff and (a.donor, a.region) in allowed]
    if not cols:
        return flows
    received: dict[tuple[str, str], float] = defaultdict(float)
    for i in np.flatnonzero(flows > 0):
        if not net.arcs[i].staff:
            received[(net.arcs[i].region, net.arcs[i].resource)] += flows[i]
    rows_of: dict[tuple, int] = {}
    r_idx, c_idx, lo, hi = [], [], [], []
    for j, i in enumerate(cols):
        a = net.arcs[i]
        for key, bounds in ((("need", a.region, a.resource), None),
                            (("spare", a.donor, a.resource), None)):
            if key not in rows_of:
                rows_of[key] = len(lo)
                amount = received[key[1:]] if key[0] == "need" else net.spare[key[1:]]
                lo.append(amount if key[0] == "need" else -np.inf)
                hi.append(amount)
            r_idx.append(rows_of[key])
            c_idx.append(j)
    found = _solve(net, cols, r_idx, c_idx, lo, hi, time_limit=time_limit)
    if found is None:
        return flows
    out = flows.copy()
    out[cols] = found
    return out if float(net_km(net) @ out) <= float(net_km(net) @ flows) else flows


def _open_pairs(used: set, extra: Sequence[tuple[str, str]],
                max_dest: Optional[int]) -> set:
    if max_dest is None:
        return set(used)
    count: dict[str, int] = defaultdict(int)
    for d, _r in used:
        count[d] += 1
    allowed = set(used)
    for pair in extra:
        if pair not in allowed and count[pair[0]] < max_dest:
            allowed.add(pair)
            count[pair[0]] += 1
    return allowed


def net_km(net: Network) -> np.ndarray:
    return np.array([a.km for a in net.arcs], dtype=float)


def _solve(net: Network, cols: list[int], r_idx: list[int], c_idx: list[int],
           lo: list[float], hi: list[float], *, time_limit: float) -> np.ndarray | None:
    a = sparse.csc_matrix((np.ones(len(r_idx)), (r_idx, c_idx)), shape=(len(lo), len(cols)))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cols), len(lo)
    lp.col_cost_ = np.array([net.arcs[i].km for i in cols], dtype=float)
    lp.col_lower_ = np.zeros(len(cols))
    lp.col_upper_ = np.array([net.arcs[i].cap for i in cols], dtype=float)
    lp.row_lower_ = np.array(lo, dtype=float)
    lp.row_upper_ = np.array(hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    h = new_highs(time_limit=time_limit, mip_gap=0.0)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.array(h.getSolution().col_value)
    rounded = np.round(x)
    return rounded if np.abs(x - rounded).max() < 1e-6 else None
