"""The indexed router answers exactly as the plain reference loop on random snapshots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from routing_compare import assert_same_routes
from surgeops.domain.codes import BedType, FacilityKind
from surgeops.routing import (
    Diversion, ExclusionCode, FacilitySnapshot, PatientLocation, ReferenceRouter, RouteQuery,
    RoutingIndex, Severity,
)

NOW = datetime(2021, 5, 18, 8, 0, tzinfo=UTC)
SERVICES = ("trauma", "stroke", "therapy", "ent")
KINDS = (FacilityKind.clinic, FacilityKind.general_hospital, FacilityKind.laboratory)


def random_facility(rng: np.random.Generator, i: int, n: int) -> FacilitySnapshot:
    located = rng.random() > 0.05
    reroutes = {s: f"f{rng.integers(n + 1)}" for s in SERVICES if rng.random() < 0.15}
    diversions = tuple(
        Diversion(NOW + timedelta(hours=int(rng.integers(-3, 4))),
                  None if rng.random() < 0.3 else frozenset(rng.choice(SERVICES, 2)))
        for _ in range(int(rng.integers(0, 2)))
    )
    return FacilitySnapshot(
        id=f"f{i}", name=f"Facility {i}", region_code="KZ-47",
        lat=float(rng.uniform(42, 46)) if located else None,
        lon=float(rng.uniform(50, 55)) if located else None,
        kind=KINDS[int(rng.choice(3, p=[0.6, 0.35, 0.05]))],
        services=frozenset(s for s in SERVICES if rng.random() < 0.5),
        free_beds={b: int(rng.integers(-2, 4)) for b in BedType if rng.random() < 0.8},
        reroutes=reroutes, diversions=diversions, converted=bool(reroutes),
        opens_on=NOW.date() + timedelta(days=i % 2) if i % 9 in (3, 4) else None,  # no draw: the others stay as they were
    )


def random_query(rng: np.random.Generator) -> RouteQuery:
    return RouteQuery(
        location=PatientLocation(float(rng.uniform(42, 46)), float(rng.uniform(50, 55))),
        bed_type=None if rng.random() < 0.2 else BedType(rng.choice(list(BedType))),
        service=str(rng.choice(SERVICES + ("oncology",))),
        severity=Severity(rng.choice(list(Severity))),
        at=NOW + timedelta(minutes=int(rng.integers(-240, 240))),
        max_distance_km=None if rng.random() < 0.5 else float(rng.uniform(50, 400)),
        limit=int(rng.integers(0, 8)), max_excluded=int(rng.integers(0, 30)),
    )


@pytest.mark.parametrize("seed", range(8))
def test_index_matches_reference(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    facilities = [random_facility(rng, i, n) for i in range(n)]
    index, reference = RoutingIndex.build(facilities), ReferenceRouter(facilities)
    for _ in range(40):
        q = random_query(rng)
        assert_same_routes(index.route(q), reference.route(q))


def test_random_snapshots_exercise_every_exclusion_code():
    """Guard for the test above: it compares results that contain every reason."""
    rng = np.random.default_rng(1)
    facilities = [random_facility(rng, i, 200) for i in range(200)]
    index = RoutingIndex.build(facilities)
    seen = set()
    for _ in range(200):
        q = replace(random_query(rng), max_excluded=len(facilities))
        seen |= {e.code for e in index.route(q).excluded}
    assert seen == set(ExclusionCode)
