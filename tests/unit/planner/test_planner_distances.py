"""Great-circle distances between centroids."""

from __future__ import annotations

import pytest

from surgeops.planner.distances import distance_function, haversine_km


def test_haversine_matches_known_city_distances():
    # Almaty -> Aktau (Mangystau) is about 2,070 km on the great circle.
    assert haversine_km(43.238, 76.889, 43.651, 51.169) == pytest.approx(2067, abs=5)
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
    assert haversine_km(10, 20, 10, 20) == 0


def test_matrix_distances_are_symmetric_and_centroids_are_the_default(make_scenario):
    sc = make_scenario(["A", "B"], distances={"B": {"A": 42.0}})
    km = distance_function(sc)
    assert km("A", "B") == km("B", "A") == 42.0
    plain = distance_function(make_scenario(["A", "B"]))
    assert plain("A", "B") == pytest.approx(111.2, abs=0.1)
