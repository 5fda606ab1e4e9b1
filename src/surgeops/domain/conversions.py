"""Facility conversion: a change of profile on a date, with services re-routed by specialty."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import field_validator, model_validator

from surgeops.domain.base import Code, Items, Note, Patch, Record, Term
from surgeops.domain.capacity import Beds
from surgeops.domain.codes import SERVICES, BedType, FacilityKind
from surgeops.domain.facilities import check_services


class Reroute(Record):
    service: Term
    to: Code

    @field_validator("service")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in SERVICES:
            raise ValueError(f"unknown service {value!r}; known: {', '.join(SERVICES)}")
        return value


class ConversionCreate(Record):
    facility: Code
    date: dt.date
    new_kind: FacilityKind
    new_capacity: dict[BedType, Beds] = Items(  # each type's beds within the bounds of a bed figure
        default_factory=dict, description="The facility's beds by type after the conversion (types left out close); "
                                          "empty: its beds do not change.")
    reroutes: list[Reroute] = Items(default_factory=list)
    services: Optional[list[Term]] = Items(
        default=None, description="The services the facility admits after the conversion; default: those of the new "
                                  "kind's profile (a provisional hospital: covid, infectious_disease, pulmonology, "
                                  "therapy), else the ones it had; re-routed services are never admitted.")
    note: Optional[Note] = None
    reverted_on: Optional[dt.date] = None

    _services = field_validator("services")(check_services)

    @model_validator(mode="after")
    def _consistent(self) -> "ConversionCreate":
        if self.reverted_on and self.reverted_on < self.date:
            raise ValueError("reverted_on: the conversion cannot end before it starts")
        services = [r.service for r in self.reroutes]
        if len(services) != len(set(services)):
            raise ValueError("reroutes: each service may move to one facility only")
        if any(r.to == self.facility for r in self.reroutes):
            raise ValueError("reroutes: a service cannot move to the converted facility itself")
        moved = sorted(set(services) & set(self.services or ()))
        if moved:
            raise ValueError(f"services: {', '.join(moved)} moved to another facility; the converted one cannot admit it too")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.date <= day and (self.reverted_on is None or day < self.reverted_on)


class ConversionUpdate(Patch):
    note: Optional[Note] = None
    reverted_on: Optional[dt.date] = None
    reroutes: Optional[list[Reroute]] = Items(default=None)


# What a facility of a kind admits when a conversion makes it one (the kinds with a
# profile of their own; other kinds keep the services they had).
PROFILE_SERVICES: dict[FacilityKind, frozenset[str]] = {
    FacilityKind.provisional_hospital: frozenset({"covid", "infectious_disease", "pulmonology", "therapy"}),
    FacilityKind.infectious_hospital: frozenset({"covid", "infectious_disease", "pulmonology", "intensive_care"}),
    FacilityKind.quarantine_centre: frozenset({"covid"}),
    FacilityKind.laboratory: frozenset(),
    FacilityKind.regional_pool: frozenset(),
}


def services_after(previous: list[str], new_kind: str, reroutes: list[dict], services: Optional[list[str]] = None) -> list[str]:
    """The services a converted facility admits: those given, else its new kind's profile,
    else the ones it had; never one that a re-routing moved away."""
    if services is not None:
        base = set(services)
    else:
        base = set(PROFILE_SERVICES.get(FacilityKind(new_kind), previous))
    return sorted(base - {r["service"] for r in reroutes})


Figures = dict[str, tuple[int, int]]  # bed type -> (capacity, occupied)


def beds_after(current: Figures, capacity: dict[str, int]) -> Figures:
    """The bed figures a conversion (or its reversal) leaves: each type of `capacity` at
    that capacity, occupancy carried within it; every other type the facility has closes
    (0 beds). Empty `capacity`: no change (an empty answer)."""
    if not capacity:
        return {}
    after = {t: (cap, min(current.get(t, (0, 0))[1], cap)) for t, cap in capacity.items()}
    after.update({t: (0, 0) for t, (cap, _) in current.items() if t not in capacity and cap})
    return after
