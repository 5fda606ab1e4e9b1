"""Benchmark: indexed router against the plain per-facility loop, same process, one core.

Builds 5,000 synthetic facilities spread over Kazakhstan and 10,000 seeded queries,
times `RoutingIndex.route` over all queries and `ReferenceRouter.route` (the same rule
as a Python loop) over a subset, extrapolated. Checks that both pick the same
candidates on the subset, then prints queries per second and the speed-up.

    .venv/bin/python bench/routing.py [--facilities 5000] [--queries 10000] [--baseline 200]
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from surgeops.domain.codes import SERVICES, BedType, FacilityKind
from surgeops.routing import (
    Diversion, FacilitySnapshot, PatientLocation, ReferenceRouter, RouteQuery, RoutingIndex,
    Severity,
)

NOW = datetime(2020, 7, 10, 9, 0, tzinfo=UTC)
LAT, LON = (40.5, 55.5), (46.5, 87.3)  # Kazakhstan's bounding box
KINDS = (FacilityKind.general_hospital, FacilityKind.clinic,
         FacilityKind.infectious_hospital, FacilityKind.provisional_hospital)


def make_facilities(rng: np.random.Generator, n: int) -> list[FacilitySnapshot]:
    """`n` facilities with random services, beds, a few re-routings and diversions."""
    out = []
    for i in range(n):
        services = frozenset(rng.choice(SERVICES, int(rng.integers(1, 8)), replace=False))
        reroutes = ({str(rng.choice(sorted(services))): f"f{rng.integers(n)}"}
                    if rng.random() < 0.03 else {})
        diversions = ((Diversion(NOW + timedelta(hours=int(rng.integers(-12, 12)))),)
                      if rng.random() < 0.02 else ())
        out.append(FacilitySnapshot(
            id=f"f{i}", name=f"Facility {i}", region_code="KZ",
            lat=float(rng.uniform(*LAT)), lon=float(rng.uniform(*LON)),
            kind=KINDS[int(rng.integers(len(KINDS)))], services=services,
            free_beds={b: int(rng.integers(-5, 20)) for b in BedType},
            reroutes=reroutes, diversions=diversions, converted=bool(reroutes),
        ))
    return out


def make_queries(rng: np.random.Generator, n: int) -> list[RouteQuery]:
    """`n` patients at random points needing random services and bed types."""
    return [
        RouteQuery(
            location=PatientLocation(float(rng.uniform(*LAT)), float(rng.uniform(*LON))),
            bed_type=BedType(rng.choice(list(BedType))), service=str(rng.choice(SERVICES)),
            severity=Severity(rng.choice(list(Severity))), at=NOW,
            max_distance_km=None if rng.random() < 0.5 else 300.0,
        )
        for _ in range(n)
    ]


def time_router(route, queries: list[RouteQuery]) -> tuple[float, list]:
    """Seconds taken to answer every query, and the answers."""
    start = time.perf_counter()
    answers = [route(q) for q in queries]
    return time.perf_counter() - start, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=10000)
    parser.add_argument("--baseline", type=int, default=200, help="queries timed on the loop")
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {0})
        pinned = "pinned to core 0"
    except (AttributeError, OSError):
        pinned = "not pinned"
    rng = np.random.default_rng(20200710)
    facilities = make_facilities(rng, args.facilities)
    queries = make_queries(rng, args.queries)

    start = time.perf_counter()
    index = RoutingIndex.build(facilities)
    build_s = time.perf_counter() - start
    reference = ReferenceRouter(facilities)
    index_s, answers = time_router(index.route, queries)
    subset = queries[: args.baseline]
    loop_s, expected = time_router(reference.route, subset)
    for got, want in zip(answers, expected):
        assert [c.facility_id for c in got.candidates] == [c.facility_id for c in want.candidates]
        assert [e.code for e in got.excluded] == [e.code for e in want.excluded]

    index_qps = len(queries) / index_s
    loop_qps = len(subset) / loop_s
    print(f"{args.facilities} facilities, {len(queries)} queries, {pinned}")
    print(f"index build: {build_s * 1000:.0f} ms")
    print(f"indexed router: {index_qps:,.0f} queries/s ({index_s:.2f} s)")
    print(f"loop baseline:  {loop_qps:,.0f} queries/s ({len(subset)} queries in {loop_s:.2f} s,"
          f" extrapolated {len(queries) / loop_qps:.0f} s for all)")
    print(f"ratio: {index_qps / loop_qps:.1f}x; target >= 2,000 queries/s:"
          f" {'met' if index_qps >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
