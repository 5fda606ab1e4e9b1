"""/api/regions, with each region's bed capacity."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from surgeops.services import capacity, regions as service
from surgeops.web.api.crud import as_json, crud_router
from surgeops.web.deps import ReadSessionDep
from surgeops.web.offload import blocking_endpoint

router = APIRouter()


@router.get("/api/regions/{code}/capacity", tags=["regions"], summary="Beds of a region by type, occupancy, reserves and history",
            response_model=dict[str, Any])
@blocking_endpoint
def region_capacity(code: str, session: ReadSessionDep, as_of: Optional[dt.date] = None, history: bool = True) -> JSONResponse:
    return as_json(capacity.region_capacity(session, code, as_of=as_of, history=history))


router.include_router(crud_router(service.RESOURCE, path="/api/regions", tag="regions"))
