"""Issue 17, finding 2 (invented empty beds): a figure that states only beds changes only
the beds; the patients already counted stay counted, and a count below them is refused
rather than silently cut. The review screen's preview shows what accepting would do,
computed by the accept itself in a savepoint that is rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from builders import TESTER, make_beds, make_facility, make_region, mangystau
from surgeops.db.tables import AuditEntry, BedSnapshot
from surgeops.services import reports

DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "reports" / "docs"


def _report_004(client) -> dict:  # noqa: ANN001
    path = next(DOCS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    return client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), "published": "2020-07-06"}).json()


def _beds(report: dict, bed_type: str, count: int) -> dict:
    return next(f for f in report["facts"] if f["type"] == "beds" and f["data"]["bed_type"] == bed_type and f["data"]["count"] == count)


def _total(client) -> dict:  # noqa: ANN001
    return client.get("/api/regions/KZ-47/capacity").json()["total"]


def test_report_004s_bed_types_keep_the_regions_76_percent(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _report_004(client)
    assert client.post(f"/api/facts/{_beds(report, 'total', 1766)['id']}/review", json={"decision": "accept"}).status_code == 200
    assert _total(client)["occupancy_pct"] == 76.0
    for bed_type, count in (("infectious", 230), ("provisional", 1346), ("quarantine", 190)):
        fact = _beds(report, bed_type, count)
        assert fact["data"]["occupancy_pct"] is None, "the typed figures state beds only"
        response = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
        assert response.status_code == 200, response.text
        total = _total(client)
        assert (total["capacity"], total["occupied"]) == (1766, 1342), f"after {bed_type}: the region's patients stay counted"
    by_type = client.get("/api/regions/KZ-47/capacity").json()["by_type"]
    assert {t: by_type[t]["capacity"] for t in ("infectious", "provisional", "quarantine")} == {
        "infectious": 230, "provisional": 1346, "quarantine": 190}


def test_a_count_below_the_patients_already_counted_is_refused_not_cut(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _report_004(client)
    total = _beds(report, "total", 1766)
    assert client.post(f"/api/facts/{total['id']}/review", json={"decision": "accept"}).status_code == 200
    infectious = _beds(report, "infectious", 230)
    stored = session.scalar(select(func.count()).select_from(BedSnapshot))
    refused = client.post(f"/api/facts/{infectious['id']}/review",
                          json={"decision": "correct", "data": {"bed_type": "total", "count": 1000}})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["loc"] == ["body", "data", "count"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(BedSnapshot)) == stored
    assert _total(client)["occupied"] == 1342


def test_a_count_for_a_region_keeps_its_facilities_patients(client, session) -> None:  # noqa: ANN001
    make_region(session)
    make_region(session, code="KZ-75", level="region", names={"en": "Almaty"}, population=2_161_000)
    make_facility(session, key="alm-icu", region="KZ-75")
    make_beds(session, facility="alm-icu", bed_type="icu", capacity=94, occupied=93)
    report = client.post("/api/reports", json={"text": "Almaty now has 540 ICU beds for COVID-19 patients.",
                                               "published": "2020-07-06"}).json()
    fact = next(f for f in report["facts"] if f["type"] == "beds")
    assert client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"}).status_code == 200
    icu = client.get("/api/regions/KZ-75/capacity").json()["by_type"]["icu"]
    assert (icu["capacity"], icu["occupied"]) == (540, 93)


def test_the_preview_shows_what_accepting_does_and_keeps_nothing(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="aktau", region="KZ-47-AKT")
    make_beds(session, facility="aktau", capacity=200, occupied=180)
    report = _report_004(client)
    fact = _beds(report, "total", 1766)
    audit_rows = session.scalar(select(func.count()).select_from(AuditEntry))
    shown = reports.preview(session, fact["id"], actor=TESTER)
    assert shown["region"] == "KZ-47"
    assert (shown["before"]["capacity"], shown["before"]["occupied"]) == (200, 180)
    assert (shown["after"]["capacity"], shown["after"]["occupied"], shown["after"]["occupancy_pct"]) == (1766, 1342, 76.0)
    session.commit()  # whatever the preview left would be kept now
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows
    assert _total(client)["capacity"] == 200
    assert client.get(f"/api/reports/{report['id']}").json()["facts"][0]["status"] == "pending"
    applied = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert applied.status_code == 200 and _total(client)["capacity"] == shown["after"]["capacity"]


def test_a_second_figure_for_a_type_takes_only_the_new_beds_out_of_the_total(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _report_004(client)
    for bed_type, count in (("total", 1766), ("infectious", 230)):
        assert client.post(f"/api/facts/{_beds(report, bed_type, count)['id']}/review", json={"decision": "accept"}).status_code == 200
    again = _beds(report, "quarantine", 190)
    response = client.post(f"/api/facts/{again['id']}/review",
                           json={"decision": "correct", "data": {"bed_type": "infectious", "count": 250}})
    assert response.status_code == 200, response.text
    capacity = client.get("/api/regions/KZ-47/capacity").json()
    assert capacity["by_type"]["infectious"]["capacity"] == 250
    assert (capacity["total"]["capacity"], capacity["total"]["occupied"]) == (1766, 1342), "the region's total is not carved twice"
