"""Helpers of the security suite: act on the dashboard as a browser does."""

from __future__ import annotations

import re
import threading
from typing import Callable

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


def in_parallel(count: int, attempt: Callable[[int], int]) -> list[int]:
    """Run `attempt(i)` on `count` threads released together; their status codes (-1 for
    an exception raised, which is as much a failure as a 500)."""
    barrier, codes = threading.Barrier(count), [0] * count

    def run(i: int) -> None:
        barrier.wait(timeout=20)
        try:
            codes[i] = attempt(i)
        except Exception as exc:  # noqa: BLE001 - reported in the codes
            codes[i] = -1
            print(f"attempt {i}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return codes
