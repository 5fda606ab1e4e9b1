"""Fixtures of the security suite (issue 18): apps with accounts required over both
databases, a signed-in dashboard browser, and helpers that act as an attacker would."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from surgeops.services import accounts
from surgeops.services.audit import SYSTEM
from surgeops.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def secured(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    """The API and dashboard with accounts required, and an admin called 'admin'."""
    with db.session() as session:
        accounts.create_user(session, username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    with TestClient(create_app(settings.replace(auth_required=True), db=db)) as client:
        yield client


def csrf_of(client: TestClient, form_url: str = "/login") -> str:
    """Open a form page (which sets the CSRF cookie) and read its hidden token."""
    page = client.get(form_url)
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def sign_in(client: TestClient, username: str = "admin", password: str = PASSWORD) -> None:
    """Sign in through the dashboard's form, as a browser does: the session cookie is kept."""
    response = client.post("/login", data={"username": username, "password": password, "next": "/", "csrf": csrf_of(client)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
