"""Where a record lives, for the access rules: its region(s) and facility."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Deployment, Facility, Region
from surgeops.domain.accounts import EVERYTHING, Principal, Role, Scope, may_write, refusal
from surgeops.domain.errors import SurgeopsError
from surgeops.services.audit import Actor


class Forbidden(SurgeopsError, PermissionError):
    """The user is signed in but the record is outside what they answer for."""


def _facility_regions(session: Session, keys: set[str]) -> set[str]:
    """The regions of these facilities, in one query (an unknown key adds none: the
    reference checks name it)."""
    if not keys:
        return set()
    return set(session.scalars(select(Facility.region).where(Facility.key.in_(sorted(keys))))) - {None}


def _keys(*values: Any) -> set[str]:
    return {v for v in values if isinstance(v, str) and v}


def named_facilities(kind: str, values: dict[str, Any]) -> set[str]:
    """Every facility a record with these values names: the one it belongs to and every
    other (a team's source facilities and sub-groups, a service re-routed elsewhere, a
    shipment's receiving hospital). Each one's region is part of where the record lives."""
    if kind == "deployment":
        subgroups = [s.get("facility") for s in values.get("subgroups") or [] if isinstance(s, dict)]
        return _keys(values.get("destination_facility"), *(values.get("source_facilities") or []), *subgroups)
    if kind == "shipment":
        return _keys(values.get("destination_facility"))
    if kind == "transfer":
        return _keys(values.get("to_facility"), values.get("from_facility"))
    if kind == "conversion":
        moved = [r.get("to") for r in values.get("reroutes") or [] if isinstance(r, dict)]
        return _keys(values.get("facility"), *moved)
    if kind in ("activity", "case_stat", "request", "offer", "bed_snapshot", "diversion", "staff_count", "reserve_action"):
        return _keys(values.get("facility"))
    return set()


def _own_regions(kind: str, session: Session, values: dict[str, Any]) -> set[str]:
    """The regions a record states itself (a region's own code or its parent's)."""
    if kind == "region":
        code = values.get("code")
        parent = values.get("parent")
        if parent is None and code:
            parent = session.scalar(select(Region.parent).where(Region.code == code))
        return {code} if code and session.scalar(select(Region.id).where(Region.code == code)) else {parent or code or ""}
    if kind in ("facility", "activity", "case_stat", "request", "offer"):
        return {values.get("region") or ""}
    if kind == "deployment":
        # every region the team stays in, and the region it comes from: sending another
        # region's team, or into another region, is a decision between regions
        stays = [s.get("region") for s in values.get("destinations") or [] if isinstance(s, dict)]
        return {*stays, values.get("destination_region"), values.get("origin_region")} - {None, ""}  # type: ignore[return-value]
    if kind == "shipment":
        # the stock it leaves and the stock it joins
        return {values.get("destination_region"), values.get("origin_region")} - {None, ""}  # type: ignore[return-value]
    return set()


def _regions_of(kind: str, session: Session, values: dict[str, Any]) -> set[str]:
    """The regions a record with these values belongs to: those it states, and those of
    every facility it names (one query for them all)."""
    found = _own_regions(kind, session, values) | _facility_regions(session, named_facilities(kind, values))
    return {r for r in found if r}


def _linked_regions(session: Session, kind: str, values: dict[str, Any]) -> tuple[frozenset[str], ...]:
    """The regions of each other record the values name (an activity's deployment): the
    writer must answer for at least one of each."""
    if kind == "activity" and isinstance(values.get("deployment"), int):
        found = session.execute(select(Deployment.destinations, Deployment.origin_region)
                                .where(Deployment.id == values["deployment"])).first()
        if found is not None:
            stays = {s.get("region") for s in found.destinations or [] if isinstance(s, dict)}
            return (frozenset(r for r in {*stays, found.origin_region} if r),)
    return ()


def _facility_of(kind: str, values: dict[str, Any]) -> Optional[str]:
    """The facility a record with these values belongs to, if any (no query)."""
    if kind == "facility":
        return values.get("key")
    if kind in ("deployment", "shipment"):
        return values.get("destination_facility")
    if kind == "transfer":
        return values.get("to_facility")
    if kind in ("activity", "case_stat", "request", "offer", "bed_snapshot", "conversion", "diversion", "staff_count", "reserve_action"):
        return values.get("facility")
    return None


def scope_of(session: Session, kind: str, values: dict[str, Any], *, regions: bool = True) -> Scope:
    """Where a record lives; with `regions=False` the facility alone (no query), for rules
    that look only at the facility."""
    found = _regions_of(kind, session, values) if regions else set()
    return Scope(kind=kind, regions=frozenset(r for r in found if r), facility=_facility_of(kind, values),
                 sender=values.get("from_facility") if kind == "transfer" else None,
                 linked=_linked_regions(session, kind, values) if regions else ())


def writes_anywhere(actor: Actor) -> bool:
    """A trusted local caller (no principal) or an admin or national coordinator."""
    return actor.principal is None or actor.principal.role in EVERYTHING


def checks_by_values(actor: Actor) -> bool:
    """Whether the actor's write rule needs nothing but the values written, no lookup of
    where the record lives: those who may write anywhere, and facility reporters, whose
    rule reads the facility from the values."""
    return writes_anywhere(actor) or actor.principal.role == Role.facility_reporter  # type: ignore[union-attr]


def check_write(session: Session, actor: Actor, kind: str, *states: dict[str, Any]) -> None:
    """Refuse unless the actor may write the record in every given state (before and after)."""
    if writes_anywhere(actor):
        return  # may write anything: no need to look up where the record lives
    who: Principal = actor.principal  # type: ignore[assignment] - writes_anywhere covers None
    for values in states:
        # only a regional officer's rule reads the record's regions (a query for records
        # kept by facility); every other rule needs at most the facility, in the values
        scope = scope_of(session, kind, values, regions=who.role == Role.regional_officer)
        if not may_write(who, scope):
            raise Forbidden(refusal(who, scope))
