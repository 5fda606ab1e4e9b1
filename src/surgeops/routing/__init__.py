"""Patient routing: a patient needing a service and a bed type -> ranked facilities.

Pure: numpy and the domain codes only. Build a `RoutingIndex` from
`FacilitySnapshot`s once, then call `index.route(RouteQuery(...))`.
"""

from surgeops.routing.index import RoutingIndex
from surgeops.routing.model import (
    Diversion, FacilitySnapshot, PatientLocation, RouteQuery, Severity,
)
from surgeops.routing.reference import ReferenceRouter
from surgeops.routing.result import Candidate, Exclusion, ExclusionCode, RouteResult
from surgeops.routing.rule import RoutingRule

__all__ = [
    "Candidate", "Diversion", "Exclusion", "ExclusionCode", "FacilitySnapshot",
    "PatientLocation", "ReferenceRouter", "RouteQuery", "RouteResult", "RoutingIndex",
    "RoutingRule", "Severity",
]
