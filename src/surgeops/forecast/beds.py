"""Census on bed types, and the days beds run out.

A region's projected hospital census is split across bed types (infectious,
provisional, quarantine, icu, oxygen) by shares: by default the mix of the
current census, else configured shares (bed_shares.json). Capacity checks work
on arrays [regions, bed types, days] so every region is checked at once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np

BED_TYPES: tuple[str, ...] = ("infectious", "provisional", "quarantine", "icu", "oxygen", "general")
SHARES_FILE = Path(__file__).parent / "bed_shares.json"


@lru_cache(maxsize=1)
def default_shares() -> dict[str, float]:
    """The configured shares, read once on first use."""
    raw = json.loads(SHARES_FILE.read_text(encoding="utf-8"))
    return {t: float(raw[t]) for t in BED_TYPES}


def normalise_shares(shares: Mapping[str, float]) -> np.ndarray:
    """Shares as a vector over BED_TYPES summing to 1; unknown types are refused."""
    unknown = set(shares) - set(BED_TYPES)
    if unknown:
        raise ValueError(f"shares: unknown bed type {sorted(unknown)[0]!r}")
    vector = np.array([float(shares.get(t, 0.0)) for t in BED_TYPES])
    if (vector < 0).any() or not np.isfinite(vector).all() or vector.sum() <= 0:
        raise ValueError("shares: must be non-negative with a positive total")
    return vector / vector.sum()


def census_mix(census: Mapping[str, float], fallback: Mapping[str, float] | None = None) -> np.ndarray:
    """The current census's mix of bed types, or the fallback shares when it is empty."""
    if sum(census.values()) > 0:
        return normalise_shares(census)
    return normalise_shares(fallback if fallback is not None else default_shares())


def by_type(values: Mapping[str, float], what: str) -> np.ndarray:
    """A per-bed-type mapping as a vector over BED_TYPES (missing types are 0)."""
    unknown = set(values) - set(BED_TYPES)
    if unknown:
        raise ValueError(f"{what}: unknown bed type {sorted(unknown)[0]!r}")
    vector = np.array([float(values.get(t, 0.0)) for t in BED_TYPES])
    if (vector < 0).any():
        raise ValueError(f"{what}: bed counts must not be negative")
    return vector


def split(total: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """[regions, days] x [regions, types] -> [regions, types, days]."""
    return shares[:, :, None] * total[:, None, :]


def first_day_over(census: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First day any bed type's census exceeds its capacity (-1: never), and that type's index.

    Only bed types the census uses count (a type with no patients never runs out).
    """
    over = (census > capacity[:, :, None]) & (census > 0)
    any_type = over.any(axis=1)
    day = np.where(any_type.any(axis=1), any_type.argmax(axis=1), -1)
    rows = np.arange(census.shape[0])
    kind = np.where(day >= 0, over[rows, :, np.maximum(day, 0)].argmax(axis=1), -1)
    return day, kind
