"""Issue 18 item 3: parallel wrong guesses beat the lock-out. They failed with 500
("database is locked" on SQLite, StaleDataError on PostgreSQL) and were not counted, so
after 8 wrong guesses the right password signed in. Each guess is now counted by one
UPDATE ... RETURNING: real parallel requests, through the API and the dashboard's form,
on both databases."""

from __future__ import annotations

from typing import Callable

from security_client import PASSWORD, csrf_of, in_parallel
from fastapi.testclient import TestClient
from sqlalchemy import select

from surgeops.db.tables import AuditEntry, User
from surgeops.services.accounts import MAX_FAILURES


def _api_guess(client: TestClient, password: str) -> Callable[[int], int]:
    return lambda i: client.post("/api/auth/login", json={"username": "admin", "password": f"{password}{i}"}).status_code


def _state(db) -> tuple[int, bool, list[str]]:  # noqa: ANN001
    with db.session() as session:
        user = session.scalars(select(User).where(User.username == "admin")).one()
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "user", AuditEntry.entity_id == "admin")
                                       .order_by(AuditEntry.id)))
        return user.failed_logins, user.locked_until is not None, actions


def test_parallel_wrong_guesses_are_each_counted(secured: TestClient, db) -> None:  # noqa: ANN001
    guesses = MAX_FAILURES - 1
    codes = in_parallel(guesses, _api_guess(secured, "wrong password "))
    assert codes == [401] * guesses, codes
    failures, locked, actions = _state(db)
    assert failures == guesses and not locked
    assert actions.count("login_failed") == guesses


def test_eight_parallel_guesses_lock_out_the_right_password(secured: TestClient, db) -> None:  # noqa: ANN001
    codes = in_parallel(8, _api_guess(secured, "wrong password "))
    assert codes == [401] * 8, codes
    failures, locked, actions = _state(db)
    assert locked and actions.count("lock") == 1 and actions.count("login_failed") == 8
    assert secured.post("/api/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 401
    assert "surgeops_session" not in secured.cookies


def test_parallel_guesses_on_the_dashboard_form_lock_it_too(secured: TestClient, db) -> None:  # noqa: ANN001
    token = csrf_of(secured)

    def guess(i: int) -> int:
        form = {"username": "admin", "password": f"wrong password {i}", "next": "/", "csrf": token}
        return secured.post("/login", data=form, follow_redirects=False).status_code

    codes = in_parallel(8, guess)
    assert codes == [401] * 8, codes
    assert _state(db)[1]
    right = secured.post("/login", data={"username": "admin", "password": PASSWORD, "next": "/", "csrf": token}, follow_redirects=False)
    assert right.status_code == 401


def test_the_right_password_clears_the_count(secured: TestClient, db) -> None:  # noqa: ANN001
    assert in_parallel(2, _api_guess(secured, "wrong password ")) == [401, 401]
    assert secured.post("/api/auth/login", json={"username": "admin", "password": PASSWORD}).status_code == 200
    failures, locked, actions = _state(db)
    assert failures == 0 and not locked and actions[-1] == "login"
