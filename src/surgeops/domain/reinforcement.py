"""Requests for and offers of staff, supplies and beds, and staff on hand: the inputs of
the reinforcement planner."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from surgeops.domain.base import Code, Count, Name, Note, Patch, Record, Term
from surgeops.domain.codes import Item, Specialty

RESOURCES = frozenset(s.value for s in Specialty) | frozenset(i.value for i in Item) | {"beds"}


def _known_resource(value: str) -> str:
    if value not in RESOURCES:
        raise ValueError(f"unknown resource {value!r}: a specialty, a supply item code or 'beds'")
    return value


class RequestCreate(Record):
    region: Code
    resource: Term
    amount: int = Field(gt=0, le=10_000_000)
    priority: float = Field(default=1.0, gt=0, le=100)
    status: Literal["open", "filled", "cancelled"] = "open"
    note: Optional[Note] = None

    _resource = field_validator("resource")(_known_resource)


class RequestUpdate(Patch):
    amount: Optional[int] = Field(default=None, gt=0, le=10_000_000)
    priority: Optional[float] = Field(default=None, gt=0, le=100)
    status: Optional[Literal["open", "filled", "cancelled"]] = None
    note: Optional[Note] = None


class OfferCreate(Record):
    region: Code
    donor: Optional[Name] = None
    resource: Term
    amount: Count
    keep: Count = 0
    status: Literal["open", "withdrawn", "used"] = "open"
    note: Optional[Note] = None

    _resource = field_validator("resource")(_known_resource)

    @model_validator(mode="after")
    def _keep_within_stock(self) -> "OfferCreate":
        if self.keep > self.amount:
            raise ValueError(f"keep: the donor cannot keep {self.keep} of the {self.amount} it holds")
        return self


class OfferUpdate(Patch):
    amount: Optional[Count] = None
    keep: Optional[Count] = None
    status: Optional[Literal["open", "withdrawn", "used"]] = None
    note: Optional[Note] = None


class StaffCountCreate(Record):
    facility: Code
    specialty: Specialty
    count: Count
    as_of: dt.date


class StaffCountUpdate(Patch):
    count: Count
