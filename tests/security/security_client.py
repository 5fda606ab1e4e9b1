"""Helpers of the security suite: act on the dashboard as a browser does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


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
