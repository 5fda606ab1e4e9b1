"""Issue 18 item 10 (user rows): failed sign-ins, lock-outs, language changes, sign-outs
and every other change to a user row leave an audit row, with the caller's address and
without a password or a hash in it."""

from __future__ import annotations

import json

from security_client import PASSWORD, sign_in
from fastapi.testclient import TestClient
from sqlalchemy import select

from surgeops.db.tables import AuditEntry
from surgeops.services.accounts import MAX_FAILURES

SECRET = "my secret guess 1234"


def _rows(db, entity: str = "user") -> list[AuditEntry]:  # noqa: ANN001
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))


def _no_secret_in(rows: list[AuditEntry]) -> None:
    for row in rows:
        text = json.dumps([row.actor, row.entity_id, row.before, row.after])
        assert SECRET not in text and PASSWORD not in text and "$argon2" not in text and "password_hash" not in text, text


def test_a_failed_sign_in_is_audited_with_its_address(secured: TestClient, db) -> None:  # noqa: ANN001
    assert secured.post("/api/auth/login", json={"username": "admin", "password": SECRET}).status_code == 401
    rows = [r for r in _rows(db) if r.action == "login_failed"]
    assert len(rows) == 1 and rows[0].entity_id == "admin" and rows[0].remote_addr == "testclient"
    assert rows[0].after["failed_logins"] == 1
    _no_secret_in(_rows(db))


def test_a_name_no_user_has_is_audited_without_the_name(secured: TestClient, db) -> None:  # noqa: ANN001
    """A user name typed may be a password typed in the wrong box: it is not kept."""
    assert secured.post("/api/auth/login", json={"username": SECRET, "password": SECRET}).status_code == 401
    rows = [r for r in _rows(db) if r.action == "login_failed"]
    assert len(rows) == 1 and rows[0].entity_id == "(unknown user)" and rows[0].actor == "anonymous"
    _no_secret_in(rows)


def test_a_lock_out_and_the_refusals_during_it_are_audited(secured: TestClient, db) -> None:  # noqa: ANN001
    for _ in range(MAX_FAILURES + 1):
        secured.post("/api/auth/login", json={"username": "admin", "password": SECRET})
    actions = [r.action for r in _rows(db)]
    assert actions.count("lock") == 1 and actions.count("login_failed") == MAX_FAILURES + 1
    assert _rows(db)[-1].after["refused"] == "locked"
    _no_secret_in(_rows(db))


def test_the_count_cleared_by_a_right_password_is_audited(secured: TestClient, db) -> None:  # noqa: ANN001
    secured.post("/api/auth/login", json={"username": "admin", "password": SECRET})
    assert secured.post("/api/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 200
    last = _rows(db)[-1]
    assert last.action == "login" and last.before["failed_logins"] == 1 and last.after["failed_logins"] == 0
    _no_secret_in(_rows(db))


def test_a_language_change_is_audited(secured: TestClient, db) -> None:  # noqa: ANN001
    sign_in(secured)
    assert secured.get("/?lang=vi").status_code == 200
    change = [r for r in _rows(db) if r.action == "update"]
    assert len(change) == 1 and change[0].entity_id == "admin" and change[0].actor == "admin"
    assert change[0].before["language"] is None and change[0].after["language"] == "vi"
    assert change[0].remote_addr == "testclient"


def test_signing_out_is_audited(secured: TestClient, db) -> None:  # noqa: ANN001
    sign_in(secured)
    token = secured.get("/").text.split('name="csrf" value="')[1].split('"')[0]
    assert secured.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    revoked = [r for r in _rows(db, "api_token") if r.action == "revoke"]
    assert len(revoked) == 1 and revoked[0].actor == "admin"
