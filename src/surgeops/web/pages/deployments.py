"""Deployments `/deployments`: the teams sent (origin, stays, composition by specialty,
status, extensions, sub-groups), and forms to register and change them that validate
through the same domain models and service as `/api/deployments`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from surgeops.domain.codes import DeploymentStatus, Specialty
from surgeops.domain.deployments import DeploymentCreate, DeploymentUpdate
from surgeops.domain.errors import Conflict, InvalidField, NotFound, StaleVersion
from surgeops.services import crud, deployments
from surgeops.services.access import Forbidden
from surgeops.web import i18n
from surgeops.web.deps import ActorDep, SessionDep
from surgeops.web.offload import blocking
from surgeops.web.pages import forms, labels, queries, timeline
from surgeops.web.pages.render import gettext_for, language, render

router = APIRouter()
RES = deployments.RESOURCE
# Repeated rows of the form and their columns; each shows the stored rows and one blank.
ROWS: dict[str, tuple[str, ...]] = {
    "destinations": ("region", "start", "end"),
    "extensions": ("date", "until", "note"),
    "subgroups": ("name", "task", "facility", "size"),
    "counterparts": ("side", "name", "role"),
}
SCALARS = ("key", "status", "lead", "team_size", "note", "source_facilities", "origin.kind", "origin.name",
           "origin.region", "basis.kind", "basis.number", "basis.date", "basis.title", "destinations", "composition")


def row_counts(values: dict[str, str]) -> dict[str, int]:
    """How many rows of each repeated group to show: those filled in and one blank (at least two)."""
    counts = {}
    for group in ROWS:
        used = {int(k.split(".")[1]) for k in values if k.startswith(group + ".") and k.split(".")[1].isdigit()}
        counts[group] = max(len(used) + 1, 2)
    return counts


def field_names(values: dict[str, str]) -> set[str]:
    names = set(SCALARS) | {f"composition.{s.value}" for s in Specialty}
    for group, count in row_counts(values).items():
        names |= {f"{group}.{i}.{col}" for i in range(count) for col in ROWS[group]}
    return names


def payload_of(items: list[tuple[str, str]]) -> dict[str, Any]:
    """The nested payload of a submitted form; the source facilities are one comma-separated field."""
    data = forms.nest(items)
    if data.get("composition"):
        data["composition"] = {k: v for k, v in data["composition"].items() if v is not None}
    if "source_facilities" in data:
        data["source_facilities"] = [k.strip() for k in data["source_facilities"].split(",") if k.strip()]
    return data


def form_context(session: Session, request: Request, values: dict[str, str], errors: dict[str, str],
                 item: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    gettext = gettext_for(request)
    known = queries.regions(session)
    return {
        "section": "deployments", "values": values, "errors": errors, "item": item, "rows": ROWS,
        "counts": row_counts(values), "known": known, "regions": queries.region_options(known, language(request)),
        "statuses": labels.choices("deployment_status", gettext), "specialties": labels.choices("specialty", gettext),
        "origin_kinds": labels.choices("origin_kind", gettext), "basis_kinds": labels.choices("basis_kind", gettext),
        "sides": labels.choices("side", gettext),
    }


def teams_timeline(items: list[dict[str, Any]], known: dict[str, queries.RegionInfo], lang: str) -> Optional[timeline.Timeline]:
    """The deployments as a timeline of stays, labelled origin → first destination."""
    teams = []
    for d in items:
        stays = tuple(timeline.Stay(s["region"], timeline.as_date(s.get("start")), timeline.as_date(s.get("end")))
                      for s in d.get("destinations") or [])
        first = stays[0].region if stays else ""
        where = i18n.name_in(known[first].names, lang, first) if first in known else first
        teams.append(timeline.Team(d["id"], f"{d['origin']['name']} → {where}", d["status"], stays,
                                   tuple(filter(None, (timeline.as_date(e.get("date")) for e in d.get("extensions") or [])))))
    return timeline.layout(teams)


@router.get("/deployments", response_class=HTMLResponse, include_in_schema=False)
def listing(request: Request, session: SessionDep) -> HTMLResponse:
    status = request.query_params.get("status") or None
    region = request.query_params.get("region") or None
    items, total = crud.listing(session, RES, {"status": status, "region": region}, limit=500, offset=0)
    items.sort(key=lambda d: (str(d.get("start_date") or ""), d["id"]))
    gettext = gettext_for(request)
    known = queries.regions(session)
    return render(request, "deployments.html", {
        "section": "deployments", "items": items, "total": total, "known": known,
        "timeline": teams_timeline(items, known, language(request)),
        "statuses": labels.choices("deployment_status", gettext), "status": status, "region": region,
        "created": request.query_params.get("saved"),
    })


@router.get("/deployments/new", response_class=HTMLResponse, include_in_schema=False)
def new_form(request: Request, session: SessionDep) -> HTMLResponse:
    values = {"status": DeploymentStatus.planned.value, "origin.kind": "organisation"}
    return render(request, "deployment_form.html", form_context(session, request, values, {}))


@router.post("/deployments/new", response_class=HTMLResponse, include_in_schema=False)
async def create(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_create, form, request, session, actor)


def _create(form: FormData, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    items = list(form.multi_items())
    data = payload_of(items)  # type: ignore[arg-type]
    try:
        item = crud.create(session, RES, DeploymentCreate.model_validate(data), actor=actor)
    except (ValidationError, InvalidField, Conflict, Forbidden) as exc:
        values = forms.flatten(data)
        errors = forms.errors_of(exc, field_names(values), gettext_for(request))
        return render(request, "deployment_form.html", form_context(session, request, values, errors),
                      status_code=forms.status_for(exc))
    return RedirectResponse(f"/deployments?saved={item['id']}", status_code=303)


@router.get("/deployments/{key}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_form(key: str, request: Request, session: SessionDep) -> HTMLResponse:
    try:
        item = crud.get(session, RES, key)
    except NotFound:
        return render(request, "not_found.html", {"what": key}, status_code=404)
    values = forms.flatten({k: v for k, v in item.items() if k in DeploymentCreate.model_fields})
    values["version"] = str(item["version"])
    return render(request, "deployment_form.html", form_context(session, request, values, {}, item))


def update_payload(data: dict[str, Any]) -> dict[str, Any]:
    """Every field the edit form shows, cleared ones included (a PATCH changes only what it sends)."""
    empty: dict[str, Any] = {"composition": {}, "source_facilities": [], "counterparts": [], "destinations": [],
                             "extensions": [], "subgroups": []}
    fields = [f for f in DeploymentUpdate.model_fields]
    return {f: data.get(f, empty.get(f)) for f in fields if f != "status" or "status" in data}


@router.post("/deployments/{key}/edit", response_class=HTMLResponse, include_in_schema=False)
async def update(key: str, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_update, form, key, request, session, actor)


def _update(form: FormData, key: str, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    try:
        item = crud.get(session, RES, key)
    except NotFound:
        return render(request, "not_found.html", {"what": key}, status_code=404)
    data = payload_of(list(form.multi_items()))  # type: ignore[arg-type]
    version = form.get("version") or item["version"]
    try:
        patch = DeploymentUpdate.model_validate(update_payload(data))
        version = forms.version_of(form, item["version"])
        crud.update(session, RES, key, patch, expected_version=version, actor=actor)
    except (ValidationError, InvalidField, Conflict, StaleVersion, Forbidden) as exc:
        session.rollback()
        values = {**forms.flatten(data), "version": str(version)}
        errors = forms.errors_of(exc, field_names(values), gettext_for(request))
        return render(request, "deployment_form.html", form_context(session, request, values, errors, item),
                      status_code=forms.status_for(exc))
    return RedirectResponse(f"/deployments?saved={key}", status_code=303)
