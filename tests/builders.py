"""Test data built by code: `make_region(session, **overrides)` and friends."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import event
from sqlalchemy.orm import Session

from surgeops.db.engine import AUTOCOMMIT_ENGINE
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.facilities import FacilityCreate
from surgeops.domain.regions import RegionCreate
from surgeops.services import accounts, capacity, crud, facilities, regions
from surgeops.services.audit import Actor

TESTER = Actor("tester")


@contextmanager
def statements_sent(session: Session) -> Iterator[list[str]]:
    """The first word of every statement sent to `session`'s database meanwhile, through the
    session's engine or the Database's engine in autocommit (a pool of its own on PostgreSQL)."""
    engines = [session.get_bind()]
    if session.info[AUTOCOMMIT_ENGINE].dialect.name != "sqlite":  # on SQLite a view of the same engine
        engines.append(session.info[AUTOCOMMIT_ENGINE])
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_rest) -> None:  # noqa: ANN001 - SQLAlchemy event arguments
        seen.append(statement.split()[0].upper())

    for engine in engines:
        event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", listener)


def make_region(session: Session, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"code": "KZ", "level": "country", "names": {"en": "Kazakhstan", "ru": "Казахстан"}}
    values.update(overrides)
    if values["level"] != "country":
        values.setdefault("parent", "KZ")
    return crud.create(session, regions.RESOURCE, RegionCreate.model_validate(values), actor=TESTER)


def make_facility(session: Session, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"key": "hosp-1", "names": {"en": "Hospital 1"}, "kind": "general_hospital", "region": "KZ-47",
                              "lat": 43.65, "lon": 51.16, "services": ["therapy"]}
    values.update(overrides)
    return crud.create(session, facilities.RESOURCE, FacilityCreate.model_validate(values), actor=TESTER)


def make_beds(session: Session, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"facility": "hosp-1", "bed_type": "infectious", "as_of": dt.date(2020, 7, 6),
                              "capacity": 100, "occupied": 50, "reserve": 0}
    values.update(overrides)
    return crud.create(session, capacity.RESOURCE, BedSnapshotCreate.model_validate(values), actor=TESTER)


def mangystau(session: Session) -> None:
    """Kazakhstan, Mangystau and one district, with no facilities."""
    make_region(session)
    make_region(session, code="KZ-47", level="region", names={"en": "Mangystau", "kk": "Маңғыстау облысы"}, lat=44.0, lon=52.0)
    make_region(session, code="KZ-47-AKT", level="district", parent="KZ-47", names={"en": "Aktau"}, lat=43.65, lon=51.16)


def two_countries(session: Session) -> Session:
    """Mangystau (with the facility aktau and its beds) and Vietnam's Bac Giang (with the
    facility bg-field and its beds): two regions for scoped accounts to be kept apart."""
    mangystau(session)
    make_region(session, code="VN", level="country", names={"en": "Vietnam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"en": "Bac Giang"})
    make_facility(session, key="aktau", region="KZ-47-AKT")
    make_facility(session, key="bg-field", region="VN-54")
    make_beds(session, facility="aktau")
    make_beds(session, facility="bg-field")
    return session


def bearer(session: Session, username: str, role: str = "national_coordinator", **scope: Any) -> dict[str, str]:
    """A new user of `role` (with `regions=` or `facilities=`) and the header carrying a
    fresh API token of theirs."""
    accounts.create_user(session, username=username, password="correct horse battery", role=role, actor=TESTER, **scope)
    return {"Authorization": f"Bearer {accounts.create_token(session, username, name='t', days=1, actor=TESTER).token}"}


def demo_registry(session: Session) -> None:
    """The demo's regions and facilities alone: no beds, cases, teams or conversions, so
    that what a story test reads afterwards came from the report it submitted."""
    from surgeops.services import demo

    for item in demo._ordered_regions(demo.data("regions.json")):
        crud.create(session, regions.RESOURCE, RegionCreate.model_validate(item), actor=TESTER, commit=False)
    for item in demo.data("facilities.json"):
        crud.create(session, facilities.RESOURCE, FacilityCreate.model_validate(item), actor=TESTER, commit=False)
    session.commit()


def country_to_plan(session: Session) -> None:
    """Mangystau short of ICU nurses and ventilators, Atyrau with some to spare: a world a plan can move things in."""
    from surgeops.domain.reinforcement import OfferCreate, RequestCreate, StaffCountCreate
    from surgeops.services import reinforcement

    make_region(session)
    make_region(session, code="KZ-47", level="region", names={"en": "Mangystau"}, lat=43.65, lon=51.16, population=700_000)
    make_region(session, code="KZ-23", level="region", names={"en": "Atyrau"}, lat=47.1, lon=51.9, population=650_000)
    make_facility(session, key="aktau", region="KZ-47")
    make_facility(session, key="atyrau", region="KZ-23", lat=47.1, lon=51.9)
    make_beds(session, facility="aktau", bed_type="icu", capacity=20, occupied=20)
    make_beds(session, facility="atyrau", bed_type="icu", capacity=20, occupied=2)
    for facility, nurses in (("aktau", 2), ("atyrau", 30)):
        crud.create(session, reinforcement.STAFF, StaffCountCreate(facility=facility, specialty="nurse", count=nurses, as_of="2020-07-06"), actor=TESTER)
    crud.create(session, reinforcement.REQUESTS, RequestCreate(region="KZ-47", resource="ventilator", amount=5, priority=4), actor=TESTER)
    crud.create(session, reinforcement.OFFERS, OfferCreate(region="KZ-23", resource="ventilator", amount=8, keep=5), actor=TESTER)
