"""Report review `/reports`: submit a field report or news text, read it with the facts the
ingestion found highlighted in place, and accept, correct or reject each fact. Accepting
applies the fact to the records (the reports service does it, as for `/api/facts`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from surgeops.domain.base import Input, WebUrl
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.domain.facts import LIST_FIELDS, MODELS, fields_of
from surgeops.services import report_jobs, reports
from surgeops.services.access import Forbidden
from surgeops.services.audit import Actor
from surgeops.services.facts import Dating
from surgeops.web.deps import ActorDep, SessionDep
from surgeops.web.offload import blocking
from surgeops.web.pages import forms
from surgeops.web.pages.render import gettext_for, render

router = APIRouter()
FIELDS = {"text", "source_url", "language", "published", "title"}


class ReportForm(Input):
    """What the submit form accepts (the same limits as POST /api/reports)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: str = Field(min_length=1)
    source_url: Optional[WebUrl] = None
    language: Optional[str] = Field(default=None, pattern="^(ru|kk|vi|en)$")
    published: Optional[dt.date] = None
    title: Optional[str] = Field(default=None, max_length=500)


def segments(text: str, facts: list[dict[str, Any]]) -> list[tuple[str, list[int]]]:
    """The text cut into pieces, each with the ids of the facts whose evidence it is
    (facts sharing a span share a piece; a span overlapping an earlier one is not marked)."""
    spans: dict[tuple[int, int], list[int]] = {}
    for fact in facts:
        start, end = fact["span"]
        if 0 <= start < end <= len(text):
            spans.setdefault((start, end), []).append(fact["id"])
    out: list[tuple[str, list[int]]] = []
    cursor = 0
    for (start, end), ids in sorted(spans.items()):
        if start < cursor:
            continue
        if start > cursor:
            out.append((text[cursor:start], []))
        out.append((text[start:end], ids))
        cursor = end
    if cursor < len(text):
        out.append((text[cursor:], []))
    return out


def shown(value: Any) -> str:
    """A fact's value as the review form shows it: a list comma separated, nothing empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def corrected(fact_type: str, original: dict[str, Any], submitted: dict[str, str]) -> dict[str, Any]:
    """The fields the reviewer changed, read back from what the form shows (`shown`): a
    list from its comma separated items, a number as the type the extracted value had."""
    changes: dict[str, Any] = {}
    for name, raw in submitted.items():
        if name not in fields_of(fact_type):
            continue
        before = original.get(name)
        value: Any = raw.strip() or None
        if name in LIST_FIELDS or isinstance(before, list):
            value = [item.strip() for item in raw.split(",") if item.strip()]
        elif value is not None and (isinstance(before, (int, float)) or before is None):
            for kind in (int, float):
                try:
                    value = kind(value)
                    break
                except ValueError:
                    continue
        if value == before or (value == [] and before is None):
            continue
        changes[name] = value
    return changes


def dating(request: Request, given: str = "") -> Dating:
    """How facts reviewed in this request are dated: `given` is the form's date, used when
    neither the fact nor its report states one."""
    try:
        day = dt.date.fromisoformat(given.strip()) if given.strip() else None
    except ValueError:
        raise InvalidField("date", f"{given!r} is not a date (YYYY-MM-DD)") from None
    return Dating(given=day, tolerance_days=request.app.state.settings.future_tolerance_days)


def report_context(session: Session, report_id: int, request: Request, actor: Actor,
                   errors: Optional[dict[int, str]] = None) -> dict[str, Any]:
    """The report with its facts, each pending beds fact with the preview of what accepting
    it would do (`services.reports.preview`)."""
    report = reports.report_view(session, report_id)
    now: dict[str, dict[str, Any]] = {}
    previews = {f["id"]: reports.preview(session, f["id"], actor=actor, dating=dating(request), now=now)
                for f in report["facts"] if f["type"] == "beds" and f["status"] == "pending"}
    session.rollback()  # the previews' savepoints kept nothing; end the transaction so no SQLite write lock outlives them
    return {"section": "reports", "report": report, "segments": segments(report["text"], report["facts"]),
            "fact_errors": errors or {}, "previews": previews, "fact_fields": {t: fields_of(t) for t in MODELS},
            "list_fields": LIST_FIELDS, "shown": shown}


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def listing(request: Request, session: SessionDep) -> HTMLResponse:
    items, total = reports.list_reports(session, limit=200, offset=0)
    jobs = [j for j in report_jobs.list_jobs(session, limit=20) if j["status"] != "done"]
    return render(request, "reports.html", {"section": "reports", "items": items, "total": total, "jobs": jobs})


@router.get("/reports/new", response_class=HTMLResponse, include_in_schema=False)
def new_form(request: Request) -> HTMLResponse:
    return render(request, "report_form.html", {"section": "reports", "values": {}, "errors": {}})


@router.post("/reports/new", response_class=HTMLResponse, include_in_schema=False)
async def submit(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in FIELDS}
    try:
        payload = ReportForm.model_validate({k: v for k, v in values.items() if v.strip()})
        if len(payload.text.encode("utf-8")) > request.app.state.settings.max_upload_bytes:
            raise InvalidField("text", f"the report is larger than {request.app.state.settings.max_upload_bytes} bytes")
        kind, value, _ = await blocking(
            report_jobs.submit, session, inline_max_bytes=request.app.state.settings.inline_extract_max_bytes,
            queue=request.app.state.report_queue.submit, raw=payload.text, actor=actor, source_url=payload.source_url,
            language=payload.language, published=payload.published, title=payload.title)
    except (ValidationError, InvalidField, Forbidden) as exc:
        errors = forms.errors_of(exc, FIELDS, gettext_for(request))
        return render(request, "report_form.html", {"section": "reports", "values": values, "errors": errors},
                      status_code=forms.status_for(exc))
    # a large report is extracted by the job queue: the reports page shows its progress
    return RedirectResponse(f"/reports/{value['id']}" if kind == "report" else "/reports", status_code=303)


@router.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(report_id: int, request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    try:
        return render(request, "report.html", report_context(session, report_id, request, actor))
    except NotFound:
        return render(request, "not_found.html", {"what": report_id}, status_code=404)


@router.post("/reports/{report_id}/facts/{fact_id}", response_class=HTMLResponse, include_in_schema=False)
async def review(report_id: int, fact_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_review, form, report_id, fact_id, request, session, actor)


def _review(form: FormData, report_id: int, fact_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    decision = str(form.get("decision") or "")
    try:
        fact = next(f for f in reports.report_view(session, report_id)["facts"] if f["id"] == fact_id)
    except (NotFound, StopIteration):
        return render(request, "not_found.html", {"what": fact_id}, status_code=404)
    submitted = {k[5:]: str(v) for k, v in form.multi_items() if k.startswith("data.")}
    changes = corrected(fact["type"], fact["data"], submitted) if decision == "correct" else None
    try:
        if decision not in ("accept", "reject", "correct"):
            raise InvalidField("decision", "choose accept, correct or reject")
        reports.review(session, fact_id, decision=decision, actor=actor,  # type: ignore[arg-type]
                       expected_version=forms.version_of(form, fact["version"]), corrected=changes,
                       dating=dating(request, submitted.get("date", "")))
    except (InvalidField, Conflict, StaleVersion, Forbidden, ValueError) as exc:
        session.rollback()
        message = forms.errors_of(exc, set(), gettext_for(request)).get(forms.GENERAL, str(exc))
        return render(request, "report.html", report_context(session, report_id, request, actor, {fact_id: message}),
                      status_code=forms.status_for(exc) if not isinstance(exc, Conflict) else 409)
    return RedirectResponse(f"/reports/{report_id}#fact-{fact_id}", status_code=303)
