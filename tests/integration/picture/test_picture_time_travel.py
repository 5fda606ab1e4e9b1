"""Issue 17, finding 1 (time travel): a fact is dated as its report says, else by the
reviewer, never today by default; a figure dated after today is refused; each region's
forecast starts from its own newest figures, not from the newest report anywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import make_beds, make_facility, make_region, mangystau

DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "reports" / "docs"


def _report_004(client) -> dict:  # noqa: ANN001
    path = next(DOCS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    response = client.post("/api/reports", json={"text": path.read_text(encoding="utf-8")})
    assert response.status_code == 201, response.text
    return response.json()


def _total_beds(report: dict) -> dict:
    return next(f for f in report["facts"] if f["type"] == "beds" and f["data"]["bed_type"] == "total")


def test_an_undated_report_asks_the_reviewer_for_the_date_and_never_uses_today(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _report_004(client)
    assert report["published"] is None, "report 004 states no publication date"
    fact = _total_beds(report)
    refused = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "date"]
    assert client.get("/api/regions/KZ-47/capacity").json()["total"]["capacity"] == 0, "nothing stored"
    accepted = client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept", "date": "2020-07-06"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["data"]["date"] == "2020-07-06"
    capacity = client.get("/api/regions/KZ-47/capacity").json()
    assert capacity["as_of"] == "2020-07-06" and capacity["total"]["capacity"] == 1766


def test_the_report_date_wins_over_the_reviewers(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    path = next(DOCS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    report = client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), "published": "2020-07-06"}).json()
    fact = _total_beds(report)
    assert client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept", "date": "2020-07-01"}).status_code == 200
    assert client.get("/api/regions/KZ-47/capacity").json()["as_of"] == "2020-07-06"


@pytest.mark.parametrize("how", ["fact", "reviewer", "report"])
def test_a_figure_dated_in_the_future_is_refused(client, session, how: str) -> None:  # noqa: ANN001
    mangystau(session)
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    path = next(DOCS.glob("004_*.txt"), None)
    if path is None:
        pytest.skip(f"the shared fixtures are not beside the repository ({DOCS})")
    extra = {"published": later} if how == "report" else {}
    report = client.post("/api/reports", json={"text": path.read_text(encoding="utf-8"), **extra}).json()
    fact = _total_beds(report)
    review = {"fact": {"decision": "correct", "data": {"date": later}},
              "reviewer": {"decision": "accept", "date": later},
              "report": {"decision": "accept"}}[how]
    refused = client.post(f"/api/facts/{fact['id']}/review", json=review)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["loc"][-1] == "date"
    assert client.get("/api/regions/KZ-47/capacity").json()["total"]["capacity"] == 0, "nothing stored"
    assert client.get(f"/api/reports/{report['id']}").json()["facts"][0]["status"] == "pending"


def test_tomorrow_is_within_the_tolerance(client, session) -> None:  # noqa: ANN001
    mangystau(session)
    report = _report_004(client)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    accepted = client.post(f"/api/facts/{_total_beds(report)['id']}/review", json={"decision": "accept", "date": tomorrow})
    assert accepted.status_code == 200, accepted.text


def _two_regions(session) -> None:  # noqa: ANN001
    make_region(session)
    for code in ("A", "B"):
        make_region(session, code=code, level="region", names={"en": code}, population=1_000_000)
        make_facility(session, key=code.lower(), region=code)
        make_beds(session, facility=code.lower(), capacity=100, occupied=90, as_of="2020-07-06")
    make_beds(session, facility="b", capacity=100, occupied=95, as_of="2020-07-20")  # B reports again, two weeks on


def test_a_newer_figure_of_another_region_does_not_move_a_regions_day_0(client, session) -> None:  # noqa: ANN001
    _two_regions(session)
    a = client.get("/api/regions/A/forecast").json()
    assert a["start"] == "2020-07-06", "A's forecast starts from A's own newest figure"
    b = client.get("/api/regions/B/forecast").json()
    assert b["start"] == "2020-07-20"
    rows = {r["region"]: r for r in client.get("/api/forecast/exhaustion").json()["regions"]}
    assert rows["A"]["exhaustion_date"] == (dt.date(2020, 7, 6) + dt.timedelta(days=rows["A"]["days_left"])).isoformat()
    assert rows["B"]["exhaustion_date"] == (dt.date(2020, 7, 20) + dt.timedelta(days=rows["B"]["days_left"])).isoformat()


def test_the_region_page_outlook_starts_from_the_regions_own_figures(client, session) -> None:  # noqa: ANN001
    from surgeops.web.pages import outlook, queries

    _two_regions(session)
    found = outlook.compute(session, queries.region_beds(session, as_of=None), None)
    assert found["A"].start == dt.date(2020, 7, 6) and found["B"].start == dt.date(2020, 7, 20)
