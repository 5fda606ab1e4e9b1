"""Issue 18 items 6 and 12: every lost race is a 409, on both databases. Losers of a
same-ETag PATCH race, of parallel plan applies and of parallel fact accepts got 500
(SQLite "database is locked", PostgreSQL StaleDataError or a unique violation); the
winner's change is applied once, and the losers change nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from security_client import csrf_of, in_parallel
from sqlalchemy import func, select

from builders import make_facility, mangystau, country_to_plan
from surgeops.db.tables import AuditEntry, BedSnapshot, Deployment, Fact, Facility, Plan, Report, Shipment

RACERS = 6
MANGYSTAU = ("Маңғыстау облысында коронавирус инфекциясы бойынша барлығы 1766 төсек-орын дайындалды. "
             "Бүгінгі күні олардың сыйымдылығы 76 % - ды құрап отыр.")


def _count(session, table, *where) -> int:  # noqa: ANN001
    session.expire_all()
    return session.scalar(select(func.count()).select_from(table).where(*where))


def _one_won(codes: list[int], won: int = 200) -> None:
    assert sorted(codes) == [won] + [409] * (len(codes) - 1), codes


def test_a_same_etag_patch_race_has_one_winner_and_409s(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="h0")
    codes = in_parallel(RACERS, lambda i: raw_client.patch(
        "/api/facilities/h0", json={"names": {"en": f"Renamed by {i}"}}, headers={"If-Match": '"1"'}).status_code)
    _one_won(codes)
    session.expire_all()
    assert session.scalar(select(Facility.version).where(Facility.key == "h0")) == 2
    assert _count(session, AuditEntry, AuditEntry.action == "update") == 1


def test_a_same_etag_delete_race_has_one_winner_and_409s_or_404s(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    make_facility(session, key="h0")
    codes = in_parallel(RACERS, lambda i: raw_client.delete("/api/facilities/h0", headers={"If-Match": '"1"'}).status_code)
    assert codes.count(204) == 1 and set(codes) <= {204, 404, 409}, codes
    assert _count(session, AuditEntry, AuditEntry.action == "delete") == 1


def _approved_plan(client: TestClient, session) -> int:  # noqa: ANN001
    country_to_plan(session)
    plan = client.post("/api/plans", json={"country": "KZ", "time_limit": 10}).json()
    assert client.post(f"/api/plans/{plan['id']}/review", json={"decision": "approve"}).status_code == 200
    return plan["id"]


def test_parallel_plan_applies_apply_it_once(raw_client: TestClient, session) -> None:  # noqa: ANN001
    plan_id = _approved_plan(raw_client, session)
    codes = in_parallel(RACERS, lambda i: raw_client.post(f"/api/plans/{plan_id}/apply", json={}).status_code)
    _one_won(codes)
    assert _count(session, Deployment) == 1 and _count(session, Shipment) == 1
    assert session.scalar(select(Plan.review).where(Plan.id == plan_id)) == "applied"
    assert _count(session, AuditEntry, AuditEntry.action == "apply") == 1


def test_parallel_plan_applies_from_the_dashboard_apply_it_once(raw_client: TestClient, session) -> None:  # noqa: ANN001
    plan_id = _approved_plan(raw_client, session)
    token = csrf_of(raw_client, f"/planner/{plan_id}")
    codes = in_parallel(RACERS, lambda i: raw_client.post(f"/planner/{plan_id}", data={"action": "apply", "csrf": token},
                                                          follow_redirects=False).status_code)
    assert codes.count(303) == 1 and codes.count(409) == RACERS - 1, codes
    assert _count(session, Deployment) == 1 and _count(session, Shipment) == 1


def _pending_beds_fact(client: TestClient, session) -> dict:  # noqa: ANN001
    mangystau(session)
    report = client.post("/api/reports", json={"text": MANGYSTAU, "published": "2020-07-06"}).json()
    return next(f for f in report["facts"] if f["type"] == "beds")


def test_parallel_fact_accepts_apply_it_once(raw_client: TestClient, session) -> None:  # noqa: ANN001
    fact = _pending_beds_fact(raw_client, session)
    codes = in_parallel(RACERS, lambda i: raw_client.post(f"/api/facts/{fact['id']}/review", json={"decision": "accept"}).status_code)
    _one_won(codes)
    assert _count(session, BedSnapshot) == 1
    assert _count(session, AuditEntry, AuditEntry.action == "accept") == 1
    assert session.scalar(select(Fact.status).where(Fact.id == fact["id"])) == "accepted"


def test_parallel_fact_accepts_from_the_review_page_apply_it_once(raw_client: TestClient, session) -> None:  # noqa: ANN001
    fact = _pending_beds_fact(raw_client, session)
    page = f"/reports/{fact['report']}"
    token = csrf_of(raw_client, page)
    codes = in_parallel(RACERS, lambda i: raw_client.post(f"{page}/facts/{fact['id']}", data={"decision": "accept", "csrf": token},
                                                          follow_redirects=False).status_code)
    assert codes.count(303) == 1 and codes.count(409) == RACERS - 1, codes
    assert _count(session, BedSnapshot) == 1


def test_parallel_submits_of_one_text_store_it_once(raw_client: TestClient, session) -> None:  # noqa: ANN001
    mangystau(session)
    codes = in_parallel(RACERS, lambda i: raw_client.post("/api/reports", json={"text": MANGYSTAU, "published": "2020-07-06"}).status_code)
    assert sorted(codes) == [200] * (RACERS - 1) + [201], codes
    assert _count(session, Report) == 1
    assert _count(session, AuditEntry, AuditEntry.entity == "report") == 1
