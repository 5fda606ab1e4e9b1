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


def time_router(route, queries: list[RouteQuery]) -> tuple[float, float, list]:
    """Wall and CPU seconds taken to answer every query, and the answers.

    CPU time is what this process used; on a machine shared with other work it is
    the steadier measure of what one core does, wall time the one a caller sees.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    answers = [route(q) for q in queries]
    return time.perf_counter() - wall, time.process_time() - cpu, answers


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
    index_s, index_cpu, answers = time_router(index.route, queries)
    subset = queries[: args.baseline]
    loop_s, loop_cpu, expected = time_router(reference.route, subset)
    for got, want in zip(answers, expected):
        assert [c.facility_id for c in got.candidates] == [c.facility_id for c in want.candidates]
        assert [e.code for e in got.excluded] == [e.code for e in want.excluded]

    n, m = len(queries), len(subset)
    print(f"{args.facilities} facilities, {n} queries, {pinned}; wall (cpu) queries/s")
    print(f"index build: {build_s * 1000:.0f} ms")
    print(f"indexed router: {n / index_s:,.0f} ({n / index_cpu:,.0f}) queries/s,"
          f" {index_s:.2f} s for all")
    print(f"loop baseline:  {m / loop_s:,.1f} ({m / loop_cpu:,.1f}) queries/s on {m} queries,"
          f" extrapolated {loop_s * n / m:.0f} s for all")
    ratio, ratio_cpu = (n / index_s) / (m / loop_s), (n / index_cpu) / (m / loop_cpu)
    print(f"ratio: {ratio:.0f}x ({ratio_cpu:.0f}x);"
          f" target >= 2,000 queries/s: {'met' if n / index_s >= 2000 else 'NOT met'} (wall)")

if __name__ == "__main__":
    main()
