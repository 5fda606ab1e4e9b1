"""The mixed-integer program, built as one sparse HiGHS model.

Columns, in order:
  x[a]  integer, 0..cap(a): units carried on arc a (donor -> region, resource)
  y[p]  binary: donor sends anything to region (pair p); counts towards the donor's
        destination cap
  s[p]  binary, only for pairs carrying both staff and supplies: a staff team is sent
        (for staff-only pairs y plays this role)
Rows:
  need    sum_d x[d,r,k] <= need[r,k]
  spare   sum_r x[d,r,k] <= amount[d,k] - keep[d,k]
  link    x[a] <= cap(a) * (s or y)                  nothing moves on an unused pair
  team    sum_staff x[d,r,.] >= min_team_size * (s or y)
  nest    s[p] <= y[p]
  dest    sum_r y[d,r] <= max_destinations_per_donor
Stage 1 minimises sum w[r,k] * (need[r,k] - sum_d x[d,r,k]) (weighted unmet need, a
constant offset minus the weighted flow); stage 2 minimises sum km(a) * x[a].
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

import highspy
import numpy as np
from scipy import sparse

from surgeops.planner.network import Network


@dataclass
class Formulation:
    lp: highspy.HighsLp
    n_arcs: int
    weight: np.ndarray  # per arc: the priority of the need it serves
    km: np.ndarray      # per arc
    unmet_offset: float  # weighted unmet need if nothing moves
    pair_col: dict[tuple[str, str], int]  # y column of each pair
    team_col: dict[tuple[str, str], int]  # s column of each pair carrying staff and supplies
    need_row: dict[tuple[str, str], int]  # row of each need (region, resource)
    spare_row: dict[tuple[str, str], int]  # row of each donor's spare stock (donor, resource)
    dest_row: dict[str, int]  # destination-cap row of each donor that has one
    arc_need_row: np.ndarray  # need row of each arc


class _Rows:
    """Accumulates sparse rows as (row, col, value) triplets with bounds."""

    def __init__(self) -> None:
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add(self, cols: list[int], vals: list[float], lo: float, hi: float) -> int:
        row = len(self.lo)
        self.r += [row] * len(cols)
        self.c += cols
        self.v += vals
        self.lo.append(lo)
        self.hi.append(hi)
        return row


def build_formulation(net: Network, *, min_team: int, max_dest: int,
                      integer: bool = True, rules: bool = True,
                      continuous_above: Optional[int] = None) -> Formulation:
    """Build the stage-1 model (costs = -priority, offset = total weighted need).

    With `rules=False` only stock and need rows are kept (a transportation problem):
    a cheap relaxation whose optimum bounds the full problem's from below. With
    `continuous_above`, arcs that can carry more units than that are continuous (a
    relaxation, see `highs.repair_integrality`).
    """
    n_a = len(net.arcs)
    pairs = net.pairs if rules else []
    pair_of = {p: i for i, p in enumerate(pairs)}
    by_pair = net.arcs_of_pair() if rules else {}
    mixed = [p for p in pairs if _is_mixed(net, by_pair[p])]
    s_col = {p: n_a + len(pairs) + i for i, p in enumerate(mixed)}
    n_col = n_a + len(pairs) + len(mixed)
    rows = _Rows()
    need_row, spare_row = _add_balance_rows(net, rows)
    _add_pair_rows(net, rows, by_pair, pair_of, s_col, n_a, min_team)
    dest_row = _add_destination_rows(net, rows, pair_of, n_a, max_dest)
    weight = np.array([net.priority[(a.region, a.resource)] for a in net.arcs], dtype=float)
    upper = np.concatenate([np.array([a.cap for a in net.arcs], dtype=float),
                            np.ones(n_col - n_a)])
    cost = np.concatenate([-weight, np.zeros(n_col - n_a)])
    offset = float(sum(net.priority[k] * amount for k, amount in net.need.items()))
    lp = _to_lp(rows, cost, upper, offset, integer)
    if integer and continuous_above is not None:
        lp.integrality_ = [highspy.HighsVarType.kContinuous
                           if i < n_a and upper[i] > continuous_above
                           else highspy.HighsVarType.kInteger for i in range(n_col)]
    km = np.array([a.km for a in net.arcs], dtype=float)
    pair_col = {p: n_a + i for p, i in pair_of.items()}
    arc_need_row = np.array([need_row[(a.region, a.resource)] for a in net.arcs],
                            dtype=np.int64)
    return Formulation(lp, n_a, weight, km, offset, pair_col, s_col, need_row, spare_row,
                       dest_row, arc_need_row)


def _is_mixed(net: Network, arc_ids: list[int]) -> bool:
    kinds = {net.arcs[i].staff for i in arc_ids}
    return len(kinds) == 2


def _add_balance_rows(net: Network, rows: _Rows) -> tuple[dict, dict]:
    """Need and stock rows, also for single arcs (bounded by their cap already), so
    that every need and stock has a dual value for pricing omitted arcs."""
    into: dict[tuple[str, str], list[int]] = defaultdict(list)
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(net.arcs):
        into[(a.region, a.resource)].append(i)
        out[(a.donor, a.resource)].append(i)
    need_row = {key: rows.add(cols, [1.0] * len(cols), -np.inf, float(net.need[key]))
                for key, cols in into.items()}
    spare_row = {key: rows.add(cols, [1.0] * len(cols), -np.inf, float(net.spare[key]))
                 for key, cols in out.items()}
    return need_row, spare_row


def _add_pair_rows(net: Network, rows: _Rows, by_pair: dict, pair_of: dict,
                   s_col: dict, n_a: int, min_team: int) -> None:
    for p, arc_ids in by_pair.items():
        y = n_a + pair_of[p]
        team = s_col.get(p, y)
        staff = [i for i in arc_ids if net.arcs[i].staff]
        for i in arc_ids:
            z = team if net.arcs[i].staff else y
            rows.add([i, z], [1.0, -float(net.arcs[i].cap)], -np.inf, 0.0)
        if staff and min_team > 1:
            rows.add(staff + [team], [1.0] * len(staff) + [-float(min_team)], 0.0, np.inf)
        if p in s_col:
            rows.add([s_col[p], y], [1.0, -1.0], -np.inf, 0.0)


def _add_destination_rows(net: Network, rows: _Rows, pair_of: dict, n_a: int,
                          max_dest: int) -> dict[str, int]:
    by_donor: dict[str, list[int]] = defaultdict(list)
    for p, i in pair_of.items():
        by_donor[p[0]].append(n_a + i)
    return {donor: rows.add(cols, [1.0] * len(cols), -np.inf, float(max_dest))
            for donor, cols in by_donor.items() if len(cols) > max_dest}


def _to_lp(rows: _Rows, cost: np.ndarray, upper: np.ndarray, offset: float,
           integer: bool) -> highspy.HighsLp:
    n_col, n_row = len(cost), len(rows.lo)
    a = sparse.csc_matrix((rows.v, (rows.r, rows.c)), shape=(n_row, n_col))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_col, n_row
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(rows.lo, dtype=float)
    lp.row_upper_ = np.array(rows.hi, dtype=float)
    lp.offset_ = offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_col
    return lp
