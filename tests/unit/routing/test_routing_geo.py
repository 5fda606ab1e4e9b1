"""Distances: a known arc, antipodes, and the vectorised form agreeing with haversine."""

from __future__ import annotations

import math

import numpy as np
import pytest

from surgeops.routing.geo import (
    EARTH_RADIUS_KM, chord2, chord2_km, distances_km, haversine_km, km_chord2, unit_vectors,
)


def test_one_degree_of_latitude():
    assert haversine_km(0, 0, 1, 0) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180)
    assert haversine_km(43.65, 51.16, 43.65, 51.16) == 0.0


def test_antipodes_are_half_the_circumference():
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    far = distances_km(0, 0, unit_vectors(np.array([0.0]), np.array([180.0])))
    assert far[0] == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_vectorised_matches_haversine_near_and_far_and_propagates_nan():
    rng = np.random.default_rng(0)
    # Half the points within metres of the patient, half anywhere on Earth.
    lat = np.concatenate([43.65 + rng.normal(0, 1e-4, 25), rng.uniform(-80, 80, 25)])
    lon = np.concatenate([51.16 + rng.normal(0, 1e-4, 25), rng.uniform(-180, 180, 25)])
    lat[3] = lon[3] = np.nan
    got = distances_km(43.65, 51.16, unit_vectors(lat, lon))
    assert math.isnan(got[3])
    for i in set(range(50)) - {3}:
        want = haversine_km(43.65, 51.16, lat[i], lon[i])
        assert got[i] == pytest.approx(want, rel=1e-9, abs=1e-9)  # abs: a micrometre


@pytest.mark.parametrize("km", [0.0, 0.01, 12.5, 300.0, 5000.0])
def test_max_distance_threshold_round_trips_through_the_chord(km):
    assert chord2_km(np.array([km_chord2(km)]))[0] == pytest.approx(km, abs=1e-9)


def test_chord_orders_points_as_distance_does():
    lat = np.array([43.70, 45.00, 43.651, 60.0])
    lon = np.array([51.20, 53.00, 51.161, 10.0])
    c2 = chord2(43.65, 51.16, unit_vectors(lat, lon))
    km = [haversine_km(43.65, 51.16, a, b) for a, b in zip(lat, lon)]
    assert list(np.argsort(c2)) == list(np.argsort(km)) == [2, 0, 1, 3]
