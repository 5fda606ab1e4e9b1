"""Plain-English explanation of a plan, one paragraph per region.

"Mangystau receives 12 nurses from Almaty (1,890 km) and 8 from Aktobe (1,020 km);
4 intensivists remain unmet because every donor must keep all it holds."
"""

from __future__ import annotations

from collections import defaultdict

from surgeops.planner.labels import km_text, label
from surgeops.planner.network import Network
from surgeops.planner.plan import Move, Plan
from surgeops.planner.problem import Scenario
from surgeops.planner.reasons import plan_facts, unmet_reasons


def explain(scenario: Scenario, net: Network, plan: Plan, *,
            stopped_early: bool = False) -> dict[str, str]:
    """Region id -> explanation, for every region that needs, receives or sends."""
    incoming: dict[str, list[Move]] = defaultdict(list)
    outgoing: dict[str, list[Move]] = defaultdict(list)
    for m in plan.moves:
        incoming[m.target].append(m)
        outgoing[m.source].append(m)
    unmet_by_region = defaultdict(list)
    for u in plan.unmet:
        unmet_by_region[u.region].append(u)
    facts = plan_facts(net, plan)
    needy = {r for (r, _k) in net.need}
    out: dict[str, str] = {}
    for region in scenario.regions:
        parts = []
        if incoming[region.id]:
            parts.append(f"{region.name} receives {_flows(scenario, incoming[region.id], 'from')}")
        for u in unmet_by_region[region.id]:
            why = " and ".join(unmet_reasons(scenario, net, facts, u.region, u.resource,
                                             stopped_early=stopped_early))
            verb = "remains" if u.amount == 1 else "remain"
            parts.append(f"{label(u.resource, u.amount)} {verb} unmet because {why}")
        if region.id in needy and not unmet_by_region[region.id]:
            parts.append("all needs are met")
        if outgoing[region.id]:
            parts.append(f"{region.name} sends {_shipments(scenario, outgoing[region.id])}")
        if parts:
            out[region.id] = _sentence(parts, region.name)
    return out


def _flows(scenario: Scenario, moves: list[Move], direction: str) -> str:
    """"12 nurses from Almaty (1,890 km) and 8 from Aktobe (1,020 km); 500 masks from ..."
    """
    by_resource: dict[str, list[Move]] = defaultdict(list)
    for m in sorted(moves, key=lambda m: (m.resource, m.km)):
        by_resource[m.resource].append(m)
    groups = []
    for resource, group in by_resource.items():
        items = []
        for i, m in enumerate(group):
            other = scenario.region(m.source if direction == "from" else m.target).name
            qty = label(resource, m.amount) if i == 0 else f"{m.amount:,}"
            items.append(f"{qty} {direction} {other} ({km_text(m.km)})")
        groups.append(_join(items))
    return "; ".join(groups)


def _shipments(scenario: Scenario, moves: list[Move]) -> str:
    """"5 anesthesiologists and 3 cardiologists to Almaty (3,104 km); 40 beds to ..."""
    by_target: dict[str, list[Move]] = defaultdict(list)
    for m in sorted(moves, key=lambda m: (m.km, m.target, m.resource)):
        by_target[m.target].append(m)
    groups = []
    for target, group in by_target.items():
        items = _join([label(m.resource, m.amount) for m in group])
        groups.append(f"{items} to {scenario.region(target).name} ({km_text(group[0].km)})")
    return "; ".join(groups)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(parts: list[str], name: str) -> str:
    """One sentence per clause; a paragraph that does not start with the region names it."""
    text = " ".join(p[0].upper() + p[1:] + "." for p in parts)
    return text if text.startswith(name) else f"{name}: {text}"
