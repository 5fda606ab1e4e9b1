"""POST /api/route on the demo registry, diversions through the API, bad fields by name,
and GET /api/completeness."""

from __future__ import annotations

import datetime as dt

from builders import make_beds, make_facility, mangystau
from surgeops.services.demo import load_demo

NOON = "2020-07-06T12:00:00+05:00"


def test_demo_trauma_patient_is_routed_to_sofie_not_the_converted_hospital(client, session) -> None:  # noqa: ANN001
    load_demo(session)
    response = client.post("/api/route", json={"region": "KZ-47", "service": "trauma", "severity": "severe", "at": NOON})
    assert response.status_code == 200, response.text
    data = response.json()
    best = data["candidates"][0]
    assert best["facility_id"] == "mng-sofie-medgroup" and best["via"] == ["mng-regional-hospital"]
    assert best["distance_km"] < 5 and best["free_beds"] is None
    regional = next(e for e in data["excluded"] if e["facility_id"] == "mng-regional-hospital")
    assert regional["code"] == "service_moved" and regional["forwarded_to"] == "mng-sofie-medgroup"
    assert "moved after its conversion to Sofie Medgroup" in regional["reason"]
    assert data["query"]["bed_type"] is None and data["query"]["location"]["region_code"] == "KZ-47"
    assert all(c["distance_km"] <= 2500 for c in data["candidates"]), "no patient is sent abroad by default"
    assert not any(c["facility_id"].startswith(("tn-", "bg-")) for c in data["candidates"])

    icu = client.post("/api/route", json={"region": "KZ-75", "service": "intensive_care", "bed_type": "icu",
                                          "severity": "critical", "at": NOON, "limit": 2}).json()
    assert icu["candidates"][0]["facility_id"] == "alm-gkb-4" and icu["candidates"][0]["free_beds"] == 1
    assert len(icu["candidates"]) == 2
    # Accepting a transfer holds alm-gkb-4's last free ICU bed: routing no longer offers it.
    transfer = client.post("/api/transfers", json={"patient_ref": "A-7", "to_facility": "alm-gkb-4", "bed_type": "icu"}).json()
    assert client.post(f"/api/transfers/{transfer['id']}/status", json={"status": "accepted"}).status_code == 200
    icu = client.post("/api/route", json={"region": "KZ-75", "service": "intensive_care", "bed_type": "icu",
                                          "severity": "critical", "at": NOON}).json()
    assert "alm-gkb-4" not in [c["facility_id"] for c in icu["candidates"]]
    held = next(e for e in icu["excluded"] if e["facility_id"] == "alm-gkb-4")
    assert held["reason"] == "no free icu beds (reported 0)"


BAD_ROUTES = [
    ({"region": "KZ-47", "service": "juggling"}, "service", "unknown service juggling"),
    ({"region": "KZ-47", "service": "trauma", "bed_type": "hammock"}, "bed_type", "unknown bed type hammock"),
    ({"region": "KZ-99", "service": "trauma"}, "region", "unknown region KZ-99"),
    ({"service": "trauma"}, "region", "give the patient's region, or lat and lon"),
    ({"region": "KZ-47", "service": "trauma", "at": "2020-07-06T12:00:00"}, "at", "timezone"),
]


def test_bad_fields_are_422_naming_the_field(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    for body, field, words in BAD_ROUTES:
        response = client.post("/api/route", json=body)
        assert response.status_code == 422, response.text
        detail = response.json()["detail"][0]
        assert detail["loc"][:2] == ["body", field] and words in detail["msg"], (body, detail)


def test_diversions_are_created_listed_honoured_and_cancelled(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="near", lat=44.0, lon=52.0, services=["trauma"])
    make_facility(session, key="far", lat=43.65, lon=51.16, services=["trauma"])
    until = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)).isoformat()
    made = client.post("/api/diversions", json={"facility": "near", "services": ["trauma"], "until": until, "note": "CT down"})
    assert made.status_code == 201, made.text
    assert made.json()["in_force"] is True
    routed = client.post("/api/route", json={"region": "KZ-47", "service": "trauma"}).json()
    assert [c["facility_id"] for c in routed["candidates"]] == ["far"]
    assert routed["excluded"][0]["code"] == "ed_diverted"
    listed = client.get("/api/diversions", params={"facility": "near"}).json()
    assert listed["total"] == 1 and listed["items"][0]["note"] == "CT down"
    cancelled = client.post(f"/api/diversions/{made.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["in_force"] is False
    assert client.post(f"/api/diversions/{made.json()['id']}/cancel").status_code == 409
    routed = client.post("/api/route", json={"region": "KZ-47", "service": "trauma"}).json()
    assert [c["facility_id"] for c in routed["candidates"]] == ["near", "far"]
    bad = client.post("/api/diversions", json={"facility": "near", "services": ["knitting"], "until": until})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["body", "services"]
    unknown = client.post("/api/diversions", json={"facility": "nowhere", "until": until})
    assert unknown.status_code == 422 and "unknown facility nowhere" in unknown.text


def test_completeness_lists_silent_facilities(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="reported", region="KZ-47-AKT")
    make_facility(session, key="quiet", region="KZ-47-AKT")
    make_beds(session, facility="reported", as_of=dt.date(2020, 7, 6))
    make_beds(session, facility="quiet", as_of=dt.date(2020, 7, 1))
    data = client.get("/api/completeness", params={"date": "2020-07-06", "region": "KZ-47"}).json()
    assert data["regions"][0]["missing"][0]["facility"] == "quiet"
    assert data["regions"][0]["missing"][0]["last_reported"] == "2020-07-01"
    assert client.get("/api/completeness", params={"date": "2020-07-06", "region": "XX"}).status_code == 404
    assert client.get("/api/completeness", params={"date": "someday"}).status_code == 422
