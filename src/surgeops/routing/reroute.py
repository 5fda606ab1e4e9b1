"""Follow service re-routings (from facility conversions) to where the service now is.

A converted facility's service moves to another facility, which may itself have moved
it on. Each chain either ends at a facility that keeps the service (it then serves it,
whatever its own service list says), loops back on itself, or points at a facility
that is not in the snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from surgeops.routing.model import FacilitySnapshot
from surgeops.routing.result import ExclusionCode


@dataclass(frozen=True, slots=True)
class Forwarding:
    """Where a facility's service went.

    `chain` runs from the source facility to the final facility for a resolved chain
    (`status` service_moved); for a cycle it ends with the first repeated id; for an
    unknown target it ends with the missing id.
    """

    status: ExclusionCode
    chain: tuple[str, ...]

    @property
    def final(self) -> str:
        """The last facility id in the chain."""
        return self.chain[-1]


def follow(source: str, service: str, by_id: dict[str, FacilitySnapshot]) -> Forwarding:
    """Follow `service` from `source`, which must re-route it, to where it ends."""
    chain = [source]
    current = by_id[source].reroutes[service]
    while True:
        if current in chain:
            return Forwarding(ExclusionCode.reroute_cycle, (*chain, current))
        if current not in by_id:
            return Forwarding(ExclusionCode.reroute_target_unknown, (*chain, current))
        chain.append(current)
        nxt = by_id[current].reroutes.get(service)
        if nxt is None:
            return Forwarding(ExclusionCode.service_moved, tuple(chain))
        current = nxt


def resolve_reroutes(
    facilities: Iterable[FacilitySnapshot],
) -> dict[str, dict[str, Forwarding]]:
    """For every service, map each re-routing facility id to its resolved forwarding."""
    by_id = {f.id: f for f in facilities}
    resolved: dict[str, dict[str, Forwarding]] = {}
    for facility in by_id.values():
        for service in facility.reroutes:
            resolved.setdefault(service, {})[facility.id] = follow(facility.id, service, by_id)
    return resolved
