"""/api/audit: the audit trail, read only."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Query, Response
from fastapi.encoders import jsonable_encoder

from surgeops.services import audit
from surgeops.web.deps import SessionDep

router = APIRouter(prefix="/api/audit", tags=["audit"])


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
