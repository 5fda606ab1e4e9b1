"""Issue 18 item 2 (and issue 17 finding 3): a fact correction is checked against its fact
type's model (domain/facts.py) with the bounds of the records it becomes. A bad value is a
422 naming the field under `data`, and nothing is stored: no record, no audit row, the fact
still pending."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from builders import mangystau
from surgeops.db.tables import AuditEntry, BedSnapshot, CaseStat, Deployment, Shipment

DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "reports" / "docs"
BAD = [
    ("beds", {"count": -80}, "count"),
    ("beds", {"count": 50_000_000}, "count"),
    ("beds", {"count": "540"}, "count"),
    ("beds", {"count": True}, "count"),
    ("beds", {"occupancy_pct": -80}, "occupancy_pct"),
    ("beds", {"occupancy_pct": 250}, "occupancy_pct"),
    ("beds", {"occupancy_pct": "most"}, "occupancy_pct"),
    ("beds", {"bed_type": "sauna"}, "bed_type"),
    ("beds", {"place": "x" * 5000}, "place"),
    ("beds", {"date": "2020-13-45"}, "date"),
    ("beds", {"colour": "red"}, "colour"),
    ("cases", {"value": -80}, "value"),
    ("cases", {"value": 50_000_000}, "value"),
    ("cases", {"metric": "vibes"}, "metric"),
    ("deployment", {"team_size": 0}, "team_size"),
    ("deployment", {"team_size": "many"}, "team_size"),
    ("deployment", {"specialties": "anesthesiologist"}, "specialties"),
    ("deployment", {"specialties": ["a", "n"]}, "specialties.0"),
    ("supply", {"quantity": -1}, "quantity"),
    ("supply", {"quantity": 5_000_000_000}, "quantity"),
]


def _fact(client, session, fact_type: str) -> dict:  # noqa: ANN001
    from builders import make_region

    number = {"beds": "004", "cases": "004", "deployment": "003", "supply": "003"}[fact_type]
    path = next(DOCS.glob(f"{number}_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    mangystau(session)
    make_region(session, code="VN", level="country", names={"vi": "Việt Nam"})
    make_region(session, code="VN-54", level="region", parent="VN", names={"vi": "Bắc Giang"})
    make_region(session, code="VN-69", level="region", parent="VN", names={"vi": "Thái Nguyên"})
    report = client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), "published": "2020-07-06"}).json()
    return next(f for f in report["facts"] if f["type"] == fact_type)


def _stored(session) -> list[int]:  # noqa: ANN001
    session.expire_all()
    return [session.scalar(select(func.count()).select_from(t)) for t in (BedSnapshot, CaseStat, Deployment, Shipment, AuditEntry)]


@pytest.mark.parametrize(("fact_type", "data", "field"), BAD, ids=[f"{t}-{f}-{i}" for i, (t, _, f) in enumerate(BAD)])
def test_a_bad_correction_is_refused_naming_the_field_and_stores_nothing(client, session, fact_type: str, data: dict,  # noqa: ANN001
                                                                         field: str) -> None:
    fact = _fact(client, session, fact_type)
    before = _stored(session)
    response = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "correct", "data": data})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "data", *[int(p) if p.isdigit() else p for p in field.split(".")]]
    assert _stored(session) == before
    after = client.get(f"/api/reports/{fact['report']}").json()["facts"]
    assert next(f for f in after if f["id"] == fact["id"])["status"] == "pending"


def test_a_good_correction_is_stored_as_the_model_reads_it(client, session) -> None:  # noqa: ANN001
    fact = _fact(client, session, "beds")
    response = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "correct", "data": {"count": 700}})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["count"] == 700 and response.json()["status"] == "corrected"


@pytest.mark.parametrize("count", ["-80", "50000000", "many", "1.5"])
def test_the_dashboard_form_refuses_the_same_corrections(client, session, count: str) -> None:  # noqa: ANN001
    import re

    fact = _fact(client, session, "beds")
    page = client.get(f"/reports/{fact['report']}?lang=en")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    before = _stored(session)
    response = client.post(f"/reports/{fact['report']}/facts/{fact['id']}?lang=en",
                           data={"csrf": token, "version": "1", "decision": "correct", "data.count": count})
    assert response.status_code == 422, response.text[:300]
    assert re.search(rf'id="fact-error-{fact["id"]}">data\.count: ', response.text)
    assert _stored(session) == before
