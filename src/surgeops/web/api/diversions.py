"""/api/diversions: emergency departments turning away some services until a time."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from pydantic import AwareDatetime

from surgeops.services import diversions
from surgeops.services.diversions import DiversionCreate
from surgeops.web.api.crud import RecordId
from surgeops.web.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/diversions", tags=["diversions"])


@router.post("", status_code=201, summary="Divert a facility's emergency department for some services until a time")
def create(payload: DiversionCreate, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    return jsonable_encoder(diversions.create(session, payload, actor=actor))


@router.get("", summary="List diversions by end time; with active_at, those in force then")
def list_(session: SessionDep, facility: Optional[str] = None, active_at: Optional[AwareDatetime] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    items, total = diversions.listing(session, facility=facility, active_at=active_at, limit=limit, offset=offset)
    return {"items": jsonable_encoder(items), "total": total, "limit": limit, "offset": offset}


@router.post("/{diversion_id}/cancel", summary="End a diversion now")
def cancel(diversion_id: RecordId, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    return jsonable_encoder(diversions.cancel(session, diversion_id, actor=actor))
