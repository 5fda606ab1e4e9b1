"""/api/regions, with each region's bed capacity."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from surgeops.services import capacity, regions as service
from surgeops.web.api.crud import as_json, crud_router
from surgeops.web.deps import ReadSessionDep
from surgeops.web.offload import blocking_endpoint

router = APIRouter()


class Beds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    capacity: int
    occupied: int
    free: int = Field(description="capacity - occupied - held - arrived, per facility and never below 0, summed (the bed ledger; "
                                   "history days count the reports alone).")
    held: int = Field(default=0, description="Beds held by accepted or in-transport transfers.")
    arrived: int = Field(default=0, description="Patients who arrived by transfer after their facility's latest report.")
    reserve: int = Field(description="Beds held back, ready to open (not counted in capacity).")
    occupancy_pct: Optional[float] = Field(description="Occupied of capacity, in per cent; null without capacity.")


class BedTotals(BaseModel):
    model_config = ConfigDict(extra="forbid")
    total: Beds
    by_type: dict[str, Beds] = Field(description="By bed type: infectious, provisional, quarantine, icu, oxygen, general, ...")


class CapacityDay(BedTotals):
    date: dt.date


class RegionCapacity(BedTotals):
    """A region's beds now: the newest figure of every facility in it and below."""

    region: str
    names: dict[str, Optional[str]]
    as_of: Optional[dt.date] = Field(description="The newest reporting day counted; null if no facility has reported.")
    facilities_reporting: int
    history: list[CapacityDay] = Field(description="The same totals as they stood on each reporting day (empty with history=false).")


@router.get("/api/regions/{code}/capacity", tags=["regions"], summary="Beds of a region by type, occupancy, reserves and history",
            response_model=RegionCapacity)
@blocking_endpoint
def region_capacity(code: str, session: ReadSessionDep, as_of: Optional[dt.date] = None, history: bool = True) -> JSONResponse:
    return as_json(capacity.region_capacity(session, code, as_of=as_of, history=history))


router.include_router(crud_router(service.RESOURCE, path="/api/regions", tag="regions"))
