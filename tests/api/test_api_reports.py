"""Reports become pending facts; accepting applies them, rejecting changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import mangystau

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "reports" / "docs"
MANGYSTAU = "Маңғыстау облысында коронавирус инфекциясы бойынша барлығы 1766 төсек-орын дайындалды. Бүгінгі күні олардың сыйымдылығы 76 % - ды құрап отыр."


def _submit(client, text: str, **extra):  # noqa: ANN001, ANN202
    response = client.post("/api/reports", json={"text": text, **extra})
    assert response.status_code in (200, 201), response.text
    return response


def _beds_fact(report: dict) -> dict:
    return next(f for f in report["facts"] if f["type"] == "beds" and f["data"]["count"] == 1766)


def test_accepting_the_1766_beds_fact_changes_region_capacity(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _submit(client, MANGYSTAU, published="2020-07-06").json()
    fact = _beds_fact(report)
    assert fact["status"] == "pending" and "1766" in fact["evidence"]
    assert report["text"][fact["span"][0]:fact["span"][1]] == fact["evidence"]
    before = client.get("/api/regions/KZ-47/capacity").json()
    assert before["total"]["capacity"] == 0
    reviewed = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["status"] == "accepted" and reviewed.json()["applied_to"].startswith("bed_snapshot:")
    after = client.get("/api/regions/KZ-47/capacity").json()
    assert after["total"]["capacity"] == 1766 and after["total"]["occupancy_pct"] == 76.0
    again = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert again.status_code == 409


def test_rejecting_the_fact_changes_nothing(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    fact = _beds_fact(_submit(client, MANGYSTAU).json())
    before = client.get("/api/regions/KZ-47/capacity").json()
    assert client.post(f"/api/facts/{fact['id']}/review", json={"decision": "reject"}).json()["status"] == "rejected"
    assert client.get("/api/regions/KZ-47/capacity").json()["total"] == before["total"]


def test_region_total_is_not_double_counted_when_facilities_report(client, session) -> None:  # noqa: ANN001
    from builders import make_beds, make_facility

    mangystau(session)
    make_facility(session, key="aktau-inf", region="KZ-47-AKT")
    make_beds(session, facility="aktau-inf", capacity=230, occupied=200)
    fact = _beds_fact(_submit(client, MANGYSTAU, published="2020-07-06").json())
    client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    total = client.get("/api/regions/KZ-47/capacity").json()["total"]
    assert total["capacity"] == 1766


def test_resubmitting_the_same_report_duplicates_nothing(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    first = _submit(client, MANGYSTAU)
    second = _submit(client, MANGYSTAU + "\n")
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert client.get("/api/reports").json()["total"] == 1
    assert len(client.get("/api/facts").json()["items"]) == len(first.json()["facts"])


def test_correcting_a_fact_applies_the_corrected_figure(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    fact = _beds_fact(_submit(client, MANGYSTAU).json())
    corrected = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "correct", "data": {"count": 1800, "occupancy_pct": None},
                                                                              "date": "2020-07-06"})
    assert corrected.status_code == 200 and corrected.json()["status"] == "corrected"
    assert client.get("/api/regions/KZ-47/capacity").json()["total"]["capacity"] == 1800
    bad = client.post("/api/facts/999/review", json={"decision": "accept"})
    assert bad.status_code == 404


def test_an_unresolvable_place_is_a_clear_error_and_stores_nothing(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _submit(client, "Atlantis province has prepared 500 beds for COVID-19 patients.").json()
    beds = [f for f in report["facts"] if f["type"] == "beds"]
    if not beds:
        pytest.skip("the extractor found no beds fact in this sentence")
    response = client.post(f"/api/facts/{beds[0]['id']}/review", json={"decision": "accept", "date": "2020-07-06"})
    assert response.status_code == 422 and "place" in response.text
    assert client.get(f"/api/reports/{report['id']}").json()["facts"][0]["status"] == "pending"


def test_supply_facts_of_report_003_become_shipments(client, session) -> None:  # noqa: ANN001
    from builders import make_region

    path = next(SHARED.glob("003_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({SHARED})")
    make_region(session, code="VN", level="country", names={"vi": "Việt Nam", "en": "Vietnam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"vi": "Bắc Giang", "en": "Bac Giang"})
    make_region(session, code="VN-69", level="region", parent="VN", names={"vi": "Thái Nguyên", "en": "Thai Nguyen"})
    report = _submit(client, path.read_text(encoding="utf-8")).json()
    supplies = [f for f in report["facts"] if f["type"] == "supply"]
    assert {f["data"]["item"] for f in supplies} == {"ambulance", "mask", "rapid_antigen_test"}
    for fact in supplies:
        assert client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept", "date": "2021-05-18"}).status_code == 200
    shipments = client.get("/api/shipments", params={"region": "VN-54"}).json()["items"]
    assert sorted(s["quantity"] for s in shipments) == [2, 600, 25500]
    assert all(s["origin_region"] == "VN-69" and s["source_report"] == report["id"] for s in shipments)


def test_a_shipment_already_on_record_is_linked_not_duplicated(client, session) -> None:  # noqa: ANN001
    from builders import make_region

    make_region(session, code="VN", level="country", names={"vi": "Việt Nam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"vi": "Bắc Giang"})
    make_region(session, code="VN-69", level="region", parent="VN", names={"vi": "Thái Nguyên"})
    typed = client.post("/api/shipments", json={"origin_region": "VN-69", "destination_region": "VN-54", "item": "mask", "quantity": 25500})
    text = "Trong đợt dịch COVID-19, tỉnh Thái Nguyên đã hỗ trợ tỉnh Bắc Giang 25.500 khẩu trang y tế."
    report = _submit(client, text).json()
    fact = next(f for f in report["facts"] if f["type"] == "supply")
    applied = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept", "date": "2021-05-18"}).json()
    assert applied["applied_to"] == f"shipment:{typed.json()['id']}"
    shipments = client.get("/api/shipments").json()
    assert shipments["total"] == 1 and shipments["items"][0]["source_report"] == report["id"]


def test_an_accepted_fact_is_audited_with_what_it_replaced(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    first = _beds_fact(_submit(client, MANGYSTAU, published="2020-07-06").json())
    client.post(f"/api/facts/{first['id']}/review", json={"decision": "accept"})
    pool = client.get("/api/audit", params={"entity": "facility"}).json()["items"]
    assert [(e["entity_id"], e["action"], e["after"]["kind"]) for e in pool] == [("pool-KZ-47", "apply_fact", "regional_pool")]
    second = _submit(client, MANGYSTAU.replace("1766", "1800"), published="2020-07-06").json()
    fact = next(f for f in second["facts"] if f["type"] == "beds" and f["data"]["count"] == 1800)
    assert client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"}).status_code == 200
    entries = client.get("/api/audit", params={"entity": "bed_snapshot"}).json()["items"]
    applied = [e for e in entries if e["action"] == "apply_fact"]
    newest = max(applied, key=lambda e: e["id"])
    assert newest["before"]["capacity"] == 1766 and newest["after"]["capacity"] == 1800
    assert min(applied, key=lambda e: e["id"])["before"] is None  # the first figure replaced nothing
