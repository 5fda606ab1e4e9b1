"""A worker runs blocking endpoints on a small thread pool (WORKER_THREADS), so a saturated
server queues requests on its event loop instead of running ever more concurrent
transactions."""

from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient

from surgeops.web import app as web_app


def test_the_running_app_limits_its_thread_pool(db, settings) -> None:  # noqa: ANN001 - fixtures
    with TestClient(web_app.create_app(settings, db=db)) as client:
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert client.get("/api/health").status_code == 200
    assert tokens == web_app.WORKER_THREADS < 40  # anyio's default is 40
