"""Forecast endpoints: one region's projected census with its band, and every region's exhaustion day."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Query

from surgeops.services import forecasts
from surgeops.web.deps import SessionDep

router = APIRouter(tags=["forecast"])
Horizon = Annotated[int, Query(ge=1, le=365, description="Days to project.")]
Lead = Annotated[int, Query(ge=0, le=60, description="Days it takes to open reserve beds.")]


@router.get("/api/regions/{code}/forecast", summary="Projected census per bed type with a band, exhaustion day and when to open reserves")
def region_forecast(code: str, session: SessionDep, as_of: Optional[dt.date] = None, horizon: Horizon = 60, lead_time: Lead = 3) -> dict[str, Any]:
    return forecasts.forecast_one(session, code, day=as_of, horizon=horizon, lead_time=lead_time)


@router.get("/api/forecast/exhaustion", summary="Every region sorted by days until its beds run out")
def exhaustion(session: SessionDep, as_of: Optional[dt.date] = None, horizon: Horizon = 60, lead_time: Lead = 3) -> dict[str, Any]:
    return forecasts.exhaustion(session, day=as_of, horizon=horizon, lead_time=lead_time)
