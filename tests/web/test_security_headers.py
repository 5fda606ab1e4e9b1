"""Every answer, page or API, error or not, forbids MIME sniffing and framing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("url", ["/", "/api/health", "/api/regions", "/no-such-page", "/static/style.css"])
def test_security_headers_on_every_answer(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "same-origin"
