"""Distances between regions: a given matrix, or great-circle km between centroids."""

from __future__ import annotations

import math
from typing import Callable

from surgeops.planner.problem import Scenario, matrix_km

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_function(scenario: Scenario) -> Callable[[str, str], float]:
    """A `km(from_id, to_id)` function for the scenario, memoised per pair.

    With a matrix the scenario has already been checked to cover every pair a plan may
    use; centroid distances are rounded to 0.1 km so plans are stable across platforms.
    """
    cache: dict[tuple[str, str], float] = {}
    by_id = {r.id: r for r in scenario.regions}
    matrix = scenario.distances

    def km(src: str, dst: str) -> float:
        key = (src, dst)
        if key not in cache:
            if matrix is not None:
                value = matrix_km(matrix, src, dst)
                if value is None:
                    raise KeyError(f"no distance for '{src}' -> '{dst}'")
            else:
                a, b = by_id[src], by_id[dst]
                value = round(haversine_km(a.lat, a.lon, b.lat, b.lon), 1)
            cache[key] = float(value)
        return cache[key]

    return km
