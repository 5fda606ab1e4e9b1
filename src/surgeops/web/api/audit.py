"""/api/audit: the audit trail, read only, for administrators and national coordinators:
its before/after values include what other records keep to their region (patients on
transfers, samples), so with accounts required nobody else reads it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from surgeops.domain.accounts import EVERYTHING
from surgeops.services import audit
from surgeops.web.deps import SessionDep


async def _may_read_audit(request: Request) -> None:
    if not request.app.state.settings.auth_required:
        return
    principal = getattr(request.state, "principal", None)
    if principal is None or principal.role not in EVERYTHING:
        raise HTTPException(403, detail="the audit trail is for administrators and national coordinators")


router = APIRouter(prefix="/api/audit", tags=["audit"], dependencies=[Depends(_may_read_audit)])


@router.get("", summary="Every change: who, when, from where, before and after")
def list_audit(session: SessionDep, entity: Optional[str] = None, entity_id: Optional[str] = None,
               since: Optional[dt.datetime] = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    items, total = audit.entries(session, entity=entity, entity_id=entity_id, since=since, limit=limit, offset=offset)
    return {"items": jsonable_encoder(items), "total": total, "limit": limit, "offset": offset}


@router.get("/export.csv", summary="The whole audit trail as CSV (append-only; for archiving)")
def export_audit(session: SessionDep) -> Response:
    return Response(content=audit.export_csv(session), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="surgeops-audit.csv"'})
