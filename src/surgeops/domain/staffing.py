"""Staffing norms: how many staff of each specialty the occupied beds of each type need,
and what is missing against the staff on hand. Pure; the norms are a data file."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

NORMS_FILE = Path(__file__).parent / "data" / "staffing_norms.json"


@dataclass(frozen=True)
class Norms:
    per_bed: Mapping[str, Mapping[str, float]]
    priority: Mapping[str, float]
    beds_priority: float


@lru_cache(maxsize=1)
def default_norms() -> Norms:
    raw = json.loads(NORMS_FILE.read_text(encoding="utf-8"))
    return Norms(per_bed=raw["norms"], priority=raw["priority"], beds_priority=float(raw["beds_priority"]))


def required_staff(occupied: Mapping[str, float], norms: Norms) -> dict[str, tuple[int, float]]:
    """specialty -> (people needed, priority): the priority of the most critical bed type needing them."""
    need: dict[str, float] = {}
    weight: dict[str, float] = {}
    for bed_type, beds in occupied.items():
        for specialty, ratio in norms.per_bed.get(bed_type, {}).items():
            need[specialty] = need.get(specialty, 0.0) + beds * ratio
            weight[specialty] = max(weight.get(specialty, 0.0), norms.priority.get(bed_type, 1.0))
    return {s: (math.ceil(n - 1e-9), weight[s]) for s, n in need.items() if n > 0}


def shortfall(required: Mapping[str, tuple[int, float]], on_hand: Mapping[str, int]) -> dict[str, tuple[int, float]]:
    """specialty -> (missing people, priority), only where people are missing."""
    out = {}
    for specialty, (needed, priority) in required.items():
        missing = needed - on_hand.get(specialty, 0)
        if missing > 0:
            out[specialty] = (missing, priority)
    return out
