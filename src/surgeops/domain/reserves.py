"""Reserve beds: opening moves beds of one type from a facility's reserve into its
capacity, closing moves free beds back. An explicit action with who, when and why; this
module holds the rule, the service stores the action and the new figure."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Optional

from pydantic import Field

from surgeops.domain.base import Code, Record
from surgeops.domain.codes import BedType


class ReserveMove(StrEnum):
    open = "open"
    close = "close"


class ReserveActionCreate(Record):
    """Open (or close) `beds` reserve beds of `bed_type` at `facility`, for a reason."""

    facility: Code
    bed_type: BedType
    action: ReserveMove
    beds: int = Field(ge=1, le=10_000_000, description="How many beds to open (or close).")
    reason: str = Field(min_length=1, max_length=2000, description="Why: the decision, order or situation behind it.")
    as_of: Optional[dt.date] = Field(default=None, description="The day it takes effect (default today; not after today, "
                                                               "not before the facility's latest figure of that type).")


def moved(action: str, beds: int, *, capacity: int, reserve: int, free: int) -> tuple[int, int]:
    """(capacity, reserve) after opening or closing `beds`. Opening takes at most the
    reserve; closing at most the free beds (an occupied, held or just-filled bed cannot
    go back to reserve). ValueError naming what is short otherwise."""
    if action == ReserveMove.open:
        if beds > reserve:
            raise ValueError(f"only {reserve} {'bed is' if reserve == 1 else 'beds are'} in reserve; cannot open {beds}")
        return capacity + beds, reserve - beds
    if beds > free:
        raise ValueError(f"only {free} {'bed is' if free == 1 else 'beds are'} free; cannot close {beds}")
    return capacity - beds, reserve + beds
