"""Bed capacity: dated snapshots per facility and bed type; regional totals are derived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Iterable, Optional

from pydantic import Field, ValidationInfo, field_validator

from surgeops.domain.base import Code, Patch, Record, validated
from surgeops.domain.codes import BedType
from surgeops.domain.dates import check_not_future, validation_today
from surgeops.domain.errors import InvalidField

# No facility holds a million beds of one type (the largest hospitals have some 10,000
# in all): a larger figure is a typing slip, and it would swamp every total and forecast.
MAX_BEDS = 1_000_000
Beds = Annotated[int, Field(ge=0, le=MAX_BEDS)]


class BedCounts(Record):
    """The counts of a bed figure: 0 <= occupied <= capacity <= MAX_BEDS, 0 <= reserve <=
    MAX_BEDS. A path that writes counts without a whole record (a fact) checks them with
    `check_bed_counts`."""

    capacity: Beds
    occupied: Beds = 0
    reserve: Beds = 0

    @field_validator("occupied")
    @classmethod
    def _occupied_within_capacity(cls, value: int, info: ValidationInfo) -> int:
        capacity = info.data.get("capacity")  # absent if the capacity itself was refused
        if capacity is not None:
            try:
                check_occupancy(capacity, value)
            except InvalidField as exc:
                raise ValueError(exc.message) from None
        return value


class BedSnapshotCreate(BedCounts):
    """One facility's beds of one type on one day: the one home of a bed figure's rules.
    The counts of BedCounts, a known bed type, a date not after today (domain/dates.py).
    Every path that stores a figure (API POST and PATCH, imports of every format) validates
    it with this model; facts check their counts with `check_bed_counts`."""

    facility: Code
    bed_type: BedType
    as_of: dt.date

    @field_validator("as_of")
    @classmethod
    def _not_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today, tolerance = validation_today(info.context)
        try:
            check_not_future(value, today=today, tolerance_days=tolerance, field="as_of")
        except InvalidField as exc:
            raise ValueError(exc.message) from None
        return value


def check_bed_counts(*, capacity: int, occupied: int, reserve: int) -> BedCounts:
    """The counts checked by the rules of a bed figure; InvalidField names the count at fault."""
    return validated(BedCounts, {"capacity": capacity, "occupied": occupied, "reserve": reserve})


class BedSnapshotUpdate(Patch):
    """A change of a stored figure. A field left out keeps its value; null is refused
    (the default None is never validated, an explicit null is). The merged record is
    validated again by BedSnapshotCreate before it is stored."""

    capacity: Beds = None  # type: ignore[assignment]
    occupied: Beds = None  # type: ignore[assignment]
    reserve: Beds = None  # type: ignore[assignment]


def check_occupancy(capacity: int, occupied: int) -> None:
    if occupied > capacity:
        raise InvalidField("occupied", f"{occupied} occupied beds exceed the capacity of {capacity}")


def is_sound(capacity: object, occupied: object, reserve: object) -> bool:
    """Whether stored figures obey the rules of BedSnapshotCreate (for readers that must
    not fail on a row written before the rules held)."""
    counts = (capacity, occupied, reserve)
    if not all(isinstance(n, int) and 0 <= n <= MAX_BEDS for n in counts):
        return False
    return occupied <= capacity  # type: ignore[operator]


def free_beds(capacity: int, occupied: int, held: int = 0, arrived: int = 0) -> int:
    """The bed ledger: beds still free of one type at one facility.

        free = capacity - occupied - held - arrived, never below 0

    `occupied` is the facility's latest report; `held` the beds promised to accepted or
    in-transport transfers; `arrived` the patients who arrived by transfer after that
    report (its figure cannot count them yet). A newer report supersedes the arrivals.
    Every reader of free beds (routing, transfer acceptance, region capacity, the
    overview, the forecasts) takes this figure."""
    return max(capacity - occupied - held - arrived, 0)


def report_time(as_of: dt.date, stored_at: Optional[dt.datetime]) -> dt.datetime:
    """The moment a bed figure describes: when it was stored (last changed), but no later
    than the end of the day it is dated (UTC). A patient who arrives after this moment is
    not in the figure. A naive `stored_at` (SQLite drops offsets) is taken as UTC."""
    end_of_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=dt.timezone.utc)
    if stored_at is None:
        return end_of_day
    if stored_at.tzinfo is None:
        stored_at = stored_at.replace(tzinfo=dt.timezone.utc)
    return min(stored_at, end_of_day)


@dataclass(frozen=True)
class BedLedger:
    """One facility's beds of one type as the ledger counts them (see `free_beds`)."""

    capacity: int
    occupied: int
    held: int = 0
    arrived: int = 0

    @property
    def free(self) -> int:
        return free_beds(self.capacity, self.occupied, self.held, self.arrived)

    @property
    def taken(self) -> int:
        """Beds in use or promised: what a census counts (occupied, held, arrived)."""
        return self.occupied + self.held + self.arrived


@dataclass(frozen=True)
class BedFigures:
    """Beds of one type summed over facilities. `free` sums each facility's ledger figure
    (one facility over capacity takes no free bed from another); given by `totals`,
    else capacity - occupied - held - arrived."""

    bed_type: str
    capacity: int
    occupied: int
    reserve: int
    held: int = 0
    arrived: int = 0
    free: int = -1

    def __post_init__(self) -> None:
        if self.free < 0:
            object.__setattr__(self, "free", free_beds(self.capacity, self.occupied, self.held, self.arrived))

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
        figures = self.by_type.values()
        return BedFigures("total", *(sum(getattr(f, name) for f in figures) for name in _SUMMED))


_SUMMED = ("capacity", "occupied", "reserve", "held", "arrived", "free")


def totals(latest: Iterable[tuple[Any, ...]]) -> CapacityTotals:
    """Sum (bed_type, capacity, occupied, reserve[, held, arrived]) rows, one per facility
    and type; free beds are each row's ledger figure (`free_beds`), summed."""
    acc: dict[str, list[int]] = {}
    for bed_type, capacity, occupied, reserve, *transfers in latest:
        held, arrived = transfers or (0, 0)
        row = acc.get(bed_type)
        if row is None:
            row = acc[bed_type] = [0, 0, 0, 0, 0, 0]
        row[0] += capacity
        row[1] += occupied
        row[2] += reserve
        row[3] += held
        row[4] += arrived
        row[5] += max(capacity - occupied - held - arrived, 0)  # free_beds, inline: a hot loop
    order = [b.value for b in BedType]
    return CapacityTotals({k: BedFigures(k, *acc[k]) for k in sorted(acc, key=order.index)})


def pool_remainder(*, reported: int, attributed: int) -> int:
    """Beds a region reports beyond what its facilities account for (never negative)."""
    return max(reported - attributed, 0)


def carve(*, capacity: int, occupied: int, taken: int) -> tuple[int, int]:
    """(capacity, occupied) left in a figure for all bed types once `taken` of its beds are
    reported as a type of their own: the patients go with the beds in proportion (rounded
    so that the rest never exceeds the beds left), so neither total changes."""
    left = max(capacity - taken, 0)
    return left, (occupied * left) // capacity if capacity else 0
