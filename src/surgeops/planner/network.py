"""The candidate moves of a scenario: one arc per donor -> region -> resource.

Only arcs that can carry something are created: the donor has spare units of a resource
the region needs, and, for staff, the pair could field a team of at least
`min_team_size` people at all. This keeps the mixed-integer model small; no pruned arc
could appear in any feasible plan, so pruning never changes the optimum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from surgeops.planner.distances import distance_function
from surgeops.planner.problem import Scenario, is_staff

Key = tuple[str, str]  # (region, resource)


@dataclass(frozen=True)
class Arc:
    donor: str
    region: str
    resource: str
    km: float
    cap: int  # most units the arc can carry: min(donor's spare, region's need)

    @property
    def staff(self) -> bool:
        return is_staff(self.resource)


@dataclass
class Network:
    """Needs, spare stock and the arcs between them, in a stable order."""

    need: dict[Key, int]
    priority: dict[Key, float]
    spare: dict[Key, int]
    arcs: list[Arc]
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def arcs_of_pair(self) -> dict[tuple[str, str], list[int]]:
        out: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, a in enumerate(self.arcs):
            out[(a.donor, a.region)].append(i)
        return out


def build_network(scenario: Scenario) -> Network:
    """Collect needs (amount > 0), spare stock (amount - keep > 0) and the useful arcs."""
    need = {(n.region, n.resource): n.amount for n in scenario.needs if n.amount > 0}
    priority = {(n.region, n.resource): n.priority for n in scenario.needs}
    spare = {(o.region, o.resource): o.spare for o in scenario.offers if o.spare > 0}
    km = distance_function(scenario)
    donors_of: dict[str, list[str]] = defaultdict(list)
    for (donor, resource) in spare:
        donors_of[resource].append(donor)
    arcs = [
        Arc(d, r, k, km(d, r), min(spare[(d, k)], amount))
        for (r, k), amount in need.items()
        for d in donors_of.get(k, [])
        if d != r
    ]
    arcs = _drop_impossible_staff(arcs, scenario.rules.min_team_size)
    pairs = sorted({(a.donor, a.region) for a in arcs})
    return Network(need, priority, spare, arcs, pairs)


def _drop_impossible_staff(arcs: list[Arc], min_team: int) -> list[Arc]:
    """Remove staff arcs of pairs whose combined staff capacity is below a team."""
    staff_cap: dict[tuple[str, str], int] = defaultdict(int)
    for a in arcs:
        if a.staff:
            staff_cap[(a.donor, a.region)] += a.cap
    return [a for a in arcs if not a.staff or staff_cap[(a.donor, a.region)] >= min_team]


def nearest_arcs(net: Network, per_need: int) -> set[int]:
    """Indices of the arcs from each need's `per_need` nearest donors."""
    into: dict[Key, list[int]] = defaultdict(list)
    for i, a in enumerate(net.arcs):
        into[(a.region, a.resource)].append(i)
    keep: set[int] = set()
    for ids in into.values():
        ids.sort(key=lambda i: (net.arcs[i].km, net.arcs[i].donor))
        keep.update(ids[:per_need])
    return keep


def restrict(net: Network, keep: set[int]) -> tuple[Network, list[int]]:
    """The sub-network of the arcs in `keep`, and each kept arc's index in `net`."""
    index = sorted(keep)
    arcs = [net.arcs[i] for i in index]
    pairs = sorted({(a.donor, a.region) for a in arcs})
    return Network(net.need, net.priority, net.spare, arcs, pairs), index


def pairs_of_arcs(net: Network, arc_ids: set[int]) -> set[int]:
    """Indices (into `net.pairs`) of the pairs the given arcs belong to."""
    pair_of = {p: i for i, p in enumerate(net.pairs)}
    return {pair_of[(net.arcs[i].donor, net.arcs[i].region)] for i in arc_ids}


def restrict_pairs(net: Network, pair_ids: set[int]) -> tuple[Network, list[int]]:
    """The sub-network of every arc of the given pairs (whole pairs, so a pair's team
    and destination rows are the same as in `net`), and each arc's index in `net`."""
    keep = {net.pairs[i] for i in pair_ids}
    return restrict(net, {i for i, a in enumerate(net.arcs) if (a.donor, a.region) in keep})
