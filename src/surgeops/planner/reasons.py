"""Why a need stays unmet, computed from the scenario and the plan (not guessed).

The reasons, in the order they are checked:
  no offers         no donor holds the resource at all
  keep              donors hold it, but all of it is stock they must keep
  used elsewhere    every spare unit already goes to other regions (named, with a note
                    when they have higher priority)
  team size         a donor's spare staff cannot form a team of `min_team_size`
  destination cap   a donor with spare stock already serves its maximum of destinations
  search stopped    none of the above: the solver stopped at its time limit or gap
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from surgeops.planner.labels import noun
from surgeops.planner.network import Network
from surgeops.planner.plan import Plan
from surgeops.planner.problem import Scenario, is_staff


@dataclass(frozen=True)
class PlanFacts:
    """What the plan uses, indexed for the reason checks."""

    shipped: dict[tuple[str, str], int]        # (donor, resource) -> units sent
    destinations: dict[str, set[str]]          # donor -> regions it serves
    staff_pairs: set[tuple[str, str]]          # (donor, region) pairs carrying staff
    recipients: dict[str, set[str]]            # resource -> regions receiving it
    arcs: set[tuple[str, str, str]]            # (donor, region, resource) candidates


def plan_facts(net: Network, plan: Plan) -> PlanFacts:
    shipped: dict[tuple[str, str], int] = defaultdict(int)
    destinations: dict[str, set[str]] = defaultdict(set)
    recipients: dict[str, set[str]] = defaultdict(set)
    staff_pairs: set[tuple[str, str]] = set()
    for m in plan.moves:
        shipped[(m.source, m.resource)] += m.amount
        destinations[m.source].add(m.target)
        recipients[m.resource].add(m.target)
        if is_staff(m.resource):
            staff_pairs.add((m.source, m.target))
    arcs = {(a.donor, a.region, a.resource) for a in net.arcs}
    return PlanFacts(shipped, destinations, staff_pairs, recipients, arcs)


def unmet_reasons(scenario: Scenario, net: Network, facts: PlanFacts, region: str,
                  resource: str, *, stopped_early: bool) -> list[str]:
    """Plain-English reasons, each a clause to follow "because"."""
    offers = [o for o in scenario.offers if o.resource == resource and o.region != region]
    if not any(o.amount > 0 for o in offers):
        return ["no donor offers any"]
    spare_total = sum(o.spare for o in offers)
    if spare_total == 0:
        return ["every donor must keep all it holds"]
    left = {o.region: o.spare - facts.shipped.get((o.region, resource), 0)
            for o in offers if o.spare > 0}
    if sum(left.values()) == 0:
        return [_used_elsewhere(scenario, net, facts, region, resource, spare_total)]
    reasons = [_blocked(scenario, facts, d, region, resource, n)
               for d, n in sorted(left.items()) if n > 0]
    found = [r for r in dict.fromkeys(reasons) if r]
    if found:
        return found
    return ["the solver stopped at its time limit" if stopped_early
            else "the solver stopped within its optimality gap"]


def _used_elsewhere(scenario: Scenario, net: Network, facts: PlanFacts, region: str,
                    resource: str, spare_total: int) -> str:
    others = sorted(facts.recipients.get(resource, set()) - {region})
    kept = sum(o.keep for o in scenario.offers if o.resource == resource)
    keep_note = f", and donors keep another {kept:,}" if kept else ""
    spare = f"{spare_total:,} spare {noun(resource, spare_total)}"
    if not others:
        return f"all {spare} in the country come here{keep_note}"
    mine = net.priority[(region, resource)]
    higher = [r for r in others if net.priority.get((r, resource), 0) > mine]
    names = _names(scenario, higher or others)
    which = "higher-priority regions" if higher else "regions of equal or lower priority " \
        "that donors reach at less distance or within their rules"
    return f"all {spare} go to {which} ({names}){keep_note}"


def _blocked(scenario: Scenario, facts: PlanFacts, donor: str, region: str,
             resource: str, left: int) -> str:
    """Why `donor`, with `left` spare units, sends no more to `region` (or "")."""
    name = scenario.region(donor).name
    rules = scenario.rules
    if (donor, region, resource) not in facts.arcs:
        return (f"{name}'s spare staff for this region ({left:,}) cannot form a team of "
                f"{rules.min_team_size}")
    served = facts.destinations.get(donor, set())
    if region not in served and len(served) >= rules.max_destinations_per_donor:
        return (f"{name} already serves its maximum of "
                f"{rules.max_destinations_per_donor} destinations")
    if is_staff(resource) and (donor, region) not in facts.staff_pairs:
        return (f"{name}'s {left:,} spare cannot form a team of {rules.min_team_size} "
                "without taking staff from more urgent needs")
    return ""


def _names(scenario: Scenario, ids: list[str], limit: int = 3) -> str:
    names = [scenario.region(i).name for i in ids[:limit]]
    extra = len(ids) - limit
    return ", ".join(names) + (f" and {extra} more" if extra > 0 else "")
