"""Helpers of the dashboard tests: submit a form as a browser would (with its CSRF token)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def csrf_of(client: TestClient, form_url: str) -> str:
    """Open the form page (which sets the CSRF cookie) and read its hidden token."""
    page = client.get(form_url)
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def post_form(client: TestClient, url: str, data: dict[str, Any], *, form_url: str | None = None, **kwargs: Any):  # noqa: ANN201
    """Submit a dashboard form as a browser would: with the token of the page it came from."""
    token = csrf_of(client, form_url or url)
    return client.post(url, data={**data, "csrf": token}, **kwargs)
