"""Reporting completeness: which facilities have not reported beds on a day, and since when.

Routing and the regional totals trust the latest bed figures; a facility that stopped
reporting keeps old figures in both. This lists, per region (the facility's own
region, a district where there are districts), the facilities with no bed snapshot
dated that day, with the date of their last one or "never". Regional pools and
laboratories hold no patient beds and are left out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgeops.db.tables import BedSnapshot, Facility, Region
from surgeops.domain.codes import FacilityKind
from surgeops.domain.errors import NotFound
from surgeops.services.crud import region_subtree

EXCLUDED_KINDS = (FacilityKind.regional_pool.value, FacilityKind.laboratory.value)


def _last_reports(session: Session, day: dt.date) -> dict[str, dt.date]:
    """facility -> date of its latest bed snapshot on or before `day`."""
    query = (select(BedSnapshot.facility, func.max(BedSnapshot.as_of))
             .where(BedSnapshot.as_of <= day).group_by(BedSnapshot.facility))
    return dict(session.execute(query).all())


def _facilities(session: Session, region: Optional[str]) -> list[Facility]:
    query = select(Facility).where(Facility.kind.not_in(EXCLUDED_KINDS)).order_by(Facility.region, Facility.key)
    if region is not None:
        if session.scalar(select(Region.id).where(Region.code == region)) is None:
            raise NotFound("region", region)
        query = query.where(Facility.region.in_(region_subtree(session, region)))
    return list(session.scalars(query))


def missing_reports(session: Session, day: dt.date, *, region: Optional[str] = None) -> dict[str, Any]:
    """Per region: facilities expected to report, how many did on `day`, and who did not."""
    last = _last_reports(session, day)
    names = dict(session.execute(select(Region.code, Region.names)).all())
    regions: dict[str, dict[str, Any]] = {}
    for f in _facilities(session, region):
        entry = regions.setdefault(f.region, {
            "region": f.region, "names": names.get(f.region, {}), "expected": 0, "reported": 0, "missing": [],
        })
        entry["expected"] += 1
        seen = last.get(f.key)
        if seen == day:
            entry["reported"] += 1
            continue
        entry["missing"].append({
            "facility": f.key, "names": f.names, "kind": f.kind,
            "last_reported": seen.isoformat() if seen else "never",
            "days_silent": (day - seen).days if seen else None,
        })
    items = list(regions.values())
    return {
        "date": day.isoformat(), "region": region, "regions": items,
        "expected": sum(r["expected"] for r in items), "reported": sum(r["reported"] for r in items),
    }
