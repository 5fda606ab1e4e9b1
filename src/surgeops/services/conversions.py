"""Facility conversions: a change of profile with services re-routed, reversible."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import Conversion, Facility
from surgeops.domain.conversions import ConversionCreate, ConversionUpdate
from surgeops.domain.errors import InvalidField
from surgeops.services.crud import Filter, Resource


def _apply(session: Session, values: dict[str, Any], row: Optional[Conversion]) -> dict[str, Any]:
    """Check the re-routing targets exist and keep the facility's kind in step."""
    reroutes = values.get("reroutes") or []
    targets = [r["to"] for r in reroutes]
    known = set(session.scalars(select(Facility.key).where(Facility.key.in_(targets))))
    for i, target in enumerate(targets):
        if target not in known:
            raise InvalidField(f"reroutes.{i}.to", f"unknown facility {target}: a service can only move to a registered facility")
    key = row.facility if row is not None else values["facility"]
    facility = session.scalars(select(Facility).where(Facility.key == key)).one()
    if row is None:
        values["previous_kind"] = facility.kind
        facility.kind = values["new_kind"]
    elif values.get("reverted_on") is not None:
        if values["reverted_on"] < row.date:
            raise InvalidField("reverted_on", "the conversion cannot end before it starts")
        if values["reverted_on"] <= dt.date.today() and row.previous_kind:
            facility.kind = row.previous_kind
    return values


RESOURCE = Resource(
    name="conversion", table=Conversion, key="id", create=ConversionCreate, update=ConversionUpdate,
    references={"facility": (Facility, "key")},
    filters={"facility": Filter("facility"), "date_from": Filter("date", "ge"), "date_to": Filter("date", "le")},
    order=("date", "id"), prepare=_apply,
)


def in_force(session: Session, day: dt.date) -> list[Conversion]:
    query = select(Conversion).where(Conversion.date <= day)
    return [c for c in session.scalars(query) if c.reverted_on is None or day < c.reverted_on]
