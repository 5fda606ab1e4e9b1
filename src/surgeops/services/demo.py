"""The demo scenario: Kazakhstan's and Vietnam's regions, Mangystau's beds and conversion
(report 004), the deployments and shipments of reports 000-003, and a few weeks of history
leading up to the demo day, so that trends and forecasts have something true to show."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from surgeops.domain.activities import ActivityCreate
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.cases import CUMULATIVE, CaseStatCreate
from surgeops.domain.conversions import ConversionCreate
from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.facilities import FacilityCreate
from surgeops.domain.regions import RegionCreate
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import activities, capacity, cases, conversions, crud, deployments, facilities, regions, supplies
from surgeops.services.audit import SYSTEM

HISTORY_DAYS = 21


def data(name: str) -> Any:
    return json.loads((resources.files("surgeops.demo") / "data" / name).read_text(encoding="utf-8"))


def demo_date() -> dt.date:
    return dt.date.fromisoformat(data("beds.json")["date"])


def _ordered_regions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children."""
    done: set[str] = set()
    out: list[dict[str, Any]] = []
    pending = list(items)
    while pending:
        rest = [r for r in pending if r.get("parent") and r["parent"] not in done]
        for r in pending:
            if r not in rest:
                out.append(r)
                done.add(r["code"])
        if len(rest) == len(pending):
            raise ValueError(f"regions with unknown parents: {', '.join(r['code'] for r in rest)}")
        pending = rest
    return out


def _add(session: Session, res: crud.Resource, model: Any) -> dict[str, Any]:
    return crud.create(session, res, model, actor=SYSTEM, commit=False)


def _history(item: dict[str, Any], day: dt.date) -> list[BedSnapshotCreate]:
    """Weekly-ish history: occupancy grows towards the demo day (about 4% a day)."""
    out = []
    for back in range(HISTORY_DAYS, -1, -3):
        factor = 1.04 ** (-back)
        occupied = min(round(item["occupied"] * factor), item["capacity"])
        out.append(BedSnapshotCreate(facility=item["facility"], bed_type=item["bed_type"], as_of=day - dt.timedelta(days=back),
                                     capacity=item["capacity"], occupied=occupied, reserve=item.get("reserve", 0)))
    return out


def _case_history(item: dict[str, Any]) -> list[CaseStatCreate]:
    day = dt.date.fromisoformat(item["date"])
    cumulative = item["metric"] in CUMULATIVE  # grows as the confirmed count does, so no part exceeds it
    out = []
    for back in range(HISTORY_DAYS, -1, -1):
        factor = 1.035 ** (-back) if cumulative else 1.0 - 0.01 * back
        out.append(CaseStatCreate(region=item["region"], date=day - dt.timedelta(days=back), metric=item["metric"],
                                  value=max(round(item["value"] * factor), 0)))
    return out


def load_demo(session: Session) -> dict[str, int]:
    """Load the whole scenario in one transaction; return how many of each record."""
    counts: dict[str, int] = {}
    try:
        counts.update(_load_places(session))
        counts.update(_load_operations(session))
        counts.update(_load_reinforcement(session))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return counts


def _load_places(session: Session) -> dict[str, int]:
    region_items = _ordered_regions(data("regions.json"))
    for item in region_items:
        _add(session, regions.RESOURCE, RegionCreate.model_validate(item))
    facility_items = data("facilities.json")
    for item in facility_items:
        _add(session, facilities.RESOURCE, FacilityCreate.model_validate(item))
    beds = data("beds.json")
    day = dt.date.fromisoformat(beds["date"])
    n_beds = 0
    for item in beds["beds"]:
        for snap in _history(item, day):
            _add(session, capacity.RESOURCE, snap)
            n_beds += 1
    for item in data("conversions.json"):
        fields = {k: v for k, v in item.items() if k in ConversionCreate.model_fields}
        _add(session, conversions.RESOURCE, ConversionCreate.model_validate(fields))
    n_cases = 0
    for item in data("cases.json"):
        for stat in _case_history(item):
            _add(session, cases.RESOURCE, stat)
            n_cases += 1
    return {"regions": len(region_items), "facilities": len(facility_items), "bed snapshots": n_beds, "case figures": n_cases}


def _load_operations(session: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    items = data("deployments.json")
    for item in items:
        fields = {k: v for k, v in item.items() if k in DeploymentCreate.model_fields}
        if item.get("source_report"):
            fields["note"] = (fields.get("note") or "") + f"Source: report {item['source_report']}."
        created = _add(session, deployments.RESOURCE, DeploymentCreate.model_validate(fields))
        ids[item["key"]] = created["id"]
    shipments = data("shipments.json")
    for item in shipments:
        fields = {k: v for k, v in item.items() if k in ShipmentCreate.model_fields}
        _add(session, supplies.RESOURCE, ShipmentCreate.model_validate(fields))
    acts = data("activities.json")
    for item in acts:
        fields = {k: v for k, v in item.items() if k in ActivityCreate.model_fields}
        fields["deployment"] = ids.get(item.get("deployment")) if item.get("deployment") else None
        _add(session, activities.RESOURCE, ActivityCreate.model_validate(fields))
    return {"deployments": len(items), "shipments": len(shipments), "activities": len(acts)}


def _region_chain(session: Session) -> dict[str, list[str]]:
    """facility key -> its region and every region above it."""
    from sqlalchemy import select

    from surgeops.db.tables import Facility, Region

    parent = dict(session.execute(select(Region.code, Region.parent)).all())
    chains = {}
    for key, code in session.execute(select(Facility.key, Facility.region)):
        chain = []
        while code:
            chain.append(code)
            code = parent.get(code)
        chains[key] = chain
    return chains


def _load_reinforcement(session: Session) -> dict[str, int]:
    """Staff on hand synthesised from the staffing norms (short in Mangystau and Bắc Giang),
    and the illustrative requests and offers."""
    from surgeops.domain.reinforcement import OfferCreate, RequestCreate, StaffCountCreate
    from surgeops.domain.staffing import default_norms, required_staff
    from surgeops.services import reinforcement

    spec = data("reinforcement.json")
    factors = spec["staff_factor"]
    chains = _region_chain(session)
    beds = data("beds.json")
    day = dt.date.fromisoformat(beds["date"])
    occupied: dict[str, dict[str, float]] = {}
    for item in beds["beds"]:
        occupied.setdefault(item["facility"], {})[item["bed_type"]] = occupied.get(item["facility"], {}).get(item["bed_type"], 0) + item["occupied"]
    n_staff = 0
    for facility, by_type in sorted(occupied.items()):
        factor = next((factors[c] for c in chains.get(facility, []) if c in factors), factors["default"])
        for specialty, (needed, _) in sorted(required_staff(by_type, default_norms()).items()):
            _add(session, reinforcement.STAFF, StaffCountCreate(facility=facility, specialty=specialty,
                                                                count=round(needed * factor), as_of=day))
            n_staff += 1
    for item in spec["requests"]:
        _add(session, reinforcement.REQUESTS, RequestCreate.model_validate(item))
    for item in spec["offers"]:
        _add(session, reinforcement.OFFERS, OfferCreate.model_validate(item))
    return {"staff counts": n_staff, "requests": len(spec["requests"]), "offers": len(spec["offers"])}
