"""Plans from the database: run, review, and turn into planned deployments and shipments."""

from __future__ import annotations

from builders import country_to_plan


def test_plan_from_the_database_then_review_and_apply(client, session) -> None:  # noqa: ANN001
    country_to_plan(session)
    run = client.post("/api/plans", json={"country": "KZ", "time_limit": 10})
    assert run.status_code == 201, run.text
    plan = run.json()
    assert plan["status"] == "optimal" and plan["review"] == "draft"
    moves = {(m["from"], m["to"], m["resource"]): m["amount"] for m in plan["result"]["moves"]}
    # Mangystau's 20 occupied ICU beds need 10 nurses by the norms and it has 2: Atyrau keeps 1 for its own 2 beds.
    assert moves[("KZ-23", "KZ-47", "nurse")] == 8
    assert moves[("KZ-23", "KZ-47", "ventilator")] == 3
    assert {u["resource"]: u["amount"] for u in plan["result"]["unmet"] if u["region"] == "KZ-47"}["ventilator"] == 2
    assert "Mangystau" in " ".join(plan["result"]["explanation"].values())
    early = client.post(f"/api/plans/{plan['id']}/apply", json={})
    assert early.status_code == 409
    assert client.post(f"/api/plans/{plan['id']}/review", json={"decision": "approve"}).json()["review"] == "approved"
    applied = client.post(f"/api/plans/{plan['id']}/apply", json={"start": "2020-07-08"})
    assert applied.status_code == 200, applied.text
    teams = client.get("/api/deployments", params={"region": "KZ-47", "status": "planned"}).json()["items"]
    assert len(teams) == 1 and teams[0]["composition"]["nurse"] == 8 and teams[0]["origin_region"] == "KZ-23"
    shipments = client.get("/api/shipments", params={"region": "KZ-47"}).json()["items"]
    assert [(s["item"], s["quantity"], s["status"]) for s in shipments] == [("ventilator", 3, "planned")]
    assert client.post(f"/api/plans/{plan['id']}/apply", json={}).status_code == 409


def test_plan_from_a_given_scenario_and_bad_scenarios(client, session) -> None:  # noqa: ANN001
    scenario = {"regions": [{"id": "A", "name": "A", "lat": 43.0, "lon": 51.0}, {"id": "B", "name": "B", "lat": 44.0, "lon": 52.0}],
                "needs": [{"region": "A", "resource": "nurse", "amount": 4, "priority": 1}],
                "offers": [{"region": "B", "resource": "nurse", "amount": 10, "keep": 2}]}
    ok = client.post("/api/plans", json={"scenario": scenario})
    assert ok.status_code == 201 and ok.json()["result"]["moves"][0]["amount"] == 4
    scenario["offers"][0]["keep"] = 20
    bad = client.post("/api/plans", json={"scenario": scenario})
    assert bad.status_code == 422 and "keep" in bad.text
    assert client.post("/api/plans", json={"country": "XX"}).status_code == 422


def test_offers_and_requests_are_validated(client, session) -> None:  # noqa: ANN001
    country_to_plan(session)
    keep = client.post("/api/offers", json={"region": "KZ-23", "resource": "nurse", "amount": 3, "keep": 4})
    assert keep.status_code == 422 and "keep" in keep.text
    unknown = client.post("/api/requests", json={"region": "KZ-47", "resource": "unicorns", "amount": 3})
    assert unknown.status_code == 422 and "resource" in unknown.text
