"""Issue 18 item 5: a regional officer's scope covers every facility, region and record a
payload names, not only the region the record states. An officer of Mangystau (KZ-47)
may not name Bac Giang's (VN-54) hospital bg-field as a team's source facility or
sub-group site, a shipment's receiving hospital (by POST or PATCH), a conversion's
re-routing target or an activity's facility, nor attach an activity to a team that stays
only in Bac Giang; nor change a record that already names one (the state before a PATCH
counts as well as the state after). Each refusal stores nothing; the same payload
inside Mangystau is accepted, so the refusal is about scope alone."""

from __future__ import annotations

from typing import Any

import pytest

from builders import bearer, make_facility, two_countries


@pytest.fixture
def world(session):  # noqa: ANN001, ANN201
    two_countries(session)
    make_facility(session, key="aktau-2", region="KZ-47")  # a second Mangystau hospital
    return session


def _officer(world) -> dict[str, str]:  # noqa: ANN001
    return bearer(world, "aigerim", "regional_officer", regions=("KZ-47",))


def _deployment(**extra: Any) -> dict[str, Any]:
    return {"origin": {"kind": "region", "name": "Mangystau", "region": "KZ-47"}, "team_size": 6,
            "destinations": [{"region": "KZ-47", "start": "2020-07-10"}], **extra}


def _refused_then_allowed(client, world, path: str, theirs: dict[str, Any], ours: dict[str, Any]) -> None:  # noqa: ANN001
    officer, boss = _officer(world), bearer(world, "boss", "national_coordinator")
    before = client.get(path, headers=boss).json()["total"]
    refused = client.post(path, headers=officer, json=theirs)
    assert refused.status_code == 403, refused.text
    assert "VN-54" in refused.json()["detail"]
    assert client.get(path, headers=boss).json()["total"] == before  # nothing stored
    allowed = client.post(path, headers=officer, json=ours)
    assert allowed.status_code == 201, allowed.text


def test_a_deployment_with_another_countrys_source_facility_is_refused(secured, world) -> None:  # noqa: ANN001
    _refused_then_allowed(secured, world, "/api/deployments", _deployment(source_facilities=["aktau", "bg-field"]),
                          _deployment(source_facilities=["aktau"]))


def test_a_deployment_with_a_subgroup_in_another_country_is_refused(secured, world) -> None:  # noqa: ANN001
    officer, boss = _officer(world), bearer(world, "boss", "national_coordinator")
    refused = secured.post("/api/deployments", headers=officer,
                           json=_deployment(subgroups=[{"name": "ICU", "task": "treat", "facility": "bg-field", "size": 2}]))
    # refused as outside the officer's scope, or (issue 17) as a sub-group outside the team's stays
    assert refused.status_code in (403, 422), refused.text
    assert secured.get("/api/deployments", headers=boss).json()["total"] == 0
    allowed = secured.post("/api/deployments", headers=officer,
                           json=_deployment(subgroups=[{"name": "ICU", "task": "treat", "facility": "aktau", "size": 2}]))
    assert allowed.status_code == 201, allowed.text


def test_a_subgroup_moved_to_another_country_by_patch_is_refused(secured, world) -> None:  # noqa: ANN001
    officer = _officer(world)
    created = secured.post("/api/deployments", headers=officer, json=_deployment()).json()
    moved = secured.patch(f"/api/deployments/{created['id']}", headers={**officer, "If-Match": f'"{created["version"]}"'},
                          json={"source_facilities": ["bg-field"]})
    assert moved.status_code == 403, moved.text
    assert secured.get(f"/api/deployments/{created['id']}", headers=officer).json() == created


def test_a_shipment_to_another_regions_hospital_is_refused(secured, world) -> None:  # noqa: ANN001
    shipment = {"destination_region": "KZ-47", "item": "mask", "quantity": 1000, "origin_name": "Donor"}
    _refused_then_allowed(secured, world, "/api/shipments", {**shipment, "destination_facility": "bg-field"},
                          {**shipment, "destination_facility": "aktau"})


def test_a_shipment_redirected_by_patch_to_another_regions_hospital_is_refused(secured, world) -> None:  # noqa: ANN001
    officer = _officer(world)
    created = secured.post("/api/shipments", headers=officer, json={
        "destination_region": "KZ-47", "destination_facility": "aktau", "item": "mask", "quantity": 1000, "origin_name": "Donor"}).json()
    moved = secured.patch(f"/api/shipments/{created['id']}", headers={**officer, "If-Match": f'"{created["version"]}"'},
                          json={"destination_facility": "bg-field"})
    assert moved.status_code == 403, moved.text
    assert "VN-54" in moved.json()["detail"]
    assert secured.get(f"/api/shipments/{created['id']}", headers=officer).json() == created


def test_a_record_that_already_names_another_region_cannot_be_changed(secured, world) -> None:  # noqa: ANN001
    """The state before the PATCH counts: a national coordinator's shipment to bg-field
    is not the Mangystau officer's to change, even by a field that names no facility."""
    officer, boss = _officer(world), bearer(world, "boss", "national_coordinator")
    theirs = secured.post("/api/shipments", headers=boss, json={
        "destination_region": "KZ-47", "destination_facility": "bg-field", "item": "mask", "quantity": 1000,
        "origin_name": "Donor"}).json()
    changed = secured.patch(f"/api/shipments/{theirs['id']}", headers={**officer, "If-Match": f'"{theirs["version"]}"'},
                            json={"quantity": 5})
    assert changed.status_code == 403, changed.text
    assert secured.get(f"/api/shipments/{theirs['id']}", headers=boss).json() == theirs


def test_a_conversion_rerouting_to_another_regions_hospital_is_refused(secured, world) -> None:  # noqa: ANN001
    conversion = {"facility": "aktau", "date": "2020-07-10", "new_kind": "provisional_hospital"}
    _refused_then_allowed(secured, world, "/api/conversions",
                          {**conversion, "reroutes": [{"service": "trauma", "to": "bg-field"}]},
                          {**conversion, "reroutes": [{"service": "trauma", "to": "aktau-2"}]})


def test_an_activity_naming_another_regions_hospital_is_refused(secured, world) -> None:  # noqa: ANN001
    activity = {"kind": "site_assessment", "region": "KZ-47", "title": "Oxygen survey", "date": "2020-07-10"}
    _refused_then_allowed(secured, world, "/api/activities", {**activity, "facility": "bg-field"},
                          {**activity, "facility": "aktau"})


def test_an_activity_of_another_regions_team_is_refused(secured, world) -> None:  # noqa: ANN001
    boss = bearer(world, "boss-team", "national_coordinator")
    team = secured.post("/api/deployments", headers=boss, json={
        "origin": {"kind": "region", "name": "Bac Giang", "region": "VN-54"}, "team_size": 3,
        "destinations": [{"region": "VN-54", "start": "2020-07-10"}]}).json()
    ours = secured.post("/api/deployments", headers=boss, json=_deployment()).json()
    activity = {"kind": "seminar", "region": "KZ-47", "title": "Ventilation seminar", "date": "2020-07-11"}
    _refused_then_allowed(secured, world, "/api/activities", {**activity, "deployment": team["id"]},
                          {**activity, "deployment": ours["id"]})
