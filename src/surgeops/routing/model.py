"""What the router is given: a snapshot of facilities and a patient query.

These records are plain data so that a service can build them from stored facilities,
bed snapshots, conversions and diversions, and a test can build them by hand. They
validate what would otherwise turn into silently wrong routes (naive datetimes,
coordinates out of range, unknown bed types).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from enum import StrEnum

from surgeops.domain.codes import BedType, FacilityKind


class Severity(StrEnum):
    """How ill the patient is; decides how much a detour to ICU/oxygen beds is worth."""

    critical = "critical"
    severe = "severe"
    moderate = "moderate"
    mild = "mild"


def require_aware(value: datetime, what: str) -> datetime:
    """Return `value`, refusing naive datetimes: mixing zones would misjudge diversions."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must carry a time zone (got naive {value.isoformat()})")
    return value


def _check_coordinates(lat: float | None, lon: float | None, what: str) -> None:
    if (lat is None) != (lon is None):
        raise ValueError(f"{what}: give both lat and lon, or neither")
    if lat is not None and not -90.0 <= lat <= 90.0:
        raise ValueError(f"{what}: latitude {lat} outside [-90, 90]")
    if lon is not None and not -180.0 <= lon <= 180.0:
        raise ValueError(f"{what}: longitude {lon} outside [-180, 180]")


@dataclass(frozen=True, slots=True)
class Diversion:
    """The emergency department turns away patients for some services until a time.

    `services` None or empty means every service (a diversion of nothing would not be
    recorded). The diversion is in force while the query time is strictly before `until`.
    """

    until: datetime
    services: frozenset[str] | None = None

    def __post_init__(self) -> None:
        require_aware(self.until, "Diversion.until")
        services = frozenset(self.services) if self.services else None
        object.__setattr__(self, "services", services)

    def covers(self, service: str, at: datetime) -> bool:
        """True when this diversion turns away `service` at time `at`."""
        in_scope = self.services is None or service in self.services
        return in_scope and at < self.until


@dataclass(frozen=True, slots=True)
class FacilitySnapshot:
    """One facility as the router sees it at a moment.

    `free_beds` maps bed type to free beds as last reported; it may be negative
    (over capacity) or stale, and a missing type means none reported. `reroutes`
    maps a service to the id of the facility that now provides it (from a
    conversion): the service has moved even if `services` still lists it.
    `beds_as_of` (a date, or an aware datetime) is passed through to candidates so
    that a reader can judge how fresh the free-bed figure is. `opens_on`: the day it
    opens (a new building), from 00:00 UTC; before it the facility is no destination.
    """

    id: str
    name: str
    region_code: str
    lat: float | None
    lon: float | None
    kind: FacilityKind
    services: frozenset[str]
    free_beds: Mapping[BedType, int] = field(default_factory=dict)
    reroutes: Mapping[str, str] = field(default_factory=dict)
    diversions: tuple[Diversion, ...] = ()
    converted: bool = False
    beds_as_of: date | None = None
    opens_on: date | None = None

    def __post_init__(self) -> None:
        _check_coordinates(self.lat, self.lon, f"facility {self.id}")
        object.__setattr__(self, "kind", FacilityKind(self.kind))
        object.__setattr__(self, "services", frozenset(self.services))
        beds = {BedType(k): int(v) for k, v in self.free_beds.items()}
        object.__setattr__(self, "free_beds", beds)
        object.__setattr__(self, "reroutes", dict(self.reroutes))
        object.__setattr__(self, "diversions", tuple(self.diversions))
        if isinstance(self.beds_as_of, datetime):
            require_aware(self.beds_as_of, f"facility {self.id} beds_as_of")

    @property
    def opening(self) -> datetime | None:
        """The moment it opens (00:00 UTC of `opens_on`), if it opens on a later day."""
        return None if self.opens_on is None else datetime.combine(self.opens_on, time.min, tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class PatientLocation:
    """Where the patient is: exact coordinates, or a region's centroid."""

    lat: float
    lon: float
    region_code: str | None = None

    def __post_init__(self) -> None:
        _check_coordinates(self.lat, self.lon, "patient location")

    @classmethod
    def at_region(cls, region_code: str, centroid: tuple[float, float]) -> PatientLocation:
        """A patient known only by region, placed at the region's (lat, lon) centroid."""
        return cls(lat=centroid[0], lon=centroid[1], region_code=region_code)


@dataclass(frozen=True, slots=True)
class RouteQuery:
    """A patient who needs a bed of `bed_type` in a facility serving `service`.

    `bed_type` None means the patient needs the service's emergency care, not an
    epidemic bed: the free-bed check is skipped, so a clinic that reports no beds can
    take them, and candidates carry no free-bed count. `at` is the moment of the query (diversions are judged against it). `limit`
    caps the candidates returned; `max_excluded` caps the excluded facilities
    explained (the nearest ones).
    """

    location: PatientLocation
    bed_type: BedType | None
    service: str
    severity: Severity
    at: datetime
    max_distance_km: float | None = None
    limit: int = 5
    max_excluded: int = 20

    def __post_init__(self) -> None:
        if self.bed_type is not None:
            object.__setattr__(self, "bed_type", BedType(self.bed_type))
        object.__setattr__(self, "severity", Severity(self.severity))
        require_aware(self.at, "RouteQuery.at")
        if self.limit < 0 or self.max_excluded < 0:
            raise ValueError("limit and max_excluded must not be negative")
        if self.max_distance_km is not None and self.max_distance_km < 0:
            raise ValueError("max_distance_km must not be negative")
