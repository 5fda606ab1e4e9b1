"""A planner run, from the dashboard or the API, holds up no other request: it runs on
its own thread, off the event loop and off the threads every other request shares."""

from __future__ import annotations

import threading
from typing import Any, Callable

import pytest
from dashboard_forms import csrf_of
from fastapi.testclient import TestClient

from surgeops.domain.errors import InvalidField
from surgeops.services import planning

WAIT = 20  # seconds: bounds the test if the server were blocked, asserts nothing


def _slow_plan(started: threading.Event, release: threading.Event, state: dict[str, bool]) -> Callable[..., Any]:
    def run_plan(session: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(WAIT)
        state["finished"] = True
        raise InvalidField("country", "stopped by the test")
    return run_plan


@pytest.mark.parametrize("route", ["page", "api"])
def test_other_requests_are_answered_while_a_plan_runs(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                       route: str) -> None:
    started, release, state = threading.Event(), threading.Event(), {"finished": False}
    monkeypatch.setattr(planning, "run_plan", _slow_plan(started, release, state))
    token = csrf_of(client, "/planner")
    answers: dict[str, Any] = {}

    def submit() -> None:
        if route == "page":
            answers["plan"] = client.post("/planner", data={"country": "VN", "csrf": token})
        else:
            answers["plan"] = client.post("/api/plans", json={"country": "VN"})

    worker = threading.Thread(target=submit)
    worker.start()
    try:
        assert started.wait(WAIT), "the plan run began"
        health = client.get("/api/health")
        overview = client.get("/")
        assert health.status_code == 200 and overview.status_code == 200
        assert not state["finished"], "both were answered while the plan was still running"
    finally:
        release.set()
        worker.join(WAIT)
    assert answers["plan"].status_code == 422
