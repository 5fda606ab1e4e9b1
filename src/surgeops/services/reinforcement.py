"""Requests, offers and staff on hand, as record kinds."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy.orm import Session

from surgeops.db.tables import Facility, Region, ResourceOffer, ResourceRequest, StaffCount
from surgeops.domain.errors import InvalidField
from surgeops.domain.reinforcement import (
    OfferCreate, OfferUpdate, RequestCreate, RequestUpdate, StaffCountCreate, StaffCountUpdate,
)
from surgeops.services.crud import Filter, Resource


def _keep_within_stock(session: Session, values: dict[str, Any], row: Optional[ResourceOffer]) -> dict[str, Any]:
    if row is not None:
        amount, keep = values.get("amount", row.amount), values.get("keep", row.keep)
        if keep > amount:
            raise InvalidField("keep", f"the donor cannot keep {keep} of the {amount} it holds")
    return values


REQUESTS = Resource(
    name="request", table=ResourceRequest, key="id", create=RequestCreate, update=RequestUpdate,
    references={"region": (Region, "code")},
    filters={"region": Filter("region", "region"), "resource": Filter("resource"), "status": Filter("status")},
)

OFFERS = Resource(
    name="offer", table=ResourceOffer, key="id", create=OfferCreate, update=OfferUpdate,
    references={"region": (Region, "code")},
    filters={"region": Filter("region", "region"), "resource": Filter("resource"), "status": Filter("status")},
    prepare=_keep_within_stock,
)

STAFF = Resource(
    name="staff_count", table=StaffCount, key="id", create=StaffCountCreate, update=StaffCountUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility"), "specialty": Filter("specialty"),
             "date_from": Filter("as_of", "ge"), "date_to": Filter("as_of", "le")},
    order=("as_of", "facility", "specialty"),
)
