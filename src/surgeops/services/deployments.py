"""Deployments of medical teams."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Deployment, Facility, Region
from surgeops.domain.deployments import DeploymentCreate, DeploymentUpdate, check_team
from surgeops.domain.errors import InvalidField
from surgeops.services.crud import Filter, Resource


def _date(value: Any) -> Optional[dt.date]:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _derive(session: Session, values: dict[str, Any], row: Optional[Deployment]) -> dict[str, Any]:
    """Keep the searchable columns (destination, origin region, dates) in step with the stays."""
    if row is not None:
        current = {"composition": row.composition, "team_size": row.team_size, "destinations": row.destinations}
        current.update({k: v for k, v in values.items() if k in current})
        try:
            check_team(DeploymentUpdate.model_validate(current))
        except ValueError as exc:
            raise InvalidField("composition", str(exc)) from None
    stays = values.get("destinations")
    if stays:
        regions = [s["region"] for s in stays]
        known = set(session.scalars(select(Region.code).where(Region.code.in_(regions))))
        for i, code in enumerate(regions):
            if code not in known:
                raise InvalidField(f"destinations.{i}.region", f"unknown region {code}")
        values["destination_region"] = stays[0]["region"]
        values["start_date"] = _date(stays[0].get("start"))
        values["end_date"] = _date(stays[-1].get("end"))
    origin = values.get("origin")
    if origin:
        if origin.get("region") and session.scalar(select(Region.id).where(Region.code == origin["region"])) is None:
            raise InvalidField("origin.region", f"unknown region {origin['region']}")
        values["origin_region"] = origin.get("region")
    for i, sub in enumerate(values.get("subgroups") or []):
        if sub.get("facility") and session.scalar(select(Facility.id).where(Facility.key == sub["facility"])) is None:
            raise InvalidField(f"subgroups.{i}.facility", f"unknown facility {sub['facility']}")
    return values


RESOURCE = Resource(
    name="deployment", table=Deployment, key="id", create=DeploymentCreate, update=DeploymentUpdate,
    references={"source_facilities": (Facility, "key")},
    filters={"region": Filter("destination_region", "region"), "origin": Filter("origin_region", "region"),
             "status": Filter("status"), "date_from": Filter("start_date", "ge"), "date_to": Filter("start_date", "le")},
    order=("id",), prepare=_derive,
)
