"""Routing over the stored registry: diversions, bed figures as of a day, bad requests.
The demo's Mangystau conversion and beds held by transfers: tests/api/test_api_routing.py."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import make_beds, make_facility, mangystau
from surgeops.domain.errors import Conflict, InvalidField
from surgeops.services import diversions, routing
from surgeops.services.audit import Actor
from surgeops.services.diversions import DiversionCreate

AKTAU = dt.timezone(dt.timedelta(hours=5))
DEMO_NOON = dt.datetime(2020, 7, 6, 12, 0, tzinfo=AKTAU)
DESK = Actor("desk")


def _clinic_world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="near", lat=43.98, lon=51.97, services=["trauma", "cardiology"])
    make_facility(session, key="far", lat=43.65, lon=51.16, services=["trauma"])


def _ids(session, at: dt.datetime, service: str = "trauma") -> list[str]:  # noqa: ANN001
    result = routing.route(session, routing.RouteRequest(service=service, region="KZ-47", at=at))
    return [c.facility_id for c in result.candidates]


def test_a_diversion_turns_the_service_away_until_its_end_and_cancelling_ends_it(session) -> None:  # noqa: ANN001
    _clinic_world(session)
    now = diversions.now()
    until = now + dt.timedelta(hours=3)
    made = diversions.create(session, DiversionCreate(facility="near", services=["trauma"], until=until), actor=DESK)
    assert made["in_force"] is True
    assert _ids(session, now) == ["far"]
    assert _ids(session, now, "cardiology") == ["near"]
    assert _ids(session, until) == ["near", "far"]
    excluded = routing.route(session, routing.RouteRequest(service="trauma", region="KZ-47", at=now)).excluded
    assert excluded[0].code == "ed_diverted" and excluded[0].until == until
    cancelled = diversions.cancel(session, made["id"], actor=DESK)
    assert cancelled["in_force"] is False
    assert _ids(session, diversions.now()) == ["near", "far"]
    with pytest.raises(Conflict, match="already ended"):
        diversions.cancel(session, made["id"], actor=DESK)


def test_a_diversion_of_every_service_and_active_listing(session) -> None:  # noqa: ANN001
    _clinic_world(session)
    now = diversions.now()
    diversions.create(session, DiversionCreate(facility="far", until=now + dt.timedelta(hours=1)), actor=DESK)
    assert _ids(session, now) == ["near"]
    items, total = diversions.listing(session, active_at=now + dt.timedelta(hours=2))
    assert (items, total) == ([], 0)
    items, total = diversions.listing(session, facility="far", active_at=now)
    assert total == 1 and items[0]["services"] == []


BAD_REQUESTS = [
    ("service", routing.RouteRequest(service="magic", region="KZ-47")),
    ("bed_type", routing.RouteRequest(service="trauma", region="KZ-47", bed_type="sofa")),
    ("region", routing.RouteRequest(service="trauma", region="KZ-99")),
    ("severity", routing.RouteRequest(service="trauma", region="KZ-47", severity="grave")),
    ("lon", routing.RouteRequest(service="trauma", lat=43.0)),
    ("limit", routing.RouteRequest(service="trauma", region="KZ-47", limit=0)),
]


def test_bad_requests_name_the_field(session) -> None:  # noqa: ANN001
    mangystau(session)
    for field, request_ in BAD_REQUESTS:
        with pytest.raises(InvalidField) as caught:
            routing.route(session, request_)
        assert caught.value.field == field


def test_free_beds_come_from_the_latest_snapshot_on_or_before_the_day(session) -> None:  # noqa: ANN001
    _clinic_world(session)
    make_beds(session, facility="near", bed_type="icu", as_of=dt.date(2020, 7, 1), capacity=5, occupied=5)
    make_beds(session, facility="near", bed_type="icu", as_of=dt.date(2020, 7, 8), capacity=5, occupied=2)
    snaps = {s.id: s for s in routing.facility_snapshots(session, DEMO_NOON)}
    assert snaps["near"].free_beds == {"icu": 0} and snaps["near"].beds_as_of == dt.date(2020, 7, 1)
    later = {s.id: s for s in routing.facility_snapshots(session, DEMO_NOON + dt.timedelta(days=3))}
    assert later["near"].free_beds == {"icu": 3} and later["far"].free_beds == {}
