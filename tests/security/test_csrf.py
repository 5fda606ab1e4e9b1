"""Issue 18 item 4, cross-site request forgery: a page on another port of the same host
created a facility as the signed-in admin through a raw-body import endpoint (any content
type, the session cookie, no token or Origin check). Every POST, PUT, PATCH and DELETE
that acts with the session cookie now needs a same-origin `Sec-Fetch-Site` or `Origin`,
or, from a client that sends neither, the form token; bearer-token calls are unaffected.
Variants: the raw-body import, a JSON API write, a dashboard form and the sign-in form."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from security_client import PASSWORD, csrf_of, sign_in
from sqlalchemy import func, select

from builders import make_facility, mangystau
from surgeops.db.tables import Facility, Report
from surgeops.services import accounts
from surgeops.services.audit import SYSTEM

OWN = "http://testserver"  # the TestClient's origin
OTHER_PORT = "http://testserver:8001"  # same host and site, another origin
CROSS = [{"Origin": OTHER_PORT}, {"Origin": "null"}, {"Origin": "https://evil.example"},
         {"Sec-Fetch-Site": "same-site"}, {"Sec-Fetch-Site": "cross-site"},
         {"Sec-Fetch-Site": "same-site", "Origin": OWN}, {}]  # {}: no browser header, and no token either


def _facilities(db) -> int:  # noqa: ANN001
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Facility))


@pytest.fixture
def hxl(secured: TestClient, db) -> str:  # noqa: ANN001
    """A facilities HXL file naming a facility not yet stored (the admin signed in by cookie)."""
    with db.session() as session:
        mangystau(session)
        make_facility(session, key="hosp-1")
    sign_in(secured)
    exported = secured.get("/api/exports/facilities.hxl.csv")
    assert exported.status_code == 200, exported.text
    return exported.text.replace("hosp-1", "planted")


@pytest.mark.parametrize("headers", CROSS)
def test_a_raw_body_import_from_another_origin_is_refused(secured: TestClient, db, hxl: str, headers: dict) -> None:  # noqa: ANN001
    response = secured.post("/api/imports/facilities.hxl.csv", content=hxl, headers={"content-type": "text/plain", **headers})
    assert response.status_code == 403, response.text
    assert _facilities(db) == 1


@pytest.mark.parametrize("headers", [{"Origin": OWN}, {"Origin": OWN + ":80"}, {"Sec-Fetch-Site": "same-origin"},
                                     {"Sec-Fetch-Site": "same-origin", "Origin": OTHER_PORT}])
def test_our_own_pages_may_import(secured: TestClient, db, hxl: str, headers: dict) -> None:  # noqa: ANN001
    response = secured.post("/api/imports/facilities.hxl.csv", content=hxl, headers={"content-type": "text/csv", **headers})
    assert response.status_code == 200, response.text
    assert _facilities(db) == 2


def test_a_script_without_browser_headers_shows_the_form_token(secured: TestClient, db, hxl: str) -> None:  # noqa: ANN001
    token = secured.cookies["surgeops_csrf"]
    forged = secured.post("/api/imports/facilities.hxl.csv", content=hxl, headers={"content-type": "text/csv", "X-CSRF-Token": "x" + token})
    assert forged.status_code == 403
    shown = secured.post("/api/imports/facilities.hxl.csv", content=hxl, headers={"content-type": "text/csv", "X-CSRF-Token": token})
    assert shown.status_code == 200, shown.text


def test_json_writes_patches_and_deletes_by_cookie_are_refused_cross_origin(secured: TestClient, db, hxl: str) -> None:  # noqa: ANN001
    cross = {"Origin": OTHER_PORT}
    facility = {"key": "planted", "names": {"en": "P"}, "kind": "general_hospital", "region": "KZ-47", "lat": 43.6, "lon": 51.1}
    assert secured.post("/api/facilities", json=facility, headers=cross).status_code == 403
    assert secured.patch("/api/facilities/hosp-1", json={"names": {"en": "Renamed"}}, headers={**cross, "If-Match": "1"}).status_code == 403
    assert secured.delete("/api/facilities/hosp-1", headers={**cross, "If-Match": "1"}).status_code == 403
    with db.session() as session:
        assert [names["en"] for names in session.scalars(select(Facility.names))] == ["Hospital 1"]
    assert secured.post("/api/facilities", json=facility, headers={"Origin": OWN}).status_code == 201


def test_bearer_token_calls_are_unaffected(secured: TestClient, db, hxl: str) -> None:  # noqa: ANN001
    with db.session() as session:
        token = accounts.create_token(session, "admin", name="script", days=1, actor=SYSTEM).token
    secured.cookies.clear()
    response = secured.post("/api/imports/facilities.hxl.csv", content=hxl,
                            headers={"content-type": "text/csv", "Authorization": f"Bearer {token}", "Origin": OTHER_PORT})
    assert response.status_code == 200, response.text


def _report_form(client: TestClient, token: str, headers: dict) -> int:
    return client.post("/reports/new", data={"text": "В Мангистауской области 1766 коек.", "csrf": token}, headers=headers,
                       follow_redirects=False).status_code


def test_a_dashboard_form_from_another_origin_is_refused_even_with_a_token(secured: TestClient, db) -> None:  # noqa: ANN001
    """A page on the same host can set our cookies (cookies know no ports), so a token
    it planted proves nothing: what the browser says of the origin decides."""
    sign_in(secured)
    token = csrf_of(secured, "/reports/new")
    assert _report_form(secured, token, {"Origin": OTHER_PORT}) == 403
    assert _report_form(secured, token, {"Sec-Fetch-Site": "same-site"}) == 403
    assert _report_form(secured, "forged", {}) == 403
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0
    assert _report_form(secured, token, {"Sec-Fetch-Site": "same-origin"}) == 303
    assert _report_form(secured, "", {"Origin": OWN}) == 303  # the same text again: stored once
    assert _report_form(secured, token, {}) == 303


def test_signing_in_from_another_origin_is_refused(secured: TestClient) -> None:
    """Login CSRF: another site signing the victim's browser in to the attacker's account."""
    form = {"username": "admin", "password": PASSWORD, "csrf": csrf_of(secured)}
    assert secured.post("/login", data=form, headers={"Origin": OTHER_PORT}, follow_redirects=False).status_code == 403
    assert secured.post("/api/auth/login", json={"username": "admin", "password": PASSWORD},
                        headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert "surgeops_session" not in secured.cookies
