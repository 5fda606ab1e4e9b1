"""What the day's situation report says, gathered from the records: headline bed and case
figures, occupancy by type and over time, the places nearest exhaustion, teams and
supplies on their way, and facts from reports accepted that day. No formatting here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import CaseStat, Deployment, Fact, Region, Report, Shipment
from surgeops.interop.beds import require_region
from surgeops.interop.sitrep.ranking import Place, rank_places
from surgeops.services.capacity import region_capacity
from surgeops.services.crud import region_subtree
from surgeops.services.facts import resolve_region

CASE_METRICS = ("confirmed", "in_treatment", "recovered", "deaths", "daily_new", "daily_admissions")
ARRIVAL_WINDOW = dt.timedelta(days=7)
TREND_DAYS = 28


@dataclass
class Sitrep:
    region: str
    names: dict[str, str]
    day: dt.date
    total: dict[str, Any]
    by_type: dict[str, dict[str, Any]]
    cases: dict[str, int]
    bed_history: list[tuple[dt.date, dict[str, int]]]
    case_history: list[tuple[dt.date, int]]
    ranking: list[Place]
    ranking_method: str
    teams: list[dict[str, Any]] = field(default_factory=list)
    supplies: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def gather(session: Session, *, region: str, day: dt.date) -> Sitrep:
    """Everything the report shows for a region (and all below it) on a day."""
    place = require_region(session, region)
    beds = region_capacity(session, region, as_of=day, history=True)
    codes = region_subtree(session, region)
    since = day - dt.timedelta(days=TREND_DAYS)
    history = [(h["date"], {t: v["occupied"] for t, v in h["by_type"].items()}) for h in beds["history"] if h["date"] >= since]
    ranking, method = rank_places(session, region=region, day=day)
    return Sitrep(
        region=region, names=place.names or {}, day=day, total=beds["total"], by_type=beds["by_type"],
        cases=_cases(session, place, day), bed_history=history, case_history=_case_history(session, region, since, day),
        ranking=ranking, ranking_method=method, teams=_teams(session, codes, day), supplies=_supplies(session, codes, day),
        facts=_facts(session, set(codes), day),
    )


def _cases(session: Session, place: Region, day: dt.date) -> dict[str, int]:
    """The latest figure of each metric on or before the day: the region's own, else the sum of its children's."""
    children = list(session.scalars(select(Region.code).where(Region.parent == place.code)))
    rows = session.scalars(select(CaseStat).where(CaseStat.region.in_([place.code, *children]), CaseStat.date <= day)
                           .order_by(CaseStat.date))
    latest: dict[tuple[str, str], int] = {}
    for row in rows:
        latest[(row.region, row.metric)] = row.value
    out: dict[str, int] = {}
    for metric in CASE_METRICS:
        if (place.code, metric) in latest:
            out[metric] = latest[(place.code, metric)]
        elif any(m == metric for _, m in latest):
            out[metric] = sum(v for (r, m), v in latest.items() if m == metric)
    return out


def _case_history(session: Session, region: str, since: dt.date, day: dt.date) -> list[tuple[dt.date, int]]:
    rows = session.scalars(select(CaseStat).where(CaseStat.region == region, CaseStat.metric == "confirmed",
                                                  CaseStat.date >= since, CaseStat.date <= day).order_by(CaseStat.date))
    return [(row.date, row.value) for row in rows]


def _stay_holds(stay: dict[str, Any], codes: list[str], day: dt.date) -> bool:
    start, end = stay.get("start"), stay.get("end")
    return (stay.get("region") in codes and (start is None or dt.date.fromisoformat(start) <= day + ARRIVAL_WINDOW)
            and (end is None or dt.date.fromisoformat(end) >= day))


def _teams(session: Session, codes: list[str], day: dt.date) -> list[dict[str, Any]]:
    """Teams not ended that are due in the region within a week, or are there now."""
    out = []
    for d in session.scalars(select(Deployment).where(Deployment.status != "ended").order_by(Deployment.id)):
        stays = [s for s in d.destinations or [] if _stay_holds(s, codes, day)]
        if stays or (not d.destinations and d.destination_region in codes):
            start = stays[0].get("start") if stays else None
            out.append({"origin": (d.origin or {}).get("name") or d.origin_region or "", "destination": d.destination_region,
                        "size": d.team_size, "lead": d.lead or "", "start": dt.date.fromisoformat(start) if start else d.start_date})
    return out


def _supplies(session: Session, codes: list[str], day: dt.date) -> list[dict[str, Any]]:
    """Shipments to the region that are planned or on the way, or delivered that day."""
    query = select(Shipment).where(Shipment.destination_region.in_(codes)).order_by(Shipment.id)
    out = []
    for s in session.scalars(query):
        if s.status in ("planned", "in_transit") or s.delivered == day:
            out.append({"origin": s.origin_name or s.origin_region or "", "destination": s.destination_region, "item": s.item,
                        "quantity": s.quantity, "unit": s.unit, "status": s.status})
    return out


def _facts(session: Session, codes: set[str], day: dt.date) -> list[dict[str, Any]]:
    """Facts accepted (or corrected) that day about a place in the region."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    query = (select(Fact, Report).join(Report, Report.id == Fact.report)
             .where(Fact.status.in_(("accepted", "corrected")), Fact.reviewed_at >= start,
                    Fact.reviewed_at < start + dt.timedelta(days=1)).order_by(Fact.id))
    out = []
    for fact, report in session.execute(query):
        data = fact.data or {}
        places = {resolve_region(session, data.get(k), data.get(f"{k}_code")) for k in ("place", "destination")}
        if places & codes:
            out.append({"type": fact.type, "evidence": fact.evidence, "report": report.title or f"#{report.id}"})
    return out

