"""Emergency-department diversions: a facility turns away some services until a time.

A diversion is in force while the moment asked about is strictly before its `until`.
Cancelling one ends it now (the `until` becomes the moment of cancelling); the audit
trail keeps the end first announced. Routing reads `in_force` to skip diverted
departments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from pydantic import AwareDatetime, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from surgeops.db.engine import begin_write
from surgeops.db.tables import Diversion, Facility
from surgeops.domain.base import Input, Items, Term
from surgeops.domain.codes import SERVICES
from surgeops.domain.errors import Conflict, InvalidField
from surgeops.routing import Diversion as RoutingDiversion
from surgeops.services import audit, crud
from surgeops.services.access import check_write
from surgeops.services.audit import Actor
from surgeops.services.crud import Filter, Resource


def utc(value: dt.datetime) -> dt.datetime:
    """The same moment in UTC; a naive value (SQLite drops offsets) is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def in_utc(value: dt.datetime) -> dt.datetime:
    """`utc` for validators: a time that leaves the calendar once in UTC is a ValueError."""
    try:
        return utc(value)
    except OverflowError:
        raise ValueError("out of range once converted to UTC") from None


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DiversionCreate(Input):
    """A facility's emergency department diverted for `services` (none listed: all)."""

    model_config = ConfigDict(extra="forbid")
    facility: str = Field(min_length=1, max_length=40)
    services: list[Term] = Items(default_factory=list, description="Services turned away; empty means every service.")
    until: AwareDatetime = Field(description="When the department takes patients again (with a UTC offset).")
    note: Optional[str] = Field(default=None, max_length=2000)

    @field_validator("services")
    @classmethod
    def _known_services(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in SERVICES]
        if unknown:
            raise ValueError(f"unknown service {', '.join(unknown)}; known: {', '.join(SERVICES)}")
        return sorted(set(value))

    @field_validator("until")
    @classmethod
    def _in_utc(cls, value: dt.datetime) -> dt.datetime:
        return in_utc(value)


class DiversionUpdate(Input):
    """Diversions are not edited: cancel one and record a new one."""

    model_config = ConfigDict(extra="forbid")


def _prepare(_: Session, values: dict[str, Any], __: Optional[Diversion]) -> dict[str, Any]:
    values["until"] = utc(values["until"])
    return values


RESOURCE = Resource(
    name="diversion", table=Diversion, key="id", create=DiversionCreate, update=DiversionUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility")}, order=("until", "id"), prepare=_prepare,
)


def public(row: Diversion, *, at: Optional[dt.datetime] = None) -> dict[str, Any]:
    """The stored diversion with `until` in UTC and whether it is in force at `at` (now)."""
    item = crud.public(RESOURCE, row)
    item["until"] = utc(row.until)
    item["in_force"] = (at or now()) < item["until"]
    return item


def create(session: Session, payload: DiversionCreate, *, actor: Actor) -> dict[str, Any]:
    item = crud.create(session, RESOURCE, payload, actor=actor)
    return public(crud.find(session, RESOURCE, item["id"]))


def listing(session: Session, *, facility: Optional[str] = None, active_at: Optional[dt.datetime] = None,
            limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Diversions by end time; with `active_at`, only those in force then."""
    query = select(Diversion).order_by(Diversion.until, Diversion.id)
    if facility:
        query = query.where(Diversion.facility == facility)
    rows = list(session.scalars(query))
    if active_at is not None:
        try:
            active_at = in_utc(active_at)
        except ValueError as exc:
            raise InvalidField("active_at", str(exc)) from None
        rows = [r for r in rows if active_at < utc(r.until)]
    return [public(r, at=active_at) for r in rows[offset:offset + limit]], len(rows)


def cancel(session: Session, diversion_id: int, *, actor: Actor) -> dict[str, Any]:
    """End a diversion now; refused (Conflict) when it has already ended."""
    begin_write(session)
    row = crud.find(session, RESOURCE, diversion_id)
    before = crud.snapshot(RESOURCE, row)
    check_write(session, actor, "diversion", crud.public(RESOURCE, row))
    moment = now()
    if utc(row.until) <= moment:
        raise Conflict(f"diversion {diversion_id} already ended at {utc(row.until).isoformat()}")
    row.until = moment
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        raise Conflict(f"diversion {diversion_id} changed while it was being cancelled: reload it") from None
    audit.record(session, actor=actor, action="cancel", entity="diversion", entity_id=diversion_id,
                 before=before, after=crud.snapshot(RESOURCE, row))
    session.commit()
    return public(row, at=moment)


def in_force(session: Session, at: dt.datetime) -> dict[str, list[RoutingDiversion]]:
    """facility key -> its diversions still in force at `at`, as the router takes them."""
    out: dict[str, list[RoutingDiversion]] = {}
    for row in session.scalars(select(Diversion)):
        until = utc(row.until)
        if utc(at) < until:
            out.setdefault(row.facility, []).append(RoutingDiversion(until, frozenset(row.services or ())))
    return out
