"""The data of a report fact, one model per fact type (design/facts.md).

A fact's data is checked against its model when it is accepted or corrected, with the
bounds of the records it becomes (a bed count is a `Count` as a bed figure's capacity is,
a shipment's quantity a `Quantity`, a team's size a `TeamSize`): a correction that says
-80 occupied beds, 50,000,000 beds or "many" where a number belongs is refused, naming
the field (`data.count`), before anything is stored. Numbers are strict: a text is not
read as a number here (the dashboard form converts what the reviewer typed first)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from pydantic import Field, Strict, ValidationError

from surgeops.domain.base import Code, Count, Name, Record
from surgeops.domain.codes import BedType, Item, Metric, Specialty
from surgeops.domain.deployments import TeamSize
from surgeops.domain.errors import InvalidField
from surgeops.domain.supplies import Quantity

# What a beds fact may be about: a bed type, or figures that are not one (design/facts.md).
FactBedType = Literal[tuple(b.value for b in BedType) + ("reserve", "total", "other")]  # type: ignore[valid-type]
Percent = Annotated[float, Strict(), Field(ge=0, le=100)]


class FactData(Record):
    """What every fact may carry: the date its figure is of."""

    date: Optional[dt.date] = None


class BedsFact(FactData):
    place: Optional[Name] = None
    place_code: Optional[Code] = None
    bed_type: FactBedType
    count: Annotated[Count, Strict()]
    occupancy_pct: Optional[Percent] = None


class CasesFact(FactData):
    place: Optional[Name] = None
    place_code: Optional[Code] = None
    metric: Metric
    value: Annotated[Count, Strict()]


class SupplyFact(FactData):
    origin: Optional[Name] = None
    origin_code: Optional[Code] = None
    destination: Optional[Name] = None
    destination_code: Optional[Code] = None
    item: Item
    quantity: Annotated[Quantity, Strict()]


class DeploymentFact(FactData):
    origin: Optional[Name] = None
    origin_code: Optional[Code] = None
    destination: Optional[Name] = None
    destination_code: Optional[Code] = None
    team_size: Optional[Annotated[TeamSize, Strict()]] = None
    specialties: list[Specialty] = Field(default_factory=list, max_length=len(Specialty))
    lead: Optional[Name] = None


LIST_FIELDS = frozenset({"specialties"})  # the fields that hold a list of codes
MODELS: dict[str, type[FactData]] = {"beds": BedsFact, "cases": CasesFact, "supply": SupplyFact, "deployment": DeploymentFact}


def fields_of(fact_type: str) -> tuple[str, ...]:
    """The fields a fact of `fact_type` may carry."""
    return tuple(MODELS[fact_type].model_fields)


def checked_data(fact_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` checked against its type's model, as JSON values (the fields it had, no more);
    InvalidField naming the first wrong field as `data.<field>`."""
    try:
        model = MODELS[fact_type].model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InvalidField(f"data.{where}" if where else "data", str(err["msg"]).removeprefix("Value error, ")) from None
    return model.model_dump(mode="json", include=set(data))


def composition_of(specialties: list[str], team_size: Optional[int]) -> dict[str, int]:
    """A team's composition from the specialties a report names (how many of each is not
    said): at least one of each, the rest of the team (if its size is known) as `other`,
    as the demo records the teams of reports 000 to 003."""
    named = {s: 1 for s in specialties}
    rest = (team_size or 0) - sum(named.values())
    if team_size is not None and rest < 0:
        raise InvalidField("data.specialties", f"{len(named)} specialties are named for a team of {team_size}")
    if rest > 0:
        named["other"] = named.get("other", 0) + rest
    return named
