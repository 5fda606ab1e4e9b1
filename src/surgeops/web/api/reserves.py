"""/api/reserve_actions: reserve beds opened and closed, with who, when and why."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder

from surgeops.domain.reserves import ReserveActionCreate
from surgeops.services import reserves
from surgeops.web.api.crud import RecordId, page_model, record_model
from surgeops.web.deps import ActorDep, ReadSessionDep, SessionDep

router = APIRouter(prefix="/api/reserve_actions", tags=["reserves"])
ReserveActionRecord = record_model(reserves.RESOURCE)


@router.post("", status_code=201, response_model=ReserveActionRecord,
             summary="Open reserve beds into a facility's capacity, or close free beds back into its reserve")
def create(payload: ReserveActionCreate, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    return jsonable_encoder(reserves.act(session, payload, actor=actor))


@router.get("", summary="Reserve actions newest first, of a region's facilities or one facility",
            response_model=page_model(ReserveActionRecord))
def list_(session: ReadSessionDep, region: Annotated[Optional[str], Query(max_length=40)] = None,
          facility: Annotated[Optional[str], Query(max_length=40)] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    items, total = reserves.listing(session, region=region, facility=facility, limit=limit, offset=offset)
    return {"items": jsonable_encoder(items), "total": total, "limit": limit, "offset": offset}


@router.get("/{action_id}", summary="Read one reserve action", response_model=ReserveActionRecord)
def read(action_id: RecordId, session: ReadSessionDep) -> dict[str, Any]:
    return jsonable_encoder(reserves.get(session, action_id))
