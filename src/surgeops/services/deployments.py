"""Deployments of medical teams."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Deployment, Facility, Region
from surgeops.domain.deployments import DeploymentCreate, DeploymentUpdate, Stay, Subgroup, check_subgroup_sites
from surgeops.domain.errors import InvalidField
from surgeops.services.crud import Filter, Resource


def _date(value: Any) -> Optional[dt.date]:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _site_regions(session: Session, keys: list[str]) -> dict[str, frozenset[str]]:
    """Each of these facilities' region with every region above it (unknown keys left out)."""
    located = dict(session.execute(select(Facility.key, Facility.region).where(Facility.key.in_(keys))).all()) if keys else {}
    parents = dict(session.execute(select(Region.code, Region.parent)).all()) if located else {}
    found = {}
    for key, code in located.items():
        chain: set[str] = set()
        while code and code not in chain:
            chain.add(code)
            code = parents.get(code)
        found[key] = frozenset(chain)
    return found


def _check_sites(session: Session, values: dict[str, Any], row: Optional[Deployment]) -> None:
    """The sub-groups of the record as it will be stored work where its team stays."""
    stored = {"destinations": row.destinations, "subgroups": row.subgroups} if row is not None else {}
    whole = {**stored, **{k: v for k, v in values.items() if k in ("destinations", "subgroups")}}
    subgroups = [Subgroup.model_validate(g) for g in whole.get("subgroups") or []]
    for i, sub in enumerate(subgroups):
        if sub.facility and session.scalar(select(Facility.id).where(Facility.key == sub.facility)) is None:
            raise InvalidField(f"subgroups.{i}.facility", f"unknown facility {sub.facility}")
    sites = _site_regions(session, sorted({g.facility for g in subgroups if g.facility}))
    check_subgroup_sites(subgroups, [Stay.model_validate(s) for s in whole.get("destinations") or []], sites)


def stay_regions(stays: list[dict[str, Any]]) -> str:
    """The stored form of every region a team stays in: "|KZ-47|VN-54|" (see Filter "listed")."""
    return "|" + "|".join(dict.fromkeys(s["region"] for s in stays)) + "|"


def _derive(session: Session, values: dict[str, Any], row: Optional[Deployment]) -> dict[str, Any]:
    """Keep the searchable columns (destinations, origin region, dates) in step with the
    stays, and check what the record names against the other records (the rules of a
    team taken whole run in its domain model, on the merged record for a PATCH)."""
    stays = values.get("destinations")
    if stays:
        regions = [s["region"] for s in stays]
        known = set(session.scalars(select(Region.code).where(Region.code.in_(regions))))
        for i, code in enumerate(regions):
            if code not in known:
                raise InvalidField(f"destinations.{i}.region", f"unknown region {code}")
        values["destination_region"] = stays[0]["region"]
        values["stay_regions"] = stay_regions(stays)
        values["start_date"] = _date(stays[0].get("start"))
        values["end_date"] = _date(stays[-1].get("end"))
    origin = values.get("origin")
    if origin:
        if origin.get("region") and session.scalar(select(Region.id).where(Region.code == origin["region"])) is None:
            raise InvalidField("origin.region", f"unknown region {origin['region']}")
        values["origin_region"] = origin.get("region")
    if "subgroups" in values or "destinations" in values:
        _check_sites(session, values, row)
    return values


RESOURCE = Resource(
    name="deployment", table=Deployment, key="id", create=DeploymentCreate, update=DeploymentUpdate,
    references={"source_facilities": (Facility, "key")}, hidden=("stay_regions",),
    filters={"region": Filter("stay_regions", "listed"), "origin": Filter("origin_region", "region"),
             "status": Filter("status"), "date_from": Filter("start_date", "ge"), "date_to": Filter("start_date", "le")},
    order=("id",), prepare=_derive,
)
