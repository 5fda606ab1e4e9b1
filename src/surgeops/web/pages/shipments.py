"""Supply shipments `/shipments`: what was sent where (masks, tests, ambulances...), with
forms that validate through the same domain models and service as `/api/shipments`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.domain.supplies import ShipmentCreate, ShipmentUpdate
from surgeops.services import crud, supplies
from surgeops.services.access import Forbidden
from surgeops.web.deps import ActorDep, SessionDep
from surgeops.web.offload import blocking
from surgeops.web.pages import forms, labels, queries
from surgeops.web.pages.render import gettext_for, language, render

router = APIRouter()
RES = supplies.RESOURCE
FIELDS = set(ShipmentCreate.model_fields)


def form_context(session: Session, request: Request, values: dict[str, str], errors: dict[str, str],
                 item: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    gettext = gettext_for(request)
    known = queries.regions(session)
    return {
        "section": "shipments", "values": values, "errors": errors, "item": item, "known": known,
        "regions": queries.region_options(known, language(request)), "items": labels.choices("item", gettext),
        "statuses": labels.choices("shipment_status", gettext),
    }


@router.get("/shipments", response_class=HTMLResponse, include_in_schema=False)
def listing(request: Request, session: SessionDep) -> HTMLResponse:
    params = request.query_params
    filters = {"status": params.get("status") or None, "item": params.get("item") or None,
               "region": params.get("region") or None}
    items, total = crud.listing(session, RES, filters, limit=500, offset=0)
    gettext = gettext_for(request)
    return render(request, "shipments.html", {
        "section": "shipments", "items": items, "total": total, "known": queries.regions(session),
        "filters": filters, "statuses": labels.choices("shipment_status", gettext),
        "item_kinds": labels.choices("item", gettext), "created": params.get("saved"),
    })


@router.get("/shipments/new", response_class=HTMLResponse, include_in_schema=False)
def new_form(request: Request, session: SessionDep) -> HTMLResponse:
    values = {"status": "planned", "unit": "piece"}
    return render(request, "shipment_form.html", form_context(session, request, values, {}))


@router.post("/shipments/new", response_class=HTMLResponse, include_in_schema=False)
async def create(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_create, form, request, session, actor)


def _create(form: FormData, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    data = forms.nest(list(form.multi_items()))  # type: ignore[arg-type]
    try:
        item = crud.create(session, RES, ShipmentCreate.model_validate(data), actor=actor)
    except (ValidationError, InvalidField, Conflict, Forbidden) as exc:
        errors = forms.errors_of(exc, FIELDS, gettext_for(request))
        return render(request, "shipment_form.html", form_context(session, request, forms.flatten(data), errors),
                      status_code=forms.status_for(exc))
    return RedirectResponse(f"/shipments?saved={item['id']}", status_code=303)


@router.get("/shipments/{key}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_form(key: str, request: Request, session: SessionDep) -> HTMLResponse:
    try:
        item = crud.get(session, RES, key)
    except NotFound:
        return render(request, "not_found.html", {"what": key}, status_code=404)
    values = {**forms.flatten({k: v for k, v in item.items() if k in FIELDS}), "version": str(item["version"])}
    return render(request, "shipment_form.html", form_context(session, request, values, {}, item))


@router.post("/shipments/{key}/edit", response_class=HTMLResponse, include_in_schema=False)
async def update(key: str, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_update, form, key, request, session, actor)


def _update(form: FormData, key: str, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    try:
        item = crud.get(session, RES, key)
    except NotFound:
        return render(request, "not_found.html", {"what": key}, status_code=404)
    data = forms.nest(list(form.multi_items()))  # type: ignore[arg-type]
    patch_data = {f: data.get(f) for f in ShipmentUpdate.model_fields if f in data or f not in ("quantity", "status")}
    version = form.get("version") or item["version"]
    try:
        version = forms.version_of(form, item["version"])
        crud.update(session, RES, key, ShipmentUpdate.model_validate(patch_data), expected_version=version, actor=actor)
    except (ValidationError, InvalidField, Conflict, StaleVersion, Forbidden) as exc:
        session.rollback()
        errors = forms.errors_of(exc, FIELDS, gettext_for(request))
        values = {**forms.flatten({k: v for k, v in item.items() if k in FIELDS}), **forms.flatten(data), "version": str(version)}
        return render(request, "shipment_form.html", form_context(session, request, values, errors, item),
                      status_code=forms.status_for(exc))
    return RedirectResponse(f"/shipments?saved={key}", status_code=303)
