"""Facilities: hospitals, provisional and quarantine stationaries, clinics, laboratories."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field, field_validator

from surgeops.domain.base import Code, Items, Latitude, Longitude, Patch, Record, Term
from surgeops.domain.codes import SERVICES, FacilityKind, Owner
from surgeops.domain.regions import Names


def check_services(values: Optional[list[str]]) -> Optional[list[str]]:
    """Known service codes, each once, sorted (None stays None): the one rule for every list of services."""
    if values is None:
        return None
    unknown = sorted(set(values) - set(SERVICES))
    if unknown:
        raise ValueError(f"unknown service(s) {', '.join(unknown)}; known: {', '.join(SERVICES)}")
    return sorted(set(values))


class FacilityCreate(Record):
    key: Code
    names: Names
    kind: FacilityKind
    region: Code
    lat: Optional[Latitude] = None
    lon: Optional[Longitude] = None
    owner: Owner = Owner.public
    services: list[Term] = Items(default_factory=list)
    opens_on: Optional[dt.date] = Field(default=None, description="The day it opens (a building not open yet); "
                                                                  "routing sends nobody there before it.")

    _services = field_validator("services")(check_services)


class FacilityUpdate(Patch):
    names: Optional[Names] = None
    kind: Optional[FacilityKind] = None
    region: Optional[Code] = None
    lat: Optional[Latitude] = None
    lon: Optional[Longitude] = None
    owner: Optional[Owner] = None
    services: Optional[list[Term]] = Items(default=None)
    opens_on: Optional[dt.date] = None

    _services = field_validator("services")(check_services)
