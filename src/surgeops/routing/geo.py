"""Great-circle distance (haversine) on a spherical Earth, scalar and vectorised."""

from __future__ import annotations

import math

import numpy as np

# IUGG mean Earth radius; the spherical model errs by under 0.5 % anywhere.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2) - math.radians(lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def haversine_many_km(
    lat: float, lon: float, lat_rad: np.ndarray, lon_rad: np.ndarray, cos_lat: np.ndarray
) -> np.ndarray:
    """Distances in km from one point (degrees) to many points given in radians.

    `cos_lat` is `cos(lat_rad)`, precomputed once by the caller. NaN coordinates
    give NaN distances.
    """
    p = math.radians(lat)
    sin_dlat = np.sin((lat_rad - p) * 0.5)
    sin_dlon = np.sin((lon_rad - math.radians(lon)) * 0.5)
    a = sin_dlat * sin_dlat + (math.cos(p) * cos_lat) * (sin_dlon * sin_dlon)
    np.minimum(a, 1.0, out=a)
    return (2 * EARTH_RADIUS_KM) * np.arcsin(np.sqrt(a))
