"""Accounts and scopes: every write is checked on the server; outside one's scope is 403
and changes nothing; a revoked token stops at once; logins are rate limited."""

from __future__ import annotations

from fastapi.testclient import TestClient

from surgeops.services import accounts
from surgeops.services.audit import Actor
from surgeops.web.app import create_app

PASSWORD = "correct horse battery"


def _token(session, username: str, role: str, **scope) -> str:  # noqa: ANN001
    accounts.create_user(session, username=username, password=PASSWORD, role=role, actor=Actor("test"), **scope)
    return accounts.create_token(session, username, name="t", days=1, actor=Actor("test")).token


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_without_a_token_the_api_answers_401(secured, world) -> None:  # noqa: ANN001
    assert secured.get("/api/regions").status_code == 401
    assert secured.get("/api/health").status_code == 200


def test_regional_officer_cannot_touch_another_region(secured, world) -> None:  # noqa: ANN001
    officer = _auth(_token(world, "aigerim", "regional_officer", regions=("KZ-47",)))
    own = secured.post("/api/facilities", headers=officer, json={"key": "zh-1", "names": {"en": "Z"}, "kind": "clinic", "region": "KZ-47-AKT"})
    assert own.status_code == 201, own.text
    other = secured.post("/api/facilities", headers=officer, json={"key": "bg-2", "names": {"en": "B"}, "kind": "clinic", "region": "VN-54"})
    assert other.status_code == 403 and "VN-54" in other.text
    change = secured.patch("/api/facilities/bg-field", headers={**officer, "If-Match": '"1"'}, json={"kind": "clinic"})
    assert change.status_code == 403
    move_out = secured.patch("/api/facilities/aktau", headers={**officer, "If-Match": '"1"'}, json={"region": "VN-54"})
    assert move_out.status_code == 403
    delete = secured.delete("/api/facilities/bg-field", headers={**officer, "If-Match": '"1"'})
    assert delete.status_code == 403
    facility = secured.get("/api/facilities/bg-field", headers=officer).json()
    assert facility["kind"] == "general_hospital" and facility["version"] == 1
    assert secured.get("/api/facilities", headers=officer, params={"region": "VN-54"}).json()["total"] == 1


def test_facility_reporter_only_reports_their_own_beds(secured, world) -> None:  # noqa: ANN001
    reporter = _auth(_token(world, "nurse", "facility_reporter", facilities=("aktau",)))
    bed = {"bed_type": "icu", "as_of": "2020-07-07", "capacity": 10, "occupied": 4}
    assert secured.post("/api/beds", headers=reporter, json={"facility": "aktau", **bed}).status_code == 201
    before = secured.get("/api/beds", headers=reporter, params={"facility": "bg-field"}).json()["total"]
    refused = secured.post("/api/beds", headers=reporter, json={"facility": "bg-field", **bed})
    assert refused.status_code == 403 and "bed_snapshot records of bg-field" in refused.text
    assert secured.get("/api/beds", headers=reporter, params={"facility": "bg-field"}).json()["total"] == before
    assert secured.patch("/api/facilities/aktau", headers={**reporter, "If-Match": '"1"'}, json={"kind": "clinic"}).status_code == 403


def test_viewer_cannot_write(secured, world) -> None:  # noqa: ANN001
    viewer = _auth(_token(world, "watcher", "viewer"))
    assert secured.get("/api/regions", headers=viewer).status_code == 200
    assert secured.patch("/api/regions/KZ-47", headers={**viewer, "If-Match": '"1"'}, json={"population": 1}).status_code == 403
    assert secured.post("/api/reports", headers=viewer, json={"text": "Nothing happened today."}).status_code == 403
    assert secured.get("/api/regions/KZ-47", headers=viewer).json()["population"] is None


def test_a_revoked_token_stops_working_at_once(secured, world) -> None:  # noqa: ANN001
    token = _token(world, "boss", "national_coordinator")
    assert secured.get("/api/regions", headers=_auth(token)).status_code == 200
    token_id = accounts.list_tokens(world)[-1]["id"]
    accounts.revoke_token(world, token_id, actor=Actor("test"))
    assert secured.get("/api/regions", headers=_auth(token)).status_code == 401


def test_login_does_not_reveal_which_users_exist_and_locks_out(secured, world) -> None:  # noqa: ANN001
    accounts.create_user(world, username="aliya", password=PASSWORD, role="viewer", actor=Actor("test"))
    unknown = secured.post("/api/auth/login", json={"username": "nobody", "password": "whatever-long"})
    wrong = secured.post("/api/auth/login", json={"username": "aliya", "password": "wrong-password"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    for _ in range(4):
        secured.post("/api/auth/login", json={"username": "aliya", "password": "wrong-password"})
    locked = secured.post("/api/auth/login", json={"username": "aliya", "password": PASSWORD})
    assert locked.status_code == 401 and locked.json() == wrong.json()


def test_session_cookie_signs_in_and_out(secured, world) -> None:  # noqa: ANN001
    accounts.create_user(world, username="dana", password=PASSWORD, role="reviewer", actor=Actor("test"))
    assert secured.post("/api/auth/login", json={"username": "dana", "password": PASSWORD}).status_code == 200
    assert secured.get("/api/auth/me").json()["role"] == "reviewer"
    assert secured.post("/api/auth/logout").status_code == 403  # a write by cookie shows where it comes from (web/csrf.py)
    assert secured.post("/api/auth/logout", headers={"X-CSRF-Token": secured.cookies["surgeops_csrf"]}).status_code == 200
    assert secured.get("/api/regions").status_code == 401


def test_login_attempts_are_rate_limited(secured, world) -> None:  # noqa: ANN001
    codes = [secured.post("/api/auth/login", json={"username": "x", "password": "y"}).status_code for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429


def test_changes_record_the_signed_in_user(secured, world) -> None:  # noqa: ANN001
    boss = _auth(_token(world, "boss", "national_coordinator"))
    secured.patch("/api/regions/KZ-47", headers={**boss, "If-Match": '"1"'}, json={"population": 700_000})
    entry = secured.get("/api/audit", headers=boss, params={"entity": "region"}).json()["items"][0]
    assert entry["actor"] == "boss" and entry["remote_addr"]


def test_only_administrators_and_national_coordinators_read_the_audit_trail(secured, world) -> None:  # noqa: ANN001
    boss = _auth(_token(world, "chief", "national_coordinator"))
    secured.patch("/api/regions/KZ-47", headers={**boss, "If-Match": '"1"'}, json={"population": 700_001})
    assert secured.get("/api/audit", headers=boss).json()["total"] >= 1
    for name, role, scope in (("eye", "viewer", {}), ("akimat", "regional_officer", {"regions": ("KZ-47",)}),
                              ("nurse2", "facility_reporter", {"facilities": ("aktau",)})):
        headers = _auth(_token(world, name, role, **scope))
        for url in ("/api/audit", "/api/audit/export.csv"):
            refused = secured.get(url, headers=headers)
            assert refused.status_code == 403 and "audit trail" in refused.json()["detail"], (role, url)


def test_viewers_and_reviewers_cannot_record_sample_events(secured, world) -> None:  # noqa: ANN001
    event = {"events": [{"sample_id": "S1", "event": "declared", "at": "2021-05-18T08:00:00+07:00", "place": "Bac Giang CDC"}]}
    viewer = _auth(_token(world, "watcher", "viewer"))
    assert secured.post("/api/testing/events", headers=viewer, json=event).status_code == 403
    lab = _auth(_token(world, "lab", "facility_reporter", facilities=("bg-field",)))
    assert secured.post("/api/testing/events", headers=lab, json=event).status_code == 201


def test_the_session_cookie_is_http_only_secure_and_same_site(db, settings, world) -> None:  # noqa: ANN001
    accounts.create_user(world, username="dana", password=PASSWORD, role="viewer", actor=Actor("test"))
    with TestClient(create_app(settings.replace(auth_required=True), db=db), base_url="https://testserver") as client:
        response = client.post("/api/auth/login", json={"username": "dana", "password": PASSWORD})
        assert response.status_code == 200
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
        token = cookie.split(";")[0].split("=", 1)[1]
        assert token and token not in response.text  # the session token travels only in the cookie
