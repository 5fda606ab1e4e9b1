"""A region's page `/regions/{code}`: its beds by type over time, current totals, case
statistics, facilities with their latest report and conversions, and the teams and
supplies arriving there."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import CaseStat, Conversion, Facility
from surgeops.domain.cases import CaseWarning
from surgeops.domain.codes import Metric
from surgeops.domain.errors import NotFound
from surgeops.services import capacity, cases, crud, deployments, reserves, supplies
from surgeops.web.deps import SessionDep
from surgeops.web.pages import charts, outlook, queries
from surgeops.web.pages.overview import band
from surgeops.web.pages.render import render

router = APIRouter()
SERIES = ("capacity", "occupied", "reserve")


def bed_charts(history: list[dict[str, Any]]) -> list[tuple[str, charts.Chart]]:
    """One chart for all beds, then one per bed type, from the capacity service's history."""
    if not history:
        return []
    days = [h["date"] for h in history]
    types = list(dict.fromkeys(t for h in history for t in h["by_type"]))
    out = [("total", charts.line_chart(days, {s: [h["total"][s] for h in history] for s in SERIES}))]
    for bed_type in types:
        values = {s: [h["by_type"].get(bed_type, {}).get(s, 0) for h in history] for s in SERIES}
        out.append((bed_type, charts.line_chart(days, values)))
    return out


def case_figures(session: Session, codes: list[str]) -> list[dict[str, Any]]:
    """The latest value of each case metric reported for the region itself."""
    rows = session.execute(select(CaseStat.metric, CaseStat.date, CaseStat.value)
                           .where(CaseStat.region.in_(codes[:1])).order_by(CaseStat.date))
    latest: dict[str, dict[str, Any]] = {}
    for metric, day, value in rows:
        latest[metric] = {"metric": metric, "date": day, "value": value}
    return list(latest.values())


def case_trends(session: Session, code: str) -> tuple[list[tuple[str, charts.Chart]], list[CaseWarning]]:
    """A chart per case metric of the region itself (its figures over time, each figure a
    rule flags marked) and the flags: cumulative counts that fall (services/cases.py)."""
    series, flagged = cases.region_trends(session, code)
    order = [m.value for m in Metric]
    out = []
    for metric in sorted(series, key=lambda m: order.index(m) if m in order else len(order)):
        points = series[metric]
        marks = [(w.date, w.value) for w in flagged if w.metric == metric]
        out.append((metric, charts.line_chart([d for d, _ in points], {"cases": [v for _, v in points]}, marks=marks)))
    return out, flagged


def facility_rows(session: Session, codes: list[str], as_of: Optional[dt.date]) -> list[dict[str, Any]]:
    """Facilities in the region and its districts, each with its latest beds and conversions."""
    found = session.scalars(select(Facility).where(Facility.region.in_(codes)).order_by(Facility.key)).all()
    keys = [f.key for f in found]
    beds: dict[str, list[tuple[Any, ...]]] = {}
    for row in queries.latest_beds(session, as_of=as_of, bed_type=None, facilities=keys):
        beds.setdefault(row[0], []).append(row)
    moves: dict[str, list[Conversion]] = {}
    for conv in session.scalars(select(Conversion).where(Conversion.facility.in_(keys)).order_by(Conversion.date)):
        moves.setdefault(conv.facility, []).append(conv)
    return [{"facility": f, "beds": beds.get(f.key, []), "reported": max((b[3] for b in beds.get(f.key, [])), default=None),
             "conversions": moves.get(f.key, [])} for f in found]


def facility_names(session: Session, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Names of the listed facilities and of those their services were moved to."""
    keys = {r["facility"].key for r in rows}
    keys |= {m["to"] for r in rows for c in r["conversions"] for m in (c.reroutes or [])}
    return {key: names for key, names in session.execute(select(Facility.key, Facility.names).where(Facility.key.in_(keys)))}


def arriving(session: Session, codes: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Deployments with a stay in the region, and shipments to it."""
    teams, _ = crud.listing(session, deployments.RESOURCE, {"region": codes[0]}, limit=1000, offset=0)
    goods, _ = crud.listing(session, supplies.RESOURCE, {"region": codes[0]}, limit=1000, offset=0)
    return teams, goods


def forecast_chart(found: Optional[outlook.Outlook], total: dict[str, Any]) -> Optional[charts.Chart]:
    """Projected patients in beds (with its range) against the beds open and with reserves."""
    if found is None or not found.census:
        return None
    n = len(found.census)
    series = {"census": found.census, "capacity": [total["capacity"]] * n,
              "with_reserve": [total["capacity"] + total["reserve"]] * n}
    return charts.line_chart(found.calendar(), series, band=(found.census_low, found.census_high))


def region_outlook(app_state: Any, session: Session, code: str, as_of: Optional[dt.date]) -> Optional[outlook.Outlook]:
    """The region's outlook, from the same (cached) forecast of every region as the overview."""
    found = outlook.outlooks(app_state, session, lambda: queries.region_beds(session, as_of=as_of), as_of)
    return found.get(code)


def region_context(session: Session, code: str, as_of: Optional[dt.date]) -> dict[str, Any]:
    figures = capacity.region_capacity(session, code, as_of=as_of, history=True)
    codes = crud.region_subtree(session, code)
    known = queries.regions(session)
    teams, goods = arriving(session, codes)
    rows = facility_rows(session, codes, as_of)
    actions, _ = reserves.listing(session, region=code, limit=20)
    names = facility_names(session, rows)
    trends, flagged = case_trends(session, code)
    return {
        "code": code, "region": known[code], "parent": known.get(known[code].parent or ""),
        "figures": figures, "charts": bed_charts(figures["history"]), "cases": case_figures(session, codes),
        "case_trends": trends, "case_warnings": flagged,
        "facilities": rows, "facility_names": names, "deployments": teams, "shipments": goods, "reserve_actions": actions,
        "known": known, "band": band, "series": SERIES, "as_of": as_of,
    }


@router.get("/regions/{code}", response_class=HTMLResponse, include_in_schema=False)
def region_page(code: str, request: Request, session: SessionDep) -> HTMLResponse:
    try:
        as_of = dt.date.fromisoformat(request.query_params["as_of"]) if request.query_params.get("as_of") else None
    except ValueError:
        as_of = None
    try:
        context = region_context(session, code, as_of)
        context["outlook"] = region_outlook(request.app.state, session, code, as_of)
        context["forecast"] = forecast_chart(context["outlook"], context["figures"]["total"])
    except NotFound:
        return render(request, "not_found.html", {"what": code}, status_code=404)
    return render(request, "region.html", context)
