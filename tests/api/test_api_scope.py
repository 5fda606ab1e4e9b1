"""Scope across record kinds: a regional officer of Mangystau (KZ-47) creates, changes and
deletes nothing of Bac Giang (VN-54), whatever the kind; a record that touches two regions
(a team sent from one to another, stock drawn from one for another) is outside one
region's scope; plans are national decisions; file imports are held to the same rules.
Every refusal is a 403 and leaves the stored records as they were."""

from __future__ import annotations

from typing import Any

import pytest

from builders import bearer
from surgeops.db.tables import Plan


def _deployment(*regions: str, origin: str = "KZ") -> dict[str, Any]:
    return {"origin": {"kind": "region", "name": "Sender", "region": origin}, "team_size": 4,
            "destinations": [{"region": r, "start": f"2020-07-{10 + i:02d}"} for i, r in enumerate(regions)]}


def _shipment(destination: str, origin: str | None = None) -> dict[str, Any]:
    return {"destination_region": destination, "item": "mask", "quantity": 1000,
            **({"origin_region": origin} if origin else {"origin_name": "Donor foundation"})}


# kind: (API path, payload in Mangystau, payload in Bac Giang, a change)
KINDS: dict[str, tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "cases": ("/api/cases", {"region": "KZ-47", "date": "2020-07-06", "metric": "confirmed", "value": 5},
              {"region": "VN-54", "date": "2020-07-06", "metric": "confirmed", "value": 5}, {"value": 6}),
    "beds": ("/api/beds", {"facility": "aktau", "bed_type": "icu", "as_of": "2020-07-08", "capacity": 10, "occupied": 1},
             {"facility": "bg-field", "bed_type": "icu", "as_of": "2020-07-08", "capacity": 10, "occupied": 1}, {"occupied": 2}),
    "deployments": ("/api/deployments", _deployment("KZ-47", origin="KZ-47"), _deployment("VN-54", origin="VN-54"), {"team_size": 5}),
    "shipments": ("/api/shipments", _shipment("KZ-47"), _shipment("VN-54"), {"quantity": 2000}),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_regional_officer_writes_only_their_own_region(secured, world, kind: str) -> None:  # noqa: ANN001
    path, own, other, change = KINDS[kind]
    boss = bearer(world, f"boss-{kind}", "national_coordinator")
    officer = bearer(world, f"officer-{kind}", "regional_officer", regions=("KZ-47",))
    theirs = secured.post(path, headers=boss, json=other)
    assert theirs.status_code == 201, theirs.text
    theirs = {k: v for k, v in theirs.json().items() if k != "warnings"}  # a case figure answers with its rule warnings too
    total = secured.get(path, headers=boss).json()["total"]

    assert secured.post(path, headers=officer, json=own).status_code == 201
    refused = secured.post(path, headers=officer, json=other)
    assert refused.status_code == 403 and "VN-54" in refused.json()["detail"]
    assert secured.get(path, headers=boss).json()["total"] == total + 1  # their own, not the refused one

    version = {"If-Match": f'"{theirs["version"]}"'}
    assert secured.patch(f"{path}/{theirs['id']}", headers={**officer, **version}, json=change).status_code == 403
    assert secured.delete(f"{path}/{theirs['id']}", headers={**officer, **version}).status_code == 403
    stored = secured.get(f"{path}/{theirs['id']}", headers=boss).json()
    assert stored == theirs  # unchanged, same version


@pytest.mark.parametrize(("kind", "payload"), [
    ("deployments", _deployment("KZ-47", "VN-54", origin="KZ-47")),   # a second stay in another region
    ("deployments", _deployment("KZ-47", origin="VN-54")),            # another region's team
    ("shipments", _shipment("KZ-47", origin="VN-54")),                # another region's stock
])
def test_what_crosses_into_another_region_is_outside_a_regional_scope(secured, world, kind: str, payload: dict[str, Any]) -> None:  # noqa: ANN001
    officer = bearer(world, "aigerim", "regional_officer", regions=("KZ-47",))
    boss = bearer(world, "boss", "national_coordinator")
    refused = secured.post(f"/api/{kind}", headers=officer, json=payload)
    assert refused.status_code == 403 and "VN-54" in refused.json()["detail"]
    assert secured.get(f"/api/{kind}", headers=boss).json()["total"] == 0
    assert secured.post(f"/api/{kind}", headers=boss, json=payload).status_code == 201


def test_an_officer_cannot_move_their_record_into_another_region(secured, world) -> None:  # noqa: ANN001
    officer = bearer(world, "aigerim", "regional_officer", regions=("KZ-47",))
    created = secured.post("/api/deployments", headers=officer, json=_deployment("KZ-47", origin="KZ-47")).json()
    moved = secured.patch(f"/api/deployments/{created['id']}", headers={**officer, "If-Match": f'"{created["version"]}"'},
                          json={"destinations": [{"region": "KZ-47"}, {"region": "VN-54"}]})
    assert moved.status_code == 403
    assert secured.get(f"/api/deployments/{created['id']}", headers=officer).json() == created


def test_facility_reporters_and_viewers_change_and_delete_nothing_of_others(secured, world) -> None:  # noqa: ANN001
    boss = bearer(world, "boss", "national_coordinator")
    beds = secured.get("/api/beds", headers=boss, params={"facility": "bg-field"}).json()["items"][0]
    for name, role, scope in (("nurse", "facility_reporter", {"facilities": ("aktau",)}), ("eye", "viewer", {})):
        who = bearer(world, name, role, **scope)
        version = {"If-Match": f'"{beds["version"]}"'}
        assert secured.patch(f"/api/beds/{beds['id']}", headers={**who, **version}, json={"occupied": 0}).status_code == 403, role
        assert secured.delete(f"/api/beds/{beds['id']}", headers={**who, **version}).status_code == 403, role
        assert secured.delete("/api/facilities/bg-field", headers={**who, "If-Match": '"1"'}).status_code == 403, role
    assert secured.get(f"/api/beds/{beds['id']}", headers=boss).json() == beds
    assert secured.get("/api/facilities/bg-field", headers=boss).status_code == 200


def _approved_plan(session, *moves: dict[str, Any]) -> int:  # noqa: ANN001
    plan = Plan(status="optimal", scenario={}, review="approved", result={"moves": list(moves), "unmet": [], "explanation": {}})
    session.add(plan)
    session.commit()
    return plan.id


@pytest.mark.parametrize(("role", "scope"), [("viewer", {}), ("regional_officer", {"regions": ("KZ-47",)}),
                                             ("reviewer", {}), ("facility_reporter", {"facilities": ("aktau",)})])
def test_only_national_roles_run_review_or_apply_plans(secured, world, role: str, scope: dict[str, Any]) -> None:  # noqa: ANN001
    plan_id = _approved_plan(world, {"resource": "mask", "from": "VN-54", "to": "KZ-47", "amount": 500, "km": 4000.0})
    empty_id = _approved_plan(world)  # nothing to create: only the plan's own rule can refuse it
    who = bearer(world, "someone", role, **scope)
    boss = bearer(world, "boss", "national_coordinator")
    for plan in (plan_id, empty_id):
        applied = secured.post(f"/api/plans/{plan}/apply", headers=who, json={})
        assert applied.status_code == 403, applied.text
        assert secured.get(f"/api/plans/{plan}", headers=boss).json()["review"] == "approved"
    assert secured.get("/api/shipments", headers=boss).json()["total"] == 0
    assert secured.post("/api/plans", headers=who, json={"country": "KZ"}).status_code == 403
    applied = secured.post(f"/api/plans/{plan_id}/apply", headers=boss, json={})
    assert applied.status_code == 200 and len(applied.json()["shipments"]) == 1


@pytest.mark.parametrize(("fmt", "media"), [("fhir", "application/fhir+json"), ("edxl-have", "application/xml")])
def test_file_imports_are_refused_outside_ones_scope(secured, world, fmt: str, media: str) -> None:  # noqa: ANN001
    boss = bearer(world, "boss", "national_coordinator")
    document = secured.get(f"/api/exports/{fmt}", headers=boss, params={"region": "VN-54"}).content
    beds = secured.get("/api/beds", headers=boss, params={"facility": "bg-field"}).json()["items"][0]
    changed = secured.patch(f"/api/beds/{beds['id']}", headers={**boss, "If-Match": f'"{beds["version"]}"'},
                            json={"occupied": beds["occupied"] - 1})  # so that the document would change it back
    assert changed.status_code == 200, changed.text
    before = secured.get("/api/beds", headers=boss, params={"facility": "bg-field"}).json()
    for name, role, scope in (("nurse", "facility_reporter", {"facilities": ("aktau",)}), ("eye", "viewer", {}),
                              ("aigerim", "regional_officer", {"regions": ("KZ-47",)})):
        refused = secured.post(f"/api/imports/{fmt}", headers={**bearer(world, name, role, **scope), "content-type": media},
                               content=document)
        assert refused.status_code == 403, (role, refused.text)
    assert secured.get("/api/beds", headers=boss, params={"facility": "bg-field"}).json() == before
    stored = secured.post(f"/api/imports/{fmt}", headers={**boss, "content-type": media}, content=document)
    assert stored.status_code == 200 and stored.json()["stored"] == 1, stored.text
