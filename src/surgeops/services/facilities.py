"""Facilities."""

from __future__ import annotations

from surgeops.db.tables import Facility, Region
from surgeops.domain.facilities import FacilityCreate, FacilityUpdate
from surgeops.services.crud import Filter, Resource

RESOURCE = Resource(
    name="facility", table=Facility, key="key", create=FacilityCreate, update=FacilityUpdate,
    references={"region": (Region, "code")},
    filters={"region": Filter("region", "region"), "kind": Filter("kind"), "owner": Filter("owner")},
    order=("key",),
)
