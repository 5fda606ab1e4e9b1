"""Activities tied to a deployment: seminars, trainings, site assessments."""

from __future__ import annotations

from surgeops.db.tables import Activity, Deployment, Facility, Region
from surgeops.domain.activities import ActivityCreate, ActivityUpdate
from surgeops.services.crud import Filter, Resource

RESOURCE = Resource(
    name="activity", table=Activity, key="id", create=ActivityCreate, update=ActivityUpdate,
    references={"deployment": (Deployment, "id"), "region": (Region, "code"), "facility": (Facility, "key")},
    filters={"region": Filter("region", "region"), "kind": Filter("kind"), "deployment": Filter("deployment"),
             "date_from": Filter("date", "ge"), "date_to": Filter("date", "le")},
    order=("id",),
)
