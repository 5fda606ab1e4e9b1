"""A worker runs blocking endpoints on a small thread pool (setting worker_threads), so a saturated
server queues requests on its event loop instead of running ever more concurrent
transactions."""

from __future__ import annotations

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from surgeops.config import load_settings
from surgeops.web import app as web_app
from surgeops.web.offload import ENDPOINT_THREADS


def _tokens(settings, db) -> tuple[int, int]:  # noqa: ANN001 - fixtures
    """(anyio's thread limit, the record endpoints' pool size) of the running app."""
    with TestClient(web_app.create_app(settings, db=db)) as client:
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/regions").status_code == 200  # a record endpoint, on its own pool
        pool = getattr(client.app.state, ENDPOINT_THREADS)._max_workers
    return tokens, pool


def test_the_running_app_limits_its_thread_pools(db, settings) -> None:  # noqa: ANN001 - fixtures
    assert _tokens(settings, db) == (4, 4)  # anyio's default is 40
    assert _tokens(settings.replace(worker_threads=2), db) == (2, 2)


def test_worker_threads_is_read_from_the_environment() -> None:
    assert load_settings(environ={"SURGEOPS_WORKER_THREADS": "6"}).worker_threads == 6
    with pytest.raises(ValueError, match="worker_threads"):
        load_settings(environ={"SURGEOPS_WORKER_THREADS": "0"})
