"""Record endpoints check the caller's token on their own worker thread (one trip to the
thread pool per request; a read also on its own connection), with the same answers as
before (401 for an unknown or revoked token, nothing written; the
change recorded under the caller's name; scoped callers refused)."""

from __future__ import annotations

import inspect
import threading
from contextlib import contextmanager
from typing import Iterator

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from builders import bearer, two_countries
from surgeops.db.tables import AuditEntry, BedSnapshot
from surgeops.services import accounts
from surgeops.services.access import Forbidden, check_write
from surgeops.services.audit import Actor
from surgeops.web.app import create_app
from surgeops.web.deps import UNIDENTIFIED, ActorDep, ReadSessionDep, SessionDep, SettingsDep
from surgeops.web.offload import ENDPOINT_THREADS, blocking_endpoint

BED = {"facility": "aktau", "bed_type": "icu", "as_of": "2020-07-07", "capacity": 10, "occupied": 4}


@pytest.fixture
def secured(db, settings) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(create_app(settings.replace(auth_required=True), db=db)) as client:
        yield client


@pytest.fixture
def world(session):  # noqa: ANN001, ANN201
    return two_countries(session)


@pytest.fixture
def hops(secured: TestClient, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What is sent to a thread: anyio's pool (plain `def` endpoints and dependencies) or
    the record endpoints' own pool."""
    sent: list[str] = []
    original = anyio.to_thread.run_sync

    async def counting(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        sent.append(f"anyio {getattr(fn, '__name__', fn)}")
        return await original(fn, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    pool = getattr(secured.app.state, ENDPOINT_THREADS)
    submit = pool.submit

    def counting_submit(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        sent.append("endpoint pool")
        return submit(fn, *args, **kwargs)

    monkeypatch.setattr(pool, "submit", counting_submit)
    return sent


def _checkouts(db) -> list[int]:  # noqa: ANN001
    """Connections taken from the pools: the main one and, on PostgreSQL, the autocommit one."""
    counted: list[int] = []
    for pool in {id(db.engine.pool): db.engine.pool, id(db.reads.pool): db.reads.pool}.values():
        event.listen(pool, "checkout", lambda *_: counted.append(1))
    return counted


def test_a_record_request_with_a_token_takes_one_thread(secured, world, db, hops) -> None:  # noqa: ANN001
    """A read checks the token on its own connection (it has no transaction). A write
    checks it on its session's autocommit connection and leaves the session without a
    transaction; on PostgreSQL the bed figure then goes in on that same connection (one
    from the pool), elsewhere in the session's transaction (a second)."""
    boss = bearer(world, "boss")
    checkouts = _checkouts(db)
    write_connections = 1 if db.dialect == "postgresql" else 2
    for method, path, body, connections in [("GET", "/api/beds?facility=aktau", None, 1), ("GET", "/api/regions/KZ-47/capacity?history=false", None, 1),
                                            ("GET", "/api/facilities/aktau", None, 1), ("POST", "/api/beds", BED, write_connections)]:
        hops.clear()
        checkouts.clear()
        answer = secured.request(method, path, json=body, headers=boss)
        assert answer.status_code in (200, 201), answer.text
        assert hops == ["endpoint pool"], path
        assert len(checkouts) == connections, path


def test_an_unknown_or_revoked_token_is_refused_before_anything_is_written(secured, world) -> None:  # noqa: ANN001
    boss = bearer(world, "boss")
    beds_before = world.scalar(select(func.count()).select_from(BedSnapshot))
    for headers in ({"Authorization": "Bearer sgo_not-a-token"}, {"Authorization": boss["Authorization"] + "x"}):
        assert secured.post("/api/beds", json=BED, headers=headers).status_code == 401
        assert secured.get("/api/beds", headers=headers).status_code == 401
        assert secured.patch("/api/facilities/aktau", json={"kind": "clinic"}, headers={**headers, "If-Match": '"1"'}).status_code == 401
        assert secured.delete("/api/facilities/aktau", headers={**headers, "If-Match": '"1"'}).status_code == 401
    token_id = accounts.list_tokens(world)[-1]["id"]
    assert secured.get("/api/regions/KZ-47/capacity", headers=boss).status_code == 200
    accounts.revoke_token(world, token_id, actor=Actor("test"))
    assert secured.get("/api/regions/KZ-47/capacity", headers=boss).status_code == 401
    assert secured.post("/api/beds", json=BED, headers=boss).status_code == 401
    world.expire_all()
    assert world.scalar(select(func.count()).select_from(BedSnapshot)) == beds_before
    assert secured.get("/api/facilities/aktau", headers=bearer(world, "other")).json()["kind"] == "general_hospital"


def test_an_unknown_caller_hears_401_before_what_is_wrong_with_the_request(secured, world) -> None:  # noqa: ANN001
    stranger = {"Authorization": "Bearer sgo_not-a-token"}
    assert secured.post("/api/beds", json={"facility": "aktau"}, headers=stranger).status_code == 401
    assert secured.get("/api/beds", params={"limit": 0}, headers=stranger).status_code == 401
    assert secured.get("/api/beds/not-a-number", headers=stranger).status_code == 401
    boss = bearer(world, "boss")
    invalid = secured.post("/api/beds", json={"facility": "aktau"}, headers=boss)
    assert invalid.status_code == 422 and "capacity" in invalid.text


def test_the_change_is_recorded_under_the_callers_name(secured, world) -> None:  # noqa: ANN001
    created = secured.post("/api/beds", json=BED, headers=bearer(world, "dana"))
    assert created.status_code == 201, created.text
    world.expire_all()
    entry = world.scalars(select(AuditEntry).where(AuditEntry.entity == "bed_snapshot", AuditEntry.entity_id == str(created.json()["id"]))).one()
    assert entry.actor == "dana"


def test_scoped_callers_are_still_refused(secured, world) -> None:  # noqa: ANN001
    nurse = bearer(world, "nurse", "facility_reporter", facilities=("aktau",))
    assert secured.post("/api/beds", json=BED, headers=nurse).status_code == 201
    refused = secured.post("/api/beds", json={**BED, "facility": "bg-field"}, headers=nurse)
    assert refused.status_code == 403
    unknown = secured.post("/api/beds", json={**BED, "facility": "nowhere"}, headers=nurse)
    assert unknown.status_code == 422 and "facility" in unknown.text


def test_the_stand_in_for_a_caller_not_yet_identified_may_write_nothing(world) -> None:  # noqa: ANN001
    with pytest.raises(Forbidden):
        check_write(world, UNIDENTIFIED, "bed_snapshot", BED)


def test_a_parameter_named_like_the_request_slot_is_refused() -> None:
    def endpoint(surgeops_request: str) -> str:
        return surgeops_request

    with pytest.raises(TypeError, match="surgeops_request"):
        blocking_endpoint(endpoint)


def test_the_session_is_opened_and_closed_on_the_endpoints_thread(secured, world, monkeypatch) -> None:  # noqa: ANN001
    """Not on the event loop: closing a session may roll back, a round trip that would
    hold every other request up."""
    db = secured.app.state.db
    threads: list[tuple[str, str]] = []
    for name in ("session", "read_session"):
        original = getattr(db, name)

        @contextmanager
        def recorded(original=original, name=name):  # noqa: ANN001, ANN202
            with original() as session:
                threads.append((name, threading.current_thread().name))
                yield session
            threads.append((name, threading.current_thread().name))

        monkeypatch.setattr(db, name, recorded)
    boss = bearer(world, "boss")
    assert secured.post("/api/beds", json=BED, headers=boss).status_code == 201
    assert secured.get("/api/beds", headers=boss).status_code == 200
    assert [name for name, _ in threads] == ["session", "session", "read_session", "read_session"]
    assert all(thread.startswith("surgeops-endpoint") for _, thread in threads), threads


def test_the_session_settings_and_caller_are_not_asked_of_fastapi() -> None:
    def endpoint(key: int, session: SessionDep, settings: SettingsDep, actor: ActorDep) -> int:
        return key

    assert list(inspect.signature(blocking_endpoint(endpoint)).parameters) == ["key", "surgeops_request"]

    def two(a: SessionDep, b: ReadSessionDep) -> None:
        return None

    with pytest.raises(TypeError, match="one session"):
        blocking_endpoint(two)
