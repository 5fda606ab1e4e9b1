"""The reinforcement planner `/planner`: run a plan for a country, see its moves on a map
and as a table with the planner's explanation, approve it and turn it into planned
deployments and shipments. Every action goes through services/planning.py, as
`/api/plans` does."""

from __future__ import annotations

import math
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from surgeops.db.tables import Plan
from surgeops.domain.errors import Conflict, InvalidField, NotFound
from surgeops.services import planning
from surgeops.services.access import Forbidden
from surgeops.web.deps import ActorDep, SessionDep
from surgeops.web.errors import status_of
from surgeops.web.i18n import name_in
from surgeops.web.offload import blocking, planner_run
from surgeops.web.pages import labels, queries
from surgeops.web.pages.render import gettext_for, language, render

router = APIRouter()
MAP_W, MAP_H, PAD, LABEL_ROOM = 760, 420, 30, 190  # room on the right for the last names


def resource_label(code: str, gettext: Any) -> str:
    if code == "beds":
        return gettext("Beds")
    kind = "specialty" if code in labels.LABELS["specialty"] else "item"
    return labels.label(kind, code, gettext)


def moves_map(plan: dict[str, Any], known: dict[str, queries.RegionInfo], lang: str) -> dict[str, Any]:
    """Points (regions of the plan, equirectangular projection fitted to the box) and
    lines (one per donor and destination, width by the number of moved units)."""
    places = {r["id"]: r for r in plan["scenario"]["regions"]}
    if not places:
        return {"points": [], "lines": [], "width": MAP_W, "height": MAP_H}
    lats = [p["lat"] for p in places.values()]
    lons = [p["lon"] for p in places.values()]
    span_lat, span_lon = max(max(lats) - min(lats), 1e-6), max(max(lons) - min(lons), 1e-6)
    scale = min((MAP_W - 2 * PAD - LABEL_ROOM) / (span_lon * math.cos(math.radians(sum(lats) / len(lats)))), (MAP_H - 2 * PAD) / span_lat)
    cos = math.cos(math.radians(sum(lats) / len(lats)))

    def xy(code: str) -> tuple[float, float]:
        p = places[code]
        return round(PAD + (p["lon"] - min(lons)) * cos * scale, 1), round(MAP_H - PAD - (p["lat"] - min(lats)) * scale, 1)

    flows: dict[tuple[str, str], int] = {}
    for m in plan["result"]["moves"]:
        flows[(m["from"], m["to"])] = flows.get((m["from"], m["to"]), 0) + m["amount"]
    biggest = max(flows.values(), default=1)
    lines = [{"x1": xy(a)[0], "y1": xy(a)[1], "x2": xy(b)[0], "y2": xy(b)[1], "w": round(1 + 5 * math.sqrt(n / biggest), 1),
              "title": f"{_name(a, known, lang)} → {_name(b, known, lang)}"} for (a, b), n in flows.items()]
    needing = {n["region"] for n in plan["scenario"]["needs"]}
    points = [{"x": xy(c)[0], "y": xy(c)[1], "name": _name(c, known, lang), "needs": c in needing} for c in places]
    return {"points": points, "lines": lines, "width": MAP_W, "height": MAP_H}


def _name(code: str, known: dict[str, queries.RegionInfo], lang: str) -> str:
    info = known.get(code)
    return name_in(info.names, lang, code) if info else code


@router.get("/planner", response_class=HTMLResponse, include_in_schema=False)
def planner(request: Request, session: SessionDep) -> HTMLResponse:
    known = queries.regions(session)
    rows = session.scalars(select(Plan).order_by(Plan.id.desc()).limit(20)).all()
    countries = [(c, name_in(r.names, language(request), c)) for c, r in sorted(known.items()) if r.level == "country"]
    return render(request, "planner.html", {"section": "planner", "plans": [planning.plan_view(r) for r in rows],
                                            "countries": countries, "error": None, "values": {}})


@router.post("/planner", response_class=HTMLResponse, include_in_schema=False)
async def run(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    country = str(form.get("country") or "") or None
    try:
        plan = await planner_run(request, planning.run_plan, session, actor=actor, country=country,
                                 time_limit=_limit(form.get("time_limit")))
    except (InvalidField, Forbidden, Conflict) as exc:
        known = await blocking(queries.regions, session)
        countries = [(c, name_in(r.names, language(request), c)) for c, r in sorted(known.items()) if r.level == "country"]
        message = exc.message if isinstance(exc, InvalidField) else str(exc)
        return render(request, "planner.html", {"section": "planner", "plans": [], "countries": countries,
                                                "error": message, "values": {"country": country or ""}},
                      status_code=403 if isinstance(exc, Forbidden) else 422)
    return RedirectResponse(f"/planner/{plan['id']}", status_code=303)


def _limit(raw: Optional[object]) -> float:
    try:
        return min(max(float(str(raw)), 1.0), 120.0)
    except (TypeError, ValueError):
        return 30.0


@router.get("/planner/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def show(plan_id: int, request: Request, session: SessionDep) -> HTMLResponse:
    return _page(plan_id, request, session)


def _page(plan_id: int, request: Request, session: SessionDep, error: Optional[str] = None, status_code: int = 200) -> HTMLResponse:
    """The plan, with what went wrong with the last action on it (and its status) if anything."""
    try:
        plan = planning.plan_view(planning.get_plan(session, plan_id))
    except NotFound:
        return render(request, "not_found.html", {"what": f"plan {plan_id}"}, status_code=404)
    gettext = gettext_for(request)
    known = queries.regions(session)
    lang = language(request)
    moves = [{**m, "from_name": _name(m["from"], known, lang), "to_name": _name(m["to"], known, lang),
              "resource_label": resource_label(m["resource"], gettext)} for m in plan["result"]["moves"]]
    unmet = [{**u, "name": _name(u["region"], known, lang), "resource_label": resource_label(u["resource"], gettext)}
             for u in plan["result"]["unmet"]]
    explanation = sorted((_name(c, known, lang), text) for c, text in plan["result"]["explanation"].items())
    return render(request, "plan.html", {"section": "planner", "plan": plan, "moves": moves, "unmet": unmet,
                                         "explanation": explanation, "map": moves_map(plan, known, lang), "error": error},
                  status_code=status_code)


@router.post("/planner/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
async def act(plan_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    form = await request.form()
    return await blocking(_act, form, plan_id, request, session, actor)


def _act(form: FormData, plan_id: int, request: Request, session: SessionDep, actor: ActorDep) -> Response:
    action = str(form.get("action") or "")
    try:
        if action in ("approve", "reject"):
            planning.review_plan(session, plan_id, decision=action, actor=actor)
        elif action == "apply":
            planning.apply_plan(session, plan_id, actor=actor)
            return RedirectResponse("/deployments?status=planned", status_code=303)
    except (Conflict, Forbidden, NotFound) as exc:
        return _page(plan_id, request, session, error=str(exc), status_code=status_of(exc))
    return RedirectResponse(f"/planner/{plan_id}", status_code=303)
