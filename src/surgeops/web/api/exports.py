"""/api/exports, /api/imports and /api/sitrep: bed capacity as FHIR and EDXL-HAVE, record
lists as HXL CSV, and the daily situation report as HTML or PDF."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from surgeops.domain.dates import EARLIEST_DAY, LATEST_DAY
from surgeops.domain.errors import InvalidField
from surgeops.interop import edxl, fhir, hxl, sitrep
from surgeops.services.records import KINDS
from surgeops.web.deps import ActorDep, SessionDep, SettingsDep

router = APIRouter(tags=["exchange"])

Kind = enum.Enum("Kind", {k: k for k in KINDS}, type=str)  # type: ignore[misc]
RegionQ = Annotated[Optional[str], Query(max_length=40, description="Region code: that region and everything below it (default: all).")]
DateQ = Annotated[Optional[dt.date], Query(alias="date", description="Latest figures on or before this day (default: the latest).")]


async def raw_body(request: Request, settings: SettingsDep) -> bytes:
    """The request body as sent, refused past the upload limit."""
    body = await request.body()
    if len(body) > settings.max_upload_bytes:
        raise InvalidField("body", f"the file is larger than {settings.max_upload_bytes} bytes")
    return body


Body = Annotated[bytes, Depends(raw_body)]


def _upload(media_types: list[str], schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI for a route that reads its body as a file of these media types."""
    return {"requestBody": {"required": True, "content": {m: {"schema": schema} for m in media_types}}}


def _file(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {media_type: {}}}}


@router.get("/api/exports/fhir", summary="Bed capacity as a FHIR R4 Bundle of SANER MeasureReports",
            response_class=Response, responses=_file("application/fhir+json", "A FHIR Bundle (collection)."))
def export_fhir(session: SessionDep, region: RegionQ = None, day: DateQ = None) -> Response:
    return Response(fhir.export_json(session, region=region, as_of=day), media_type="application/fhir+json")


@router.post("/api/imports/fhir", summary="Store the beds of a FHIR Bundle of MeasureReports (all or nothing)",
             openapi_extra=_upload(["application/fhir+json", "application/json"], {"type": "object"}))
def import_fhir(session: SessionDep, actor: ActorDep, body: Body) -> dict[str, int]:
    return {"stored": fhir.import_bundle(session, body, actor=actor)}


@router.get("/api/exports/edxl-have", summary="Hospital status as EDXL-HAVE 2.0 XML",
            response_class=Response, responses=_file("application/xml", "A HospitalStatus document."))
def export_edxl(session: SessionDep, region: RegionQ = None, day: DateQ = None) -> Response:
    return Response(edxl.export_xml(session, region=region, as_of=day), media_type="application/xml")


@router.post("/api/imports/edxl-have", summary="Store the beds of an EDXL-HAVE 2.0 document (all or nothing)",
             openapi_extra=_upload(["application/xml"], {"type": "string"}))
def import_edxl(session: SessionDep, actor: ActorDep, body: Body) -> dict[str, int]:
    return {"stored": edxl.import_xml(session, body, actor=actor)}


@router.get("/api/exports/{kind}.hxl.csv", summary="Every record of a kind as CSV with an HXL hashtag row",
            response_class=Response, responses=_file("text/csv", "Header row, hashtag row, records."))
def export_hxl(session: SessionDep, kind: Annotated[Kind, Path()]) -> Response:
    return Response(hxl.export_csv(session, kind.value), media_type="text/csv; charset=utf-8")


@router.post("/api/imports/{kind}.hxl.csv", summary="Import records of a kind from HXL CSV (all or nothing)",
             openapi_extra=_upload(["text/csv"], {"type": "string"}))
def import_hxl(session: SessionDep, actor: ActorDep, kind: Annotated[Kind, Path()], body: Body) -> dict[str, Any]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidField("body", "the CSV file is not UTF-8 text") from None
    result = hxl.import_csv(session, kind.value, text, actor=actor)
    return {"kind": result.kind, "created": result.created, "warnings": list(result.warnings)}


@router.get("/api/sitrep", summary="The day's situation report for a region or country, as HTML or PDF",
            response_class=Response,
            responses={200: {"description": "The report.", "content": {"text/html": {}, "application/pdf": {}}}})
def situation_report(session: SessionDep, region: Annotated[str, Query(min_length=1, max_length=40)], day: Annotated[dt.date, Query(alias="date", ge=EARLIEST_DAY, le=LATEST_DAY)],
                     lang: Literal["ru", "kk", "vi", "en"] = "en", fmt: Annotated[Literal["html", "pdf"], Query(alias="format")] = "html") -> Response:
    body = sitrep.render(session, region=region, day=day, lang=lang, fmt=fmt)
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    headers = {"Content-Disposition": f'inline; filename="sitrep-{region}-{day.isoformat()}-{lang}.{fmt}"'} if fmt == "pdf" else {}
    return Response(body, media_type=media, headers=headers)
