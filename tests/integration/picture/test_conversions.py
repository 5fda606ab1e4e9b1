"""Finding 6 of issue 17, conversions half-applied: a conversion is an action that changes
the facility's kind, the services it admits and its beds, each change audited, and
reverting restores them; routing honours it, and a facility that opens on a later day is
no destination before it (report 004: the regional hospital becomes a 650-bed provisional
hospital, its emergency services move to four clinics, the oncology centre is not open)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from builders import TESTER, make_beds, make_facility, mangystau
from surgeops.db.tables import AuditEntry
from surgeops.domain.conversions import ConversionCreate, ConversionUpdate
from surgeops.services import capacity, conversions, crud, facilities, routing
from surgeops.services.demo import load_demo

NOON = dt.datetime(2020, 7, 6, 7, 0, tzinfo=dt.timezone.utc)
REGIONAL = "mng-regional-hospital"
AT_REGIONAL = {"lat": 43.6575, "lon": 51.179}


def _route(session, service: str, at: dt.datetime = NOON, **extra) -> routing.RouteResult:  # noqa: ANN001
    return routing.route(session, routing.RouteRequest(service=service, at=at, **AT_REGIONAL, **extra))


def _excluded(result: routing.RouteResult, key: str):  # noqa: ANN001, ANN202
    return next(e for e in result.excluded if e.facility_id == key)


def test_after_the_demo_the_regional_hospital_admits_covid_and_no_longer_trauma_or_emergency(session) -> None:  # noqa: ANN001
    load_demo(session)
    hospital = crud.get(session, facilities.RESOURCE, REGIONAL)
    assert hospital["kind"] == "provisional_hospital"
    assert hospital["services"] == ["covid", "infectious_disease", "pulmonology"]
    for service, bed in (("covid", "provisional"), ("infectious_disease", "provisional"), ("covid", None)):
        assert _route(session, service, bed_type=bed).best.facility_id == REGIONAL, service
    trauma = _route(session, "trauma")
    assert trauma.best.facility_id == "mng-sofie-medgroup" and trauma.best.via == (REGIONAL,)
    assert _excluded(trauma, REGIONAL).code.value == "service_moved"
    emergency = _route(session, "emergency")
    assert REGIONAL not in [c.facility_id for c in emergency.candidates]
    assert _excluded(emergency, REGIONAL).reason == "does not offer emergency since its conversion"
    changes = session.scalars(select(AuditEntry).where(AuditEntry.entity == "facility", AuditEntry.entity_id == REGIONAL,
                                                       AuditEntry.action == "update")).all()
    assert [(c.before["kind"], c.after["kind"]) for c in changes] == [("general_hospital", "provisional_hospital")]
    assert "trauma" in changes[0].before["services"] and changes[0].after["services"] == hospital["services"]


def test_a_building_that_opens_later_is_no_destination_before_it(session) -> None:  # noqa: ANN001
    load_demo(session)
    before = _route(session, "oncology")
    assert before.candidates == () or before.best.facility_id != "mng-oncology"
    assert _excluded(before, "mng-oncology").reason == "not open yet: opens on 2020-09-01"
    after = _route(session, "oncology", at=dt.datetime(2020, 9, 1, 0, 0, tzinfo=dt.timezone.utc))
    assert after.best.facility_id == "mng-oncology"


def _world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="city", region="KZ-47-AKT", services=["trauma", "emergency", "therapy"])
    make_facility(session, key="clinic", region="KZ-47-AKT", lat=43.66, services=["trauma"])
    make_beds(session, facility="city", bed_type="general", as_of=dt.date(2020, 7, 1), capacity=200, occupied=150)
    make_beds(session, facility="city", bed_type="icu", as_of=dt.date(2020, 7, 1), capacity=10, occupied=8)


def _beds(session, day: dt.date) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    rows = capacity.latest_figures(session, day)
    return {r.bed_type: (r.capacity, r.occupied) for r in rows if r.facility == "city"}


def _audited(session, entity: str) -> int:  # noqa: ANN001
    return len(session.scalars(select(AuditEntry).where(AuditEntry.entity == entity)).all())


def test_a_conversion_changes_kind_services_and_beds_with_audit_rows_and_reverting_restores(session) -> None:  # noqa: ANN001
    _world(session)
    facility_rows, bed_rows = _audited(session, "facility"), _audited(session, "bed_snapshot")
    conv = crud.create(session, conversions.RESOURCE, ConversionCreate(
        facility="city", date=dt.date(2020, 7, 6), new_kind="provisional_hospital", new_capacity={"provisional": 120},
        reroutes=[{"service": "trauma", "to": "clinic"}]), actor=TESTER)
    city = crud.get(session, facilities.RESOURCE, "city")
    assert city["kind"] == "provisional_hospital" and city["services"] == ["covid", "infectious_disease", "pulmonology", "therapy"]
    assert conv["previous_services"] == ["emergency", "therapy", "trauma"] and conv["services"] == city["services"]
    assert _beds(session, dt.date(2020, 7, 6)) == {"provisional": (120, 0), "general": (0, 0), "icu": (0, 0)}
    assert _audited(session, "facility") == facility_rows + 1 and _audited(session, "bed_snapshot") == bed_rows + 3
    at = dt.datetime(2020, 7, 7, tzinfo=dt.timezone.utc)
    assert routing.route(session, routing.RouteRequest(service="covid", bed_type="provisional", at=at, **AT_REGIONAL)).best.facility_id == "city"

    crud.update(session, conversions.RESOURCE, conv["id"], ConversionUpdate(reverted_on=dt.date(2020, 8, 1)),
                expected_version=conv["version"], actor=TESTER)
    city = crud.get(session, facilities.RESOURCE, "city")
    assert city["kind"] == "general_hospital" and city["services"] == ["emergency", "therapy", "trauma"]
    assert _beds(session, dt.date(2020, 8, 1)) == {"provisional": (0, 0), "general": (200, 0), "icu": (10, 0)}
    assert _audited(session, "facility") == facility_rows + 2 and _audited(session, "bed_snapshot") == bed_rows + 6


def test_over_the_api_a_conversion_converts_and_a_reversal_ahead_of_time_is_refused(client, session) -> None:  # noqa: ANN001
    _world(session)
    created = client.post("/api/conversions", json={"facility": "city", "date": "2020-07-06", "new_kind": "provisional_hospital",
                                                    "new_capacity": {"provisional": 80}, "reroutes": [{"service": "trauma", "to": "clinic"}]})
    assert created.status_code == 201, created.text
    city = client.get("/api/facilities/city").json()
    assert city["kind"] == "provisional_hospital" and "covid" in city["services"] and "emergency" not in city["services"]
    beds = client.get("/api/beds?facility=city&date_from=2020-07-06").json()["items"]
    assert {(b["bed_type"], b["capacity"]) for b in beds} == {("provisional", 80), ("general", 0), ("icu", 0)}
    audit = client.get("/api/audit?entity=facility&entity_id=city").json()["items"]
    assert audit[0]["action"] == "update" and audit[0]["after"]["kind"] == "provisional_hospital"
    ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    refused = client.patch(f"/api/conversions/{created.json()['id']}", json={"reverted_on": ahead}, headers={"If-Match": '"1"'})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "reverted_on"]
    assert client.get("/api/facilities/city").json()["kind"] == "provisional_hospital"
    both = client.post("/api/conversions", json={"facility": "clinic", "date": "2020-07-06", "new_kind": "clinic",
                                                 "services": ["trauma"], "reroutes": [{"service": "trauma", "to": "city"}]})
    assert both.status_code == 422
