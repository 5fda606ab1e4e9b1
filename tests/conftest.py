"""Shared fixtures. Every test that takes `db` (or `client`, `session`) runs twice: on a
SQLite file and on PostgreSQL (SURGEOPS_TEST_POSTGRES_URL). Under CI a missing or
unreachable PostgreSQL fails the run instead of skipping it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from surgeops.config import load_settings
from surgeops.db import guards
from surgeops.db.engine import Database
from surgeops.db.migrate import upgrade
from surgeops.db.tables import Base

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PG_ENV = "SURGEOPS_TEST_POSTGRES_URL"


def _postgres_url() -> str | None:
    """Create a fresh database next to the configured one and return its URL."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: the integration suite must also run on PostgreSQL under CI")
        return None
    url = make_url(base)
    name = f"surgeops_test_{os.getpid()}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means the same thing here
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {base} is unreachable: {exc}")
        return None
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Database | None]]:
    sqlite = Database.connect(f"sqlite:///{tmp_path_factory.mktemp('db') / 'surgeops.db'}")
    upgrade(sqlite)
    pg_url = _postgres_url()
    pg = Database.connect(pg_url) if pg_url else None
    if pg:
        upgrade(pg)
    yield {"sqlite": sqlite, "postgresql": pg}
    sqlite.dispose()
    if pg and pg_url:
        pg.dispose()
        _drop_postgres(pg_url)


def _empty(db: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for statement in guards.DROP["sqlite"]:  # the audit trail refuses DELETE: lift it to empty the tables
                conn.execute(text(statement))
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
            for statement in guards.CREATE["sqlite"]:
                conn.execute(text(statement))


@pytest.fixture
def empty_database():  # noqa: ANN201
    """The function that empties a database between examples (stateful tests run many in one test)."""
    return _empty


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, _databases: dict[str, Database | None]) -> Iterator[Database]:
    database = _databases[request.param]
    if database is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}")
    _empty(database)
    yield database


@pytest.fixture
def session(db: Database):  # noqa: ANN201
    with db.session() as s:
        yield s


@pytest.fixture
def settings(db: Database):  # noqa: ANN201
    """Open access (no accounts) unless a test asks for them: see tests/api/test_api_access.py."""
    return load_settings({"database_url": db.engine.url.render_as_string(hide_password=False), "auth_required": False}, environ={})


@pytest.fixture
def client(db: Database, settings):  # noqa: ANN001, ANN201
    from fastapi.testclient import TestClient

    from surgeops.web.app import create_app

    with TestClient(create_app(settings, db=db)) as test_client:
        yield test_client


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001, ARG001
    """Say how many database tests passed on each backend, so a run shows both."""
    counts: dict[str, dict[str, int]] = {"sqlite": {}, "postgresql": {}}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            for backend in counts:
                if nodeid.endswith(f"[{backend}]") or f"[{backend}-" in nodeid or f"-{backend}]" in nodeid:
                    if report.when == "call" or outcome in ("skipped", "error"):
                        counts[backend][outcome] = counts[backend].get(outcome, 0) + 1
    terminalreporter.write_sep("-", "database tests by backend")
    for backend, seen in counts.items():
        summary = ", ".join(f"{n} {k}" for k, n in sorted(seen.items())) or "none ran"
        terminalreporter.write_line(f"{backend}: {summary}")
