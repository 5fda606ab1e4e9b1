"""/api/transfers: requests to move a patient, and their status workflow."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import APIRouter, Header, Query, Response
from fastapi.encoders import jsonable_encoder

from surgeops.routing.transfers import TransferStatus
from surgeops.services import transfers
from surgeops.services.transfers import StatusChange, TransferCreate
from surgeops.web.api.crud import RecordId, etag, expected_version, page_model, record_model
from surgeops.web.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/transfers", tags=["transfers"])
TransferRecord = record_model(transfers.RESOURCE)


@router.post("", status_code=201, summary="Request a transfer of a patient to a facility", response_model=TransferRecord)
def create(payload: TransferCreate, session: SessionDep, actor: ActorDep, response: Response) -> dict[str, Any]:
    item = transfers.create(session, payload, actor=actor)
    response.headers["ETag"] = etag(item["version"])
    return jsonable_encoder(item)


@router.get("", summary="List transfers the caller may read, newest first", response_model=page_model(TransferRecord))
def list_(session: SessionDep, actor: ActorDep, status: Optional[TransferStatus] = None, facility: Optional[str] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    items, total = transfers.listing(session, actor=actor, status=status, facility=facility, limit=limit, offset=offset)
    return {"items": jsonable_encoder(items), "total": total, "limit": limit, "offset": offset}


@router.get("/{transfer_id}", summary="Read a transfer with its history", response_model=TransferRecord)
def read(transfer_id: RecordId, session: SessionDep, actor: ActorDep, response: Response) -> dict[str, Any]:
    item = transfers.get(session, transfer_id, actor=actor)
    response.headers["ETag"] = etag(item["version"])
    return jsonable_encoder(item)


@router.post("/{transfer_id}/status", summary="Move a transfer on: accept (holds a bed), decline, depart, arrive, cancel",
             response_model=TransferRecord)
def change_status(transfer_id: RecordId, payload: StatusChange, session: SessionDep, actor: ActorDep, response: Response,
                  if_match: Annotated[Optional[str], Header()] = None) -> dict[str, Any]:
    version = expected_version(if_match) if if_match else None
    item = transfers.change_status(session, transfer_id, payload, actor=actor, expected_version=version)
    response.headers["ETag"] = etag(item["version"])
    return jsonable_encoder(item)
