"""The hand method, as a baseline: needs in priority order, each from the nearest donor.

Coordinators without a solver take the most urgent need first and ask the nearest donor
with spare stock, then the next nearest, and so on. The baseline obeys the same rules as
the planner (a first staff move to a destination must be a full team; a donor serves at
most `max_destinations_per_donor` destinations), so its plan is feasible and comparable.
It is used by the benchmark, by the tests, and as the solver's starting solution.
"""

from __future__ import annotations

import time
from collections import defaultdict

from surgeops.planner.assemble import assemble_plan
from surgeops.planner.network import Network, build_network
from surgeops.planner.plan import Plan
from surgeops.planner.problem import Scenario


def greedy(scenario: Scenario) -> Plan:
    """The hand-made plan for `scenario` (status "feasible": no optimality claim)."""
    start = time.perf_counter()
    net = build_network(scenario)
    flows = greedy_flows(net, min_team=scenario.rules.min_team_size,
                         max_dest=scenario.rules.max_destinations_per_donor)
    return assemble_plan(scenario, net, flows, status="feasible",
                         seconds=time.perf_counter() - start)


def greedy_flows(net: Network, *, min_team: int, max_dest: int) -> list[int]:
    """One amount per arc of `net`, filled need by need, nearest donor first."""
    arcs_into: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(net.arcs):
        arcs_into[(a.region, a.resource)].append(i)
    left = dict(net.spare)
    destinations: dict[str, set[str]] = defaultdict(set)
    staff_sent: dict[tuple[str, str], int] = defaultdict(int)
    flows = [0] * len(net.arcs)
    for key in sorted(net.need, key=lambda k: (-net.priority[k], k)):
        remaining = net.need[key]
        for i in sorted(arcs_into[key], key=lambda i: (net.arcs[i].km, net.arcs[i].donor)):
            a = net.arcs[i]
            amount = min(left[(a.donor, a.resource)], remaining)
            served = destinations[a.donor]
            if amount <= 0 or (a.region not in served and len(served) >= max_dest):
                continue
            if a.staff and staff_sent[(a.donor, a.region)] == 0 and amount < min_team:
                continue
            flows[i] += amount
            left[(a.donor, a.resource)] -= amount
            remaining -= amount
            served.add(a.region)
            if a.staff:
                staff_sent[(a.donor, a.region)] += amount
            if remaining == 0:
                break
    return flows
