"""The hand method, as a baseline: needs in priority order, each from the nearest donor.

Coordinators without a solver take the most urgent need first and ask the nearest donor
with spare stock, then the next nearest, and so on. The baseline obeys the same rules as
the planner (a first staff move to a destination must be a full team, completed if need
be with other specialties the same donor can send there; a donor serves at most
`max_destinations_per_donor` destinations), so its plan is feasible and comparable.
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
    state = _State(net)
    for key in sorted(net.need, key=lambda k: (-net.priority[k], k)):
        for i in sorted(state.arcs_into[key], key=lambda i: (net.arcs[i].km, net.arcs[i].donor)):
            if state.need_left[key] == 0:
                break
            a = net.arcs[i]
            amount = min(state.left[(a.donor, a.resource)], state.need_left[key])
            served = state.destinations[a.donor]
            if amount <= 0 or (a.region not in served and len(served) >= max_dest):
                continue
            if a.staff and state.staff_sent[(a.donor, a.region)] == 0 and amount < min_team:
                fillers = state.team_fillers(i, min_team - amount)
                if fillers is None:
                    continue
                for j, extra in fillers:
                    state.send(j, extra)
            state.send(i, amount)
    return state.flows


class _State:
    """What is left to send and to receive while the greedy plan is built."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.arcs_into: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.arcs_of_pair = net.arcs_of_pair()
        for i, a in enumerate(net.arcs):
            self.arcs_into[(a.region, a.resource)].append(i)
        self.left = dict(net.spare)
        self.need_left = dict(net.need)
        self.destinations: dict[str, set[str]] = defaultdict(set)
        self.staff_sent: dict[tuple[str, str], int] = defaultdict(int)
        self.flows = [0] * len(net.arcs)

    def send(self, i: int, amount: int) -> None:
        a = self.net.arcs[i]
        self.flows[i] += amount
        self.left[(a.donor, a.resource)] -= amount
        self.need_left[(a.region, a.resource)] -= amount
        self.destinations[a.donor].add(a.region)
        if a.staff:
            self.staff_sent[(a.donor, a.region)] += amount

    def team_fillers(self, i: int, missing: int) -> list[tuple[int, int]] | None:
        """Other specialties the same donor can send the same region to make a team
        (most urgent first), as a coordinator completes a team; None if it cannot."""
        a = self.net.arcs[i]
        others = [j for j in self.arcs_of_pair[(a.donor, a.region)]
                  if j != i and self.net.arcs[j].staff]
        others.sort(key=lambda j: -self.net.priority[(a.region, self.net.arcs[j].resource)])
        fillers = []
        for j in others:
            b = self.net.arcs[j]
            extra = min(self.left[(b.donor, b.resource)], self.need_left[(b.region, b.resource)],
                        missing)
            if extra > 0:
                fillers.append((j, extra))
                missing -= extra
            if missing == 0:
                return fillers
        return None
