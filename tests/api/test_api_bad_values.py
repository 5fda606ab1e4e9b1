"""Values that validation must stop before the database sees them, found by fuzzing on
PostgreSQL (SQLite stores them without complaint): each is a 422 naming what is wrong, and
nothing is stored."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from builders import make_beds, make_facility, mangystau


def test_an_id_past_the_columns_range_is_a_422(client: TestClient, session) -> None:  # noqa: ANN001
    for path in ("/api/beds/2147483648", "/api/plans/2147483648", "/api/reports/9999999999", "/api/transfers/2147483648"):
        response = client.get(path)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["detail"][0]["loc"][0] == "path"
    assert client.get("/api/beds/2147483647").status_code == 404


def test_a_filter_on_a_record_id_must_be_a_number(client: TestClient, session) -> None:  # noqa: ANN001
    response = client.get("/api/activities", params={"deployment": "0.1.0"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "deployment"]
    assert client.get("/api/activities", params={"deployment": "7"}).json()["total"] == 0


def test_a_nul_character_is_refused_and_nothing_is_stored(client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="aktau", region="KZ-47-AKT")
    make_beds(session, facility="aktau")
    response = client.post("/api/transfers", json={"bed_type": "icu", "patient_ref": "p\u00001", "to_facility": "aktau"})
    assert response.status_code == 422, response.text
    assert client.get("/api/transfers").json()["total"] == 0
    response = client.post("/api/facilities", json={"key": "nul", "names": {"en": "A\u0000B"}, "kind": "clinic", "region": "KZ-47"})
    assert response.status_code == 422, response.text
    assert "names.en: a NUL character" in response.json()["detail"][0]["msg"]
    assert client.get("/api/facilities/nul").status_code == 404


def test_a_body_past_the_limit_is_a_413_and_is_not_stored(db, settings, session) -> None:  # noqa: ANN001
    from surgeops.web.app import create_app

    mangystau(session)
    with TestClient(create_app(settings.replace(max_upload_bytes=1000), db=db)) as small:
        padded = {"key": "big", "names": {"en": "x" * 5000}, "kind": "clinic", "region": "KZ-47"}
        response = small.post("/api/facilities", json=padded)
        assert response.status_code == 413, response.text
        assert small.get("/api/facilities/big").status_code == 404
        text = "Маңғыстау " * 45  # 855 bytes of UTF-8, within the file limit; 2,475 bytes once escaped in JSON
        body = json.dumps({"text": text}, ensure_ascii=True)
        assert len(text.encode("utf-8")) < 1000 < len(body)
        assert small.post("/api/reports", content=body, headers={"content-type": "application/json"}).status_code == 201
