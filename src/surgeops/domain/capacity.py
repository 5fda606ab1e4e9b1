"""Bed capacity: dated snapshots per facility and bed type; regional totals are derived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Optional

from pydantic import model_validator

from surgeops.domain.base import Code, Count, Record
from surgeops.domain.codes import BedType


class BedSnapshotCreate(Record):
    facility: Code
    bed_type: BedType
    as_of: dt.date
    capacity: Count
    occupied: Count = 0
    reserve: Count = 0

    @model_validator(mode="after")
    def _occupied_within_capacity(self) -> "BedSnapshotCreate":
        check_occupancy(self.capacity, self.occupied)
        return self


def check_occupancy(capacity: int, occupied: int) -> None:
    if occupied > capacity:
        raise ValueError(f"occupied: {occupied} occupied beds exceed the capacity of {capacity}")


@dataclass(frozen=True)
class BedFigures:
    bed_type: str
    capacity: int
    occupied: int
    reserve: int

    @property
    def free(self) -> int:
        return self.capacity - self.occupied

    @property
    def occupancy_pct(self) -> Optional[float]:
        return occupancy_percent(self.occupied, self.capacity)


def occupancy_percent(occupied: int, capacity: int) -> Optional[float]:
    """Occupied beds as a percentage of capacity, to one decimal (None without beds)."""
    return round(100.0 * occupied / capacity, 1) if capacity else None


@dataclass
class CapacityTotals:
    by_type: dict[str, BedFigures] = field(default_factory=dict)

    @property
    def total(self) -> BedFigures:
        return BedFigures(
            "total",
            sum(f.capacity for f in self.by_type.values()),
            sum(f.occupied for f in self.by_type.values()),
            sum(f.reserve for f in self.by_type.values()),
        )


def totals(latest: Iterable[tuple[str, int, int, int]]) -> CapacityTotals:
    """Sum (bed_type, capacity, occupied, reserve) rows, one per facility and type."""
    acc: dict[str, list[int]] = {}
    for bed_type, capacity, occupied, reserve in latest:
        row = acc.setdefault(bed_type, [0, 0, 0])
        row[0] += capacity
        row[1] += occupied
        row[2] += reserve
    order = [b.value for b in BedType]
    return CapacityTotals({k: BedFigures(k, *acc[k]) for k in sorted(acc, key=order.index)})


def pool_remainder(*, reported: int, attributed: int) -> int:
    """Beds a region reports beyond what its facilities account for (never negative)."""
    return max(reported - attributed, 0)
