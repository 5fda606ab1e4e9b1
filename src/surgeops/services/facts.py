"""Applying an accepted report fact to the records it describes.

A beds fact about a facility becomes that facility's snapshot. A beds fact about a whole
region becomes the remainder held by the region's pool facility (kind `regional_pool`), so
the region's derived total equals the reported figure without counting a bed twice
(docs/decisions/0005-capacity-snapshots.md). A figure for all bed types together (`total`)
is held as the pool's `general` beds until a breakdown arrives; typed figures accepted
later are taken out of it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, CaseStat, Fact, Facility, Region, Report
from surgeops.domain.capacity import pool_remainder
from surgeops.domain.codes import BedType, Item, Metric
from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.errors import InvalidField
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import crud, deployments, supplies
from surgeops.services.audit import Actor
from surgeops.services.capacity import latest_by_facility
from surgeops.services.crud import region_subtree

GENERIC = {"облысы", "облысының", "облысында", "область", "области", "город", "города", "қаласы", "tỉnh", "thành", "phố",
           "province", "region", "city", "oblast", "г", "the", "of"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", _fold(text)) if w not in {_fold(g) for g in GENERIC} and len(w) > 1}


def resolve_region(session: Session, name: Optional[str], code: Optional[str]) -> Optional[str]:
    if code and session.scalar(select(Region.code).where(Region.code == code)):
        return code
    if not name:
        return None
    wanted = _stems(name)
    for region in session.scalars(select(Region)):
        for candidate in [*region.names.values(), *(region.aliases or [])]:
            if candidate and wanted and _stems(candidate) == wanted:
                return region.code
    return None


def resolve_facility(session: Session, name: Optional[str]) -> Optional[Facility]:
    if not name:
        return None
    wanted = _stems(name)
    best: Optional[Facility] = None
    best_overlap = 1  # a single shared word (the region's name) is not enough
    for facility in session.scalars(select(Facility).where(Facility.kind != "regional_pool")):
        for candidate in facility.names.values():
            stems = _stems(candidate or "")
            overlap = len(stems & wanted)
            if overlap > best_overlap and overlap >= len(stems) - 1:
                best, best_overlap = facility, overlap
    return best


def _day(fact: Fact, report: Report) -> dt.date:
    raw = fact.data.get("date")
    if isinstance(raw, str):
        return dt.date.fromisoformat(raw)
    return report.published or dt.date.today()


def apply_fact(session: Session, fact: Fact, *, report: Report, actor: Actor) -> str:
    handler = {"beds": _apply_beds, "cases": _apply_cases, "supply": _apply_supply, "deployment": _apply_deployment}[fact.type]
    return handler(session, fact, report, actor)


def _required_region(session: Session, fact: Fact, prefix: str) -> str:
    code = resolve_region(session, fact.data.get(prefix), fact.data.get(f"{prefix}_code"))
    if code is None:
        raise InvalidField(f"data.{prefix}", f"{fact.data.get(prefix)!r} is not a known region: correct the fact with a region code ({prefix}_code)")
    return code


def _apply_cases(session: Session, fact: Fact, report: Report, actor: Actor) -> str:
    region = _required_region(session, fact, "place")
    metric, value = fact.data.get("metric"), fact.data.get("value")
    if metric not in {m.value for m in Metric}:
        raise InvalidField("data.metric", f"unknown metric {metric!r}")
    if not isinstance(value, int) or value < 0:
        raise InvalidField("data.value", "must be a whole number, zero or more")
    day = _day(fact, report)
    row = session.scalars(select(CaseStat).where(CaseStat.region == region, CaseStat.date == day, CaseStat.metric == metric)).first()
    figure = {"region": region, "date": day.isoformat(), "metric": metric}
    before = None
    if row is None:
        row = CaseStat(region=region, date=day, metric=metric, value=value, source_report=report.id)
        session.add(row)
    else:
        before = {**figure, "value": row.value}  # the figure the fact replaces
        row.value, row.source_report = value, report.id
    session.flush()
    _audit(session, actor, "case_stat", row.id, {**figure, "value": value}, before=before)
    return f"case_stat:{row.id}"


def _audit(session: Session, actor: Actor, entity: str, key: object, after: dict[str, Any],
           before: Optional[dict[str, Any]] = None) -> None:
    from surgeops.services import audit

    audit.record(session, actor=actor, action="apply_fact", entity=entity, entity_id=key, before=before, after=after)


def _bed_figure(row: BedSnapshot) -> dict[str, Any]:
    return {"facility": row.facility, "bed_type": row.bed_type, "as_of": row.as_of.isoformat(),
            "capacity": row.capacity, "occupied": row.occupied, "reserve": row.reserve}


def _snapshot(session: Session, facility: str, bed_type: str, day: dt.date, report: Report, actor: Actor, **values: int) -> BedSnapshot:
    """Write the facility's figure of that day (a new snapshot, or the day's one changed),
    from its newest figure and `values`, and audit it with what it replaced."""
    latest = session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type)
                             .order_by(BedSnapshot.as_of.desc()).limit(1)).first()  # the newest: one index probe
    row = session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type,
                                                    BedSnapshot.as_of == day)).first()
    base = {"capacity": latest.capacity if latest else 0, "occupied": latest.occupied if latest else 0,
            "reserve": latest.reserve if latest else 0}
    base.update(values)
    base["occupied"] = min(base["occupied"], base["capacity"])
    before = None
    if row is None:
        row = BedSnapshot(facility=facility, bed_type=bed_type, as_of=day, source_report=report.id, **base)
        session.add(row)
    else:
        before = _bed_figure(row)
        for k, v in base.items():
            setattr(row, k, v)
        row.source_report = report.id
    session.flush()
    _audit(session, actor, "bed_snapshot", row.id, _bed_figure(row), before=before)
    return row


def _pool(session: Session, region: str, actor: Actor) -> str:
    """The region's pool facility (beds reported for the region as a whole), made and
    audited the first time a fact needs it."""
    key = f"pool-{region}"[:40]
    if session.scalar(select(Facility.id).where(Facility.key == key)) is None:
        names = session.scalar(select(Region.names).where(Region.code == region)) or {}
        label = {lang: f"{name}: beds reported for the region as a whole" for lang, name in names.items() if name}
        pool = Facility(key=key, names=label or {"en": f"{region}: region-level beds"}, kind="regional_pool", region=region, services=[])
        session.add(pool)
        session.flush()
        _audit(session, actor, "facility", key, {"key": key, "names": pool.names, "kind": pool.kind, "region": region})
    return key


def _apply_beds(session: Session, fact: Fact, report: Report, actor: Actor) -> str:
    bed_type, count = fact.data.get("bed_type"), fact.data.get("count")
    if not isinstance(count, int) or count < 0:
        raise InvalidField("data.count", "must be a whole number, zero or more")
    pct = fact.data.get("occupancy_pct")
    day = _day(fact, report)
    facility = resolve_facility(session, fact.data.get("place"))
    known = {b.value for b in BedType}
    if facility is not None and bed_type in known:
        values = {"capacity": count} | ({"occupied": round(count * pct / 100)} if pct is not None else {})
        row = _snapshot(session, facility.key, bed_type, day, report, actor, **values)
    else:
        region = _required_region(session, fact, "place")
        row = _region_beds(session, region, bed_type, count, pct, day, report, actor)
    return f"bed_snapshot:{row.id}"


def _region_beds(session: Session, region: str, bed_type: str, count: int, pct: Optional[float], day: dt.date, report: Report,
                 actor: Actor) -> BedSnapshot:
    pool = _pool(session, region, actor)
    codes = set(region_subtree(session, region))
    facilities = set(session.scalars(select(Facility.key).where(Facility.region.in_(codes))))
    everywhere = latest_by_facility(session)
    latest = {k: v for k, v in everywhere.items() if k in facilities and k != pool}
    pool_now = everywhere.get(pool, {})
    if bed_type == "reserve":
        held = sum(s.reserve for beds in latest.values() for s in beds.values())
        current = pool_now.get("provisional")
        return _snapshot(session, pool, "provisional", day, report, actor, reserve=pool_remainder(reported=count, attributed=held),
                         capacity=current.capacity if current else 0)
    if bed_type in {b.value for b in BedType}:
        attributed = sum(beds[bed_type].capacity for beds in latest.values() if bed_type in beds)
        remainder = pool_remainder(reported=count, attributed=attributed)
        general = pool_now.get("general")
        if general is not None and general.capacity and bed_type != "general":
            _snapshot(session, pool, "general", day, report, actor, capacity=max(general.capacity - remainder, 0))
        values = {"capacity": remainder}
        if pct is not None:
            occupied = sum(beds[bed_type].occupied for beds in latest.values() if bed_type in beds)
            values["occupied"] = pool_remainder(reported=round(count * pct / 100), attributed=occupied)
        return _snapshot(session, pool, bed_type, day, report, actor, **values)
    # "total" (or another all-types figure): the remainder beyond every typed bed in the region.
    attributed = sum(s.capacity for beds in latest.values() for s in beds.values())
    attributed += sum(s.capacity for t, s in pool_now.items() if t != "general")
    values = {"capacity": pool_remainder(reported=count, attributed=attributed)}
    if pct is not None:
        occupied = sum(s.occupied for beds in latest.values() for s in beds.values())
        occupied += sum(s.occupied for t, s in pool_now.items() if t != "general")
        values["occupied"] = pool_remainder(reported=round(count * pct / 100), attributed=occupied)
    return _snapshot(session, pool, "general", day, report, actor, **values)


def _apply_supply(session: Session, fact: Fact, report: Report, actor: Actor) -> str:
    destination = _required_region(session, fact, "destination")
    origin = resolve_region(session, fact.data.get("origin"), fact.data.get("origin_code"))
    item = fact.data.get("item")
    if item not in {i.value for i in Item}:
        raise InvalidField("data.item", f"unknown item {item!r}")
    same = session.scalars(select(supplies.RESOURCE.table).where(
        supplies.RESOURCE.table.destination_region == destination, supplies.RESOURCE.table.item == item,
        supplies.RESOURCE.table.quantity == fact.data.get("quantity"), supplies.RESOURCE.table.status != "cancelled",
        (supplies.RESOURCE.table.origin_region == origin) if origin else supplies.RESOURCE.table.origin_region.is_(None))).first()
    if same is not None:  # the shipment is already on record (another report, or typed in): link, do not duplicate
        if same.source_report is None:
            same.source_report = report.id
        return f"shipment:{same.id}"
    payload = ShipmentCreate(origin_region=origin, origin_name=fact.data.get("origin") or None, destination_region=destination,
                             item=item, quantity=fact.data.get("quantity"), status="in_transit", shipped=_day(fact, report),
                             note=f"From report {report.id}: {fact.evidence[:300]}")
    created = crud.create(session, supplies.RESOURCE, payload, actor=actor, commit=False)
    session.get(supplies.RESOURCE.table, created["id"]).source_report = report.id
    return f"shipment:{created['id']}"


def _apply_deployment(session: Session, fact: Fact, report: Report, actor: Actor) -> str:
    destination = _required_region(session, fact, "destination")
    origin_code = resolve_region(session, fact.data.get("origin"), fact.data.get("origin_code"))
    level = session.scalar(select(Region.level).where(Region.code == origin_code)) if origin_code else None
    specialties = fact.data.get("specialties") or []
    table = deployments.RESOURCE.table
    same = session.scalars(select(table).where(
        table.destination_region == destination, table.team_size == fact.data.get("team_size"),
        (table.origin_region == origin_code) if origin_code else table.origin_region.is_(None))).first()
    if same is not None:  # the team is already on record: link, do not duplicate
        if same.source_report is None:
            same.source_report = report.id
        return f"deployment:{same.id}"
    payload = DeploymentCreate(
        lead=fact.data.get("lead"),
        origin={"kind": "country" if level == "country" else ("region" if origin_code else "organisation"),
                "name": fact.data.get("origin") or "unknown", "region": origin_code},
        team_size=fact.data.get("team_size"), status="active",
        destinations=[{"region": destination, "start": _day(fact, report)}],
        note=f"From report {report.id}; specialties named: {', '.join(specialties) or 'none'}. Evidence: {fact.evidence[:300]}",
    )
    created = crud.create(session, deployments.RESOURCE, payload, actor=actor, commit=False)
    session.get(deployments.RESOURCE.table, created["id"]).source_report = report.id
    return f"deployment:{created['id']}"
