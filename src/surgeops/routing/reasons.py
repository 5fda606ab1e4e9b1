"""Plain-English sentences for exclusion codes, one function so both routers agree."""

from __future__ import annotations

from datetime import datetime

from surgeops.routing.model import FacilitySnapshot, RouteQuery
from surgeops.routing.result import ExclusionCode


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

    `free` is the current free-bed count of the needed type, None when not reported.
    """
    service, bed = query.service, query.bed_type.value
    label = lambda fid: f"{names[fid]} ({fid})" if fid in names else fid  # noqa: E731
    after = " after its conversion" if facility.converted else ""
    match code:
        case ExclusionCode.no_location:
            return "no coordinates on record"
        case ExclusionCode.not_patient_facility:
            return f"a {facility.kind.value.replace('_', ' ')} does not admit patients"
        case ExclusionCode.reroute_cycle:
            return f"{service} re-routing loops: " + " -> ".join(chain)
        case ExclusionCode.reroute_target_unknown:
            return f"{service} moved{after} to {chain[-1]}, which is not in the registry"
        case ExclusionCode.service_moved:
            via = "".join(f" via {label(fid)}" for fid in chain[1:-1])
            return f"{service} moved{after} to {label(chain[-1])}{via}"
        case ExclusionCode.service_not_offered:
            return f"does not offer {service}" + (" since its conversion" if after else "")
        case ExclusionCode.ed_diverted:
            assert until is not None
            return f"emergency department diverted for {service} until {until.isoformat()}"
        case ExclusionCode.no_free_beds:
            if free is None:
                return f"no {bed} beds reported"
            return f"no free {bed} beds (reported {free})"
        case ExclusionCode.too_far:
            return f"{distance_km:.1f} km away, beyond the {query.max_distance_km:g} km limit"
    raise ValueError(f"unknown exclusion code {code!r}")
