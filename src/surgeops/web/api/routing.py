"""/api/route: where to send a patient; /api/completeness: who has not reported beds.

Completeness lives here because routing is what stale bed figures mislead first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from pydantic import AwareDatetime, ConfigDict, Field, field_validator

from surgeops.domain.base import Input
from surgeops.services import completeness, routing
from surgeops.services.diversions import in_utc
from surgeops.web.deps import SessionDep

router = APIRouter(tags=["routing"])


class RouteBody(Input):
    """The patient: a region (placed at its centroid) or lat and lon, and what they need."""

    model_config = ConfigDict(extra="forbid")
    service: str = Field(max_length=80, description="The specialty needed, e.g. trauma, cardiology, infectious_disease.")
    region: Optional[str] = Field(default=None, max_length=40, description="Region code; the patient is placed at its centroid.")
    lat: Optional[float] = None
    lon: Optional[float] = None
    bed_type: Optional[str] = Field(default=None, max_length=80, description="icu, oxygen, infectious...; omit for emergency care without an epidemic bed.")
    severity: str = Field(default="moderate", max_length=80, description="critical, severe, moderate or mild.")
    at: Optional[AwareDatetime] = Field(default=None, description="The moment of the query (default: now).")
    max_distance_km: Optional[float] = Field(default=None, ge=0)
    limit: int = Field(default=5, ge=1, le=100)

    @field_validator("at")
    @classmethod
    def _in_utc(cls, value: Optional[dt.datetime]) -> Optional[dt.datetime]:
        return None if value is None else in_utc(value)


@router.post("/api/route", summary="Rank the facilities that can take a patient now; explain the others")
def route(body: RouteBody, session: SessionDep) -> dict[str, Any]:
    result = routing.route(session, routing.RouteRequest(**body.model_dump()))
    return jsonable_encoder(result.to_dict())


@router.get("/api/completeness", tags=["capacity"], summary="Facilities per region that have not reported beds on a day, and since when")
def missing_reports(date: dt.date, session: SessionDep, region: Optional[str] = None) -> dict[str, Any]:
    return jsonable_encoder(completeness.missing_reports(session, date, region=region))
