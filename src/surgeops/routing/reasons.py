"""Plain-English sentences for exclusion codes, one table so both routers agree.

Each writer receives the facility, the query and the details of the exclusion. A
table rather than a `match` keeps the per-exclusion cost low: the router explains
up to `max_excluded` facilities for every query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from surgeops.routing.model import FacilitySnapshot, RouteQuery
from surgeops.routing.result import ExclusionCode


@dataclass(slots=True)
class _Details:
    facility: FacilitySnapshot
    query: RouteQuery
    names: dict[str, str]
    chain: tuple[str, ...]
    until: datetime | None
    distance_km: float | None
    free: int | None

    def label(self, facility_id: str) -> str:
        name = self.names.get(facility_id)
        return facility_id if name is None else f"{name} ({facility_id})"

    @property
    def after(self) -> str:
        return " after its conversion" if self.facility.converted else ""


def _moved(x: _Details) -> str:
    via = "".join(f" via {x.label(fid)}" for fid in x.chain[1:-1])
    return f"{x.query.service} moved{x.after} to {x.label(x.chain[-1])}{via}"


def _no_free_beds(x: _Details) -> str:
    bed = x.query.bed_type.value
    if x.free is None:
        return f"no {bed} beds reported"
    return f"no free {bed} beds (reported {x.free})"


_WRITERS: dict[ExclusionCode, Callable[[_Details], str]] = {
    ExclusionCode.no_location: lambda x: "no coordinates on record",
    ExclusionCode.not_patient_facility: lambda x: (
        f"a {x.facility.kind.value.replace('_', ' ')} does not admit patients"),
    ExclusionCode.reroute_cycle: lambda x: (
        f"{x.query.service} re-routing loops: " + " -> ".join(x.chain)),
    ExclusionCode.reroute_target_unknown: lambda x: (
        f"{x.query.service} moved{x.after} to {x.chain[-1]}, which is not in the registry"),
    ExclusionCode.service_moved: _moved,
    ExclusionCode.service_not_offered: lambda x: (
        f"does not offer {x.query.service}"
        + (" since its conversion" if x.facility.converted else "")),
    ExclusionCode.not_open: lambda x: f"not open yet: opens on {x.facility.opens_on.isoformat()}",
    ExclusionCode.ed_diverted: lambda x: (
        f"emergency department diverted for {x.query.service} until {x.until.isoformat()}"),
    ExclusionCode.no_free_beds: _no_free_beds,
    ExclusionCode.too_far: lambda x: (
        f"{x.distance_km:.1f} km away, beyond the {x.query.max_distance_km:g} km limit"),
}


def describe(
    code: ExclusionCode,
    facility: FacilitySnapshot,
    query: RouteQuery,
    *,
    names: dict[str, str],
    chain: tuple[str, ...] = (),
    until: datetime | None = None,
    distance_km: float | None = None,
    free: int | None = None,
) -> str:
    """Why `facility` cannot take the patient of `query`, in one sentence.

    `names` maps facility ids to names for forwarding chains; `chain` is the
    re-routing chain, `until` the end of a diversion, `free` the current free-bed
    count of the needed type (None when none reported).
    """
    details = _Details(facility, query, names, chain, until, distance_km, free)
    return _WRITERS[code](details)
