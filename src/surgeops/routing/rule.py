"""The ranking rule, in one place, shared by the indexed router and the reference loop.

A facility can take the patient when it has a location, admits patients, serves the
service (itself, or as the end of a re-routing chain), its emergency department is
not diverted for the service, it has more than zero free beds of the needed type and,
when a maximum distance is given, lies within it. Candidates are ranked by

    score = distance_km + penalty_km

lowest first; ties go to more free beds of the needed type, then to the facility id.
The penalty turns "prefer intensive care for the sickest" into kilometres: a critical
patient is sent to a facility without a free ICU bed only when it is more than
`icu_detour_km` nearer; a severe patient likewise prefers a free oxygen or ICU bed by
`oxygen_detour_km`. Moderate and mild patients go to the nearest facility.
"""

from __future__ import annotations

from dataclasses import dataclass

from surgeops.domain.codes import FacilityKind

# Kinds that never admit patients, whatever services they list.
NON_ADMITTING_KINDS: frozenset[FacilityKind] = frozenset(
    {FacilityKind.laboratory, FacilityKind.regional_pool}
)


@dataclass(frozen=True, slots=True)
class RoutingRule:
    """The tunable part of the rule: how many km a better-equipped bed is worth."""

    icu_detour_km: float = 50.0
    oxygen_detour_km: float = 25.0

    def penalty_km(self, severity: str, *, free_icu: int, free_oxygen: int) -> float:
        """Penalty added to the distance of a facility for a patient of `severity`."""
        if severity == "critical" and free_icu <= 0:
            return self.icu_detour_km
        if severity == "severe" and free_icu <= 0 and free_oxygen <= 0:
            return self.oxygen_detour_km
        return 0.0
