"""What the router answers: ranked candidates and the facilities it ruled out, with why.

Candidates and exclusions are plain (unfrozen) records: every query builds fresh
ones that the router never looks at again, and a frozen dataclass costs about eight
times as much to build, which shows at thousands of queries a second.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from surgeops.routing.model import RouteQuery


class ExclusionCode(StrEnum):
    """Machine-readable reason a facility cannot take the patient.

    Listed in the order the rule checks them; a facility excluded for several
    reasons reports the first one.
    """

    no_location = "no_location"
    not_patient_facility = "not_patient_facility"
    reroute_cycle = "reroute_cycle"
    reroute_target_unknown = "reroute_target_unknown"
    service_moved = "service_moved"
    service_not_offered = "service_not_offered"
    not_open = "not_open"
    ed_diverted = "ed_diverted"
    no_free_beds = "no_free_beds"
    too_far = "too_far"


# Position of each code in check order; the integer stored in the index's arrays.
CODE_ORDER: tuple[ExclusionCode, ...] = tuple(ExclusionCode)
CODE_VALUE: dict[ExclusionCode, int] = {code: i + 1 for i, code in enumerate(CODE_ORDER)}


@dataclass(slots=True)
class Candidate:
    """A facility that can take the patient now.

    `score` is the ranking key in kilometres (distance plus any severity penalty;
    lower is better). `free_beds` counts free beds of the needed type; None when the
    query named no bed type. `via` is the re-routing chain that ends here (this facility
    excluded), starting at the forwarding facility nearest the patient: the query
    was forwarded through it because the service moved. Empty when nothing forwards
    the service here.
    """

    facility_id: str
    name: str
    region_code: str
    distance_km: float
    free_beds: int | None
    score: float
    via: tuple[str, ...] = ()
    beds_as_of: date | None = None


@dataclass(slots=True)
class Exclusion:
    """A facility ruled out, with a code for machines and a sentence for people.

    `forwarded_to` and `chain` are set for moved services (the chain runs from this
    facility to the final one, both included); `until` for a diversion.
    """

    facility_id: str
    name: str
    distance_km: float | None
    code: ExclusionCode
    reason: str
    forwarded_to: str | None = None
    chain: tuple[str, ...] = ()
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class RouteResult:
    """Candidates best first; exclusions nearest first (those without a location last).

    `eligible` counts every facility that could take the patient, before `limit`.
    """

    query: RouteQuery
    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    eligible: int
    considered: int

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or None when nobody can take the patient."""
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: codes as strings, times in ISO 8601, tuples as lists."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else value
        return [_jsonable(v) for v in items]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
