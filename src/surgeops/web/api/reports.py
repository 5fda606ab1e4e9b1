"""/api/reports and /api/facts: submit a report, review its facts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from pydantic import ConfigDict, Field
from sqlalchemy import select

from surgeops.db.tables import Fact
from surgeops.domain.base import Input, WebUrl
from surgeops.domain.errors import InvalidField
from surgeops.services import report_jobs, reports
from surgeops.services.facts import Dating
from surgeops.web.api.crud import RecordId, expected_version
from surgeops.web.deps import ActorDep, SessionDep, SettingsDep

router = APIRouter(tags=["reports"])


class ReportCreate(Input):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The report as plain text or HTML.")
    source_url: Optional[WebUrl] = None
    language: Optional[Literal["ru", "kk", "vi", "en"]] = None
    published: Optional[dt.date] = None
    title: Optional[str] = Field(default=None, max_length=500)


class FactReview(Input):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["accept", "reject", "correct"]
    data: Optional[dict[str, Any]] = Field(default=None, max_length=50, description="With `correct`: the corrected fields.")
    date: Optional[dt.date] = Field(default=None, description=(
        "The date the fact's figure is of, used when neither the fact nor its report states one (then it is required). "
        "A date after today (plus the setting future_tolerance_days) is refused."))


@router.post("/api/reports", status_code=201, summary="Store a report and its extracted facts as pending review",
             responses={200: {"description": "The same text was stored before: that report, unchanged."},
                        202: {"description": "A report larger than the setting inline_extract_max_bytes: the job that "
                                             "extracts it (`{\"job\": {...}}`, follow GET /api/jobs/{id}); the same text "
                                             "again while it runs answers that job."}})
def submit_report(payload: ReportCreate, session: SessionDep, actor: ActorDep, settings: SettingsDep, request: Request,
                  response: Response) -> dict[str, Any]:
    size = len(payload.text.encode("utf-8"))
    if size > settings.max_upload_bytes:
        raise InvalidField("text", f"the report is larger than {settings.max_upload_bytes} bytes")
    kind, value, created = report_jobs.submit(
        session, inline_max_bytes=settings.inline_extract_max_bytes, queue=request.app.state.report_queue.submit,
        raw=payload.text, actor=actor, source_url=payload.source_url, language=payload.language,
        published=payload.published, title=payload.title)
    if kind == "job":
        response.status_code = 202
        response.headers["Location"] = f"/api/jobs/{value['id']}"
        return {"job": jsonable_encoder(value)}
    if not created:
        response.status_code = 200
    return jsonable_encoder(value)


@router.get("/api/jobs/{job_id}", summary="A report job: its status, stage, progress and error, and the report once stored")
def read_job(job_id: RecordId, session: SessionDep) -> dict[str, Any]:
    return jsonable_encoder(report_jobs.read_job(session, job_id))


@router.get("/api/jobs", summary="Report jobs, newest first")
def list_jobs(session: SessionDep, unfinished: bool = False,
              limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    return {"items": jsonable_encoder(report_jobs.list_jobs(session, unfinished_only=unfinished, limit=limit))}


@router.get("/api/reports", summary="List reports, newest first, with their count of pending facts")
def list_reports(session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    items, total = reports.list_reports(session, limit=limit, offset=offset)
    return {"items": jsonable_encoder(items), "total": total, "limit": limit, "offset": offset}


@router.get("/api/reports/{report_id}", summary="A report's text and its facts with evidence spans")
def read_report(report_id: RecordId, session: SessionDep) -> dict[str, Any]:
    return jsonable_encoder(reports.report_view(session, report_id))


@router.get("/api/facts", summary="The review queue: facts by status (pending by default)")
def list_facts(session: SessionDep, status: Literal["pending", "accepted", "corrected", "rejected"] = "pending",
               limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    rows = session.scalars(select(Fact).where(Fact.status == status).order_by(Fact.id).limit(limit).offset(offset)).all()
    return {"items": jsonable_encoder([reports.fact_view(f) for f in rows]), "limit": limit, "offset": offset}


@router.post("/api/facts/{fact_id}/review", summary="Accept, correct or reject a fact; accepting applies it to the records")
def review_fact(fact_id: RecordId, payload: FactReview, session: SessionDep, actor: ActorDep, settings: SettingsDep,
                if_match: Annotated[Optional[str], Header()] = None) -> dict[str, Any]:
    version = expected_version(if_match) if if_match else None
    dating = Dating(given=payload.date, tolerance_days=settings.future_tolerance_days)
    return jsonable_encoder(reports.review(session, fact_id, decision=payload.decision, actor=actor,
                                           expected_version=version, corrected=payload.data, dating=dating))
