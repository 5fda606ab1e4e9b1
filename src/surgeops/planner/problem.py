"""The reinforcement problem: regions, needs, offers, rules and distances.

A `Scenario` is the whole input of one planning run. It is validated once, when it is
built, so the solver, the greedy baseline and the explanation can trust it: every region
id is known, amounts are non-negative integers, no donor keeps more than it holds, and a
given distance matrix covers every donor -> region pair the plan might use.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from surgeops.domain.codes import Item, Specialty

BEDS = "beds"
STAFF_RESOURCES: frozenset[str] = frozenset(s.value for s in Specialty)
SUPPLY_RESOURCES: frozenset[str] = frozenset(i.value for i in Item) | {BEDS}


class ScenarioError(ValueError):
    """A scenario that cannot be planned, with a message naming what is wrong."""


def is_staff(resource: str) -> bool:
    """True for staff specialties (people), whose moves obey the minimum team size.

    "other" is both a Specialty and an Item code; it counts as staff.
    """
    return resource in STAFF_RESOURCES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Regions, needs or offers in one scenario: a country's regions and districts many times over.
MAX_ENTRIES = 10_000


class Region(_Strict):
    """A place that needs or offers resources; donors (facilities, outside
    organisations) are listed as regions too, with their own coordinates."""

    id: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=300)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Need(_Strict):
    """`amount` units of `resource` missing in `region`; `priority` weighs each unit."""

    region: str = Field(max_length=80)
    resource: str = Field(max_length=80)
    amount: int = Field(ge=0)
    priority: float = Field(default=1.0, gt=0)


class Offer(_Strict):
    """A donor holding `amount` units of `resource`, of which it must keep `keep`."""

    region: str = Field(max_length=80)
    resource: str = Field(max_length=80)
    amount: int = Field(ge=0)
    keep: int = Field(default=0, ge=0)

    @property
    def spare(self) -> int:
        return self.amount - self.keep


class Rules(_Strict):
    """Operational rules every plan obeys."""

    min_team_size: int = Field(default=3, ge=1)
    max_destinations_per_donor: int = Field(default=4, ge=1)


class Scenario(_Strict):
    """One planning problem; see docs/planner.md for the JSON format."""

    regions: list[Region] = Field(min_length=1, max_length=MAX_ENTRIES)
    needs: list[Need] = Field(default_factory=list, max_length=MAX_ENTRIES)
    offers: list[Offer] = Field(default_factory=list, max_length=MAX_ENTRIES)
    rules: Rules = Field(default_factory=Rules)
    distances: Optional[dict[str, dict[str, float]]] = None

    @model_validator(mode="after")
    def _check(self) -> "Scenario":
        ids = _region_ids(self.regions)
        _check_entries("needs", self.needs, ids)
        _check_entries("offers", self.offers, ids)
        for i, offer in enumerate(self.offers):
            if offer.keep > offer.amount:
                raise ValueError(
                    f"offers[{i}]: donor '{offer.region}' must keep {offer.keep} "
                    f"{offer.resource} but holds only {offer.amount}")
        _check_no_self_supply(self.needs, self.offers)
        if self.distances is not None:
            _check_matrix(self.distances, ids, self.needs, self.offers)
        return self

    def region(self, region_id: str) -> Region:
        return self.region_index[region_id]

    @cached_property
    def region_index(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}


def _region_ids(regions: list[Region]) -> set[str]:
    ids: set[str] = set()
    for r in regions:
        if r.id in ids:
            raise ValueError(f"regions: duplicate region id '{r.id}'")
        ids.add(r.id)
    return ids


def _check_entries(kind: str, entries: list[Any], ids: set[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(entries):
        if e.region not in ids:
            raise ValueError(f"{kind}[{i}]: unknown region id '{e.region}'")
        if e.resource not in STAFF_RESOURCES | SUPPLY_RESOURCES:
            raise ValueError(
                f"{kind}[{i}]: unknown resource '{e.resource}' (expected a specialty, "
                f"an item code or '{BEDS}')")
        if (e.region, e.resource) in seen:
            raise ValueError(f"{kind}[{i}]: duplicate entry for region '{e.region}' "
                             f"and resource '{e.resource}'")
        seen.add((e.region, e.resource))


def _check_no_self_supply(needs: list[Need], offers: list[Offer]) -> None:
    offered = {(o.region, o.resource) for o in offers if o.spare > 0}
    for i, n in enumerate(needs):
        if n.amount > 0 and (n.region, n.resource) in offered:
            raise ValueError(
                f"needs[{i}]: region '{n.region}' both needs and offers '{n.resource}'; "
                "net the two before planning")


def _check_matrix(matrix: dict[str, dict[str, float]], ids: set[str],
                  needs: list[Need], offers: list[Offer]) -> None:
    for src, row in matrix.items():
        for dst, km in row.items():
            if src not in ids or dst not in ids:
                raise ValueError(f"distances: unknown region id in pair '{src}' -> '{dst}'")
            if km < 0:
                raise ValueError(f"distances: negative distance {km} for '{src}' -> '{dst}'")
    wanted = {n.resource for n in needs if n.amount > 0}
    donors = {o.region for o in offers if o.spare > 0 and o.resource in wanted}
    for n in needs:
        if n.amount <= 0:
            continue
        for d in sorted(donors):
            if d != n.region and matrix_km(matrix, d, n.region) is None:
                raise ValueError(
                    f"distances: no entry for pair '{d}' -> '{n.region}' (nor the reverse)")


def matrix_km(matrix: dict[str, dict[str, float]], src: str, dst: str) -> Optional[float]:
    """Distance from a given matrix, read in either direction (distances are symmetric)."""
    km = matrix.get(src, {}).get(dst)
    return km if km is not None else matrix.get(dst, {}).get(src)


def parse_scenario(obj: Any) -> Scenario:
    """Validate a decoded JSON object; raise `ScenarioError` naming the first problem."""
    try:
        return Scenario.model_validate(obj)
    except ValidationError as exc:
        raise ScenarioError(describe_validation_error(exc)) from None


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario JSON file."""
    path = Path(path)
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"scenario {path} is not valid JSON: {exc}") from None
    return parse_scenario(obj)


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming the first problem, with its location in the JSON document."""
    err = exc.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    msg = err["msg"].removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"invalid scenario: {loc + ': ' if loc else ''}{msg}{more}"
