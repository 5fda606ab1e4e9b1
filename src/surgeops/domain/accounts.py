"""Roles and what each may change. Pure: the services resolve a record's region and
facility, this module decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Optional


class Role(StrEnum):
    admin = "admin"
    national_coordinator = "national_coordinator"
    regional_officer = "regional_officer"
    facility_reporter = "facility_reporter"
    reviewer = "reviewer"
    viewer = "viewer"


EVERYTHING = {Role.admin, Role.national_coordinator}
# Record kinds a facility reporter may write for their own facilities.
FACILITY_KINDS = {"bed_snapshot", "transfer", "diversion", "staff_count"}
# The testing chain: laboratory and sampling staff (facility reporters) and regional
# officers record sample events; their places are labs named in free text, not scoped.
LAB_KINDS = {"sample"}
# Country-wide decisions: only admins and national coordinators make them.
NATIONAL_KINDS = {"plan"}
REVIEW_KINDS = {"report", "fact"}


@dataclass(frozen=True)
class Principal:
    """A signed-in user as the access rules see them. `regions` holds every region code
    the user answers for, districts included (the service expands the tree)."""

    username: str
    role: Role
    regions: frozenset[str] = field(default_factory=frozenset)
    facilities: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Scope:
    """Where a record lives: its region(s) and, for facility records, the facility."""

    kind: str
    regions: frozenset[str] = field(default_factory=frozenset)
    facility: Optional[str] = None
    # the other facility a record names: a transfer's sending hospital (`facility` is the
    # receiving one)
    sender: Optional[str] = None
    # the regions of each other record the values name (an activity's deployment): a
    # regional officer must answer for at least one region of each
    linked: tuple[frozenset[str], ...] = ()

    def names_facility_of(self, who: "Principal") -> bool:
        return (self.facility is not None and self.facility in who.facilities) or (self.sender is not None and self.sender in who.facilities)


def may_write(who: Principal, scope: Scope) -> bool:
    if who.role in EVERYTHING:
        return True
    if who.role == Role.viewer or scope.kind in NATIONAL_KINDS:
        return False
    if who.role == Role.reviewer:
        return scope.kind in REVIEW_KINDS
    if scope.kind in LAB_KINDS:
        return who.role in (Role.regional_officer, Role.facility_reporter)
    if who.role == Role.facility_reporter:
        return scope.kind in FACILITY_KINDS and scope.names_facility_of(who)
    if who.role == Role.regional_officer:
        if scope.kind == "fact" or scope.kind == "report":
            return scope.kind == "report"
        return bool(scope.regions) and scope.regions <= who.regions and all(r & who.regions for r in scope.linked)
    return False


def may_read_personal(who: Principal, scope: Scope) -> bool:
    """Transfers and samples name patients: only those who answer for the place see them."""
    if who.role in EVERYTHING:
        return True
    if who.role == Role.facility_reporter:
        return scope.names_facility_of(who)
    if who.role == Role.regional_officer:
        return bool(scope.regions & who.regions)
    return False


def refusal(who: Principal, scope: Scope) -> str:
    where = ", ".join(sorted(scope.regions)) or scope.facility or "this record"
    outside = [", ".join(sorted(r)) for r in scope.linked if not r & who.regions]
    if outside:
        where += f" (naming a record of {'; '.join(outside)})"
    return f"{who.username} ({who.role}) may not change {scope.kind} records of {where}"
