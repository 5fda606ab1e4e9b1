"""Supply shipments between regions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

from pydantic import Field, model_validator

from surgeops.domain.base import Code, Name, Note, Patch, Record, Term
from surgeops.domain.codes import Item, ShipmentStatus

Quantity = Annotated[int, Field(gt=0, le=1_000_000_000)]


class ShipmentCreate(Record):
    origin_region: Optional[Code] = None
    origin_name: Optional[Name] = None
    destination_region: Code
    destination_facility: Optional[Code] = None
    item: Item
    quantity: Quantity
    unit: Term = "piece"
    status: ShipmentStatus = ShipmentStatus.planned
    shipped: Optional[dt.date] = None
    delivered: Optional[dt.date] = None
    note: Optional[Note] = None

    @model_validator(mode="after")
    def _consistent(self) -> "ShipmentCreate":
        if not (self.origin_region or self.origin_name):
            raise ValueError("origin_region: give the origin's region code or its name")
        if self.shipped and self.delivered and self.delivered < self.shipped:
            raise ValueError(f"delivered: {self.delivered} is before shipped {self.shipped}")
        return self


class ShipmentUpdate(Patch):
    quantity: Optional[Quantity] = None
    status: Optional[ShipmentStatus] = None
    shipped: Optional[dt.date] = None
    delivered: Optional[dt.date] = None
    destination_facility: Optional[Code] = None
    note: Optional[Note] = None
