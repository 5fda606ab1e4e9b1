"""Facility conversion: a change of profile on a date, with services re-routed by specialty."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field, field_validator, model_validator

from surgeops.domain.base import Code, Count, Patch, Record
from surgeops.domain.codes import SERVICES, BedType, FacilityKind


class Reroute(Record):
    service: str
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
    new_capacity: dict[BedType, Count] = Field(default_factory=dict)
    reroutes: list[Reroute] = Field(default_factory=list)
    note: Optional[str] = None
    reverted_on: Optional[dt.date] = None

    @model_validator(mode="after")
    def _consistent(self) -> "ConversionCreate":
        if self.reverted_on and self.reverted_on < self.date:
            raise ValueError("reverted_on: the conversion cannot end before it starts")
        services = [r.service for r in self.reroutes]
        if len(services) != len(set(services)):
            raise ValueError("reroutes: each service may move to one facility only")
        if any(r.to == self.facility for r in self.reroutes):
            raise ValueError("reroutes: a service cannot move to the converted facility itself")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.date <= day and (self.reverted_on is None or day < self.reverted_on)


class ConversionUpdate(Patch):
    note: Optional[str] = None
    reverted_on: Optional[dt.date] = None
    reroutes: Optional[list[Reroute]] = None
