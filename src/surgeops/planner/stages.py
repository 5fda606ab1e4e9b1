"""One lexicographic stage, solved over a few pairs and proven over all of them.

1. Column generation: the stage's LP relaxation over a pool of donor -> region pairs;
   pairs of the full network whose block has a negative reduced cost (`pricing`) join
   the pool until none is left (then the pool's LP optimum is the full LP's), or the
   rounds run out (the Lagrangian bound L is valid either way).
2. The MIP over the pairs the LP uses plus the pairs of the starting plan: small, so
   HiGHS proves it quickly, and the LP is nearly tight on these problems.
3. Certificate over the full network: every plan using only the MIP's pairs costs at
   least the MIP's dual bound; every plan using another pair p at least L + delta_p.
   Pairs that could still beat the incumbent (L + delta_p below it, less the gap) join
   the MIP and it is solved again, until the bound proves the incumbent or time is up.

Stage 1 values are multiples of the priority granularity g (when the priorities have
one), so its bound is rounded up to a multiple of g: a bound within g of the plan
proves the plan exactly optimal.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

from surgeops.planner.formulation import build_formulation
from surgeops.planner.granularity import round_up
from surgeops.planner.highs import (
    repair_integrality,
    run_mip,
    solve_relaxation,
    start_values,
    unmet_lower,
)
from surgeops.planner.network import Network, restrict_pairs
from surgeops.planner.pricing import Blocks, Pricing, price
from surgeops.planner.reroute import reroute_supplies

CG_ROUNDS = 12
CG_BATCH = 4000  # most pairs added to the pool per pricing round
MIP_ROUNDS = 4
REROUTE_ROUNDS = 5
PROMISING_BATCH = 3000  # most pairs added to the MIP per certificate round
LARGE_CAPACITY = 100  # arcs that can carry more units are continuous in the MIP, then repaired
STAGE_ONE_GAP = 1e-4
UNMET_TOLERANCE = 1e-7  # without a granularity, stage 2 may lose this share of the need


@dataclass
class Context:
    """What every stage of one solve shares."""

    net: Network
    blocks: Blocks
    pair_index: dict[tuple[str, str], int]
    min_team: int
    max_dest: int
    mip_gap: float
    granularity: Optional[float]


@dataclass
class StageResult:
    flows: np.ndarray  # integer amount per arc of the full network
    objective: float
    bound: float
    proven: bool
    pool: set[int]  # pairs of the last LP pool, a good start for the next stage

    @property
    def gap(self) -> float:
        return max(self.objective - self.bound, 0.0) / abs(self.objective) \
            if self.objective > 0 else 0.0


def objective(ctx: Context, stage: int, flows: np.ndarray) -> float:
    """Weighted unmet need (stage 1) or distance x amount (stage 2) of a flow vector."""
    if stage == 1:
        return ctx.blocks.offset - float(ctx.blocks.weight @ flows)
    return float(ctx.blocks.km @ flows)


def unmet_slack(ctx: Context) -> float:
    """How far stage 2's row may exceed stage 1's unmet need: half a granularity step
    (so no plan with more unmet need fits), else a tiny share of the total need."""
    if ctx.granularity:
        return 0.5 * ctx.granularity
    return UNMET_TOLERANCE * max(1.0, ctx.blocks.offset)


def run_stage(ctx: Context, stage: int, start: np.ndarray, pool: set[int], *,
              deadline: float, unmet_cap: Optional[float] = None) -> StageResult:
    """The best plan of a stage from `start` (full-network flows), and its bound."""
    slack = unmet_slack(ctx) if stage == 2 else 0.0
    pool = set(pool) | _used_pairs(ctx, start)
    pricing, support = _column_generation(ctx, stage, pool, unmet_cap, slack,
                                          deadline=deadline)
    if stage == 2:
        start = _rerouted(ctx, start, support, deadline=deadline)
    best, best_obj = start, objective(ctx, stage, start)
    lower = pricing.bound if pricing else -math.inf
    bound = lower
    mip_set = set(support) | _used_pairs(ctx, start)
    # stage 1 first tries the LP's strongest pairs of each donor: no destination row
    # binds there, so that MIP is quick, and its plan is usually within the gap
    rounds = [_strongest(ctx, support)] if stage == 1 else []
    for _ in range(MIP_ROUNDS):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        pair_set = rounds.pop() if rounds else mip_set
        share = 1.0 if pair_set is mip_set else 0.25  # the quick try must stay quick
        run_bound, found = _restricted_mip(ctx, stage, pair_set, best, unmet_cap, slack,
                                           time_limit=share * remaining)
        if found is not None and _acceptable(ctx, stage, found, unmet_cap, slack) \
                and objective(ctx, stage, found) < best_obj:
            best, best_obj = found, objective(ctx, stage, found)
        bound = max(bound, _bound(ctx, stage, pricing, lower, run_bound, pair_set, best_obj))
        if _proven(ctx, best_obj, bound) or pricing is None:
            break
        if pair_set is not mip_set:
            continue
        more = _promising(ctx, stage, pricing, mip_set, best_obj, best)
        if not more:
            break
        mip_set |= more
    bound = max(bound, 0.0)  # both objectives are sums of non-negative terms
    return StageResult(best, best_obj, bound, _proven(ctx, best_obj, bound), pool)


def _rerouted(ctx: Context, start: np.ndarray, support: dict[int, float], *,
              deadline: float) -> np.ndarray:
    """Supplies the short way round, over the LP's pairs where a donor has room; again
    while it helps (a re-route can empty a pair and so make room for another)."""
    extra = [ctx.net.pairs[p] for p in sorted(support, key=lambda p: -support[p])]
    for _ in range(REROUTE_ROUNDS):
        better = reroute_supplies(ctx.net, start, extra=extra, max_dest=ctx.max_dest,
                                  time_limit=max(deadline - time.perf_counter(), 0.0))
        if objective(ctx, 2, better) >= objective(ctx, 2, start) * (1 - 1e-6):
            return better
        start = better
    return start


def _column_generation(ctx: Context, stage: int, pool: set[int],
                       unmet_cap: Optional[float], slack: float, *,
                       deadline: float) -> tuple[Optional[Pricing], dict[int, float]]:
    """Grow `pool` (in place) by pricing; return the last pricing and the LP's support
    (pair -> its "sends anything" value in the LP)."""
    pricing, support = None, {}
    for _ in range(CG_ROUNDS):
        sub, _index = restrict_pairs(ctx.net, pool)
        form = build_formulation(sub, min_team=ctx.min_team, max_dest=ctx.max_dest)
        remaining = deadline - time.perf_counter()
        try:
            z, cols, duals = solve_relaxation(form, stage, unmet_cap, slack=slack,
                                              time_limit=remaining / 2)
        except TimeoutError:
            break
        row = form.lp.num_row_ if stage == 2 else None
        pricing = price(ctx.blocks, form, duals, stage=stage, unmet_row=row,
                        unmet_lower=unmet_lower(form, unmet_cap, slack))
        support = {ctx.pair_index[p]: float(cols[c]) for p, c in form.pair_col.items()
                   if cols[c] > 1e-6}
        tol = 1e-9 * max(1.0, abs(z))
        order = np.argsort(pricing.block_min, kind="stable")
        new = [int(p) for p in order[: len(pool) + CG_BATCH]
               if pricing.block_min[p] < -tol and int(p) not in pool][:CG_BATCH]
        if not new:
            break
        pool.update(new)
    return pricing, support


def _restricted_mip(ctx: Context, stage: int, pair_set: set[int], start: np.ndarray,
                    unmet_cap: Optional[float], slack: float, *,
                    time_limit: float) -> tuple[float, Optional[np.ndarray]]:
    """The stage's MIP over `pair_set`: its dual bound and its plan as full flows."""
    t0 = time.perf_counter()
    sub, index = restrict_pairs(ctx.net, pair_set)
    form = build_formulation(sub, min_team=ctx.min_team, max_dest=ctx.max_dest,
                             continuous_above=LARGE_CAPACITY)
    warm = start_values(form, sub.arcs, start[index])
    abs_gap = 0.999 * ctx.granularity if stage == 1 and ctx.granularity else 0.0
    run = run_mip(form, stage, unmet_cap, warm, time_limit=time_limit,
                  mip_gap=_mip_gap(ctx, stage), slack=slack, abs_gap=abs_gap)
    if run.values is None:
        return run.bound, None
    values = repair_integrality(form, stage, unmet_cap, run.values, slack=slack,
                                time_limit=max(time_limit - (time.perf_counter() - t0), 1.0))
    if values is None:
        return run.bound, None
    flows = np.zeros(len(ctx.net.arcs))
    flows[index] = values[: form.n_arcs]
    return run.bound, flows


def _bound(ctx: Context, stage: int, pricing: Optional[Pricing], lower: float,
           mip_bound: float, mip_set: set[int], best_obj: float) -> float:
    """max(L, min(MIP bound over mip_set, L + least delta of a pair outside it))."""
    if pricing is None:
        return -math.inf
    outside = np.ones(len(pricing.delta), dtype=bool)
    outside[list(mip_set)] = False
    others = lower + float(pricing.delta[outside].min()) if outside.any() else math.inf
    bound = max(lower, min(mip_bound, others))
    if stage == 1:
        bound = round_up(bound, ctx.granularity)  # every plan's unmet is a multiple of g
    return min(bound, best_obj)


def _proven(ctx: Context, value: float, bound: float) -> bool:
    return value - bound <= ctx.mip_gap * abs(value) + 1e-9 * max(1.0, abs(value))


def _promising(ctx: Context, stage: int, pricing: Pricing, mip_set: set[int],
               best_obj: float, best: np.ndarray) -> set[int]:
    """Pairs outside the MIP that a plan better than the incumbent (beyond the gap, or
    by a granularity step) might use: the certificate cannot exclude them.

    A degenerate LP leaves many such pairs, more than `PROMISING_BATCH`: then stage 1
    takes those that serve a need the incumbent leaves short of what its arcs could
    bring (where a better plan must differ), and stage 2 none (the time goes to the
    next stage)."""
    margin = ctx.mip_gap * abs(best_obj)
    if stage == 1 and ctx.granularity:
        margin = max(margin, (1 - 1e-6) * ctx.granularity)
    threshold = best_obj - margin - pricing.bound
    outside = np.ones(len(pricing.delta), dtype=bool)
    outside[list(mip_set)] = False
    ids = np.flatnonzero((pricing.delta < threshold) & outside)
    if len(ids) > PROMISING_BATCH and stage == 1:
        ids = ids[np.isin(ids, _pairs_of_short_needs(ctx, best))]
        ids = ids[np.argsort(pricing.delta[ids], kind="stable")][:PROMISING_BATCH]
    return {int(p) for p in ids} if len(ids) <= PROMISING_BATCH else set()


def _pairs_of_short_needs(ctx: Context, flows: np.ndarray) -> np.ndarray:
    """Pairs with an arc into a need that `flows` fills less than its arcs could."""
    b = ctx.blocks
    n_need = len(b.need_keys)
    reachable = np.minimum(b.need_amount, np.bincount(b.arc_need, weights=b.cap,
                                                      minlength=n_need))
    received = np.bincount(b.arc_need, weights=flows, minlength=n_need)
    short = received < reachable - 0.5
    return np.unique(b.arc_pair[short[b.arc_need]])


def _strongest(ctx: Context, support: dict[int, float]) -> set[int]:
    """Each donor's `max_dest` pairs of largest LP value."""
    by_donor: dict[int, list[tuple[float, int]]] = {}
    for p, value in support.items():
        by_donor.setdefault(int(ctx.blocks.pair_donor[p]), []).append((-value, p))
    return {p for ranked in by_donor.values() for _v, p in sorted(ranked)[: ctx.max_dest]}


def _used_pairs(ctx: Context, flows: np.ndarray) -> set[int]:
    arcs = ctx.net.arcs
    return {ctx.pair_index[(arcs[i].donor, arcs[i].region)] for i in np.flatnonzero(flows > 0)}


def _acceptable(ctx: Context, stage: int, flows: np.ndarray, unmet_cap: Optional[float],
                slack: float) -> bool:
    """A stage-2 plan must leave no more weighted need unmet than stage 1 allowed."""
    return stage == 1 or objective(ctx, 1, flows) <= float(unmet_cap or 0.0) + slack


def _mip_gap(ctx: Context, stage: int) -> float:
    """Stage 1 aims closer than the gap asked for: its MIP is quick, and every unit of
    weighted need it leaves on the table stays unmet in the final plan."""
    return min(ctx.mip_gap, STAGE_ONE_GAP) if stage == 1 else ctx.mip_gap
