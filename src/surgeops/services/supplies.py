"""Supply shipments."""

from __future__ import annotations

from surgeops.db.tables import Facility, Region, Shipment
from surgeops.domain.supplies import ShipmentCreate, ShipmentUpdate
from surgeops.services.crud import Filter, Resource

RESOURCE = Resource(
    name="shipment", table=Shipment, key="id", create=ShipmentCreate, update=ShipmentUpdate,
    references={"origin_region": (Region, "code"), "destination_region": (Region, "code"),
                "destination_facility": (Facility, "key")},
    filters={"region": Filter("destination_region", "region"), "origin": Filter("origin_region", "region"),
             "item": Filter("item"), "status": Filter("status"),
             "date_from": Filter("shipped", "ge"), "date_to": Filter("shipped", "le")},
    order=("id",),
)
