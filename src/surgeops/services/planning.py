"""Planning from the database: needs and offers built from stored records, plans solved,
saved, reviewed and turned into planned deployments and shipments.

Needs of a region: its open requests; staff missing against the staffing norms for its
occupied beds (domain/staffing.py); beds its forecast census will exceed within the
horizon, beyond its capacity and reserves. Offers: open offers; every region's staff
on hand, keeping what its own beds need; beds a region will not need within the horizon."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.config import Settings
from surgeops.db.engine import Database, begin_write
from surgeops.db.tables import Plan, Region, ResourceOffer, ResourceRequest, StaffCount
from surgeops.domain.errors import Conflict, InvalidField, NotFound
from surgeops.domain.staffing import default_norms, required_staff
from surgeops.planner import Scenario, parse_scenario, solve
from surgeops.planner.problem import STAFF_RESOURCES
from surgeops.services import audit, crud, deployments, forecasts, supplies
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.capacity import latest_by_facility

Amounts = dict[tuple[str, str], list[float]]  # (region, resource) -> [amount, priority or keep]


def _top_regions(session: Session) -> tuple[dict[str, Region], dict[str, str]]:
    regions = {r.code: r for r in session.scalars(select(Region))}

    def top(code: Optional[str]) -> Optional[str]:
        while code in regions and regions[code].level == "district":
            code = regions[code].parent
        return code if code in regions and regions[code].level == "region" else None

    return regions, {code: t for code in regions if (t := top(code))}


def _occupied_and_staff(session: Session, day: dt.date, top: dict[str, str]) -> tuple[dict, dict]:
    from surgeops.db.tables import Facility

    where = {k: top.get(r) for k, r in session.execute(select(Facility.key, Facility.region))}
    occupied: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for facility, by_type in latest_by_facility(session, day).items():
        if where.get(facility):
            for bed_type, snap in by_type.items():
                occupied[where[facility]][bed_type] += snap.occupied
    staff: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    latest: dict[tuple[str, str], StaffCount] = {}
    for row in session.scalars(select(StaffCount).where(StaffCount.as_of <= day).order_by(StaffCount.as_of)):
        latest[(row.facility, row.specialty)] = row
    for (facility, specialty), row in latest.items():
        if where.get(facility):
            staff[where[facility]][specialty] += row.count
    return occupied, staff


def _staff_needs_and_offers(occupied: dict, staff: dict, needs: Amounts, offers: Amounts) -> None:
    norms = default_norms()
    for code in set(occupied) | set(staff):
        required = required_staff(occupied.get(code, {}), norms)
        for specialty in set(required) | set(staff.get(code, {})):
            needed, priority = required.get(specialty, (0, 1.0))
            have = staff.get(code, {}).get(specialty, 0)
            if needed > have:
                needs[(code, specialty)] = [needed - have, priority]
            elif have > 0:
                offers[(code, specialty)] = [have, needed]


def _bed_needs_and_offers(session: Session, day: dt.date, horizon: int, needs: Amounts, offers: Amounts) -> None:
    inputs = {r.code: r for r in forecasts.region_inputs(session, day)}
    _, results = forecasts.forecast_all(session, day=day, horizon=horizon)
    for f in results:
        peak = float(f.total.max())
        room = sum(inputs[f.code].open_beds.values()) + sum(inputs[f.code].reserve_beds.values())
        if peak > room:
            needs[(f.code, "beds")] = [math.ceil(peak - room), default_norms().beds_priority]
        elif room > peak:
            offers[(f.code, "beds")] = [int(room), math.ceil(peak)]


def _country_of(regions: dict[str, Region], code: str) -> str:
    while regions[code].parent:
        code = regions[code].parent
    return code


def build_scenario(session: Session, *, country: Optional[str] = None, day: Optional[dt.date] = None, horizon: int = 14,
                   rules: Optional[dict[str, int]] = None) -> Scenario:
    """The planning problem of one country (teams and beds do not cross borders here);
    without `country`, the country with the largest priority-weighted need."""
    day = day or forecasts.latest_day(session) or dt.date.today()
    regions, top = _top_regions(session)
    if country is not None and (country not in regions or regions[country].level != "country"):
        raise InvalidField("country", f"unknown country {country}")
    needs: Amounts = {}
    offers: Amounts = {}
    occupied, staff = _occupied_and_staff(session, day, top)
    _staff_needs_and_offers(occupied, staff, needs, offers)
    _bed_needs_and_offers(session, day, horizon, needs, offers)
    for r in session.scalars(select(ResourceRequest).where(ResourceRequest.status == "open")):
        code = top.get(r.region, r.region)
        entry = needs.setdefault((code, r.resource), [0, r.priority])
        entry[0] += r.amount
        entry[1] = max(entry[1], r.priority)
    for o in session.scalars(select(ResourceOffer).where(ResourceOffer.status == "open")):
        code = top.get(o.region, o.region)
        entry = offers.setdefault((code, o.resource), [0, 0])
        entry[0] += o.amount
        entry[1] += o.keep
    # A region that lacks a resource offers none of it.
    offers = {k: v for k, v in offers.items() if k not in needs and v[0] > v[1]}
    if country is None:
        weight: dict[str, float] = defaultdict(float)
        for (code, _), (amount, priority) in needs.items():
            weight[_country_of(regions, code)] += amount * priority
        country = max(weight, key=weight.get) if weight else None
    needs = {k: v for k, v in needs.items() if _country_of(regions, k[0]) == country}
    offers = {k: v for k, v in offers.items() if _country_of(regions, k[0]) == country}
    used = {c for c, _ in needs} | {c for c, _ in offers}
    located = [regions[c] for c in sorted(used) if regions[c].lat is not None and regions[c].lon is not None]
    known = {r.code for r in located}
    return parse_scenario({
        "regions": [{"id": r.code, "name": r.names.get("en") or r.code, "lat": r.lat, "lon": r.lon} for r in located],
        "needs": [{"region": c, "resource": res, "amount": int(a), "priority": p} for (c, res), (a, p) in sorted(needs.items()) if c in known],
        "offers": [{"region": c, "resource": res, "amount": int(a), "keep": int(k)} for (c, res), (a, k) in sorted(offers.items()) if c in known],
        "rules": rules or {"min_team_size": 3, "max_destinations_per_donor": 4},
    })


def scenario_from_database(settings: Settings, country: Optional[str] = None) -> Scenario:
    """For `surgeops plan` without a scenario file."""
    db = Database.connect(settings.database_url)
    try:
        with db.session() as session:
            return build_scenario(session, country=country)
    finally:
        db.dispose()


def plan_view(row: Plan) -> dict[str, Any]:
    return {"id": row.id, "status": row.status, "review": row.review, "created_at": row.created_at,
            "version": row.version, "scenario": row.scenario, "result": row.result}


def run_plan(session: Session, *, actor: Actor, scenario: Optional[dict[str, Any]] = None, country: Optional[str] = None,
             time_limit: float = 30.0) -> dict[str, Any]:
    check_write(session, actor, "plan", {})
    try:
        problem = parse_scenario(scenario) if scenario is not None else build_scenario(session, country=country)
    except ValueError as exc:
        raise InvalidField("scenario", str(exc)) from None
    session.commit()  # end the reading transaction: no lock is held while the solver runs (up to time_limit)
    result = solve(problem, time_limit=time_limit).to_dict()
    row = Plan(status=result["status"], scenario=problem.model_dump(mode="json"), result=result, review="draft")
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="plan", entity_id=row.id, before=None,
                 after={"status": row.status, "moves": len(result["moves"]), "unmet": len(result["unmet"])})
    session.commit()
    return plan_view(row)


def get_plan(session: Session, plan_id: int, *, lock: bool = False) -> Plan:
    """The plan; with `lock`, its row locked until the transaction ends (SQLite: the write
    lock, `begin_write`), so that of parallel reviews or applies one acts and the others
    find it done (409)."""
    if lock:
        begin_write(session)
    row = session.get(Plan, plan_id, with_for_update=lock or None)
    if row is None:
        raise NotFound("plan", plan_id)
    return row


def review_plan(session: Session, plan_id: int, *, decision: str, actor: Actor, expected_version: Optional[int] = None) -> dict[str, Any]:
    check_write(session, actor, "plan", {})
    row = get_plan(session, plan_id, lock=True)
    if expected_version is not None and row.version != expected_version:
        from surgeops.domain.errors import StaleVersion

        raise StaleVersion("plan", plan_id, expected_version, row.version)
    if row.review != "draft":
        raise Conflict(f"plan {plan_id} is already {row.review}")
    if decision not in ("approve", "reject"):
        raise InvalidField("decision", "approve or reject")
    if decision == "approve" and row.status == "infeasible":
        raise Conflict(f"plan {plan_id} is infeasible and cannot be approved")
    before = {"review": row.review}
    row.review = "approved" if decision == "approve" else "rejected"
    audit.record(session, actor=actor, action=decision, entity="plan", entity_id=plan_id, before=before, after={"review": row.review})
    session.commit()
    return plan_view(row)


def apply_plan(session: Session, plan_id: int, *, actor: Actor, start: Optional[dt.date] = None) -> dict[str, Any]:
    """Turn an approved plan into planned deployments (one team per donor and destination)
    and planned shipments, all in one transaction."""
    from surgeops.domain.deployments import DeploymentCreate
    from surgeops.domain.supplies import ShipmentCreate
    check_write(session, actor, "plan", {})  # moving teams and stock between regions is a national decision
    row = get_plan(session, plan_id, lock=True)
    if row.review != "approved":
        raise Conflict(f"plan {plan_id} is {row.review}: approve it before turning it into deployments")
    teams: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    created: dict[str, list[int]] = {"deployments": [], "shipments": []}
    try:
        for move in row.result["moves"]:
            if move["resource"] in STAFF_RESOURCES:
                teams[(move["from"], move["to"])][move["resource"]] = move["amount"]
            elif move["resource"] != "beds":
                payload = ShipmentCreate(origin_region=move["from"], destination_region=move["to"], item=move["resource"],
                                         quantity=move["amount"], status="planned", shipped=start,
                                         note=f"Plan {plan_id}: {move['km']:.0f} km")
                created["shipments"].append(crud.create(session, supplies.RESOURCE, payload, actor=actor, commit=False)["id"])
        for (origin, destination), composition in teams.items():
            payload = DeploymentCreate(origin={"kind": "region", "name": origin, "region": origin}, composition=composition,
                                       team_size=sum(composition.values()), status="planned",
                                       destinations=[{"region": destination, "start": start}], note=f"Plan {plan_id}")
            created["deployments"].append(crud.create(session, deployments.RESOURCE, payload, actor=actor, commit=False)["id"])
        row.review = "applied"
        audit.record(session, actor=actor, action="apply", entity="plan", entity_id=plan_id, before={"review": "approved"},
                     after={"review": "applied", **created})
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return {"plan": plan_id, **created}
