"""The REST API on both databases: validation, optimistic locking, filters, audit."""

from __future__ import annotations

from builders import make_beds, make_facility, mangystau
from surgeops.web.api.regions import RegionCapacity


def _field(response) -> list:  # noqa: ANN001
    return [tuple(e["loc"]) for e in response.json()["detail"]]


def test_create_read_and_list_regions(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    page = client.get("/api/regions", params={"level": "region"}).json()
    assert page["total"] == 1 and page["items"][0]["code"] == "KZ-47"
    one = client.get("/api/regions/KZ-47")
    assert one.status_code == 200 and one.headers["ETag"] == '"1"'
    assert one.json()["names"]["kk"] == "Маңғыстау облысы"


def test_stale_update_gets_409_and_changes_nothing(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    first = client.patch("/api/regions/KZ-47", json={"population": 698_800}, headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    stale = client.patch("/api/regions/KZ-47", json={"population": 1}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    assert client.get("/api/regions/KZ-47").json()["population"] == 698_800


def test_update_without_if_match_is_refused(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    response = client.patch("/api/regions/KZ-47", json={"population": 5})
    assert response.status_code == 428
    assert client.get("/api/regions/KZ-47").json()["population"] is None


def test_occupied_above_capacity_names_the_field(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session)
    response = client.post("/api/beds", json={"facility": "hosp-1", "bed_type": "icu", "as_of": "2020-07-06", "capacity": 10, "occupied": 11})
    assert response.status_code == 422
    assert "occupied" in response.text and "exceed" in response.text


def test_negative_count_names_the_field(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session)
    response = client.post("/api/beds", json={"facility": "hosp-1", "bed_type": "icu", "as_of": "2020-07-06", "capacity": -1})
    assert response.status_code == 422
    assert ("body", "capacity") in _field(response)


def test_unknown_codes_are_named(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    unknown_region = client.post("/api/facilities", json={"key": "x", "names": {"en": "X"}, "kind": "clinic", "region": "KZ-99"})
    assert unknown_region.status_code == 422 and ("body", "region") in _field(unknown_region)
    assert "KZ-99" in unknown_region.text
    unknown_kind = client.post("/api/facilities", json={"key": "x", "names": {"en": "X"}, "kind": "spa", "region": "KZ-47"})
    assert unknown_kind.status_code == 422 and ("body", "kind") in _field(unknown_kind)
    assert client.get("/api/facilities").json()["total"] == 0


def test_end_before_start_is_refused(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    body = {"origin": {"kind": "country", "name": "Russia"},
            "destinations": [{"region": "KZ-47", "start": "2020-07-10", "end": "2020-07-01"}]}
    response = client.post("/api/deployments", json=body)
    assert response.status_code == 422
    assert "before start" in response.text
    assert ("body", "destinations", 0, "end") in _field(response) or "end" in response.text


def test_conversion_rerouting_to_missing_facility_is_refused(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="mng-regional")
    body = {"facility": "mng-regional", "date": "2020-07-01", "new_kind": "provisional_hospital",
            "reroutes": [{"service": "trauma", "to": "no-such-clinic"}]}
    response = client.post("/api/conversions", json=body)
    assert response.status_code == 422
    assert ("body", "reroutes", 0, "to") in _field(response)
    assert client.get("/api/facilities/mng-regional").json()["kind"] == "general_hospital"


def test_conversion_changes_profile_and_can_be_reverted(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="mng-regional")
    make_facility(session, key="sofie", kind="clinic", services=["trauma"])
    body = {"facility": "mng-regional", "date": "2020-07-01", "new_kind": "provisional_hospital",
            "new_capacity": {"provisional": 650}, "reroutes": [{"service": "trauma", "to": "sofie"}]}
    created = client.post("/api/conversions", json=body)
    assert created.status_code == 201, created.text
    assert client.get("/api/facilities/mng-regional").json()["kind"] == "provisional_hospital"
    reverted = client.patch(f"/api/conversions/{created.json()['id']}", json={"reverted_on": "2020-09-01"}, headers={"If-Match": '"1"'})
    assert reverted.status_code == 200
    assert client.get("/api/facilities/mng-regional").json()["kind"] == "general_hospital"


def test_region_capacity_sums_facilities_below_it(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="a", region="KZ-47-AKT")
    make_facility(session, key="b")
    make_beds(session, facility="a", capacity=100, occupied=80, as_of="2020-07-01")
    make_beds(session, facility="a", capacity=100, occupied=90, as_of="2020-07-06")
    make_beds(session, facility="b", bed_type="provisional", capacity=300, occupied=210, reserve=50, as_of="2020-07-06")
    body = client.get("/api/regions/KZ-47/capacity").json()
    assert body["total"] == {"capacity": 400, "occupied": 300, "free": 100, "held": 0, "arrived": 0, "reserve": 50,
                             "occupancy_pct": 75.0}
    assert body["by_type"]["infectious"]["occupied"] == 90
    assert [h["date"] for h in body["history"]] == ["2020-07-01", "2020-07-06"]
    assert body["history"][0]["total"]["capacity"] == 100
    assert client.get("/api/regions/KZ-00/capacity").status_code == 404
    RegionCapacity.model_validate(body)  # the answer is what the OpenAPI schema documents, no field more or less
    empty = client.get("/api/regions/KZ-47-AKT/capacity", params={"history": "false"}).json()
    assert RegionCapacity.model_validate(empty).history == []


def test_filters_and_pagination(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    for i in range(5):
        make_facility(session, key=f"f{i}", kind="clinic" if i % 2 else "general_hospital")
    page = client.get("/api/facilities", params={"kind": "clinic", "limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and [f["key"] for f in page["items"]] == ["f3"]
    assert client.get("/api/facilities", params={"colour": "red"}).status_code == 422


def test_every_change_is_audited(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    client.patch("/api/regions/KZ-47", json={"population": 700_000}, headers={"If-Match": '"1"'})
    entries = client.get("/api/audit", params={"entity": "region", "entity_id": "KZ-47"}).json()["items"]
    assert entries[0]["action"] == "update"
    assert entries[0]["before"]["population"] is None and entries[0]["after"]["population"] == 700_000
    assert entries[1]["action"] == "create"
    assert client.delete("/api/audit").status_code == 405


def test_delete_needs_current_version(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="gone")
    assert client.delete("/api/facilities/gone", headers={"If-Match": '"7"'}).status_code == 409
    assert client.delete("/api/facilities/gone", headers={"If-Match": '"1"'}).status_code == 204
    assert client.get("/api/facilities/gone").status_code == 404


def test_audit_trail_exports_as_csv(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    client.patch("/api/regions/KZ-47", json={"population": 700_000}, headers={"If-Match": '"1"'})
    response = client.get("/api/audit/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("id,at,actor")
    assert len(lines) == 1 + 4 and '""population"": 700000' in lines[-1]
