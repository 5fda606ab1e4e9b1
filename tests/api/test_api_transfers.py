"""/api/transfers: the workflow over HTTP, 409s with clear messages, over-capacity
acceptance, and patient data shown only to those who answer for the facilities."""

from __future__ import annotations


from builders import bearer, make_beds, make_facility, make_region, mangystau


def _world(session) -> None:  # noqa: ANN001
    mangystau(session)
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"})
    make_facility(session, key="aktau-icu", region="KZ-47-AKT", services=["intensive_care"])
    make_facility(session, key="almaty-icu", region="KZ-75", services=["intensive_care"])
    make_beds(session, facility="aktau-icu", bed_type="icu", capacity=2, occupied=2)
    make_beds(session, facility="almaty-icu", bed_type="icu", capacity=5, occupied=1)


def _new(client, to: str = "aktau-icu", headers: dict | None = None) -> dict:  # noqa: ANN001
    body = {"patient_ref": "MNG-0042", "to_facility": to, "bed_type": "icu", "urgency": "emergency"}
    response = client.post("/api/transfers", json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    return response.json()


def test_workflow_over_http_with_clear_conflicts(client, session) -> None:  # noqa: ANN001
    _world(session)
    t = _new(client)
    full = client.post(f"/api/transfers/{t['id']}/status", json={"status": "accepted"})
    assert full.status_code == 409
    assert full.json()["detail"].startswith("no free icu bed at aktau-icu (2 beds, 2 occupied on 2020-07-06")
    wrong = client.post(f"/api/transfers/{t['id']}/status", json={"status": "in_transport"})
    assert wrong.status_code == 409
    assert wrong.json()["detail"] == (f"transfer {t['id']}: a transfer that is requested cannot become in_transport; "
                                      "it can become accepted or cancelled or declined")
    stale = client.post(f"/api/transfers/{t['id']}/status", json={"status": "declined"}, headers={"If-Match": '"7"'})
    assert stale.status_code == 409
    over = client.post(f"/api/transfers/{t['id']}/status", json={"status": "accepted", "over_capacity": True},
                       headers={"If-Match": '"1"'})
    assert over.status_code == 200, over.text
    assert over.json()["accepted_over_capacity"] is True and over.headers["ETag"] == '"2"'
    misuse = client.post(f"/api/transfers/{t['id']}/status", json={"status": "in_transport", "over_capacity": True})
    assert misuse.status_code == 422 and misuse.json()["detail"][0]["loc"] == ["body", "over_capacity"]
    for status in ("in_transport", "died_in_transport"):
        assert client.post(f"/api/transfers/{t['id']}/status", json={"status": status}).status_code == 200
    read = client.get(f"/api/transfers/{t['id']}").json()
    assert [h["status"] for h in read["history"]] == ["requested", "accepted", "in_transport", "died_in_transport"]
    audit = client.get("/api/audit", params={"entity": "transfer", "entity_id": str(t["id"])}).json()
    assert any(e["after"]["accepted_over_capacity"] for e in audit["items"])
    assert client.get("/api/transfers", params={"status": "died_in_transport"}).json()["total"] == 1


def test_bad_requests(client, session) -> None:  # noqa: ANN001
    _world(session)
    unknown = client.post("/api/transfers", json={"patient_ref": "x", "to_facility": "nowhere", "bed_type": "icu"})
    assert unknown.status_code == 422 and "unknown facility nowhere" in unknown.text
    bad_bed = client.post("/api/transfers", json={"patient_ref": "x", "to_facility": "aktau-icu", "bed_type": "sofa"})
    assert bad_bed.status_code == 422 and bad_bed.json()["detail"][0]["loc"] == ["body", "bed_type"]
    assert client.get("/api/transfers/999").status_code == 404
    assert client.post("/api/transfers/999/status", json={"status": "accepted"}).status_code == 404


def test_transfers_are_read_only_by_those_who_answer_for_them(secured, session) -> None:  # noqa: ANN001
    _world(session)
    boss = bearer(session, "boss", "national_coordinator")
    aktau = bearer(session, "aktau", "facility_reporter", facilities=("aktau-icu",))
    viewer = bearer(session, "viewer", "viewer")
    mine, theirs = _new(secured, "aktau-icu", boss), _new(secured, "almaty-icu", boss)
    listed = secured.get("/api/transfers", headers=aktau).json()
    assert [i["id"] for i in listed["items"]] == [mine["id"]] and listed["total"] == 1
    assert secured.get(f"/api/transfers/{theirs['id']}", headers=aktau).status_code == 403
    assert secured.get(f"/api/transfers/{mine['id']}", headers=aktau).status_code == 200
    assert secured.get("/api/transfers", headers=viewer).json()["total"] == 0
    assert secured.get("/api/transfers", headers=boss).json()["total"] == 2
    refused = secured.post(f"/api/transfers/{theirs['id']}/status", json={"status": "accepted"}, headers=aktau)
    assert refused.status_code == 403


def test_the_sending_hospital_requests_and_sends_off_the_receiving_one_decides(secured, session) -> None:  # noqa: ANN001
    _world(session)
    boss = bearer(session, "boss", "national_coordinator")
    sender = bearer(session, "aktau", "facility_reporter", facilities=("aktau-icu",))
    receiver = bearer(session, "almaty", "facility_reporter", facilities=("almaty-icu",))
    make_facility(session, key="aktau-clinic", region="KZ-47-AKT")
    outsider = bearer(session, "other", "facility_reporter", facilities=("aktau-clinic",))
    body = {"patient_ref": "MNG-0043", "from_facility": "aktau-icu", "to_facility": "almaty-icu", "bed_type": "icu"}
    assert secured.post("/api/transfers", json=body, headers=outsider).status_code == 403
    created = secured.post("/api/transfers", json=body, headers=sender)
    assert created.status_code == 201, created.text
    transfer = created.json()["id"]
    for who in (sender, receiver):
        assert secured.get(f"/api/transfers/{transfer}", headers=who).status_code == 200
        assert [i["id"] for i in secured.get("/api/transfers", headers=who).json()["items"]] == [transfer]
    assert secured.get(f"/api/transfers/{transfer}", headers=outsider).status_code == 403

    def move(status: str, who: dict) -> int:  # noqa: ANN001
        return secured.post(f"/api/transfers/{transfer}/status", json={"status": status}, headers=who).status_code

    assert move("accepted", sender) == 403  # a bed of another hospital is not the sender's to take
    assert move("cancelled", receiver) == 403  # the sender's patient: the receiving side declines instead
    assert secured.get(f"/api/transfers/{transfer}", headers=boss).json()["status"] == "requested"
    assert move("accepted", receiver) == 200
    assert move("in_transport", sender) == 200
    assert move("arrived", sender) == 403
    assert move("arrived", receiver) == 200


def test_a_regional_officer_sends_patients_to_another_region_which_decides(secured, session) -> None:  # noqa: ANN001
    _world(session)
    mangystau_officer = bearer(session, "aigerim", "regional_officer", regions=("KZ-47",))
    almaty_officer = bearer(session, "almaty-officer", "regional_officer", regions=("KZ-75",))
    body = {"patient_ref": "MNG-0044", "from_facility": "aktau-icu", "to_facility": "almaty-icu", "bed_type": "icu"}
    assert secured.post("/api/transfers", json=body, headers=almaty_officer).status_code == 403  # not their patient to send
    created = secured.post("/api/transfers", json=body, headers=mangystau_officer)
    assert created.status_code == 201, created.text
    transfer = created.json()["id"]
    accept = {"status": "accepted"}
    assert secured.post(f"/api/transfers/{transfer}/status", json=accept, headers=mangystau_officer).status_code == 403
    assert secured.post(f"/api/transfers/{transfer}/status", json=accept, headers=almaty_officer).status_code == 200
    assert secured.get(f"/api/transfers/{transfer}", headers=almaty_officer).json()["status"] == "accepted"
