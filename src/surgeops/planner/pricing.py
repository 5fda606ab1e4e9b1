"""Lagrangian bounds over the whole network from the duals of a restricted model.

The model decomposes into one block per donor -> region pair: the pair's arcs x, its
"sends anything" binary y and, for pairs carrying staff and supplies, its team binary s,
tied together by the pair's own rows (link, team, nest). Blocks are linked only by the
need rows, the stock rows, the donor's destination-cap row and, in stage 2, the row
that holds the weighted unmet need.

For ANY multipliers of the linking rows with the right signs (<= 0 on "<=" rows, >= 0
on ">=" rows in a minimisation), and any plan v that obeys the rows,

    cost(v) >= L + sum_p (rc_p(v_p) - m_p) >= L,      L = const + sum_p m_p,

where rc_p is the block's reduced cost and m_p <= 0 its minimum over the block's LP
polytope (computed exactly below: the polytope is a cone cut by y <= 1, so the
minimum is that of the slice y = 1, or 0). So L bounds every plan of the full network,
and a plan that uses pair p (y_p = 1) costs at least L + delta_p, with
delta_p = slice_p - m_p >= 0. With the LP duals of a model restricted to some pairs,
L equals the restricted LP's optimum when no omitted pair has m_p < 0 (then the
restricted LP is the full network's LP), and a MIP over pair set M is proven over the
full network by

    bound = max(L, min(MIP bound over M, L + min_{p not in M} delta_p)).

Nothing here trusts the LP solver beyond its dual values: L and delta are recomputed
from them, so an inaccurate dual only weakens the bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from surgeops.planner.formulation import Formulation
from surgeops.planner.network import Network


@dataclass
class Blocks:
    """The full network's pair blocks as flat arrays (arcs in `net.arcs` order)."""

    arc_pair: np.ndarray   # pair index of each arc (into net.pairs)
    arc_need: np.ndarray   # need index of each arc (into need_keys)
    arc_spare: np.ndarray  # stock index of each arc (into spare_keys)
    staff: np.ndarray      # bool per arc
    cap: np.ndarray
    weight: np.ndarray
    km: np.ndarray
    pair_donor: np.ndarray  # donor index of each pair (into donors)
    mixed: np.ndarray       # bool per pair: staff and supplies (separate team binary)
    has_staff: np.ndarray   # bool per pair
    need_keys: list
    spare_keys: list
    donors: list
    need_amount: np.ndarray
    spare_amount: np.ndarray
    min_team: int
    max_dest: int
    offset: float


@dataclass
class Pricing:
    """L, and per pair of the full network its block minimum m and its delta."""

    bound: float
    block_min: np.ndarray
    delta: np.ndarray


def build_blocks(net: Network, *, min_team: int, max_dest: int) -> Blocks:
    """Index the full network by pair, need, stock and donor."""
    pair_of = {p: i for i, p in enumerate(net.pairs)}
    need_keys, spare_keys = sorted(net.need), sorted(net.spare)
    need_of = {k: i for i, k in enumerate(need_keys)}
    spare_of = {k: i for i, k in enumerate(spare_keys)}
    donors = sorted({d for d, _r in net.pairs})
    donor_of = {d: i for i, d in enumerate(donors)}
    arcs = net.arcs
    arc_pair = np.array([pair_of[(a.donor, a.region)] for a in arcs], dtype=np.int64)
    staff = np.array([a.staff for a in arcs], dtype=bool)
    n_p = len(net.pairs)
    n_staff = np.bincount(arc_pair, weights=staff, minlength=n_p)
    n_all = np.bincount(arc_pair, minlength=n_p)
    return Blocks(
        arc_pair=arc_pair,
        arc_need=np.array([need_of[(a.region, a.resource)] for a in arcs], dtype=np.int64),
        arc_spare=np.array([spare_of[(a.donor, a.resource)] for a in arcs], dtype=np.int64),
        staff=staff, cap=np.array([a.cap for a in arcs], dtype=float),
        weight=np.array([net.priority[(a.region, a.resource)] for a in arcs], dtype=float),
        km=np.array([a.km for a in arcs], dtype=float),
        pair_donor=np.array([donor_of[d] for d, _r in net.pairs], dtype=np.int64),
        mixed=(n_staff > 0) & (n_staff < n_all), has_staff=n_staff > 0,
        need_keys=need_keys, spare_keys=spare_keys, donors=donors,
        need_amount=np.array([net.need[k] for k in need_keys], dtype=float),
        spare_amount=np.array([net.spare[k] for k in spare_keys], dtype=float),
        min_team=min_team, max_dest=max_dest,
        offset=float(sum(net.priority[k] * v for k, v in net.need.items())))


def price(blocks: Blocks, form: Formulation, row_dual: np.ndarray, *, stage: int,
          unmet_row: Optional[int] = None, unmet_lower: float = 0.0) -> Pricing:
    """The Lagrangian bound of a stage over the full network, from the duals of a
    (restricted) model `form` (stage 2: with its unmet row at index `unmet_row`)."""
    pi = _duals(blocks.need_keys, form.need_row, row_dual)
    sigma = _duals(blocks.spare_keys, form.spare_row, row_dual)
    mu = _duals(blocks.donors, form.dest_row, row_dual)
    rho = max(float(row_dual[unmet_row]), 0.0) if unmet_row is not None else 0.0
    cost = -blocks.weight if stage == 1 else blocks.km
    rc = cost - pi[blocks.arc_need] - sigma[blocks.arc_spare] - rho * blocks.weight
    const = (blocks.offset if stage == 1 else 0.0) + float(pi @ blocks.need_amount) \
        + float(sigma @ blocks.spare_amount) + float(mu.sum()) * blocks.max_dest \
        + rho * unmet_lower
    slice_ = -mu[blocks.pair_donor] + _supply_term(blocks, rc) + _staff_term(blocks, rc)
    block_min = np.minimum(slice_, 0.0)
    return Pricing(const + float(block_min.sum()), block_min, slice_ - block_min)


def _duals(keys: list, rows: dict, row_dual: np.ndarray) -> np.ndarray:
    """Multipliers of "<=" rows, clipped to <= 0 (0 for rows the model lacks)."""
    out = np.zeros(len(keys))
    for i, k in enumerate(keys):
        r = rows.get(k)
        if r is not None:
            out[i] = min(float(row_dual[r]), 0.0)
    return out


def _supply_term(blocks: Blocks, rc: np.ndarray) -> np.ndarray:
    gain = np.where(blocks.staff, 0.0, np.minimum(rc, 0.0) * blocks.cap)
    return np.bincount(blocks.arc_pair, weights=gain, minlength=len(blocks.mixed))


def _staff_term(blocks: Blocks, rc: np.ndarray) -> np.ndarray:
    """Per pair, the least reduced cost of a team: every staff arc of negative reduced
    cost in full, then the cheapest others until `min_team` people (LP knapsack); for
    pairs that also carry supplies the team is optional (min with 0)."""
    team = blocks.min_team if blocks.min_team > 1 else 0
    ids = np.flatnonzero(blocks.staff)
    order = ids[np.lexsort((rc[ids], blocks.arc_pair[ids]))]
    pair, cap, r = blocks.arc_pair[order], blocks.cap[order], rc[order]
    cum = np.cumsum(cap)
    first = np.r_[True, pair[1:] != pair[:-1]]
    start_cum = np.maximum.accumulate(np.where(first, cum - cap, 0.0))
    before = cum - cap - start_cum  # staff capacity of cheaper arcs of the same pair
    take = np.where(r < 0, cap, np.clip(team - before, 0.0, cap))
    value = np.bincount(pair, weights=r * take, minlength=len(blocks.mixed))
    return np.where(blocks.mixed, np.minimum(value, 0.0), value)
