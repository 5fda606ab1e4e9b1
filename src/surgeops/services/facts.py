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
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, CaseStat, Fact, Facility, Region, Report, utcnow
from surgeops.domain.capacity import carve, check_bed_counts, pool_remainder
from surgeops.domain.codes import BedType
from surgeops.domain.dates import check_not_future
from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.errors import InvalidField
from surgeops.domain.facts import checked_data, composition_of
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import audit, cases, crud, deployments, pools, supplies
from surgeops.services.audit import Actor
from surgeops.services.capacity import latest_by_facility
from surgeops.services.crud import region_subtree

BED_TYPES = frozenset(b.value for b in BedType)
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


@dataclass(frozen=True)
class Dating:
    """What dates a fact besides the fact and its report: the date the reviewer gives (used
    when neither states one), today, and the days of tolerance past it (setting
    `future_tolerance_days`)."""

    given: Optional[dt.date] = None
    today: dt.date = field(default_factory=dt.date.today)
    tolerance_days: int = 1


def fact_day(fact: Fact, report: Report, dating: Dating) -> dt.date:
    """The date a fact's figure is of: the one the fact states, else the report's
    publication date, else the reviewer's; never today by default, never in the future."""
    raw, where = fact.data.get("date"), "data.date"
    day = dt.date.fromisoformat(raw) if isinstance(raw, str) else report.published
    if day is None:
        day, where = dating.given, "date"
    if day is None:
        raise InvalidField("date", "neither the fact nor its report states a date: give the date the figure is of")
    return check_not_future(day, today=dating.today, tolerance_days=dating.tolerance_days, field=where)


def apply_fact(session: Session, fact: Fact, *, report: Report, actor: Actor, dating: Optional[Dating] = None) -> str:
    """Apply an accepted fact to the records it describes, its data first checked against
    its type's model (domain/facts.py) and dated (`fact_day`); the fact keeps the date used."""
    fact.data = checked_data(fact.type, fact.data)
    day = fact_day(fact, report, dating or Dating())
    fact.data = {**fact.data, "date": day.isoformat()}
    handler = {"beds": _apply_beds, "cases": _apply_cases, "supply": _apply_supply, "deployment": _apply_deployment}[fact.type]
    return handler(session, fact, report, actor, day)


def _required_region(session: Session, fact: Fact, prefix: str) -> str:
    code = resolve_region(session, fact.data.get(prefix), fact.data.get(f"{prefix}_code"))
    if code is None:
        raise InvalidField(f"data.{prefix}", f"{fact.data.get(prefix)!r} is not a known region: correct the fact with a region code ({prefix}_code)")
    return code


def _apply_cases(session: Session, fact: Fact, report: Report, actor: Actor, day: dt.date) -> str:
    region = _required_region(session, fact, "place")
    metric, value = fact.data["metric"], fact.data["value"]
    row = session.scalars(select(CaseStat).where(CaseStat.region == region, CaseStat.date == day, CaseStat.metric == metric)).first()
    try:  # the rules of every case figure; its warnings show on the region page
        cases.check_figure(session, region=region, date=day, metric=metric, value=value, replacing=row.id if row else None)
    except InvalidField as exc:
        raise InvalidField("data.value", exc.message) from None
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
    audit.record(session, actor=actor, action="apply_fact", entity=entity, entity_id=key, before=before, after=after)


def _bed_figure(row: BedSnapshot) -> dict[str, Any]:
    return {"facility": row.facility, "bed_type": row.bed_type, "as_of": row.as_of.isoformat(),
            "capacity": row.capacity, "occupied": row.occupied, "reserve": row.reserve}


def _snapshot(session: Session, facility: str, bed_type: str, day: dt.date, report: Report, actor: Actor, **values: int) -> BedSnapshot:
    """Write the facility's figure of that day (a new snapshot, or the day's one changed),
    from its newest figure on or before that day and `values` (what the fact states: the
    rest stays as it was), and audit it with what it replaced."""
    latest = session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type,
                                                       BedSnapshot.as_of <= day)
                             .order_by(BedSnapshot.as_of.desc()).limit(1)).first()  # the newest that day: one index probe
    row = session.scalars(select(BedSnapshot).where(BedSnapshot.facility == facility, BedSnapshot.bed_type == bed_type,
                                                    BedSnapshot.as_of == day)).first()
    base = {"capacity": latest.capacity if latest else 0, "occupied": latest.occupied if latest else 0,
            "reserve": latest.reserve if latest else 0}
    was = dict(base)
    base.update(values)
    moved = pools.settle(session, facility=facility, bed_type=bed_type, day=day, beds=base["capacity"] - was["capacity"],
                         occupied=base["occupied"] - was["occupied"] if "occupied" in values else None, actor=actor)
    if moved:  # patients the region's pool counted in the beds it gave up (never past the beds)
        base["occupied"] = min(base["occupied"] + moved, base["capacity"])
    if base["occupied"] > base["capacity"]:  # only a figure that states no occupancy can get here
        raise InvalidField("data.count", f"{base['capacity']} {bed_type} beds would be fewer than the {base['occupied']} "
                                         "occupied: correct the count, or state the occupancy with it")
    try:
        check_bed_counts(**base)  # the rules of every bed figure (MAX_BEDS)
    except InvalidField as exc:
        raise InvalidField("data.count", f"{exc.field}: {exc.message}") from None
    before = None
    if row is None:
        row = BedSnapshot(facility=facility, bed_type=bed_type, as_of=day, source_report=report.id, **base)
        session.add(row)
    else:
        before = _bed_figure(row)
        for k, v in base.items():
            setattr(row, k, v)
        if "occupied" in values:  # the fact states the occupancy: a new report of it for the bed ledger
            row.occupied_at = utcnow()
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


def _apply_beds(session: Session, fact: Fact, report: Report, actor: Actor, day: dt.date) -> str:
    bed_type, count, pct = fact.data["bed_type"], fact.data["count"], fact.data.get("occupancy_pct")
    facility = resolve_facility(session, fact.data.get("place"))
    if facility is not None and bed_type in BED_TYPES:
        values = {"capacity": count} | ({"occupied": round(count * pct / 100)} if pct is not None else {})
        row = _snapshot(session, facility.key, bed_type, day, report, actor, **values)
    else:
        region = _required_region(session, fact, "place")
        row = _region_beds(session, region, bed_type, count, pct, day, report, actor)
    return f"bed_snapshot:{row.id}"


@dataclass(frozen=True)
class _Region:
    """A region's figures on a day: its facilities' newest (bar the pool's) and its pool's."""

    pool: str
    facilities: dict[str, dict[str, BedSnapshot]]
    pool_now: dict[str, BedSnapshot]

    def sum(self, attribute: str, bed_type: Optional[str] = None, *, pool_typed: bool = False) -> int:
        """`attribute` summed over the facilities (one bed type, or all), and over the pool's
        typed figures with `pool_typed`."""
        rows = [s for beds in self.facilities.values() for t, s in beds.items() if bed_type in (None, t)]
        if pool_typed:
            rows += [s for t, s in self.pool_now.items() if t != "general"]
        return sum(getattr(s, attribute) for s in rows)


def _region_now(session: Session, region: str, day: dt.date, actor: Actor) -> _Region:
    pool = _pool(session, region, actor)
    codes = set(region_subtree(session, region))
    facilities = set(session.scalars(select(Facility.key).where(Facility.region.in_(codes))))
    everywhere = latest_by_facility(session, day)
    return _Region(pool, {k: v for k, v in everywhere.items() if k in facilities and k != pool}, everywhere.get(pool, {}))


def _region_beds(session: Session, region: str, bed_type: str, count: int, pct: Optional[float], day: dt.date, report: Report,
                 actor: Actor) -> BedSnapshot:
    """A figure for the region as a whole: what it reports beyond its facilities goes to
    its pool. A figure that states no occupancy changes only the beds."""
    now = _region_now(session, region, day, actor)
    if bed_type == "reserve":
        current = now.pool_now.get("provisional")
        return _snapshot(session, now.pool, "provisional", day, report, actor, capacity=current.capacity if current else 0,
                         reserve=pool_remainder(reported=count, attributed=now.sum("reserve")))
    if bed_type in BED_TYPES:
        return _region_typed(session, now, bed_type, count, pct, day, report, actor)
    # "total" (or another all-types figure): the remainder beyond every typed bed in the region.
    values = {"capacity": pool_remainder(reported=count, attributed=now.sum("capacity", pool_typed=True))}
    if pct is not None:
        values["occupied"] = pool_remainder(reported=round(count * pct / 100), attributed=now.sum("occupied", pool_typed=True))
    return _snapshot(session, now.pool, "general", day, report, actor, **values)


def _region_typed(session: Session, now: _Region, bed_type: str, count: int, pct: Optional[float], day: dt.date,
                  report: Report, actor: Actor) -> BedSnapshot:
    """A typed figure for the region: its beds beyond the facilities' are the pool's, taken
    out of the pool's figure for all types (with their share of its patients, `carve`)."""
    remainder = pool_remainder(reported=count, attributed=now.sum("capacity", bed_type))
    general, held, moved = now.pool_now.get("general"), now.pool_now.get(bed_type), 0
    taken = remainder - (held.capacity if held else 0)  # beds the pool did not hold as this type yet
    if general is not None and general.capacity and bed_type != "general" and taken > 0:
        capacity, occupied = carve(capacity=general.capacity, occupied=general.occupied, taken=taken)
        moved = general.occupied - occupied
        _snapshot(session, now.pool, "general", day, report, actor, capacity=capacity, occupied=occupied)
    values = {"capacity": remainder}
    if pct is not None:
        values["occupied"] = pool_remainder(reported=round(count * pct / 100), attributed=now.sum("occupied", bed_type))
    elif moved:
        values["occupied"] = (held.occupied if held else 0) + moved
    return _snapshot(session, now.pool, bed_type, day, report, actor, **values)


def _link_report(session: Session, res: crud.Resource, row: Any, report: Report, actor: Actor) -> None:
    """A record already on file that a report names too: linked to the report if it is
    linked to none yet, and audited as the change it is."""
    if row.source_report is not None:
        return
    before = crud.snapshot(res, row)
    row.source_report = report.id
    session.flush()
    _audit(session, actor, res.name, row.id, crud.snapshot(res, row), before=before)


def _apply_supply(session: Session, fact: Fact, report: Report, actor: Actor, day: dt.date) -> str:
    destination = _required_region(session, fact, "destination")
    origin = resolve_region(session, fact.data.get("origin"), fact.data.get("origin_code"))
    item = fact.data["item"]
    same = session.scalars(select(supplies.RESOURCE.table).where(
        supplies.RESOURCE.table.destination_region == destination, supplies.RESOURCE.table.item == item,
        supplies.RESOURCE.table.quantity == fact.data.get("quantity"), supplies.RESOURCE.table.status != "cancelled",
        (supplies.RESOURCE.table.origin_region == origin) if origin else supplies.RESOURCE.table.origin_region.is_(None))).first()
    if same is not None:  # the shipment is already on record (another report, or typed in): link, do not duplicate
        _link_report(session, supplies.RESOURCE, same, report, actor)
        return f"shipment:{same.id}"
    payload = ShipmentCreate(origin_region=origin, origin_name=fact.data.get("origin") or None, destination_region=destination,
                             item=item, quantity=fact.data.get("quantity"), status="in_transit", shipped=day,
                             note=f"From report {report.id}: {fact.evidence[:300]}")
    created = crud.create(session, supplies.RESOURCE, payload, actor=actor, commit=False, extra={"source_report": report.id})
    return f"shipment:{created['id']}"


def _apply_deployment(session: Session, fact: Fact, report: Report, actor: Actor, day: dt.date) -> str:
    destination = _required_region(session, fact, "destination")
    origin_code = resolve_region(session, fact.data.get("origin"), fact.data.get("origin_code"))
    level = session.scalar(select(Region.level).where(Region.code == origin_code)) if origin_code else None
    specialties = fact.data.get("specialties") or []
    composition = composition_of(specialties, fact.data.get("team_size"))
    table = deployments.RESOURCE.table
    same = session.scalars(select(table).where(
        table.destination_region == destination, table.team_size == fact.data.get("team_size"),
        (table.origin_region == origin_code) if origin_code else table.origin_region.is_(None))).first()
    if same is not None:  # the team is already on record: link, do not duplicate
        _link_report(session, deployments.RESOURCE, same, report, actor)
        return f"deployment:{same.id}"
    payload = DeploymentCreate(
        lead=fact.data.get("lead"),
        origin={"kind": "country" if level == "country" else ("region" if origin_code else "organisation"),
                "name": fact.data.get("origin") or "unknown", "region": origin_code},
        team_size=fact.data.get("team_size"), composition=composition, status="active",
        destinations=[{"region": destination, "start": day}],
        note=f"From report {report.id}; specialties named: {', '.join(specialties) or 'none'}. Evidence: {fact.evidence[:300]}",
    )
    created = crud.create(session, deployments.RESOURCE, payload, actor=actor, commit=False, extra={"source_report": report.id})
    return f"deployment:{created['id']}"
