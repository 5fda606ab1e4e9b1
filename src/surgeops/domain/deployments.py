"""Deployments: medical teams sent from an origin to destinations over time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Mapping, Optional

from pydantic import Field, field_validator, model_validator

from surgeops.domain.base import Code, Items, Name, Note, Patch, Record, Text
from surgeops.domain.codes import BasisKind, DeploymentStatus, Specialty
from surgeops.domain.errors import InvalidField

TeamSize = Annotated[int, Field(ge=1, le=100_000)]


class Origin(Record):
    kind: Literal["organisation", "region", "country", "facility"]
    name: Name
    region: Optional[Code] = None


class Basis(Record):
    kind: BasisKind
    number: Optional[Text] = None
    date: Optional[dt.date] = None
    title: Optional[Text] = None


class Counterpart(Record):
    side: Literal["origin", "destination"]
    name: Name
    role: Optional[Text] = None


class Stay(Record):
    region: Code
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None

    @model_validator(mode="after")
    def _ordered(self) -> "Stay":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end: {self.end} is before start {self.start}")
        return self


class Extension(Record):
    date: dt.date
    until: Optional[dt.date] = None
    note: Optional[Note] = None


class Subgroup(Record):
    name: Name
    task: Text
    facility: Optional[Code] = None
    size: Optional[int] = Field(default=None, ge=1)


def _check_composition(value: Optional[dict[str, int]]) -> Optional[dict[str, int]]:
    if value is None:
        return None
    known = {s.value for s in Specialty}
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValueError(f"unknown specialty {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if any(n < 0 or n > 100_000 for n in value.values()):
        raise ValueError("counts per specialty must lie between 0 and 100000")
    return value


class DeploymentFields(Record):
    lead: Optional[Name] = None
    origin: Origin
    source_facilities: list[Code] = Items(default_factory=list)
    composition: dict[str, int] = Items(default_factory=dict)
    team_size: Optional[TeamSize] = None
    basis: Optional[Basis] = None
    counterparts: list[Counterpart] = Items(default_factory=list)
    destinations: list[Stay] = Items(min_length=1)
    status: DeploymentStatus = DeploymentStatus.planned
    extensions: list[Extension] = Items(default_factory=list)
    subgroups: list[Subgroup] = Items(default_factory=list)
    note: Optional[Note] = None

    _composition = field_validator("composition")(_check_composition)

    @model_validator(mode="after")
    def _sizes(self) -> "DeploymentFields":
        return check_team(self)


def check_team(d: "DeploymentFields | DeploymentUpdate") -> "DeploymentFields | DeploymentUpdate":
    """The rules of a team taken whole: its composition and sub-groups fit inside its size,
    its stays follow one another without overlapping."""
    composed = sum((d.composition or {}).values())
    if d.team_size is not None and composed > d.team_size:
        raise ValueError(f"composition: {composed} people by specialty exceed team_size {d.team_size}")
    size = size_of(d.team_size, d.composition or {})
    grouped = sum(g.size or 0 for g in d.subgroups or [])
    if size and grouped > size:
        raise ValueError(f"subgroups: {grouped} people in sub-groups exceed the team's {size}")
    check_stays(d.destinations or [])
    return d


def check_stays(stays: "list[Stay]") -> None:
    """Dated stays are listed in date order and do not overlap: a team is in one region at a
    time (it may leave one on the day it arrives in the next). Blames the later stay's start."""
    dated = [(i, s) for i, s in enumerate(stays) if s.start]
    for (_, before), (i, after) in zip(dated, dated[1:]):
        if after.start < before.start:  # type: ignore[operator] - dated
            raise ValueError(f"destinations.{i}.start: list the stays in date order")
        if before.end is not None and after.start < before.end:  # type: ignore[operator]
            raise ValueError(f"destinations.{i}.start: the stay in {after.region} from {after.start} overlaps "
                             f"the stay in {before.region} until {before.end}")


def check_subgroup_sites(subgroups: "list[Subgroup]", stays: "list[Stay]",
                         site_regions: Mapping[str, frozenset[str]]) -> None:
    """Each sub-group works where its team stays: a sub-group's facility lies in (or below)
    one of the team's stay regions. `site_regions`: each named facility's region and every
    region above it (a facility left out is unknown, for the reference checks to name)."""
    wanted = {s.region for s in stays}
    for i, sub in enumerate(subgroups):
        where = site_regions.get(sub.facility or "")
        if where is not None and not where & wanted:
            raise InvalidField(f"subgroups.{i}.facility", f"facility {sub.facility} lies outside the team's stays "
                                                            f"({', '.join(sorted(wanted))})")


class DeploymentCreate(DeploymentFields):
    key: Optional[Code] = None


class DeploymentUpdate(Patch):
    lead: Optional[Name] = None
    source_facilities: Optional[list[Code]] = Items(default=None)
    composition: Optional[dict[str, int]] = Items(default=None)
    team_size: Optional[TeamSize] = None
    basis: Optional[Basis] = None
    counterparts: Optional[list[Counterpart]] = Items(default=None)
    destinations: Optional[list[Stay]] = Items(default=None, min_length=1)
    status: Optional[DeploymentStatus] = None
    extensions: Optional[list[Extension]] = Items(default=None)
    subgroups: Optional[list[Subgroup]] = Items(default=None)
    note: Optional[Note] = None

    _composition = field_validator("composition")(_check_composition)


def size_of(team_size: Optional[int], composition: dict[str, int]) -> int:
    """The team's size: as stated, else the sum of its composition."""
    return team_size if team_size is not None else sum(composition.values())
